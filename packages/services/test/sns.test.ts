/**
 * SNS message signatures, version 1 (SHA1withRSA) and 2 (SHA256withRSA), verified with an RSA key
 * pair and a self-signed certificate this test makes (openssl): a correctly signed message passes;
 * a forged signature, a changed field, a certificate from a host that is not SNS, another topic
 * and an old message are refused.
 */
import { execFileSync } from 'node:child_process';
import { createSign } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { isSnsCertUrl, type SnsMessage, snsStringToSign, verifySnsMessage } from '../src/channels/sns.ts';

let keyPem = '';
let certPem = '';
let otherKeyPem = '';
const CERT_URL = 'https://sns.cn-north-1.amazonaws.com.cn/SimpleNotificationService-test.pem';
const TOPIC = 'arn:aws-cn:sns:cn-north-1:123456789012:linli-sms-inbound';
// The certificate is made now, so the messages are dated now too.
const NOW = new Date(Date.now() + 120_000);

const make = (dir: string, name: string) => {
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-sha256',
      '-days',
      '3650',
      '-subj',
      '/CN=sns.cn-north-1.amazonaws.com.cn',
      '-keyout',
      join(dir, `${name}.key`),
      '-out',
      join(dir, `${name}.pem`),
    ],
    { stdio: 'ignore' },
  );
  return {
    key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    cert: readFileSync(join(dir, `${name}.pem`), 'utf8'),
  };
};

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'linli-sns-'));
  const a = make(dir, 'a');
  keyPem = a.key;
  certPem = a.cert;
  otherKeyPem = make(dir, 'b').key;
});

const sign = (m: Omit<SnsMessage, 'Signature'>, key = keyPem): SnsMessage => {
  const s = createSign(m.SignatureVersion === '2' ? 'RSA-SHA256' : 'RSA-SHA1');
  s.update(snsStringToSign({ ...m, Signature: 'x' }), 'utf8');
  return { ...m, Signature: s.sign(key, 'base64') };
};

const inbound = (over: Partial<SnsMessage> = {}): Omit<SnsMessage, 'Signature'> => ({
  Type: 'Notification',
  MessageId: '5f0f7c1e-0000-4000-8000-000000000001',
  TopicArn: TOPIC,
  Message: JSON.stringify({ originationNumber: '+8613800001111', messageBody: 'CX 110101-20261202-0001' }),
  Timestamp: new Date(NOW.getTime() - 30_000).toISOString(),
  SignatureVersion: '2',
  SigningCertURL: CERT_URL,
  ...over,
});

const opts = (over: Partial<Parameters<typeof verifySnsMessage>[1]> = {}) => ({
  fetchCert: async (url: string) => {
    expect(url).toBe(CERT_URL);
    return certPem;
  },
  expectedTopicArn: TOPIC,
  now: NOW,
  ...over,
});

describe('SNS signature verification', () => {
  it('accepts a version 2 (SHA256) and a version 1 (SHA1) signature made with the certificate’s key', async () => {
    await expect(verifySnsMessage(sign(inbound()), opts())).resolves.toBeUndefined();
    await expect(verifySnsMessage(sign(inbound({ SignatureVersion: '1' })), opts())).resolves.toBeUndefined();
    await expect(verifySnsMessage(sign(inbound({ Subject: '上行短信' })), opts())).resolves.toBeUndefined();
  });

  it('signs a subscription confirmation over its own fields (SubscribeURL and Token)', async () => {
    const m = sign(
      inbound({
        Type: 'SubscriptionConfirmation',
        Message: 'You have chosen to subscribe',
        SubscribeURL: 'https://sns.cn-north-1.amazonaws.com.cn/?Action=ConfirmSubscription&Token=t',
        Token: 't'.repeat(64),
      }),
    );
    expect(snsStringToSign(m)).toContain('SubscribeURL\nhttps://sns.cn-north-1');
    await expect(verifySnsMessage(m, opts())).resolves.toBeUndefined();
  });

  it('refuses a forged signature: another key, a changed body, a swapped version, garbage', async () => {
    const forged = sign(inbound(), otherKeyPem);
    await expect(verifySnsMessage(forged, opts())).rejects.toMatchObject({
      code: 'SNS_SIGNATURE_INVALID',
      status: 403,
    });
    const good = sign(inbound());
    const changed = { ...good, Message: good.Message.replace('13800001111', '13900002222') };
    await expect(verifySnsMessage(changed, opts())).rejects.toMatchObject({ code: 'SNS_SIGNATURE_INVALID' });
    await expect(verifySnsMessage({ ...good, SignatureVersion: '1' }, opts())).rejects.toMatchObject({
      code: 'SNS_SIGNATURE_INVALID',
    });
    await expect(verifySnsMessage({ ...good, Signature: 'AAAA' }, opts())).rejects.toMatchObject({
      code: 'SNS_SIGNATURE_INVALID',
    });
  });

  it('never fetches a certificate from a host that is not SNS', async () => {
    let fetched = false;
    const fetchCert = async () => {
      fetched = true;
      return certPem;
    };
    for (const url of [
      'http://sns.cn-north-1.amazonaws.com.cn/cert.pem',
      'https://sns.cn-north-1.amazonaws.com.cn.evil.example/cert.pem',
      'https://evil.example/sns.cn-north-1.amazonaws.com.cn/cert.pem',
      'https://sns.cn-north-1.amazonaws.com.cn:8443/cert.pem',
      'https://user@sns.us-east-1.amazonaws.com/cert.pem',
      'https://s3.amazonaws.com/cert.pem',
      'https://sns.us-east-1.amazonaws.com/cert.txt',
    ]) {
      expect(isSnsCertUrl(url), url).toBe(false);
      const m = sign(inbound({ SigningCertURL: url }));
      await expect(verifySnsMessage(m, opts({ fetchCert }))).rejects.toMatchObject({
        code: 'SNS_SIGNATURE_INVALID',
      });
    }
    expect(fetched).toBe(false);
    expect(isSnsCertUrl('https://sns.us-east-1.amazonaws.com/SimpleNotificationService-abc.pem')).toBe(true);
    expect(isSnsCertUrl(CERT_URL)).toBe(true);
  });

  it('refuses another topic and an old (replayed) message', async () => {
    const m = sign(inbound({ TopicArn: 'arn:aws-cn:sns:cn-north-1:123456789012:someone-else' }));
    await expect(verifySnsMessage(m, opts())).rejects.toMatchObject({ code: 'SNS_SIGNATURE_INVALID' });
    const old = sign(inbound({ Timestamp: new Date(NOW.getTime() - 86_400_000).toISOString() }));
    await expect(verifySnsMessage(old, opts())).rejects.toMatchObject({ code: 'SNS_SIGNATURE_INVALID' });
  });
});
