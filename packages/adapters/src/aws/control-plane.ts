import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SFNClient } from '@aws-sdk/client-sfn';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { tierDefaultModules } from '@linli/api/modules';
import { RATE_RULES } from '@linli/api/rate-limit';
import { LinliError } from '@linli/core';
import {
  awaitSiloTable,
  type CognitoAdmin,
  Lifecycle,
  markProvisioningFailed,
  type ProvisioningDeps,
  runStep,
  STEPS,
  StepFunctionsLauncher,
} from '@linli/onboarding';
import { TenantRegistry, TenantStores, tenantIdSchema } from '@linli/tenancy';
import * as z from 'zod/mini';
import { once } from '../lazy.ts';
import { controlPlaneConfig } from './config.ts';
import { LambdaTenantDataJobs } from './lambda-runners.ts';
import { AwsNotifier } from './notifier.ts';
import { type AwsExtension, marshall } from './runtime.ts';

/**
 * The staff pool's admin client, built with the first call: in the workers only the identity step
 * and the erasure send anything, and they load their commands then (the control API's onboarding
 * routes import theirs).
 */
const lazyCognito = (region: string): CognitoAdmin => {
  const client = once(
    async () =>
      new (await import('../cognito-sdk.ts')).CognitoIdentityProviderClient({
        region,
      }),
  );
  return {
    send: (async (command: Parameters<CognitoAdmin['send']>[0]) =>
      (await client()).send(command)) as CognitoAdmin['send'],
  };
};

/**
 * Onboarding in the control API: Cognito admin access, the silo tables, the code secret and the
 * provisioning state machine. Only the control API adds it (`awsRuntime({ extend: [awsOnboarding] })`),
 * so no other bundle carries Step Functions.
 */
export const awsOnboarding: AwsExtension = (cfg, base) =>
  cfg.PROVISIONING_STATE_MACHINE_ARN && cfg.ONBOARDING_CODE_PEPPER
    ? {
        onboarding: {
          // Codes per recipient across drafts, counted with the anonymous endpoints' limiter.
          ...(base.limiter
            ? {
                beforeCodeSent: (channel: 'sms' | 'email', to: string) =>
                  base.limiter!.hit(RATE_RULES.codePerRecipient, `${channel}:${to}`),
              }
            : {}),
          cognito: lazyCognito(cfg.AWS_REGION),
          staffPoolId: cfg.STAFF_POOL_ID,
          pooledTable: cfg.TENANT_TABLE,
          ensureSiloTable: awaitSiloTable(new DynamoDBClient({ region: cfg.AWS_REGION }), cfg.STAGE),
          pepper: cfg.ONBOARDING_CODE_PEPPER,
          launcher: new StepFunctionsLauncher(
            new SFNClient({ region: cfg.AWS_REGION }),
            cfg.PROVISIONING_STATE_MACHINE_ARN,
          ),
        },
      }
    : {};

/**
 * Whole-tenant reads and deletes (control API only): they run in the tenant-lifecycle function, the
 * only role that may Scan a tenant table; the control API's role reads only the public partitions (`awsPublicTenantReads`).
 */
export const awsTenantDataJobs: AwsExtension = (cfg) =>
  cfg.TENANT_LIFECYCLE_FUNCTION
    ? {
        tenantDataJobs: new LambdaTenantDataJobs(
          once(async () => new (await import('./sdk/lambda.ts')).LambdaClient({ region: cfg.AWS_REGION })),
          cfg.TENANT_LIFECYCLE_FUNCTION,
        ),
      }
    : {};

/**
 * The control API's reads of tenant data: the public partitions only (a district's catalogue and
 * its published notices, `/api/public/districts/{slug}/*`). It never assumes the scoped tenant
 * role; its own role may `Query`/`GetItem` only keys `T#*#CATALOGUE` and `T#*#NOTICES`
 * (`PUBLIC_TENANT_PARTITIONS` in infra), so any other tenant key is refused by IAM as well as by
 * the `TenantStore` guard.
 */
