import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/**
 * Item-level actions the scoped tenant credentials may use. Every one of them carries
 * `dynamodb:LeadingKeys`, so the condition below applies to all of them. `TransactWriteItems` /
 * `TransactGetItems` need no action of their own: DynamoDB authorizes each item of a transaction
 * with the item action (PutItem, UpdateItem, DeleteItem, ConditionCheckItem, GetItem).
 * Never `Scan` (it has no leading key and would read every tenant) nor PartiQL.
 */
export const TENANT_DATA_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** The session tag carrying the tenant the credentials are pinned to. */
export const TENANT_SESSION_TAG = 'tenantId';

/**
 * Every partition key (table and GSI) starts with `T#<tenantId>#`; the tenant comes from the session
 * tag set when the tenant API assumes the role, never from the request.
 */
export const LEADING_KEYS_PATTERN = `T#\${aws:PrincipalTag/${TENANT_SESSION_TAG}}#*`;

/** The exact condition block of the scoped data policy (exported for tests and docs). */
export const leadingKeysCondition = () => ({
  'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [LEADING_KEYS_PATTERN] },
  // ForAllValues is vacuously true when the key is absent; require the key and the tag to exist.
  Null: { 'dynamodb:LeadingKeys': 'false', [`aws:PrincipalTag/${TENANT_SESSION_TAG}`]: 'false' },
});

/**
 * Object actions of the scoped credentials on the import-upload bucket: the presigned POST
 * (PutObject), HeadObject/GetObject and DeleteObject. Never `ListBucket` or anything bucket-level
 * (so S3 answers a HeadObject/GetObject of a missing key with 403 AccessDenied, not 404).
 * Same list as `TENANT_OBJECT_ACTIONS` of `@linli/tenancy` (the session policy); a test keeps them equal.
 */
export const TENANT_OBJECT_ACTIONS = ['s3:PutObject', 's3:GetObject', 's3:DeleteObject'] as const;

/**
 * Every object of a tenant lives under `t/<tenantId>/` (`tenantObjectPrefix` of `@linli/tenancy`);
 * the tenant comes from the session tag, as for the leading keys.
 */
export const TENANT_OBJECT_KEY_PATTERN = `t/\${aws:PrincipalTag/${TENANT_SESSION_TAG}}/*`;

/**
 * KMS actions of the scoped credentials on the key wrapping the tenants' data keys, only under the
 * session's own tenant as encryption context (`TENANT_KEY_ACTIONS` of `@linli/tenancy`, the
 * session policy; a test keeps them equal).
 */
export const TENANT_KEY_ACTIONS = ['kms:GenerateDataKey', 'kms:Decrypt'] as const;

/** The exact condition of the data-key statement: the context is the caller's tenant, nothing else. */
export const tenantKeyCondition = () => ({
  StringEquals: { 'kms:EncryptionContext:tenantId': `\${aws:PrincipalTag/${TENANT_SESSION_TAG}}` },
  'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenantId'] },
  Null: { [`aws:PrincipalTag/${TENANT_SESSION_TAG}`]: 'false' },
});

/** Fixed role names, so the control plane can name the pooled role without a stack reference. */
export const tenantDataRoleName = (stage: string, siloTenantId?: string): string =>
  siloTenantId ? `linli-${stage}-tenant-data-${siloTenantId.toLowerCase()}` : `linli-${stage}-tenant-data`;

export interface TenantDataAccessRoleProps {
  /** IAM role name (see {@link tenantDataRoleName}). */
  readonly roleName: string;
  /** The tenant table (pooled or silo) this role reaches. */
  readonly table: dynamodb.ITable;
  /** The import-upload bucket: objects under `t/<session tag tenantId>/` only. */
  readonly importBucket: s3.IBucket;
  /** The key wrapping the tenants' data keys (field encryption of personal data). */
  readonly dataKey: kms.IKey;
  /** The only principal allowed to assume this role: the tenant API Lambda's execution role. */
  readonly assumedBy: iam.IRole;
}

/**
 * `TenantDataAccessRole`: the only path from the tenant API to tenant data. The API assumes it per
 * request with the session tag `tenantId` (from the verified token / membership registry) and gets
 * credentials that can touch only items whose partition key starts with `T#<tenantId>#`, only
 * import-upload objects under `t/<tenantId>/`, and the population data key only with the KMS
 * encryption context `tenantId=<tenantId>` (a tenant's wrapped key cannot be unwrapped by a session
 * of another tenant — IAM pins the context, not only the app).
 */
export class TenantDataAccessRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TenantDataAccessRoleProps) {
    super(scope, id);
    const caller = props.assumedBy;

    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description:
        'Scoped tenant data credentials: items under T#<session tag tenantId>#*, import objects under t/<session tag tenantId>/ and the data key under its own tenantId context only',
      assumedBy: new iam.PrincipalWithConditions(
        new iam.SessionTagsPrincipal(new iam.ArnPrincipal(caller.roleArn)),
        {
          // AssumeRole without a tenantId tag, or with any other tag key, is refused.
          StringLike: { [`aws:RequestTag/${TENANT_SESSION_TAG}`]: '?*' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_SESSION_TAG] },
        },
      ),
      inlinePolicies: {
        TenantData: new iam.PolicyDocument({
          statements: [
            new iam.PolicyStatement({
              sid: 'TenantItemsOnly',
              actions: [...TENANT_DATA_ACTIONS],
              resources: [props.table.tableArn, `${props.table.tableArn}/index/*`],
              conditions: leadingKeysCondition(),
            }),
            new iam.PolicyStatement({
              sid: 'TenantObjectsOnly',
              actions: [...TENANT_OBJECT_ACTIONS],
              resources: [props.importBucket.arnForObjects(TENANT_OBJECT_KEY_PATTERN)],
              // The trust policy already requires the tag; without it the ARN would not resolve.
              conditions: { Null: { [`aws:PrincipalTag/${TENANT_SESSION_TAG}`]: 'false' } },
            }),
            new iam.PolicyStatement({
              sid: 'TenantDataKeyOnly',
              actions: [...TENANT_KEY_ACTIONS],
              resources: [props.dataKey.keyArn],
              conditions: tenantKeyCondition(),
            }),
          ],
        }),
      },
    });

    caller.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'AssumeTenantDataAccessRole',
        actions: ['sts:AssumeRole', 'sts:TagSession'],
        resources: [this.role.roleArn],
      }),
    );

    NagSuppressions.addResourceSuppressions(this.role, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Index ARNs of this one tenant table (table/<name>/index/*); every item is further restricted by the dynamodb:LeadingKeys condition to the caller tenant prefix.',
        appliesTo: [{ regex: '/^Resource::<.*\\.Arn>\\/index\\/\\*$/g' }],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Objects of the import-upload bucket under t/<session tag tenantId>/ only (Put/Get/DeleteObject): the wildcard is the object key below the caller tenant prefix, which IAM fills in from the session tag.',
        appliesTo: [{ regex: '/^Resource::<.*\\.Arn>\\/t\\/<aws:PrincipalTag\\/tenantId>\\/\\*$/g' }],
      },
    ]);
  }
}
