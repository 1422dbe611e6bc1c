import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ContextResolver, TokenVerifier } from '@linli/auth';
import { loadConfig } from '@linli/core';
import { awaitSiloTable, StepFunctionsLauncher } from '@linli/onboarding';
import { KmsKeyProvider } from '@linli/population';
import { createFlagRuntime } from '@linli/rollout';
import { ScopedCredentials, TenantRegistry, TenantStores } from '@linli/tenancy';
import { z } from 'zod';
import { S3ImportFiles } from './aws-import-files.ts';
import { AwsNotifier } from './aws-notifier.ts';
import { cognitoUserReader } from './cognito-user.ts';
import type { ApiDeps } from './deps.ts';
import { LambdaImportRunner } from './import-jobs.ts';
import { registryWrappedKeyStore } from './key-store.ts';

const configSchema = z.object({
  AWS_REGION: z.string().min(1),
  STAGE: z.string().min(1),
  CONTROL_TABLE: z.string().min(1),
  TENANT_TABLE: z.string().min(1),
  TENANT_TABLE_ARNS: z.string().min(1).describe('comma-separated ARNs of the tables this function may reach'),
  TENANT_DATA_ROLE_ARN: z.string().startsWith('arn:'),
  STAFF_POOL_ID: z.string().min(1),
  STAFF_CLIENT_ID: z.string().min(1),
  RESIDENT_POOL_ID: z.string().min(1),
  RESIDENT_CLIENT_ID: z.string().min(1),
  /** Onboarding (control API only): the provisioning state machine and the code-hash secret. */
  PROVISIONING_STATE_MACHINE_ARN: z.string().startsWith('arn:').optional(),
  ONBOARDING_CODE_PEPPER: z.string().min(32).optional(),
  /** KMS key wrapping the tenants' data keys (comprehensive database field encryption). */
  KMS_KEY_ID: z.string().min(1).optional(),
  /** Notifier: verified SES sender; without it e-mail is refused (SMS needs no setting). */
  SES_FROM_ADDRESS: z.string().email().optional(),
  /** SNS SMS sender id, where the destination country supports one. */
  SMS_SENDER_ID: z.string().min(1).max(11).optional(),
  /** Background imports: the upload bucket and the worker function (both or neither). */
  IMPORT_BUCKET: z.string().min(3).optional(),
  IMPORT_WORKER_FUNCTION: z.string().min(1).optional(),
  FLAG_REFRESH_MS: z.coerce.number().int().min(1_000).default(30_000),
  FLAG_APPROVAL_THRESHOLD: z.coerce.number().int().min(0).default(2),
});

/** `aws-cn` in the China regions, `aws` elsewhere. */
const partitionOf = (region: string) => (region.startsWith('cn-') ? 'aws-cn' : 'aws');

const marshall = { marshallOptions: { removeUndefinedValues: true } };

/**
 * Dependencies of the API apps inside Lambda. Control-plane reads use the function's own role;
 * tenant data goes through one DynamoDB client per tenant with STS-scoped credentials whose
 * `dynamodb:LeadingKeys` is the tenant's prefix.
 */
