/**
 * A tiny typed client for the Cognito user-pool JSON API (the two calls the web needs),
 * so the first load does not carry Amplify. Works against AWS and against cognito-local.
 */

export interface CognitoPool {
  /** Base URL of the Cognito JSON API (`https://cognito-idp.<region>.amazonaws.com/` or `/cognito/`). */
  endpoint: string;
  clientId: string;
}

export interface Tokens {
  accessToken: string;
  idToken: string;
  refreshToken: string;
  /** Epoch milliseconds when the access token expires. */
  expiresAt: number;
}

export type SignInResult =
  | { kind: 'signedIn'; tokens: Tokens }
  | { kind: 'newPasswordRequired'; session: string; username: string };

/** A Cognito error, `name` being the exception type (e.g. `NotAuthorizedException`). */
export class CognitoError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'CognitoError';
  }
}

interface AuthenticationResult {
  AccessToken: string;
  IdToken: string;
  RefreshToken?: string;
  ExpiresIn?: number;
}

interface AuthResponse {
  AuthenticationResult?: AuthenticationResult;
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
}

async function call<T>(pool: CognitoPool, target: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(pool.endpoint, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/x-amz-json-1.1',
        'X-Amz-Target': `AWSCognitoIdentityProviderService.${target}`,
      },
      body: JSON.stringify(body),
    });
  } catch (cause) {
    throw new CognitoError('NetworkError', cause instanceof Error ? cause.message : 'network error', 0);
  }
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    json = {};
  }
  if (!res.ok) {
    // AWS sends `__type` (sometimes namespaced `...#NotAuthorizedException`); some proxies a header.
    const raw = String(json.__type ?? json.code ?? res.headers.get('x-amzn-errortype') ?? 'UnknownError');
    const type = raw.split('#').pop()!.split(':')[0]!;
    throw new CognitoError(type, String(json.message ?? json.Message ?? type), res.status);
  }
  return json as T;
}

function toTokens(r: AuthenticationResult, refreshToken?: string): Tokens {
  return {
    accessToken: r.AccessToken,
    idToken: r.IdToken,
    refreshToken: r.RefreshToken ?? refreshToken ?? '',
    expiresAt: Date.now() + lifetimeSeconds(r) * 1000,
  };
}

/**
 * How long the new access token lives: `ExpiresIn` as Cognito answers it, else the token's own
 * `exp - iat` (cognito-local leaves `ExpiresIn` out: without this every call refreshed first).
 * Relative to now, so a client clock that is off does not matter.
 */
function lifetimeSeconds(r: AuthenticationResult): number {
  if (typeof r.ExpiresIn === 'number' && r.ExpiresIn > 0) return r.ExpiresIn;
  try {
    const part = r.AccessToken.split('.')[1] ?? '';
    const claims = JSON.parse(atob(part.replace(/-/g, '+').replace(/_/g, '/'))) as {
      exp?: unknown;
      iat?: unknown;
    };
    if (typeof claims.exp === 'number' && typeof claims.iat === 'number' && claims.exp > claims.iat)
      return claims.exp - claims.iat;
  } catch {
    // Not a readable JWT: the refresh before each call stays the safe answer.
  }
  return 0;
}

function toResult(r: AuthResponse, username: string): SignInResult {
  if (r.AuthenticationResult) return { kind: 'signedIn', tokens: toTokens(r.AuthenticationResult) };
  if (r.ChallengeName === 'NEW_PASSWORD_REQUIRED' && r.Session) {
    return { kind: 'newPasswordRequired', session: r.Session, username };
  }
  throw new CognitoError('UnsupportedChallenge', `Unsupported challenge ${r.ChallengeName ?? '(none)'}`, 200);
}

/** USER_PASSWORD_AUTH sign-in. */
export async function signIn(pool: CognitoPool, username: string, password: string): Promise<SignInResult> {
  const r = await call<AuthResponse>(pool, 'InitiateAuth', {
    AuthFlow: 'USER_PASSWORD_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username, PASSWORD: password },
  });
  return toResult(r, username);
}

/** Answer NEW_PASSWORD_REQUIRED (first sign-in of an admin-created user). */
export async function completeNewPassword(
  pool: CognitoPool,
  username: string,
  session: string,
  newPassword: string,
): Promise<SignInResult> {
  const r = await call<AuthResponse>(pool, 'RespondToAuthChallenge', {
    ChallengeName: 'NEW_PASSWORD_REQUIRED',
    ClientId: pool.clientId,
    Session: session,
    ChallengeResponses: { USERNAME: username, NEW_PASSWORD: newPassword },
  });
  return toResult(r, username);
}

/** REFRESH_TOKEN_AUTH: new access and id tokens; Cognito keeps the refresh token. */
export async function refresh(pool: CognitoPool, refreshToken: string): Promise<Tokens> {
  const r = await call<AuthResponse>(pool, 'InitiateAuth', {
    AuthFlow: 'REFRESH_TOKEN_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { REFRESH_TOKEN: refreshToken },
  });
  if (!r.AuthenticationResult) throw new CognitoError('RefreshFailed', 'No tokens in refresh response', 200);
  return toTokens(r.AuthenticationResult, refreshToken);
}

