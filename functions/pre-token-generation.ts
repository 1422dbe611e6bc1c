import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { lambdaHandler } from '@linli/adapters/aws/lambda';
import { readEnv } from '@linli/core/env';
import { TenantRegistry } from '@linli/tenancy';
import type { PreTokenGenerationTriggerEvent } from 'aws-lambda';
import { preTokenClaims } from './pre-token-claims.ts';

const cfg = readEnv({ CONTROL_TABLE: {}, AWS_REGION: {} });
const registry = new TenantRegistry(
  DynamoDBDocumentClient.from(new DynamoDBClient({ region: cfg.AWS_REGION })),
  cfg.CONTROL_TABLE,
);

/**
 * Cognito pre-token-generation trigger: the token's tenant and roles come from Linli's
 * membership registry, and the user-writable `custom:tenantId` attribute is suppressed.
 */
export const handler = lambdaHandler(async (event: PreTokenGenerationTriggerEvent) => {
  const sub = event.request.userAttributes.sub ?? '';
  const membership = sub ? await registry.getMembership(sub) : undefined;
  event.response.claimsOverrideDetails = preTokenClaims(membership);
  return event;
});