export const createAwsDeps = (env: Record<string, string | undefined> = process.env): ApiDeps => {
  const cfg = loadConfig(configSchema, env);
  const region = cfg.AWS_REGION;
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region }), marshall);
  const scoped = new ScopedCredentials(
    new STSClient({ region }),
    cfg.TENANT_DATA_ROLE_ARN,
    cfg.TENANT_TABLE_ARNS.split(','),
    Date.now,
    cfg.IMPORT_BUCKET ? [`arn:${partitionOf(region)}:s3:::${cfg.IMPORT_BUCKET}`] : [],
    cfg.KMS_KEY_ID?.startsWith('arn:') ? [cfg.KMS_KEY_ID] : [],
  );
  // The data keys are unwrapped with the tenant's scoped session too (its policy pins the KMS
  // encryption context to the tenant), when the key is named by ARN as the CDK app names it.
  const kmsClients = new Map<string, KMSClient>();
  const kmsFor = (tenantId: string) => {
    let c = kmsClients.get(tenantId);
    if (!c) {
      c = new KMSClient({ region, credentials: scoped.provider(tenantId) });
      kmsClients.set(tenantId, c);
    }
    return c;
  };
  const s3Clients = new Map<string, S3Client>();
  const s3For = (tenantId: string) => {
    let c = s3Clients.get(tenantId);
    if (!c) {
      c = new S3Client({ region, credentials: scoped.provider(tenantId) });
      s3Clients.set(tenantId, c);
    }
    return c;
  };
  const registry = new TenantRegistry(doc, cfg.CONTROL_TABLE);
  // Flags live in this function's memory; the pointer is checked at most every FLAG_REFRESH_MS.
  const flags = createFlagRuntime(doc, cfg.CONTROL_TABLE, registry, {
    refreshMs: cfg.FLAG_REFRESH_MS,
    threshold: cfg.FLAG_APPROVAL_THRESHOLD,
  });
  const pool = (id: string) => `https://cognito-idp.${region}.amazonaws.com/${id}`;
  return {
    mode: 'aws',
    ...(cfg.KMS_KEY_ID
      ? {
          keys: new KmsKeyProvider({
            client: cfg.KMS_KEY_ID.startsWith('arn:') ? kmsFor : new KMSClient({ region }),
            keyId: cfg.KMS_KEY_ID,
            store: registryWrappedKeyStore(doc, cfg.CONTROL_TABLE),
          }),
        }
      : {}),
    region,
    doc,
    notifier: new AwsNotifier({
      sns: new SNSClient({ region }),
      ses: new SESv2Client({ region }),
      ...(cfg.SES_FROM_ADDRESS ? { fromAddress: cfg.SES_FROM_ADDRESS } : {}),
      ...(cfg.SMS_SENDER_ID ? { smsSenderId: cfg.SMS_SENDER_ID } : {}),
    }),
    controlTable: cfg.CONTROL_TABLE,
    registry,
    ...(cfg.IMPORT_BUCKET && cfg.IMPORT_WORKER_FUNCTION
      ? {
          importFiles: new S3ImportFiles(cfg.IMPORT_BUCKET, s3For),
          importRunner: new LambdaImportRunner(new LambdaClient({ region }), cfg.IMPORT_WORKER_FUNCTION),
        }
      : {}),
    stores: new TenantStores((tenantId) =>
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ region, credentials: scoped.provider(tenantId) }),
        marshall,
      ),
    ),
    verifier: new TokenVerifier([
      {
        pool: 'staff',
        issuer: pool(cfg.STAFF_POOL_ID),
        jwksUrl: `${pool(cfg.STAFF_POOL_ID)}/.well-known/jwks.json`,
        clientIds: [cfg.STAFF_CLIENT_ID],
      },
      {
        pool: 'residents',
        issuer: pool(cfg.RESIDENT_POOL_ID),
        jwksUrl: `${pool(cfg.RESIDENT_POOL_ID)}/.well-known/jwks.json`,
        clientIds: [cfg.RESIDENT_CLIENT_ID],
      },
    ]),
    resolver: new ContextResolver(registry),
    pools: {
      staff: {
        userPoolId: cfg.STAFF_POOL_ID,
        clientId: cfg.STAFF_CLIENT_ID,
        endpoint: `https://cognito-idp.${region}.amazonaws.com/`,
      },
      residents: {
        userPoolId: cfg.RESIDENT_POOL_ID,
        clientId: cfg.RESIDENT_CLIENT_ID,
        endpoint: `https://cognito-idp.${region}.amazonaws.com/`,
      },
    },
    modulesFor: (tenant) => flags.service.modulesFor(tenant),
    flags,
    throttle: false,
    // GetUser is authorized by the resident's own access token: no IAM permission involved.
    getCognitoUser: cognitoUserReader(new CognitoIdentityProviderClient({ region })),
    ...(cfg.PROVISIONING_STATE_MACHINE_ARN && cfg.ONBOARDING_CODE_PEPPER
      ? {
          onboarding: {
            cognito: new CognitoIdentityProviderClient({ region }),
            staffPoolId: cfg.STAFF_POOL_ID,
            pooledTable: cfg.TENANT_TABLE,
            ensureSiloTable: awaitSiloTable(new DynamoDBClient({ region }), cfg.STAGE),
            pepper: cfg.ONBOARDING_CODE_PEPPER,
            launcher: new StepFunctionsLauncher(
              new SFNClient({ region }),
              cfg.PROVISIONING_STATE_MACHINE_ARN,
            ),
          },
        }
      : {}),
  };
};