/** Where Cognito sent a code (`CodeDeliveryDetails`), e.g. `+86138****5678` by SMS. */
export interface CodeDelivery {
  destination?: string;
  medium?: string;
}

interface CodeDeliveryResponse {
  CodeDeliveryDetails?: { Destination?: string; DeliveryMedium?: string };
  UserConfirmed?: boolean;
  UserSub?: string;
}

function toDelivery(r: CodeDeliveryResponse): CodeDelivery {
  const d = r.CodeDeliveryDetails;
  return {
    ...(d?.Destination ? { destination: d.Destination } : {}),
    ...(d?.DeliveryMedium ? { medium: d.DeliveryMedium } : {}),
  };
}

/** Self-service sign-up (residents' pool); Cognito sends a confirmation code. */
export async function signUp(
  pool: CognitoPool,
  username: string,
  password: string,
  attributes: Record<string, string>,
): Promise<{ confirmed: boolean; delivery: CodeDelivery }> {
  const r = await call<CodeDeliveryResponse>(pool, 'SignUp', {
    ClientId: pool.clientId,
    Username: username,
    Password: password,
    UserAttributes: Object.entries(attributes).map(([Name, Value]) => ({ Name, Value })),
  });
  return { confirmed: r.UserConfirmed === true, delivery: toDelivery(r) };
}

/** Confirm a sign-up with the code Cognito sent. */
export async function confirmSignUp(pool: CognitoPool, username: string, code: string): Promise<void> {
  await call<unknown>(pool, 'ConfirmSignUp', {
    ClientId: pool.clientId,
    Username: username,
    ConfirmationCode: code,
  });
}

/** Send the sign-up confirmation code again. */
export async function resendConfirmationCode(pool: CognitoPool, username: string): Promise<CodeDelivery> {
  return toDelivery(
    await call<CodeDeliveryResponse>(pool, 'ResendConfirmationCode', {
      ClientId: pool.clientId,
      Username: username,
    }),
  );
}

/**
 * A sign-in waiting for the SMS code: Cognito's custom challenge (`CUSTOM_AUTH`), whose
 * Define/Create/Verify triggers are `@linli/auth/sms-challenge`. Locally the gateway answers the
 * same two calls at `/cognito/` with a stand-in running the same steps (docs/local.md), so this
 * client is the one for both.
 */
export interface CodeChallenge {
  readonly session: string;
  readonly username: string;
  /** Where the code went, masked (`+86138****5678`). */
  readonly destination: string;
  /** Wrong answers still allowed before the sign-in fails. */
  readonly attemptsLeft: number;
  /** Epoch milliseconds when the code stops working. */
  readonly expiresAt: number;
}

export type CodeSignInResult =
  | { kind: 'signedIn'; tokens: Tokens }
  | { kind: 'code'; challenge: CodeChallenge };

function toCodeResult(r: AuthResponse, username: string): CodeSignInResult {
  if (r.AuthenticationResult) return { kind: 'signedIn', tokens: toTokens(r.AuthenticationResult) };
  if (r.ChallengeName === 'CUSTOM_CHALLENGE' && r.Session) {
    const p = r.ChallengeParameters ?? {};
    const expiresAt = Date.parse(p.expiresAt ?? '');
    return {
      kind: 'code',
      challenge: {
        session: r.Session,
        username: p.USERNAME ?? username,
        destination: p.destination ?? '',
        attemptsLeft: Number(p.attemptsLeft ?? 0),
        expiresAt: Number.isFinite(expiresAt) ? expiresAt : Date.now() + 3 * 60_000,
      },
    };
  }
  throw new CognitoError('UnsupportedChallenge', `Unsupported challenge ${r.ChallengeName ?? '(none)'}`, 200);
}

/** Starts a password-less sign-in: Cognito (its Create trigger) texts a code to the mobile. */
export async function startCodeSignIn(pool: CognitoPool, username: string): Promise<CodeChallenge> {
  const r = await call<AuthResponse>(pool, 'InitiateAuth', {
    AuthFlow: 'CUSTOM_AUTH',
    ClientId: pool.clientId,
    AuthParameters: { USERNAME: username },
  });
  const result = toCodeResult(r, username);
  if (result.kind !== 'code')
    throw new CognitoError('UnsupportedChallenge', 'expected a code challenge', 200);
  return result.challenge;
}

/** Answers the code: tokens, or the same challenge again (wrong code) with one try less. */
export async function answerCodeChallenge(
  pool: CognitoPool,
  challenge: CodeChallenge,
  code: string,
): Promise<CodeSignInResult> {
  const r = await call<AuthResponse>(pool, 'RespondToAuthChallenge', {
    ChallengeName: 'CUSTOM_CHALLENGE',
    ClientId: pool.clientId,
    Session: challenge.session,
    ChallengeResponses: { USERNAME: challenge.username, ANSWER: code },
  });
  return toCodeResult(r, challenge.username);
}