export const awsPublicTenantReads: AwsExtension = (cfg, base) => ({
  stores: new TenantStores(() => base.doc, cfg.CURSOR_SECRET ? { cursorSecret: cfg.CURSOR_SECRET } : {}),
});

/**
 * The control-plane workers' deps (provisioning steps, tenant lifecycle): their own role, never a
 * tenant session; one DynamoDB client for the control table and every tenant table they reach
 * (the `TenantStore` guard still confines each write to its tenant's prefix).
 */
export const awsControlPlane = (env: Record<string, string | undefined> = process.env) => {
  const cfg = controlPlaneConfig(env);
  const region = cfg.AWS_REGION;
  const dynamo = new DynamoDBClient({ region });
  const doc = DynamoDBDocumentClient.from(dynamo, marshall);
  const deps: ProvisioningDeps = {
    doc,
    controlTable: cfg.CONTROL_TABLE,
    registry: new TenantRegistry(doc, cfg.CONTROL_TABLE),
    stores: new TenantStores(() => doc),
    cognito: lazyCognito(region),
    staffPoolId: cfg.STAFF_POOL_ID,
    ensureSiloTable: awaitSiloTable(dynamo, cfg.STAGE),
    modulesFor: tierDefaultModules,
  };
  const notifier = new AwsNotifier({
    region,
    ...(cfg.SES_FROM_ADDRESS ? { fromAddress: cfg.SES_FROM_ADDRESS } : {}),
    ...(cfg.SMS_SENDER_ID ? { smsSenderId: cfg.SMS_SENDER_ID } : {}),
  });
  return { cfg, deps, notifier };
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

export const provisioningEventSchema = z.object({
  tenantId: tenantIdSchema,
  step: z.enum([...STEPS, 'mark-failed']),
});

/**
 * One task of the provisioning state machine: `{ step, tenantId }` → runs that step's handler once
 * (the same handler the local runner calls) and records status/attempts/error in the control
 * table. Throws on failure so the state machine's Retry (exponential backoff) applies;
 * `mark-failed` is the Catch target that flags the application for an operator. The activate step
 * e-mails the district admin only where an SES sender is configured.
 */
export const provisioningStep = (env: Record<string, string | undefined> = process.env) => {
  const { cfg, deps, notifier } = awsControlPlane(env);
  const withMail: ProvisioningDeps = cfg.SES_FROM_ADDRESS ? { ...deps, notifier } : deps;
  return async (event: unknown) => {
    const { tenantId, step } = provisioningEventSchema.parse(event);
    if (step === 'mark-failed') {
      await markProvisioningFailed(withMail, tenantId);
      return { tenantId, step, status: 'failed' };
    }
    const state = await runStep(withMail, tenantId, step).catch((e: unknown) => {
      throw asStateError(e);
    });
    return { tenantId, step, status: state.steps[step].status };
  };
};

/**
 * Offboarding export, archive download and erasure (`functions/tenant-lifecycle.ts`), invoked
 * synchronously by the control API. This function's role is the only one allowed to Scan and
 * BatchWriteItem tenant tables (the whole-tenant read the export and erase need has no leading key).
 */
export const awsLifecycle = (env: Record<string, string | undefined> = process.env): Lifecycle => {
  const { cfg, deps, notifier } = awsControlPlane(env);
  if (!cfg.TENANT_TABLE || !cfg.ONBOARDING_CODE_PEPPER)
    throw new Error('tenant-lifecycle needs TENANT_TABLE and ONBOARDING_CODE_PEPPER');
  return new Lifecycle({
    ...deps,
    notifier,
    pepper: cfg.ONBOARDING_CODE_PEPPER,
    pooledTable: cfg.TENANT_TABLE,
    launcher: {
      start: async () => {
        throw new Error('tenant-lifecycle does not provision');
      },
    },
  });
};
