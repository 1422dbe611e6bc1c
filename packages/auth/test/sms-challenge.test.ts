import { createHmac } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import {
  type ChallengeRound,
  type CreateEvent,
  createAuthChallenge,
  type DefineEvent,
  defineAuthChallenge,
  drawSmsCode,
  maskDestination,
  SMS_CODE,
  SmsCodeThrottled,
  smsCodeText,
  type VerifyEvent,
  verifyAuthChallenge,
} from '../src/sms-challenge.ts';

const KEY = 'test-pepper';
const PHONE = '+8613812345678';
const T0 = Date.UTC(2026, 11, 2, 8, 0, 0);

const defineEvent = (session: ChallengeRound[], userNotFound = false): DefineEvent => ({
  userName: PHONE,
  request: { session, userNotFound },
  response: {},
});

const createEvent = (session: ChallengeRound[], attrs: Record<string, string> = {}, userNotFound = false) =>
  ({
    userName: PHONE,
    request: {
      challengeName: 'CUSTOM_CHALLENGE',
      session,
      userNotFound,
      userAttributes: { phone_number: PHONE, phone_number_verified: 'true', ...attrs },
    },
    response: {},
  }) satisfies CreateEvent;

const verifyEvent = (priv: Record<string, string>, answer: string, userNotFound = false): VerifyEvent => ({
  userName: PHONE,
  request: { privateChallengeParameters: priv, challengeAnswer: answer, userNotFound },
  response: {},
});

/** Cognito's loop, as the service runs it: Create on each new round, Verify then Define on each answer. */
const signIn = (
  opts: { now?: () => number; limit?: (m: string) => Promise<void>; userNotFound?: boolean } = {},
) => {
  const sent: { to: string; text: string; code: string }[] = [];
  const now = opts.now ?? (() => T0);
  const deps = {
    key: KEY,
    now,
    sendSms: async (to: string, text: string, code: string) => {
      sent.push({ to, text, code });
    },
    ...(opts.limit ? { limit: opts.limit } : {}),
  };
  const session: ChallengeRound[] = [];
  let current: CreateEvent['response'];
  return {
    sent,
    session,
    get current() {
      return current;
    },
    async start() {
      const d = defineAuthChallenge(defineEvent(session, opts.userNotFound), now());
      expect(d.response.challengeName).toBe('CUSTOM_CHALLENGE');
      current = (await createAuthChallenge(createEvent(session, {}, opts.userNotFound), deps)).response;
      return current;
    },
    async answer(code: string) {
      const v = verifyAuthChallenge(
        verifyEvent(current.privateChallengeParameters!, code, opts.userNotFound),
        deps,
      );
      session.push({
        challengeName: 'CUSTOM_CHALLENGE',
        challengeResult: v.response.answerCorrect === true,
        challengeMetadata: current.challengeMetadata,
      });
      const d = defineAuthChallenge(defineEvent(session, opts.userNotFound), now()).response;
      if (!d.issueTokens && !d.failAuthentication)
        current = (await createAuthChallenge(createEvent(session, {}, opts.userNotFound), deps)).response;
      return d;
    },
  };
};

const other = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

