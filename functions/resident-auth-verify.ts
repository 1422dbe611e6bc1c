import { lambdaHandler } from '@linli/adapters/aws/lambda';
import { verifyAuthChallenge } from '@linli/auth/sms-challenge';
import { readEnv } from '@linli/core/env';
import type { VerifyAuthChallengeResponseTriggerEvent } from 'aws-lambda';

const cfg = readEnv({ ONBOARDING_CODE_PEPPER: { minLength: 32 } });

/**
 * Residents' pool, Verify auth challenge response: the answer's HMAC against the code's, compared
 * in constant time, refused once the code has expired. Rules in `@linli/auth/sms-challenge`.
 */
export const handler = lambdaHandler(async (event: VerifyAuthChallengeResponseTriggerEvent) => {
  verifyAuthChallenge(event, { key: cfg.ONBOARDING_CODE_PEPPER });
  return event;
});
