/**
 * Residents sign in with their mobile number and an SMS code, no password: the three steps of
 * Cognito's custom authentication challenge (`CUSTOM_AUTH`), as plain functions of the trigger
 * events. In AWS the residents' pool calls them through `functions/resident-auth-{define,create,
 * verify}.ts`; locally, where cognito-local has no custom challenges, `packages/local`'s stand-in
 * builds the same events and calls the same functions (docs/security.md, docs/local.md).
 *
 * - Define: a fresh sign-in gets `CUSTOM_CHALLENGE`; a right answer issues tokens; the third wrong
 *   answer or an expired code fails the sign-in. An unknown user (Cognito's user-existence
 *   protection) goes through the same rounds, never answered right, so the answers look the same.
 * - Create: the first round draws a six-digit code from a CSPRNG, counts it against the per-mobile
 *   limit, sends it by SMS and keeps only its HMAC (private challenge parameters; the metadata
 *   carries the same HMAC to later rounds, so a wrong answer never sends a second SMS). Cognito
 *   never returns private parameters or metadata to the client.
 * - Verify: the HMAC of the answer compared in constant time, refused once the code has expired.
 *
 * No AWS SDK, no tables here: sending and counting are injected, so the triggers stay small.
 */
import { createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

/** The code's shape and life. */
export const SMS_CODE = {
  digits: 6,
  /** Seconds a code is valid (the app client's auth session lasts as long). */
  ttlSeconds: 300,
  /** Wrong answers before the sign-in fails (a new code must then be asked for). */
  maxWrong: 3,
} as const;

export const CHALLENGE = 'CUSTOM_CHALLENGE';
const META = 'SMS_CODE';

/** One round of the sign-in as Cognito lists it (`request.session`). */
export interface ChallengeRound {
  readonly challengeName: string;
  readonly challengeResult: boolean;
  readonly challengeMetadata?: string | undefined;
}

/** The fields of Cognito's Define/Create/Verify events these steps read and write. */
export interface DefineEvent {
  userName?: string;
  request: { session: ChallengeRound[]; userNotFound?: boolean };
  response: { challengeName?: string; issueTokens?: boolean; failAuthentication?: boolean };
}

export interface CreateEvent {
  userName?: string;
  request: {
    challengeName?: string;
    session: ChallengeRound[];
    userNotFound?: boolean;
    userAttributes: Record<string, string>;
  };
  response: {
    publicChallengeParameters?: Record<string, string>;
    privateChallengeParameters?: Record<string, string>;
    challengeMetadata?: string;
  };
}

export interface VerifyEvent {
  userName?: string;
  request: {
    privateChallengeParameters: Record<string, string>;
    challengeAnswer: string;
    userNotFound?: boolean;
  };
  response: { answerCorrect?: boolean };
}

export interface SmsChallengeDeps {
  /** HMAC key of the code (the deployment's pepper). */
  readonly key: string | Buffer;
  /** Sends the text to an E.164 mobile number (the notifier's SMS). */
  readonly sendSms: (to: string, text: string, code: string) => Promise<void>;
  /**
   * Counts one code sent for `mobile` (or the user name asked for); throws past the limit. Its
   * error message becomes Cognito's `CreateAuthChallenge failed with error THROTTLED.`
   */
  readonly limit?: (mobile: string) => Promise<void>;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a CSPRNG (`crypto.randomInt`) */
  readonly drawCode?: () => string;
}

/** Thrown by a `limit` over its count; Cognito shows its message to the client. */
export class SmsCodeThrottled extends Error {
  constructor() {
    super('THROTTLED');
    this.name = 'SmsCodeThrottled';
  }
}

interface Issued {
  readonly issuedAt: number;
  readonly nonce: string;
  readonly hash: string;
}

const parseMeta = (meta: string | undefined): Issued | undefined => {
  const [tag, at, nonce, hash] = (meta ?? '').split(':');
  if (tag !== META || !at || !nonce || !hash || !/^\d+$/.test(at)) return undefined;
  return { issuedAt: Number(at), nonce, hash };
};

/** The code sent in the first round of this sign-in. */
const firstIssued = (session: readonly ChallengeRound[]) =>
  parseMeta(session.find((r) => r.challengeName === CHALLENGE)?.challengeMetadata);

const wrongAnswers = (session: readonly ChallengeRound[]) =>
  session.filter((r) => r.challengeName === CHALLENGE && !r.challengeResult).length;

const expired = (issuedAt: number, now: number) => now >= issuedAt + SMS_CODE.ttlSeconds * 1000;

const hmac = (key: string | Buffer, nonce: string, code: string) =>
  createHmac('sha256', key).update(`${nonce}:${code}`).digest();

/** A six-digit code, uniformly from a CSPRNG. */
export const drawSmsCode = (): string =>
  String(randomInt(0, 10 ** SMS_CODE.digits)).padStart(SMS_CODE.digits, '0');

/** `+8613812345678` → `+86138****5678` (what the sign-in page may show of where the code went). */
export const maskDestination = (phone: string): string =>
  phone.length >= 8
    ? `${phone.slice(0, -8)}${phone.slice(-8, -4).replace(/\d/g, '*')}${phone.slice(-4)}`
    : '';

/**
 * The text of the code: Chinese only, one SMS segment (≤ 70 characters with the signature; an
 * English half made it two, at twice the cost, for residents who read Chinese).
 */
export const smsCodeText = (code: string) =>
  `【邻里】您的登录验证码是 ${code}，${SMS_CODE.ttlSeconds / 60} 分钟内有效，请勿告诉他人。`;

/** Define auth challenge: what the next step of the sign-in is (sets and returns `event.response`'s owner). */
export const defineAuthChallenge = (event: DefineEvent, now = Date.now()): DefineEvent => {
  const session = event.request.session ?? [];
  const fail = () => {
    event.response.issueTokens = false;
    event.response.failAuthentication = true;
    return event;
  };
  // Only our challenge: no SRP or password round may lead into this flow.
  if (session.some((r) => r.challengeName !== CHALLENGE)) return fail();
  if (session.length === 0) {
    event.response.issueTokens = false;
    event.response.failAuthentication = false;
    event.response.challengeName = CHALLENGE;
    return event;
  }
  const last = session.at(-1)!;
  const issued = firstIssued(session);
  if (!issued) return fail();
  // Three wrong answers end the sign-in even if a right one were recorded after them.
  if (wrongAnswers(session) >= SMS_CODE.maxWrong || expired(issued.issuedAt, now)) return fail();
  if (last.challengeResult === true) {
    // Verify never accepts an answer for an unknown user; this is the belt to its braces.
    if (event.request.userNotFound) return fail();
    event.response.issueTokens = true;
    event.response.failAuthentication = false;
    return event;
  }
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  event.response.challengeName = CHALLENGE;
  return event;
};

/** Create auth challenge: the first round sends a code; later rounds ask for the same one. */
export const createAuthChallenge = async (
  event: CreateEvent,
  deps: SmsChallengeDeps,
): Promise<CreateEvent> => {
  const now = deps.now?.() ?? Date.now();
  const session = event.request.session ?? [];
  let issued = firstIssued(session);
  const phone = event.request.userAttributes.phone_number ?? '';
  if (!issued) {
    // Counted for unknown users as well, by the name asked for: the limit answers the same
    // whether or not an account exists.
    try {
      await deps.limit?.(phone || (event.userName ?? ''));
    } catch (e) {
      // The limiter's 429 (`THROTTLED`) becomes the one message the client reads.
      if ((e as { code?: string }).code === 'THROTTLED' || e instanceof SmsCodeThrottled)
        throw new SmsCodeThrottled();
      throw e;
    }
    const code = (deps.drawCode ?? drawSmsCode)();
    const nonce = randomBytes(12).toString('base64url');
    issued = { issuedAt: now, nonce, hash: hmac(deps.key, nonce, code).toString('base64url') };
    // An unknown user (Cognito's user-existence protection) or an unverified mobile gets no text.
    const deliverable =
      !event.request.userNotFound && phone && event.request.userAttributes.phone_number_verified === 'true';
    if (deliverable) await deps.sendSms(phone, smsCodeText(code), code);
  }
  const expiresAt = issued.issuedAt + SMS_CODE.ttlSeconds * 1000;
  event.response.publicChallengeParameters = {
    method: 'SMS_CODE',
    destination: phone ? maskDestination(phone) : '',
    attemptsLeft: String(Math.max(0, SMS_CODE.maxWrong - wrongAnswers(session))),
    expiresAt: new Date(expiresAt).toISOString(),
    codeLength: String(SMS_CODE.digits),
  };
  event.response.privateChallengeParameters = {
    hash: issued.hash,
    nonce: issued.nonce,
    issuedAt: String(issued.issuedAt),
  };
  event.response.challengeMetadata = `${META}:${issued.issuedAt}:${issued.nonce}:${issued.hash}`;
  return event;
};

/** Verify auth challenge response: the right code, in time, compared in constant time. */
export const verifyAuthChallenge = (
  event: VerifyEvent,
  deps: Pick<SmsChallengeDeps, 'key' | 'now'>,
): VerifyEvent => {
  const now = deps.now?.() ?? Date.now();
  const p = event.request.privateChallengeParameters ?? {};
  const answer = String(event.request.challengeAnswer ?? '').trim();
  const expected = Buffer.from(p.hash ?? '', 'base64url');
  const issuedAt = Number(p.issuedAt);
  const shaped = new RegExp(`^\\d{${SMS_CODE.digits}}$`).test(answer);
  // The HMAC is computed whatever the answer, so the time taken says nothing about it.
  const got = hmac(deps.key, p.nonce ?? '', shaped ? answer : '');
  const same = expected.length === got.length && timingSafeEqual(expected, got);
  event.response.answerCorrect =
    same && shaped && !event.request.userNotFound && Number.isFinite(issuedAt) && !expired(issuedAt, now);
  return event;
};
