import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { STSClient } from '@aws-sdk/client-sts';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { RateLimiter } from '@linli/api/rate-limit';
import { ScopedCredentials, TenantStores } from '@linli/tenancy';
import type { AdapterRuntime } from '../create-deps.ts';
import { type AwsConfig, apiConfig, partitionOf } from './config.ts';

export const marshall = { marshallOptions: { removeUndefinedValues: true } };

/** What every AWS runtime starts from: its config, the tenant-scoped credentials and the base runtime. */
export interface AwsBase {
  readonly cfg: AwsConfig;
  readonly scoped: ScopedCredentials;
  readonly runtime: AdapterRuntime;
}

/**
 * The part of the runtime every function has: control-plane reads with the function's own role,
 * tenant data through one DynamoDB client per tenant with STS-scoped credentials whose
 * `dynamodb:LeadingKeys` is the tenant's prefix, token trust and flags. No notifier, no Cognito
 * client, no KMS: the sweeps and the server-rendered portal (`@linli/adapters/aws/sweep`,
 * `…/read`) start from this alone, `awsRuntime` adds them.
 */
export const awsBase = (env?: Record<string, string | undefined>): AwsBase => {
  const cfg = apiConfig(env);
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
  const pool = (id: string) => `https://cognito-idp.${region}.amazonaws.com/${id}`;
  const trust = (kind: 'staff' | 'residents', poolId: string, clientId: string) => ({
    pool: kind,
    issuer: pool(poolId),
    jwksUrl: `${pool(poolId)}/.well-known/jwks.json`,
    clientIds: [clientId],
  });
  const limitKey = cfg.ONBOARDING_CODE_PEPPER ?? cfg.CURSOR_SECRET;
  const limiter = new RateLimiter(doc, cfg.CONTROL_TABLE, limitKey ? { secret: limitKey } : {});
  const runtime: AdapterRuntime = {
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
  };
  return { cfg, scoped, runtime };
};
