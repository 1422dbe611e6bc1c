import { lambdaHandler } from '@linli/adapters/aws/lambda';
import { verifyAuthChallenge } from '@linli/auth/sms-challenge';
import { loadConfig } from '@linli/core';
import type { VerifyAuthChallengeResponseTriggerEvent } from 'aws-lambda';
import { z } from 'zod';

const cfg = loadConfig(z.object({ ONBOARDING_CODE_PEPPER: z.string().min(32) }));

/**
 * Residents' pool, Verify auth challenge response: the answer's HMAC against the code's, compared
 * in constant time, refused once the code has expired. Rules in `@linli/auth/sms-challenge`.
 */
export const handler = lambdaHandler(async (event: VerifyAuthChallengeResponseTriggerEvent) => {
  verifyAuthChallenge(event, { key: cfg.ONBOARDING_CODE_PEPPER });
  return event;
});
