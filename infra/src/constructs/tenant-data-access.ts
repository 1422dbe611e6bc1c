import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
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

/** Fixed role names, so the control plane can name the pooled role without a stack reference. */
export const tenantDataRoleName = (stage: string, siloTenantId?: string): string =>
  siloTenantId ? `linli-${stage}-tenant-data-${siloTenantId.toLowerCase()}` : `linli-${stage}-tenant-data`;

export interface TenantDataAccessRoleProps {
  /** IAM role name (see {@link tenantDataRoleName}). */
  readonly roleName: string;
  /** The tenant table (pooled or silo) this role reaches. */
  readonly table: dynamodb.ITable;
  /** The only principal allowed to assume this role: the tenant API Lambda's execution role. */
  readonly assumedBy: iam.IRole;
}

/**
 * `TenantDataAccessRole`: the only path from the tenant API to tenant data. The API assumes it per
 * request with the session tag `tenantId` (from the verified token / membership registry) and gets
 * credentials that can touch only items whose partition key starts with `T#<tenantId>#`.
 */
export class TenantDataAccessRole extends Construct {
  readonly role: iam.Role;

  constructor(scope: Construct, id: string, props: TenantDataAccessRoleProps) {
    super(scope, id);
    const caller = props.assumedBy;

    this.role = new iam.Role(this, 'Role', {
      roleName: props.roleName,
      description: 'Scoped tenant data credentials: items under T#<session tag tenantId>#* only',
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
    ]);
  }
}
