import { ApiError } from '../../api/errors';
import type { AppConfig } from '../../api/types';
import { CognitoError, type CognitoPool, signIn } from '../../auth/cognito';
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
      case 'InvalidPasswordException':
        return 'resident.fields.passwordWeak';
      case 'InvalidParameterException':
        return 'resident.errors.invalid';
      case 'TooManyRequestsException':
      case 'LimitExceededException':
      case 'TooManyFailedAttemptsException':
        return 'resident.errors.tooMany';
    }
  }
  return 'resident.errors.failed';
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
  setResidentSession({ ...result.tokens, pool, slug });
  try {
    return await registerResident(slug, name);
  } catch (e) {
    // Registered elsewhere: the session stays (the resident may go to their own district).
    if (!(e instanceof ApiError && e.code === 'RESIDENT_OTHER_DISTRICT')) clearResidentSession();
    throw e;
  }
}
