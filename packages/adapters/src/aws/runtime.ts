import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RateLimiter } from '@linli/api/rate-limit';
import { KmsKeyProvider } from '@linli/population';
import { ScopedCredentials, TenantStores } from '@linli/tenancy';
import { cognitoUserReader } from '../cognito-user.ts';
import type { AdapterRuntime } from '../create-deps.ts';
import { once } from '../lazy.ts';
import { type AwsConfig, apiConfig, partitionOf } from './config.ts';
import { registryWrappedKeyStore } from './key-store.ts';
import { AwsNotifier } from './notifier.ts';

export const marshall = { marshallOptions: { removeUndefinedValues: true } };

/** Extra adapters a function adds to {@link awsRuntime} (e.g. onboarding in the control API). */
export type AwsExtension = (
  cfg: AwsConfig,
  base: AdapterRuntime,
  scoped: ScopedCredentials,
) => Partial<AdapterRuntime>;

/**
 * The API apps' runtime inside Lambda. Control-plane reads use the function's own role; tenant
 * data goes through one DynamoDB client per tenant with STS-scoped credentials whose
 * `dynamodb:LeadingKeys` is the tenant's prefix. Clients a function uses only on some requests
 * (SNS, SES, S3, Lambda, Cognito `GetUser`) load their SDK module on first use.
 */
export const awsRuntime = (
  opts: { readonly env?: Record<string, string | undefined>; readonly extend?: readonly AwsExtension[] } = {},
): AdapterRuntime => {
  const cfg = apiConfig(opts.env);
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
  const cognito = once(
    async () =>
      new (await import('../cognito-sdk.ts')).CognitoIdentityProviderClient({
        region,
      }),
  );
  const pool = (id: string) => `https://cognito-idp.${region}.amazonaws.com/${id}`;
  const trust = (kind: 'staff' | 'residents', poolId: string, clientId: string) => ({
    pool: kind,
    issuer: pool(poolId),
    jwksUrl: `${pool(poolId)}/.well-known/jwks.json`,
    clientIds: [clientId],
  });
  const limitKey = cfg.ONBOARDING_CODE_PEPPER ?? cfg.CURSOR_SECRET;
  const limiter = new RateLimiter(doc, cfg.CONTROL_TABLE, limitKey ? { secret: limitKey } : {});
  const base: AdapterRuntime = {
    mode: 'aws',
    region,
    doc,
    controlTable: cfg.CONTROL_TABLE,
    stores: new TenantStores(
      (tenantId) =>
        DynamoDBDocumentClient.from(
          new DynamoDBClient({ region, credentials: scoped.provider(tenantId) }),
          marshall,
        ),
      cfg.CURSOR_SECRET ? { cursorSecret: cfg.CURSOR_SECRET } : {},
    ),
    // Counters of the anonymous endpoints in the control table: every instance sees one count.
    limiter,
    trust: [
      trust('staff', cfg.STAFF_POOL_ID, cfg.STAFF_CLIENT_ID),
      trust('residents', cfg.RESIDENT_POOL_ID, cfg.RESIDENT_CLIENT_ID),
    ],
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
    flagOptions: { refreshMs: cfg.FLAG_REFRESH_MS, threshold: cfg.FLAG_APPROVAL_THRESHOLD },
    throttle: false,
    notifier: new AwsNotifier({
      region,
      ...(cfg.SES_FROM_ADDRESS ? { fromAddress: cfg.SES_FROM_ADDRESS } : {}),
      ...(cfg.SMS_SENDER_ID ? { smsSenderId: cfg.SMS_SENDER_ID } : {}),
    }),
    // GetUser is authorized by the resident's own access token: no IAM permission involved.
    getCognitoUser: cognitoUserReader(cognito),
    ...(cfg.KMS_KEY_ID
      ? {
          keys: new KmsKeyProvider({
            client: cfg.KMS_KEY_ID.startsWith('arn:') ? kmsFor : new KMSClient({ region }),
            keyId: cfg.KMS_KEY_ID,
            store: registryWrappedKeyStore(doc, cfg.CONTROL_TABLE),
          }),
        }
      : {}),
  };
  let runtime = base;
  for (const ext of opts.extend ?? []) runtime = { ...runtime, ...ext(cfg, runtime, scoped) };
  return runtime;
};
