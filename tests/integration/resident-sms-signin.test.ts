/**
 * Residents' SMS sign-in on the local platform, end to end on the real engines: an account made by
 * sign-up (cognito-local, code from the dev outbox), then `InitiateAuth(CUSTOM_AUTH)` and
 * `RespondToAuthChallenge` through the gateway's `/cognito/` exactly as the web client sends them;
 * the stand-in runs Define/Create/Verify of `@linli/auth/sms-challenge`, the code lands in the
 * outbox, and the tokens it returns are cognito-local's, accepted by the APIs.
 */
import { randomBytes } from 'node:crypto';
import { ConfirmSignUpCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { RateLimiter } from '@linli/api/rate-limit';
import { SMS_CODE } from '@linli/auth/sms-challenge';
import { createLocalApps, gatewayFetch, Outbox, residentCodeSignIn } from '@linli/local';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict } from '../support/fixtures.ts';

const env = testEnv();
const { control, tenant } = createLocalApps(env, { throttle: false });
const outbox = new Outbox(env.dataDir);
const { clientId } = env.pools.residents;

const uniqueMobile = () => `+86137${String(Date.now() + Math.floor(Math.random() * 1e4)).slice(-8)}`;

/** The gateway as `npm start` builds it, with a stand-in of its own (clock, limiter). */
const gatewayWith = (auth: ReturnType<typeof residentCodeSignIn>) =>
  gatewayFetch({
    control,
    tenant,
    cognitoEndpoint: env.pools.residents.endpoint.replace(/\/$/, ''),
    customAuth: auth,
    compress: false,
  });

// biome-ignore lint/suspicious/noExplicitAny: Cognito's JSON answers, read field by field in assertions
type Json = Record<string, any>;
const cognito = async (gw: ReturnType<typeof gatewayWith>, target: string, body: unknown) => {
  const res = await gw(
    new Request('http://local/cognito/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
    }),
  );
  return { status: res.status, body: (await res.json()) as Json };
};
const initiate = (gw: ReturnType<typeof gatewayWith>, phone: string, client = clientId) =>
  cognito(gw, 'InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH',
    ClientId: client,
    AuthParameters: { USERNAME: phone },
  });
const respond = (gw: ReturnType<typeof gatewayWith>, session: string, phone: string, answer: string) =>
  cognito(gw, 'RespondToAuthChallenge', {
    ChallengeName: 'CUSTOM_CHALLENGE',
    ClientId: clientId,
    Session: session,
    ChallengeResponses: { USERNAME: phone, ANSWER: answer },
  });

const signInCodes = (phone: string) =>
  outbox.list({ to: phone }).filter((m) => m.source === 'linli:sign-in' && m.code);

/** A confirmed resident account, made as the sign-up page makes it (a password no one keeps). */
const residentAccount = async () => {
  const phone = uniqueMobile();
  await env.cognito.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: phone,
      Password: `${randomBytes(24).toString('base64url')}aA1!`,
      UserAttributes: [
        { Name: 'phone_number', Value: phone },
        { Name: 'name', Value: '短信居民' },
      ],
    }),
  );
  let code: string | undefined;
  for (let i = 0; i < 300 && !code; i++) {
    code = outbox.latestCode(phone);
    if (!code) await new Promise((r) => setTimeout(r, 100));
  }
  await env.cognito.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: phone, ConfirmationCode: code! }),
  );
  return phone;
};

const wrong = (code: string) => String((Number(code) + 1) % 1e6).padStart(6, '0');

