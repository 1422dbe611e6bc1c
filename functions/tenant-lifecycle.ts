import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SNSClient } from '@aws-sdk/client-sns';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
// Subpaths, not the barrel: the barrel pulls in both Hono apps and their import libraries.
import { AwsNotifier } from '@linli/api/aws-notifier';
import { tierDefaultModules } from '@linli/api/modules';
import { runTenantDataJob } from '@linli/api/tenant-data-jobs';
import { loadConfig } from '@linli/core';
import { awaitSiloTable, Lifecycle } from '@linli/onboarding';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import middy from '@middy/core';
import { z } from 'zod';

const cfg = loadConfig(
  z.object({
    AWS_REGION: z.string().min(1),
    STAGE: z.string().min(1),
    CONTROL_TABLE: z.string().min(1),
    TENANT_TABLE: z.string().min(1),
    STAFF_POOL_ID: z.string().min(1),
    ONBOARDING_CODE_PEPPER: z.string().min(32),
    SES_FROM_ADDRESS: z.string().email().optional(),
  }),
);
const region = cfg.AWS_REGION;
const dynamo = new DynamoDBClient({ region });
const doc = DynamoDBDocumentClient.from(dynamo, { marshallOptions: { removeUndefinedValues: true } });

/**
 * Offboarding export, archive download and erasure, invoked synchronously by the control API. This
 * function's role is the only one allowed to Scan and BatchWriteItem tenant tables (the whole-tenant
 * read the export and erase need has no leading key); the control API's role has no tenant-table
 * permission. The `TenantStore` guard still confines its writes to the tenant's prefix.
 */
const lifecycle = new Lifecycle({
  doc,
  controlTable: cfg.CONTROL_TABLE,
  registry: new TenantRegistry(doc, cfg.CONTROL_TABLE),
  stores: new TenantStores(() => doc),
  cognito: new CognitoIdentityProviderClient({ region }),
  staffPoolId: cfg.STAFF_POOL_ID,
  ensureSiloTable: awaitSiloTable(dynamo, cfg.STAGE),
  modulesFor: tierDefaultModules,
  pepper: cfg.ONBOARDING_CODE_PEPPER,
  pooledTable: cfg.TENANT_TABLE,
  launcher: {
    start: async () => {
      throw new Error('tenant-lifecycle does not provision');
    },
  },
  notifier: new AwsNotifier({
    sns: new SNSClient({ region }),
    ses: new SESv2Client({ region }),
    ...(cfg.SES_FROM_ADDRESS ? { fromAddress: cfg.SES_FROM_ADDRESS } : {}),
  }),
});

/** `{ action: 'offboard' | 'erase' | 'archive', tenantId, … }` → `{ ok, result | error }`. */
export const handler = middy(async (event: unknown) => runTenantDataJob(lifecycle, event));
