/**
 * Amazon SNS message signatures (the inbound SMS of AWS End User Messaging arrive through an SNS
 * topic as HTTPS POSTs). Per the SNS developer guide ("Verifying the signatures of Amazon SNS
 * messages"): the string to sign is the message's fields, each as `Name\nvalue\n`, in this order —
 * Notification: Message, MessageId, Subject (only when present), Timestamp, TopicArn, Type;
 * SubscriptionConfirmation / UnsubscribeConfirmation: Message, MessageId, SubscribeURL, Timestamp,
 * Token, TopicArn, Type. `SignatureVersion` 1 signs it with SHA1withRSA, 2 with SHA256withRSA;
 * `Signature` is base64. The certificate is fetched from `SigningCertURL`, which must be HTTPS on
 * an SNS host (`sns.<region>.amazonaws.com`, or `.amazonaws.com.cn` in the China regions) —
 * never trusted from anywhere else — and the TopicArn must be the one expected.
 */
import { createVerify, X509Certificate } from 'node:crypto';
import { LinliError } from '@linli/core';
import { z } from 'zod';

export const snsMessageSchema = z.object({
  Type: z.enum(['Notification', 'SubscriptionConfirmation', 'UnsubscribeConfirmation']),
  MessageId: z.string().min(1).max(100),
  TopicArn: z.string().regex(/^arn:aws(-cn)?:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_.-]{1,256}$/),
  Subject: z.string().max(100).optional(),
  Message: z.string().max(262_144),
  Timestamp: z.string().max(40),
  SignatureVersion: z.enum(['1', '2']),
  Signature: z.string().min(1).max(2048),
  SigningCertURL: z.string().max(400),
  SubscribeURL: z.string().max(2000).optional(),
  Token: z.string().max(2000).optional(),
  UnsubscribeURL: z.string().max(2000).optional(),
});
export type SnsMessage = z.infer<typeof snsMessageSchema>;

export const SnsErrors = {
  /** One answer for every signature failure: a forger learns nothing about which check failed. */
  invalid: () =>
    new LinliError('SNS_SIGNATURE_INVALID', 403, {
      zh: '消息签名无效',
      en: 'The message signature is not valid',
    }),
};

/** The SNS hosts a signing certificate may come from. */
const SNS_HOST = /^sns\.[a-z]{2}(-gov)?-[a-z]+-\d\.amazonaws\.com(\.cn)?$/;

/** Whether `url` is an HTTPS URL of an SNS signing certificate (`.pem` on an SNS host, no port). */
export const isSnsCertUrl = (url: string): boolean => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  return (
    u.protocol === 'https:' &&
    u.port === '' &&
    u.username === '' &&
    u.password === '' &&
    SNS_HOST.test(u.hostname) &&
    u.pathname.endsWith('.pem')
  );
};

/** The string SNS signed for this message. */
export const snsStringToSign = (m: SnsMessage): string => {
  const fields: [string, string | undefined][] =
    m.Type === 'Notification'
      ? [
          ['Message', m.Message],
          ['MessageId', m.MessageId],
          ['Subject', m.Subject],
          ['Timestamp', m.Timestamp],
          ['TopicArn', m.TopicArn],
          ['Type', m.Type],
        ]
      : [
          ['Message', m.Message],
          ['MessageId', m.MessageId],
          ['SubscribeURL', m.SubscribeURL],
          ['Timestamp', m.Timestamp],
          ['Token', m.Token],
          ['TopicArn', m.TopicArn],
          ['Type', m.Type],
        ];
  return fields
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}\n${v}\n`)
    .join('');
};

/** Fetches a PEM certificate (HTTPS in AWS; tests give their own). */
export type CertFetcher = (url: string) => Promise<string>;

/**
 * Verify an SNS message: the certificate URL's host, the expected topic, then the RSA signature
 * over the string to sign with the certificate's public key (SHA1 for version 1, SHA256 for 2).
 * Throws `SNS_SIGNATURE_INVALID` (403) on any failure.
 */
export const verifySnsMessage = async (
  m: SnsMessage,
  opts: { fetchCert: CertFetcher; expectedTopicArn?: string; now?: Date; maxAgeMs?: number },
): Promise<void> => {
  if (!isSnsCertUrl(m.SigningCertURL)) throw SnsErrors.invalid();
  if (opts.expectedTopicArn && m.TopicArn !== opts.expectedTopicArn) throw SnsErrors.invalid();
  // A replayed old message is refused (SNS retries within an hour).
  const at = Date.parse(m.Timestamp);
  const now = (opts.now ?? new Date()).getTime();
  if (Number.isNaN(at) || Math.abs(now - at) > (opts.maxAgeMs ?? 3_600_000)) throw SnsErrors.invalid();
  let pem: string;
  try {
    pem = await opts.fetchCert(m.SigningCertURL);
  } catch {
    throw SnsErrors.invalid();
  }
  let ok = false;
  try {
    const cert = new X509Certificate(pem);
    if (Date.parse(cert.validTo) < now || Date.parse(cert.validFrom) > now) throw SnsErrors.invalid();
    const v = createVerify(m.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1');
    v.update(snsStringToSign(m), 'utf8');
    ok = v.verify(cert.publicKey, m.Signature, 'base64');
  } catch {
    ok = false;
  }
  if (!ok) throw SnsErrors.invalid();
};

/** A certificate fetcher over HTTPS with a small cache (SNS reuses its certificates). */
export const httpsCertFetcher = (): CertFetcher => {
  const cache = new Map<string, string>();
  return async (url) => {
    if (!isSnsCertUrl(url)) throw SnsErrors.invalid();
    const hit = cache.get(url);
    if (hit) return hit;
    const res = await fetch(url, { redirect: 'error', signal: AbortSignal.timeout(5000) });
    if (!res.ok) throw SnsErrors.invalid();
    const pem = await res.text();
    if (pem.length > 10_000 || !pem.includes('BEGIN CERTIFICATE')) throw SnsErrors.invalid();
    if (cache.size > 20) cache.clear();
    cache.set(url, pem);
    return pem;
  };
};