describe('SMS sign-in challenge (Define / Create / Verify)', () => {
  it('sends one six-digit code by SMS, keeps only its HMAC, and the right code issues tokens', async () => {
    const s = signIn();
    const created = await s.start();
    expect(s.sent).toHaveLength(1);
    const { code, to, text } = s.sent[0]!;
    expect(to).toBe(PHONE);
    expect(code).toMatch(/^\d{6}$/);
    expect(text).toContain(code);
    // Neither the public parameters nor the private ones nor the metadata carry the code itself.
    const everything = JSON.stringify(created);
    expect(everything).not.toContain(code);
    expect(created.publicChallengeParameters).toMatchObject({
      destination: '+86138****5678',
      attemptsLeft: '3',
      codeLength: '6',
      expiresAt: new Date(T0 + SMS_CODE.ttlSeconds * 1000).toISOString(),
    });
    const priv = created.privateChallengeParameters!;
    expect(priv.hash).toBe(createHmac('sha256', KEY).update(`${priv.nonce}:${code}`).digest('base64url'));

    const d = await s.answer(code);
    expect(d).toMatchObject({ issueTokens: true, failAuthentication: false });
  });

  it('a wrong code asks again for the same code (no second SMS) with one try less', async () => {
    const s = signIn();
    await s.start();
    const code = s.sent[0]!.code;
    const d = await s.answer(other(code));
    expect(d).toMatchObject({
      issueTokens: false,
      failAuthentication: false,
      challengeName: 'CUSTOM_CHALLENGE',
    });
    expect(s.sent).toHaveLength(1);
    expect(s.current.publicChallengeParameters?.attemptsLeft).toBe('2');
    expect((await s.answer(code)).issueTokens).toBe(true);
  });

  it('the third wrong answer fails the sign-in; the right code cannot follow it', async () => {
    const s = signIn();
    await s.start();
    const code = s.sent[0]!.code;
    expect((await s.answer(other(code))).failAuthentication).toBe(false);
    expect((await s.answer('abcdef')).failAuthentication).toBe(false);
    expect(s.current.publicChallengeParameters?.attemptsLeft).toBe('1');
    const third = await s.answer('');
    expect(third).toMatchObject({ issueTokens: false, failAuthentication: true });
    // Define alone, with a right answer recorded after three wrong ones, still refuses.
    const late = defineAuthChallenge(
      defineEvent([
        ...s.session,
        {
          challengeName: 'CUSTOM_CHALLENGE',
          challengeResult: true,
          challengeMetadata: s.session[0]!.challengeMetadata,
        },
      ]),
      T0,
    );
    expect(late.response).toMatchObject({ issueTokens: false, failAuthentication: true });
    expect(s.sent).toHaveLength(1);
  });

  it('an expired code is refused by Verify and fails the sign-in in Define', async () => {
    let now = T0;
    const s = signIn({ now: () => now });
    await s.start();
    const code = s.sent[0]!.code;
    now = T0 + SMS_CODE.ttlSeconds * 1000; // the first instant it is no longer valid
    const d = await s.answer(code);
    expect(d).toMatchObject({ issueTokens: false, failAuthentication: true });
    expect(s.session.at(-1)?.challengeResult).toBe(false);
  });

  it('one second before expiry the code still works', async () => {
    let now = T0;
    const s = signIn({ now: () => now });
    await s.start();
    now = T0 + SMS_CODE.ttlSeconds * 1000 - 1000;
    expect((await s.answer(s.sent[0]!.code)).issueTokens).toBe(true);
  });

  it('counts each code against the per-mobile limit; over it, no code is drawn or sent', async () => {
    const counted: string[] = [];
    let allowed = 2;
    const limit = vi.fn(async (m: string) => {
      counted.push(m);
      if (allowed-- <= 0) throw new SmsCodeThrottled();
    });
    for (let i = 0; i < 2; i++) await signIn({ limit }).start();
    const third = signIn({ limit });
    await expect(third.start()).rejects.toThrow('THROTTLED');
    expect(third.sent).toHaveLength(0);
    expect(counted).toEqual([PHONE, PHONE, PHONE]);
  });

  it('wrong answers do not count against the send limit (only new codes do)', async () => {
    const limit = vi.fn(async () => {});
    const s = signIn({ limit });
    await s.start();
    await s.answer('000000' === s.sent[0]!.code ? '111111' : '000000');
    await s.answer(s.sent[0]!.code);
    expect(limit).toHaveBeenCalledTimes(1);
  });

  it('an unknown user is challenged like anyone (no SMS, limit counted by name) and never signed in', async () => {
    const limit = vi.fn(async () => {});
    const s = signIn({ limit, userNotFound: true });
    const created = await s.start();
    expect(s.sent).toHaveLength(0);
    expect(limit).toHaveBeenCalledTimes(1);
    expect(created.publicChallengeParameters?.attemptsLeft).toBe('3');
    // Rounds as for a wrong code (nothing tells the caller the account does not exist), then fails.
    expect((await s.answer('123456')).challengeName).toBe('CUSTOM_CHALLENGE');
    expect(s.current.publicChallengeParameters?.attemptsLeft).toBe('2');
    await s.answer('123456');
    expect((await s.answer('123456')).failAuthentication).toBe(true);
    const forged = defineAuthChallenge(
      defineEvent(
        [
          {
            challengeName: 'CUSTOM_CHALLENGE',
            challengeResult: true,
            challengeMetadata: s.session[0]!.challengeMetadata,
          },
        ],
        true,
      ),
      T0,
    );
    expect(forged.response).toMatchObject({ issueTokens: false, failAuthentication: true });
  });

  it('an unverified mobile gets no SMS', async () => {
    const sent: string[] = [];
    await createAuthChallenge(createEvent([], { phone_number_verified: 'false' }), {
      key: KEY,
      sendSms: async (_to, _t, code) => {
        sent.push(code);
      },
    });
    expect(sent).toEqual([]);
  });

  it('Define refuses any round that is not this challenge (no SRP or password step leads in)', () => {
    const d = defineAuthChallenge(defineEvent([{ challengeName: 'SRP_A', challengeResult: true }]), T0);
    expect(d.response).toMatchObject({ issueTokens: false, failAuthentication: true });
    const noMeta = defineAuthChallenge(
      defineEvent([{ challengeName: 'CUSTOM_CHALLENGE', challengeResult: true, challengeMetadata: 'x' }]),
      T0,
    );
    expect(noMeta.response.failAuthentication).toBe(true);
  });

  it('Verify needs the key: the same code under another key is wrong', async () => {
    const s = signIn();
    await s.start();
    const v = verifyAuthChallenge(verifyEvent(s.current.privateChallengeParameters!, s.sent[0]!.code), {
      key: 'another-key',
      now: () => T0,
    });
    expect(v.response.answerCorrect).toBe(false);
  });

  it('codes are six digits, spread over the range', () => {
    const codes = new Set(Array.from({ length: 200 }, drawSmsCode));
    for (const c of codes) expect(c).toMatch(/^\d{6}$/);
    expect(codes.size).toBeGreaterThan(190);
    expect(maskDestination('+8613812345678')).toBe('+86138****5678');
  });
});

describe('the code’s text message', () => {
  it('is Chinese, carries the code and the validity, and fits one SMS segment (70 characters)', () => {
    const text = smsCodeText('482913');
    expect(text).toContain('482913');
    expect(text).toContain('5 分钟内有效');
    expect(text.startsWith('【')).toBe(true);
    expect([...text].length).toBeLessThanOrEqual(70);
    expect(text).not.toMatch(/[A-Za-z]/);
  });
});
