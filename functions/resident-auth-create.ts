import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lambdaHandler } from '@linli/adapters/aws/lambda';
import { AwsNotifier } from '@linli/adapters/aws/notifier';
import { RATE_RULES, RateLimiter } from '@linli/api/rate-limit';
import { createAuthChallenge } from '@linli/auth/sms-challenge';
import { readEnv } from '@linli/core/env';
import type { CreateAuthChallengeTriggerEvent } from 'aws-lambda';

const cfg = readEnv({
  AWS_REGION: {},
  CONTROL_TABLE: {},
  ONBOARDING_CODE_PEPPER: { minLength: 32 },
  SMS_SENDER_ID: { maxLength: 11, optional: true },
});
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: cfg.AWS_REGION }));
// The control API's counters (same table, same key): one count per mobile across every instance.
const limiter = new RateLimiter(doc, cfg.CONTROL_TABLE, { secret: cfg.ONBOARDING_CODE_PEPPER });
const notifier = new AwsNotifier({
  region: cfg.AWS_REGION,
  ...(cfg.SMS_SENDER_ID ? { smsSenderId: cfg.SMS_SENDER_ID } : {}),
});

/**
 * Residents' pool, Create auth challenge: the first round draws a six-digit code, counts it per
 * mobile, texts it through SNS and keeps only its HMAC; later rounds ask for the same code.
 * Rules in `@linli/auth/sms-challenge`.
 */
export const handler = lambdaHandler(async (event: CreateAuthChallengeTriggerEvent) => {
  await createAuthChallenge(event, {
    key: cfg.ONBOARDING_CODE_PEPPER,
    limit: (mobile) => limiter.hit(RATE_RULES.signInCodePerMobile, mobile),
    sendSms: (to, text, code) => notifier.send({ channel: 'sms', to, text, code }),
  });
  return event;
});
