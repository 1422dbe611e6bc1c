import { AssumeRoleCommand, type STSClient } from '@aws-sdk/client-sts';
import type { AwsCredentialIdentity } from '@aws-sdk/types';
import { tenantPrefix } from './keys.ts';

/** Actions a tenant session may perform. Deliberately no Scan. */
export const TENANT_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/**
 * The session policy attached to every tenant session. The role's own policy already limits
 * `dynamodb:LeadingKeys` to `T#${aws:PrincipalTag/tenantId}#*`; the session policy repeats the
 * limit with the literal prefix, so the effective permission is the intersection of both.
 */
export const tenantSessionPolicy = (
  tenantId: string,
  tableArns: readonly string[],
  bucketArns: readonly string[] = [],
  keyArns: readonly string[] = [],
) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'TenantPartitionOnly',
      Effect: 'Allow',
      Action: [...TENANT_DATA_ACTIONS],
      Resource: tableArns.flatMap((arn) => [arn, `${arn}/index/*`]),
      Condition: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${tenantPrefix(tenantId)}*`] } },
    },
    // Import uploads: the tenant's own object prefix only (presigned POST, read, delete).
    ...(bucketArns.length
      ? [
          {
            Sid: 'TenantObjectsOnly',
            Effect: 'Allow',
            Action: [...TENANT_OBJECT_ACTIONS],
            Resource: bucketArns.map((arn) => `${arn}/${tenantObjectPrefix(tenantId)}*`),
          },
        ]
      : []),
    // The tenant's data key: only under its own encryption context (envelope encryption of PII).
    ...(keyArns.length
      ? [
          {
            Sid: 'TenantDataKeyOnly',
            Effect: 'Allow',
            Action: [...TENANT_KEY_ACTIONS],
            Resource: [...keyArns],
            Condition: {
              StringEquals: { 'kms:EncryptionContext:tenantId': tenantId },
              'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenantId'] },
            },
          },
        ]
      : []),
  ],
});

/** KMS actions of a tenant session on the key wrapping the tenants' data keys. */
export const TENANT_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** S3 actions a tenant session may perform on its own prefix (HeadObject needs GetObject). */
export const TENANT_OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'] as const;

/** Every object of a tenant lives under this prefix of a bucket. */
export const tenantObjectPrefix = (tenantId: string) => `t/${tenantId}/`;

interface Cached {
  creds: AwsCredentialIdentity;
  expires: number;
}

/**
 * Per-tenant scoped credentials from STS AssumeRole with a `tenantId` session tag and a session
 * policy. Cached per tenant and refreshed five minutes before expiry.
 */
export class ScopedCredentials {
  private readonly cache = new Map<string, Cached>();
  private readonly inflight = new Map<string, Promise<AwsCredentialIdentity>>();

  constructor(
    private readonly sts: STSClient,
    private readonly roleArn: string,
    private readonly tableArns: readonly string[],
    private readonly now: () => number = Date.now,
    private readonly bucketArns: readonly string[] = [],
    private readonly keyArns: readonly string[] = [],
  ) {}

  /** A credential provider for the SDK client of one tenant. */
  provider(tenantId: string): () => Promise<AwsCredentialIdentity> {
    return () => this.get(tenantId);
  }

  async get(tenantId: string): Promise<AwsCredentialIdentity> {
    const hit = this.cache.get(tenantId);
    if (hit && hit.expires - this.now() > 5 * 60_000) return hit.creds;
    const pending = this.inflight.get(tenantId);
    if (pending) return pending;
    const p = this.assume(tenantId).finally(() => this.inflight.delete(tenantId));
    this.inflight.set(tenantId, p);
    return p;
  }

  private async assume(tenantId: string): Promise<AwsCredentialIdentity> {
    const out = await this.sts.send(
      new AssumeRoleCommand({
        RoleArn: this.roleArn,
        RoleSessionName: `tenant-${tenantId}`,
        DurationSeconds: 3600,
        Tags: [{ Key: 'tenantId', Value: tenantId }],
        Policy: JSON.stringify(tenantSessionPolicy(tenantId, this.tableArns, this.bucketArns, this.keyArns)),
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.Expiration)
      throw new Error('STS returned no credentials');
    const creds: AwsCredentialIdentity = {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      ...(c.SessionToken ? { sessionToken: c.SessionToken } : {}),
      expiration: c.Expiration,
    };
    this.cache.set(tenantId, { creds, expires: c.Expiration.getTime() });
    return creds;
  }
}
