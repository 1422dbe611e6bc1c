import { lambdaHandler } from '@linli/adapters/aws/lambda';
import { defineAuthChallenge } from '@linli/auth/sms-challenge';
import type { DefineAuthChallengeTriggerEvent } from 'aws-lambda';

/**
 * Residents' pool, Define auth challenge: the SMS-code sign-in's next step (custom challenge,
 * tokens after the right code, failure at the third wrong one or once the code has expired).
 * Rules in `@linli/auth/sms-challenge`.
 */
export const handler = lambdaHandler(async (event: DefineAuthChallengeTriggerEvent) => {
  defineAuthChallenge(event);
  return event;
});
