import { ApiError } from '../../api/errors';
import type { AppConfig } from '../../api/types';
import { type CodeChallenge, CognitoError, type CognitoPool, signIn, type Tokens } from '../../auth/cognito';
import { type ResidentRegistration, registerResident } from './residentApi';
import { clearResidentSession, setResidentSession } from './residentSession';

/** The residents' pool as the browser reaches it (`config.residents`). */
export function residentPool(config: AppConfig): CognitoPool {
  return { endpoint: config.residents.endpoint, clientId: config.residents.clientId };
}

/** Map a Cognito exception to a `resident.errors.*` key. */
export function residentErrorKey(error: unknown): string {
  if (error instanceof CognitoError) {
    switch (error.type) {
      case 'UsernameExistsException':
        return 'resident.errors.exists';
      case 'CodeMismatchException':
        return 'resident.errors.codeMismatch';
      case 'ExpiredCodeException':
        return 'resident.errors.codeExpired';
      case 'NotAuthorizedException':
      case 'UserNotFoundException':
        return 'resident.errors.badCredentials';
      case 'UserNotConfirmedException':
        return 'resident.errors.notConfirmed';
      case 'InvalidParameterException':
        return 'resident.errors.invalid';
      case 'UserLambdaValidationException':
        // A trigger's error: the Create step's per-mobile limit says THROTTLED.
        return /THROTTLED/.test(error.message) ? 'resident.errors.tooMany' : 'resident.errors.failed';
      case 'TooManyRequestsException':
      case 'LimitExceededException':
      case 'TooManyFailedAttemptsException':
        return 'resident.errors.tooMany';
    }
  }
  return 'resident.errors.failed';
}

/**
 * Why a code sign-in ended (Cognito answers `NotAuthorizedException` for all of these): the code
 * had expired, or the last allowed try was wrong; other errors as {@link residentErrorKey}.
 */
export function codeFailureKey(error: unknown, challenge: CodeChallenge | null, now = Date.now()): string {
  if (error instanceof CognitoError && error.type === 'NotAuthorizedException') {
    if (/expired/i.test(error.message) || (challenge && now >= challenge.expiresAt))
      return 'resident.errors.codeExpired';
    if (challenge && challenge.attemptsLeft <= 1) return 'resident.errors.codeTooManyTries';
    return 'resident.errors.codeFailed';
  }
  return residentErrorKey(error);
}

/**
 * A password for the residents' pool that no one knows or types (Cognito's SignUp requires one):
 * residents sign in by SMS code. 24 random bytes and one character of each class the policy needs.
 */
export function throwawayPassword(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  const b64 = btoa(String.fromCharCode(...bytes)).replace(/[+/=]/g, '');
  return `${b64}aA1!`;
}

/**
 * Sign in to the residents' pool and register with the district (idempotent on the server), so
 * a sign-up whose registration was interrupted completes at the next sign-in.
 */
export async function signInAndRegister(
  pool: CognitoPool,
  slug: string,
  mobile: string,
  password: string,
  name?: string,
): Promise<ResidentRegistration> {
  const result = await signIn(pool, mobile, password);
  if (result.kind !== 'signedIn') throw new CognitoError('UnsupportedChallenge', 'unexpected challenge', 200);
  return registerWithTokens(pool, slug, result.tokens, name);
}

/** Keep the resident's session and register with the district (idempotent on the server). */
export async function registerWithTokens(
  pool: CognitoPool,
  slug: string,
  tokens: Tokens,
  name?: string,
): Promise<ResidentRegistration> {
  setResidentSession({ ...tokens, pool, slug });
  try {
    return await registerResident(slug, name);
  } catch (e) {
    // Registered elsewhere: the session stays (the resident may go to their own district).
    if (!(e instanceof ApiError && e.code === 'RESIDENT_OTHER_DISTRICT')) clearResidentSession();
    throw e;
  }
}