describe('residents sign in with mobile + SMS code (local stand-in of CUSTOM_AUTH)', () => {
  const gw = gatewayWith(residentCodeSignIn(env, outbox));
  let district: Awaited<ReturnType<typeof makeDistrict>>;
  let phone: string;

  beforeAll(async () => {
    [district, phone] = await Promise.all([makeDistrict(env), residentAccount()]);
  });

  it('sends a code to the outbox; a wrong code asks again; the right one gives working tokens', async () => {
    const first = await initiate(gw, phone);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toMatchObject({
      ChallengeName: 'CUSTOM_CHALLENGE',
      ChallengeParameters: {
        attemptsLeft: '3',
        codeLength: '6',
        destination: `${phone.slice(0, 6)}****${phone.slice(-4)}`,
      },
    });
    const sent = signInCodes(phone);
    expect(sent).toHaveLength(1);
    const code = sent[0]!.code!;
    expect(JSON.stringify(first.body)).not.toContain(code);

    const again = await respond(gw, first.body.Session, phone, wrong(code));
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({
      ChallengeName: 'CUSTOM_CHALLENGE',
      ChallengeParameters: { attemptsLeft: '2' },
    });
    expect(again.body.Session).not.toBe(first.body.Session);
    expect(signInCodes(phone)).toHaveLength(1); // no second SMS for a wrong answer

    const ok = await respond(gw, again.body.Session, phone, code);
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const token = ok.body.AuthenticationResult?.AccessToken as string;
    expect(token).toBeTruthy();

    // cognito-local's token, accepted by the APIs: register with the district, read the profile.
    const reg = await call(
      control,
      'POST',
      `/api/public/districts/${district.tenant.slug}/residents`,
      token,
      { name: '短信居民' },
    );
    expect([200, 201]).toContain(reg.status);
    const me = await call(tenant, 'GET', '/api/t/resident/profile', token);
    expect(me.status).toBe(200);

    // A session answers once.
    const replay = await respond(gw, again.body.Session, phone, code);
    expect(replay.body.__type).toBe('NotAuthorizedException');
  });

  it('three wrong codes fail the sign-in; the right code cannot follow', async () => {
    const start = await initiate(gw, phone);
    const code = signInCodes(phone).at(-1)!.code!;
    let session = start.body.Session as string;
    for (const left of ['2', '1']) {
      const r = await respond(gw, session, phone, wrong(code));
      expect(r.body.ChallengeParameters.attemptsLeft).toBe(left);
      session = r.body.Session;
    }
    const third = await respond(gw, session, phone, wrong(code));
    expect(third.status).toBe(400);
    expect(third.body.__type).toBe('NotAuthorizedException');
    const after = await respond(gw, session, phone, code);
    expect(after.body.__type).toBe('NotAuthorizedException');
  });

  it('an expired code fails, and so does its session', async () => {
    let now = Date.now();
    const gwClock = gatewayWith(residentCodeSignIn(env, outbox, undefined, { now: () => now }));
    const start = await initiate(gwClock, phone);
    const code = signInCodes(phone).at(-1)!.code!;
    now += SMS_CODE.ttlSeconds * 1000;
    const late = await respond(gwClock, start.body.Session, phone, code);
    expect(late.status).toBe(400);
    expect(late.body.__type).toBe('NotAuthorizedException');
  });

  it('an unknown number is challenged like a known one, gets no SMS and never signs in', async () => {
    const stranger = uniqueMobile();
    const start = await initiate(gw, stranger);
    expect(start.status).toBe(200);
    expect(start.body.ChallengeName).toBe('CUSTOM_CHALLENGE');
    expect(outbox.list({ to: stranger })).toHaveLength(0);
    const r = await respond(gw, start.body.Session, stranger, '123456');
    expect(r.body.ChallengeName).toBe('CUSTOM_CHALLENGE'); // same as a wrong code for a real account
  });

  it('codes are limited per mobile (THROTTLED from Create, as Cognito reports a trigger error)', async () => {
    const limiter = new RateLimiter(docOf(env), env.tables.control, {
      namespace: `RATE#sms-${randomBytes(4).toString('hex')}`,
    });
    const limited = gatewayWith(residentCodeSignIn(env, outbox, limiter));
    const before = signInCodes(phone).length;
    for (let i = 0; i < 5; i++) expect((await initiate(limited, phone)).status).toBe(200);
    const sixth = await initiate(limited, phone);
    expect(sixth.status).toBe(400);
    expect(sixth.body).toMatchObject({
      __type: 'UserLambdaValidationException',
      message: 'CreateAuthChallenge failed with error THROTTLED.',
    });
    expect(signInCodes(phone).length - before).toBe(5);
  });

  it('staff keep passwords: CUSTOM_AUTH on the staff client is not answered by the stand-in', async () => {
    const auth = residentCodeSignIn(env, outbox);
    const r = await auth.handle(
      new Request('http://local/cognito/', {
        method: 'POST',
        headers: { 'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth' },
        body: JSON.stringify({
          AuthFlow: 'CUSTOM_AUTH',
          ClientId: env.pools.staff.clientId,
          AuthParameters: { USERNAME: 'admin' },
        }),
      }),
    );
    expect(r).toBeUndefined();
  });
});
