import type {
  CognitoIdentityProviderClient,
  GetUserCommandOutput,
} from '@aws-sdk/client-cognito-identity-provider';
import type { CognitoUserInfo } from '@linli/api';
import { Errors } from '@linli/core';
import { type ClientSource, clientOf } from './lazy.ts';

const REJECTED = new Set(['NotAuthorizedException', 'UserNotFoundException', 'InvalidParameterException']);

/**
 * `GetUser` with the caller's own access token. It needs no AWS credentials of ours (Cognito
 * authorizes it by the token), so it works from the control Lambda and against cognito-local.
 * Callers verify the token with `TokenVerifier` first: cognito-local does not check signatures.
 *
 * `confirmationVerifiesPhone` (cognito-local only): cognito-local's ConfirmSignUp does not set
 * `phone_number_verified` (Cognito does). In the residents' pool the SMS code to the number is
 * the only way to confirm, and an unconfirmed user gets no token, so a token proves the number.
 */
export const cognitoUserReader =
  (
    client: ClientSource<CognitoIdentityProviderClient>,
    opts: { readonly confirmationVerifiesPhone?: boolean } = {},
  ) =>
  async (accessToken: string): Promise<CognitoUserInfo> => {
    const { GetUserCommand } = await import('./cognito-sdk.ts');
    let out: GetUserCommandOutput;
    try {
      out = await (await clientOf(client)).send(new GetUserCommand({ AccessToken: accessToken }));
    } catch (err) {
      // A signed-out (revoked) or deleted user: the token is no longer good for anything.
      if (REJECTED.has((err as { name?: string }).name ?? ''))
        throw Errors.tokenInvalid(undefined, { cause: err });
      throw err;
    }
    const attr = (name: string) => out.UserAttributes?.find((a) => a.Name === name)?.Value;
    const sub = attr('sub');
    const phone = attr('phone_number');
    const name = attr('name');
    return {
      username: out.Username ?? '',
      ...(sub ? { sub } : {}),
      ...(phone ? { phone } : {}),
      phoneVerified:
        attr('phone_number_verified') === 'true' ||
        (!!opts.confirmationVerifiesPhone && !!phone && attr('phone_number_verified') === undefined),
      ...(name ? { name } : {}),
    };
  };
