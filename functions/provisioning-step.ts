import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
// Subpaths, not the barrel: the barrel pulls in both Hono apps and their import libraries.
import { AwsNotifier } from '@linli/api/aws-notifier';
import { tierDefaultModules } from '@linli/api/modules';
import { LinliError, loadConfig } from '@linli/core';
import {
  awaitSiloTable,
  markProvisioningFailed,
  type ProvisioningDeps,
  runStep,
  STEPS,
} from '@linli/onboarding';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import middy from '@middy/core';
import { z } from 'zod';

const cfg = loadConfig(
  z.object({
    AWS_REGION: z.string().min(1),
    STAGE: z.string().min(1),
    CONTROL_TABLE: z.string().min(1),
    STAFF_POOL_ID: z.string().min(1),
    /** The activate step e-mails the district admin (SES); absent → no e-mail. */
    SES_FROM_ADDRESS: z.string().email().optional(),
  }),
);
const dynamo = new DynamoDBClient({ region: cfg.AWS_REGION });
const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });
const registry = new TenantRegistry(doc, cfg.CONTROL_TABLE);

/** Provisioning writes with this function's own role (control plane), never a tenant session. */
const deps: ProvisioningDeps = {
  doc,
  controlTable: cfg.CONTROL_TABLE,
  registry,
  stores: new TenantStores(() => doc),
  cognito: new CognitoIdentityProviderClient({ region: cfg.AWS_REGION }),
  staffPoolId: cfg.STAFF_POOL_ID,
  ensureSiloTable: awaitSiloTable(dynamo, cfg.STAGE),
  modulesFor: tierDefaultModules,
  ...(cfg.SES_FROM_ADDRESS
    ? {
        notifier: new AwsNotifier({
          sns: new SNSClient({ region: cfg.AWS_REGION }),
          ses: new SESv2Client({ region: cfg.AWS_REGION }),
          fromAddress: cfg.SES_FROM_ADDRESS,
        }),
      }
    : {}),
};

/**
 * Step Functions matches `Retry`/`Catch` on the Lambda error type, which is the error's `name`.
 * A domain error is renamed to its stable code (e.g. `SILO_STACK_PENDING`) so the state machine
 * can give it its own retry policy.
 */
export const asStateError = (e: unknown): unknown => {
  if (e instanceof LinliError) e.name = e.code;
  return e;
};

export const eventSchema = z.object({
  tenantId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/),
  step: z.enum([...STEPS, 'mark-failed']),
});

/**
 * One task of the provisioning state machine: `{ step, tenantId }` → runs that step's handler once
 * (the same handler the local runner calls) and records status/attempts/error in the control
 * table. Throws on failure so the state machine's Retry (exponential backoff) applies;
 * `mark-failed` is the Catch target that flags the application for an operator.
 */
export const handler = middy(async (event: unknown) => {
  const { tenantId, step } = eventSchema.parse(event);
  if (step === 'mark-failed') {
    await markProvisioningFailed(deps, tenantId);
    return { tenantId, step, status: 'failed' };
  }
  const state = await runStep(deps, tenantId, step).catch((e: unknown) => {
    throw asStateError(e);
  });
  return { tenantId, step, status: state.steps[step].status };
});
