/**
 * The residents' SMS sign-in on the local platform. cognito-local supports neither `USER_AUTH` nor
 * custom challenges, so the gateway answers the two calls of the custom flow itself, in Cognito's
 * own wire format, at the same `/cognito/` the browser already uses:
 *
 *   InitiateAuth { AuthFlow: CUSTOM_AUTH, USERNAME }      → Define → Create  → CUSTOM_CHALLENGE
 *   RespondToAuthChallenge { CUSTOM_CHALLENGE, ANSWER }   → Verify → Define  → again, fail, or tokens
 *
 * Define/Create/Verify are the very functions the AWS triggers run (`@linli/auth/sms-challenge`),
 * given the events Cognito would build; the code goes to the dev outbox through the notifier. The
 * one thing that differs is how tokens are issued on success: cognito-local cannot mint tokens
 * for a custom flow, so the stand-in sets a fresh random password on the account (AdminSetUserPassword,
 * never shown, never stored) and signs in with it server-side (USER_PASSWORD_AUTH). The tokens are
 * cognito-local's own, verified by the APIs exactly as before. Staff pools are passed through
 * untouched (staff keep their passwords).
 */
import { randomBytes } from 'node:crypto';
import {
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  type CognitoIdentityProviderClient,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { type Limiter, RATE_RULES } from '@linli/api/rate-limit';
import {
  CHALLENGE,
  type ChallengeRound,
  createAuthChallenge,
  defineAuthChallenge,
  SMS_CODE,
  type SmsChallengeDeps,
  verifyAuthChallenge,
} from '@linli/auth/sms-challenge';
import type { OutboxMessage } from './outbox.ts';
import type { PlatformEnv } from './types.ts';

export interface LocalCustomAuthOptions {
  readonly cognito: CognitoIdentityProviderClient;
  /** The residents' pool: the only one whose client gets the custom flow. */
  readonly userPoolId: string;
  readonly clientId: string;
  /** Sending and counting, as the Create trigger gets them in AWS. */
  readonly sendSms: SmsChallengeDeps['sendSms'];
  readonly limit?: SmsChallengeDeps['limit'];
  /** HMAC key of the codes. @default random per process (sessions live in this process only) */
  readonly key?: string | Buffer;
  readonly now?: () => number;
}

interface Pending {
  readonly username: string;
  readonly userNotFound: boolean;
  readonly attributes: Record<string, string>;
  readonly rounds: ChallengeRound[];
  privateParameters: Record<string, string>;
  metadata: string;
  /** Cognito's auth session lasts as long as the code (the app client's `AuthSessionValidity`). */
  readonly expiresAt: number;
}

type Json = Record<string, unknown>;

const cognitoError = (type: string, message: string, status = 400) =>
  Response.json({ __type: type, message }, { status, headers: { 'x-amzn-errortype': type } });

/** A password no one knows: 32 random bytes plus one of each class the pool's policy asks for. */
const throwawayPassword = () => `${randomBytes(32).toString('base64url')}aA1!`;

export class LocalCustomAuth {
  private readonly sessions = new Map<string, Pending>();
  private readonly key: string | Buffer;
  private readonly now: () => number;

  constructor(private readonly opts: LocalCustomAuthOptions) {
    this.key = opts.key ?? randomBytes(32);
    this.now = opts.now ?? Date.now;
  }

  /**
   * Answers the custom flow's calls to the residents' client; `undefined` for anything else (the
   * gateway then forwards the call to cognito-local).
   */
  async handle(request: Request): Promise<Response | undefined> {
    if (request.method !== 'POST') return undefined;
    const op = (request.headers.get('x-amz-target') ?? '').split('.').pop() ?? '';
    if (op !== 'InitiateAuth' && op !== 'RespondToAuthChallenge') return undefined;
    const body = (await request
      .clone()
      .json()
      .catch(() => ({}))) as Json;
    if (body.ClientId !== this.opts.clientId) return undefined;
    if (op === 'InitiateAuth' && body.AuthFlow === 'CUSTOM_AUTH')
      return this.initiate(String((body.AuthParameters as Json | undefined)?.USERNAME ?? ''));
    if (op === 'RespondToAuthChallenge' && body.ChallengeName === CHALLENGE)
      return this.respond(
        String(body.Session ?? ''),
        String((body.ChallengeResponses as Json | undefined)?.ANSWER ?? ''),
      );
    return undefined;
  }

  private async initiate(username: string): Promise<Response> {
    if (!username) return cognitoError('InvalidParameterException', 'Missing required parameter USERNAME');
    let found: { username: string; attributes: Record<string, string>; status: string } | undefined;
    try {
      const u = await this.opts.cognito.send(
        new AdminGetUserCommand({ UserPoolId: this.opts.userPoolId, Username: username }),
      );
      const attributes = Object.fromEntries(
        (u.UserAttributes ?? []).map((a) => [a.Name ?? '', a.Value ?? '']),
      );
      found = { username: u.Username ?? username, attributes, status: u.UserStatus ?? '' };
    } catch (e) {
      if ((e as { name?: string }).name !== 'UserNotFoundException') throw e;
    }
    if (found && found.status === 'UNCONFIRMED')
      return cognitoError('UserNotConfirmedException', 'User is not confirmed.');
    const attributes = found
      ? {
          ...found.attributes,
          // cognito-local does not mark the phone verified on ConfirmSignUp; AWS does (autoVerify).
          ...(found.status === 'CONFIRMED' && found.attributes.phone_number
            ? { phone_number_verified: 'true' }
            : {}),
        }
      : {};
    const userNotFound = !found;
    // Define on an empty session: always the custom challenge (user-existence protection).
    const define = defineAuthChallenge(
      { userName: username, request: { session: [], userNotFound }, response: {} },
      this.now(),
    );
    if (define.response.failAuthentication)
      return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    const pending: Pending = {
      username: found?.username ?? username,
      userNotFound,
      attributes,
      rounds: [],
      privateParameters: {},
      metadata: '',
      expiresAt: this.now() + SMS_CODE.ttlSeconds * 1000,
    };
    return this.challenge(pending);
  }

  /** Create auth challenge for the next round; answers CUSTOM_CHALLENGE with a new session. */
  private async challenge(pending: Pending): Promise<Response> {
    let created: Awaited<ReturnType<typeof createAuthChallenge>>;
    try {
      created = await createAuthChallenge(
        {
          userName: pending.username,
          request: {
            challengeName: CHALLENGE,
            session: pending.rounds,
            userNotFound: pending.userNotFound,
            userAttributes: pending.attributes,
          },
          response: {},
        },
        {
          key: this.key,
          sendSms: this.opts.sendSms,
          ...(this.opts.limit ? { limit: this.opts.limit } : {}),
          now: this.now,
        },
      );
    } catch (e) {
      // What Cognito answers when a trigger throws.
      return cognitoError(
        'UserLambdaValidationException',
        `CreateAuthChallenge failed with error ${(e as Error).message}.`,
      );
    }
    pending.privateParameters = created.response.privateChallengeParameters ?? {};
    pending.metadata = created.response.challengeMetadata ?? '';
    const session = randomBytes(48).toString('base64url');
    this.prune();
    this.sessions.set(session, pending);
    return Response.json({
      ChallengeName: CHALLENGE,
      Session: session,
      ChallengeParameters: { USERNAME: pending.username, ...created.response.publicChallengeParameters },
    });
  }

  private async respond(session: string, answer: string): Promise<Response> {
    const pending = this.sessions.get(session);
    // A session answers once, as Cognito's do; the next round has a new one.
    this.sessions.delete(session);
    if (!pending || pending.expiresAt <= this.now())
      return cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.');
    const verify = verifyAuthChallenge(
      {
        userName: pending.username,
        request: {
          privateChallengeParameters: pending.privateParameters,
          challengeAnswer: answer,
          userNotFound: pending.userNotFound,
        },
        response: {},
      },
      { key: this.key, now: this.now },
    );
    pending.rounds.push({
      challengeName: CHALLENGE,
      challengeResult: verify.response.answerCorrect === true,
      challengeMetadata: pending.metadata,
    });
    const define = defineAuthChallenge(
      {
        userName: pending.username,
        request: { session: pending.rounds, userNotFound: pending.userNotFound },
        response: {},
      },
      this.now(),
    );
    if (
      define.response.failAuthentication ||
      (!define.response.issueTokens && !define.response.challengeName)
    )
      return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    if (!define.response.issueTokens) return this.challenge(pending);
    return this.issueTokens(pending.username);
  }

  /** cognito-local's tokens for the account, through a password set here and forgotten at once. */
  private async issueTokens(username: string): Promise<Response> {
    const password = throwawayPassword();
    await this.opts.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: this.opts.userPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    const auth = await this.opts.cognito.send(
      new InitiateAuthCommand({
        ClientId: this.opts.clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    if (!auth.AuthenticationResult)
      return cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    return Response.json({ AuthenticationResult: auth.AuthenticationResult, ChallengeParameters: {} });
  }

  private prune() {
    const now = this.now();
    for (const [k, v] of this.sessions) if (v.expiresAt <= now) this.sessions.delete(k);
  }
}

/**
 * The stand-in for the platform: the residents' pool of `env`, codes to the dev outbox (as the
 * notifier's SMS), counted per mobile by the local limiter when limits are on.
 */
export const residentCodeSignIn = (
  env: Pick<PlatformEnv, 'cognito' | 'pools'>,
  outbox: { append(m: OutboxMessage): unknown },
  limiter?: Limiter | undefined,
  extra: Pick<LocalCustomAuthOptions, 'now' | 'key'> = {},
): LocalCustomAuth =>
  new LocalCustomAuth({
    ...extra,
    cognito: env.cognito,
    userPoolId: env.pools.residents.userPoolId,
    clientId: env.pools.residents.clientId,
    sendSms: async (to, text, code) => {
      outbox.append({
        channel: 'sms',
        to,
        text,
        code,
        at: new Date().toISOString(),
        source: 'linli:sign-in',
      });
    },
    ...(limiter ? { limit: (mobile: string) => limiter.hit(RATE_RULES.signInCodePerMobile, mobile) } : {}),
  });
