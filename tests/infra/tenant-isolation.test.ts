import {
  LEADING_KEYS_PATTERN,
  TENANT_DATA_ACTIONS,
  TENANT_KEY_ACTIONS,
  TENANT_OBJECT_ACTIONS,
} from '@linli/infra';
import { TENANT_KEY_ACTIONS as RUNTIME_KEY_ACTIONS } from '@linli/tenancy';
import { Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  type Cfn,
  type FoundStatement,
  identityStatements,
  reachesTables,
  statementActions,
  synthLinli,
  tenantTableIds,
} from './support.ts';

const { stacks, all, template } = synthLinli();
const tenantStacks = [stacks.pooled, ...stacks.silos];

/** Statements anywhere in `t` that allow a DynamoDB action on one of `tables` (or on `*`). */
const dynamoGrantsOn = (t: Template, tables: readonly string[]): FoundStatement[] =>
  identityStatements(t).filter(
    (f) =>
      f.statement.Effect === 'Allow' &&
      statementActions(f.statement).some(
        (a) => actionMatches(a, 'dynamodb:GetItem') || a.toLowerCase().startsWith('dynamodb:'),
      ) &&
      reachesTables(f.statement, tables),
  );

/** Statements anywhere in `t` whose actions cover `dynamodb:Scan` on a tenant table or `*`. */
const scanGrants = (t: Template, tables: readonly string[]): FoundStatement[] =>
  identityStatements(t).filter(
    (f) =>
      f.statement.Effect === 'Allow' &&
      statementActions(f.statement).some((a) => actionMatches(a, 'dynamodb:Scan')) &&
      reachesTables(f.statement, tables),
  );

const lambdaRoleId = (t: Template): string => {
  const fns = Object.entries(t.findResources('AWS::Lambda::Function')).filter(([id]) =>
    id.startsWith('TenantApiHandler'),
  );
  expect(fns).toHaveLength(1);
  return fns[0]![1].Properties.Role['Fn::GetAtt'][0];
};

const scopedRole = (t: Template) => {
  const roles = Object.entries(t.findResources('AWS::IAM::Role')).filter(([id]) =>
    id.startsWith('TenantApiTenantDataAccessRole'),
  );
  expect(roles).toHaveLength(1);
  return { id: roles[0]![0], props: roles[0]![1].Properties as Record<string, Cfn> };
};

describe.each(tenantStacks.map((s) => ({ name: s.stackName, stack: s })))(
  '$name: TenantDataAccessRole',
  ({ stack }) => {
    const t = () => template(stack);
    const tableId = () => {
      const ids = tenantTableIds(t());
      expect(ids).toHaveLength(1);
      return ids[0]!;
    };

    it('has exactly one policy: items of this table, objects of its upload bucket under the tenant prefix, the data key under the tenant context', () => {
      const { props } = scopedRole(t());
      const bucketIds = Object.keys(t().findResources('AWS::S3::Bucket')).filter((id) =>
        id.startsWith('TenantApiImportUploadsBucket'),
      );
      expect(bucketIds).toHaveLength(1);
      expect(props.ManagedPolicyArns).toBeUndefined();
      expect(props.Policies).toHaveLength(1);
      expect(props.Policies[0].PolicyDocument.Statement).toEqual([
        {
          Sid: 'TenantItemsOnly',
          Effect: 'Allow',
          Action: [...TENANT_DATA_ACTIONS],
          Resource: [
            { 'Fn::GetAtt': [tableId(), 'Arn'] },
            { 'Fn::Join': ['', [{ 'Fn::GetAtt': [tableId(), 'Arn'] }, '/index/*']] },
          ],
          Condition: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, verbatim
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['T#${aws:PrincipalTag/tenantId}#*'] },
            Null: { 'dynamodb:LeadingKeys': 'false', 'aws:PrincipalTag/tenantId': 'false' },
          },
        },
        {
          Sid: 'TenantObjectsOnly',
          Effect: 'Allow',
          Action: [...TENANT_OBJECT_ACTIONS],
          Resource: {
            'Fn::Join': [
              '',
              // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, verbatim
              [{ 'Fn::GetAtt': [bucketIds[0], 'Arn'] }, '/t/${aws:PrincipalTag/tenantId}/*'],
            ],
          },
          Condition: { Null: { 'aws:PrincipalTag/tenantId': 'false' } },
        },
        {
          Sid: 'TenantDataKeyOnly',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: { 'Fn::ImportValue': expect.stringMatching(/PopulationDataKey/) },
          Condition: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, verbatim
            StringEquals: { 'kms:EncryptionContext:tenantId': '${aws:PrincipalTag/tenantId}' },
            'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenantId'] },
            Null: { 'aws:PrincipalTag/tenantId': 'false' },
          },
        },
      ]);
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, verbatim
      expect(LEADING_KEYS_PATTERN).toBe('T#${aws:PrincipalTag/tenantId}#*');
    });

    it('grants the item actions and nothing that reads across tenants', () => {
      expect([...TENANT_DATA_ACTIONS].sort()).toEqual(
        [
          'dynamodb:BatchGetItem',
          'dynamodb:BatchWriteItem',
          'dynamodb:ConditionCheckItem',
          'dynamodb:DeleteItem',
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:Query',
          'dynamodb:UpdateItem',
        ].sort(),
      );
      for (const a of TENANT_DATA_ACTIONS) {
        for (const forbidden of [
          'dynamodb:Scan',
          'dynamodb:ExecuteStatement',
          'dynamodb:PartiQLSelect',
          'dynamodb:ExportTableToPointInTime',
        ]) {
          expect(actionMatches(a, forbidden)).toBe(false);
        }
      }
    });

    it('is assumable (with a tenantId session tag) only by the tenant API Lambda role', () => {
      const { props } = scopedRole(t());
      expect(props.AssumeRolePolicyDocument.Statement).toEqual([
        {
          Effect: 'Allow',
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Principal: { AWS: { 'Fn::GetAtt': [lambdaRoleId(t()), 'Arn'] } },
          Condition: {
            StringLike: { 'aws:RequestTag/tenantId': '?*' },
            'ForAllValues:StringEquals': { 'aws:TagKeys': ['tenantId'] },
          },
        },
      ]);
    });

    it('the Lambda role may assume it and has no DynamoDB access to the tenant table', () => {
      const roleId = lambdaRoleId(t());
      const own = identityStatements(t()).filter((f) => f.roles.includes(roleId));
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((f) => dynamoGrantsOn(t(), [tableId()]).includes(f))).toEqual([]);
      expect(own.map((f) => f.statement)).toContainEqual(
        expect.objectContaining({
          Action: ['sts:AssumeRole', 'sts:TagSession'],
          Resource: { 'Fn::GetAtt': [scopedRole(t()).id, 'Arn'] },
        }),
      );
      // Its DynamoDB grants are all on the control table (another stack's export): reads, writes
      // confined to the FLAGS partition, the import worker's idempotency records in their own
      // partition, setting the wrapped data key on a tenant record, and the indicator collector's
      // snapshots in their own partitions (aggregates only).
      const dynamo = own.filter((f) => statementActions(f.statement).some((a) => a.startsWith('dynamodb:')));
      expect(dynamo).toHaveLength(5);
      for (const d of dynamo) {
        expect(JSON.stringify(d.statement.Resource)).toMatch(/ControlTable/);
        expect(reachesTables(d.statement, [tableId()])).toBe(false);
        expect(statementActions(d.statement).some((a) => actionMatches(a, 'dynamodb:Scan'))).toBe(false);
      }
      const bySid = (sid: string | undefined) => dynamo.find((d) => d.statement.Sid === sid)?.statement;
      expect(statementActions(bySid(undefined)!).sort()).toEqual([
        'dynamodb:BatchGetItem',
        'dynamodb:GetItem',
        'dynamodb:Query',
      ]);
      expect(bySid('FlagPartitionWrites')).toEqual({
        Sid: 'FlagPartitionWrites',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:ConditionCheckItem'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/ControlTable/) },
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['FLAGS'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      });
      expect(bySid('ImportIdempotencyRecords')).toEqual({
        Sid: 'ImportIdempotencyRecords',
        Effect: 'Allow',
        Action: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/ControlTable/) },
        Condition: {
          'ForAllValues:StringEquals': { 'dynamodb:LeadingKeys': ['IDEMPOTENCY#imports'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      });
      expect(bySid('IndicatorSnapshots')).toEqual({
        Sid: 'IndicatorSnapshots',
        Effect: 'Allow',
        Action: ['dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
        Resource: { 'Fn::ImportValue': expect.stringMatching(/ControlTable/) },
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['INDSNAP#*', 'INDLATEST'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      });
      expect(bySid('WrappedDataKeyOnTenantRecord')).toEqual({
        Sid: 'WrappedDataKeyOnTenantRecord',
        Effect: 'Allow',
        Action: 'dynamodb:UpdateItem',
        Resource: { 'Fn::ImportValue': expect.stringMatching(/ControlTable/) },
        Condition: {
          'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['TENANT#*'] },
          'ForAllValues:StringEquals': { 'dynamodb:Attributes': ['pk', 'sk', 'dataKey'] },
          StringEqualsIfExists: { 'dynamodb:ReturnValues': ['NONE', 'UPDATED_NEW'] },
          Null: { 'dynamodb:LeadingKeys': 'false' },
        },
      });
    });

    it('only the scoped role may use the population data key, and only under its own tenant as context', () => {
      const kmsOf = (roleId: string) =>
        identityStatements(t())
          .filter((f) => f.roles.includes(roleId))
          .map((f) => f.statement)
          .filter((s) => statementActions(s).some((a) => a.startsWith('kms:')));
      // The Lambda role serves every tenant: it gets no KMS permission at all.
      expect(kmsOf(lambdaRoleId(t()))).toEqual([]);
      expect(kmsOf(scopedRole(t()).id)).toEqual([
        {
          Sid: 'TenantDataKeyOnly',
          Effect: 'Allow',
          Action: ['kms:GenerateDataKey', 'kms:Decrypt'],
          Resource: { 'Fn::ImportValue': expect.stringMatching(/PopulationDataKey/) },
          Condition: {
            // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, verbatim
            StringEquals: { 'kms:EncryptionContext:tenantId': '${aws:PrincipalTag/tenantId}' },
            'ForAllValues:StringEquals': { 'kms:EncryptionContextKeys': ['tenantId'] },
            Null: { 'aws:PrincipalTag/tenantId': 'false' },
          },
        },
      ]);
      // The session policy the app attaches repeats the same actions with the literal tenant id.
      expect([...TENANT_KEY_ACTIONS]).toEqual([...RUNTIME_KEY_ACTIONS]);
      const fn = Object.entries(t().findResources('AWS::Lambda::Function')).find(([id]) =>
        id.startsWith('TenantApiHandler'),
      )!;
      expect(fn[1].Properties.Environment.Variables.KMS_KEY_ID).toEqual({
        'Fn::ImportValue': expect.stringMatching(/PopulationDataKey/),
      });
    });

    it('neither the tenant API role nor the scoped role can Scan (or PartiQL) anything', () => {
      for (const roleId of [lambdaRoleId(t()), scopedRole(t()).id]) {
        const actions = identityStatements(t())
          .filter((f) => f.roles.includes(roleId) && f.statement.Effect === 'Allow')
          .flatMap((f) => statementActions(f.statement));
        for (const forbidden of ['dynamodb:Scan', 'dynamodb:PartiQLSelect', 'dynamodb:ExecuteStatement'])
          expect(
            actions.filter((a) => actionMatches(a, forbidden)),
            `${roleId} ${forbidden}`,
          ).toEqual([]);
      }
    });

    it('passes the role ARN and tables to the Lambda', () => {
      const fn = Object.entries(t().findResources('AWS::Lambda::Function')).find(([id]) =>
        id.startsWith('TenantApiHandler'),
      )!;
      const env = fn[1].Properties.Environment.Variables;
      expect(env.TENANT_DATA_ROLE_ARN).toEqual({ 'Fn::GetAtt': [scopedRole(t()).id, 'Arn'] });
      expect(env.TENANT_TABLE).toEqual({ Ref: tableId() });
      expect(env.CONTROL_TABLE).toEqual({ 'Fn::ImportValue': expect.stringMatching(/ControlTable/) });
      for (const k of [
        'STAGE',
        'STAFF_POOL_ID',
        'STAFF_CLIENT_ID',
        'RESIDENT_POOL_ID',
        'RESIDENT_CLIENT_ID',
      ]) {
        expect(env[k]).toBeDefined();
      }
    });
  },
);

describe('across every stack of the app', () => {
  const allTenantTables = () => all.flatMap((s) => tenantTableIds(template(s)));

  it('finds the tenant tables (pooled + silo) it guards', () => {
    expect(allTenantTables()).toHaveLength(tenantStacks.length);
  });

  it('no policy allows dynamodb:Scan on a tenant table, except the tenant-lifecycle function', () => {
    for (const s of all) {
      const holders = scanGrants(template(s), allTenantTables()).map((f) =>
        f.holder.replace(/[0-9A-F]{8}$/, ''),
      );
      expect(holders, s.stackName).toEqual(
        s === stacks.controlPlane ? ['TenantLifecycleRoleDefaultPolicy'] : [],
      );
    }
  });

  it('only the scoped roles, provisioning and tenant-lifecycle hold DynamoDB permissions on tenant tables', () => {
    for (const s of all) {
      const holders = dynamoGrantsOn(template(s), allTenantTables()).map((f) =>
        f.holder.replace(/[0-9A-F]{8}$/, ''),
      );
      const expected = tenantStacks.includes(s as never)
        ? [`${scopedRole(template(s)).id}/TenantData`]
        : s === stacks.controlPlane
          ? [
              // The public portal's reads, checked to the statement below.
              'ControlApiHandlerRoleDefaultPolicy',
              'PortalSsrHandlerRoleDefaultPolicy',
              'ProvisioningStepRoleDefaultPolicy',
              'TenantLifecycleRoleDefaultPolicy',
            ]
          : [];
      expect(holders.sort(), s.stackName).toEqual(expected);
    }
  });

  it('the public portal reads only the public partitions (catalogue, notices, the event calendar and events) of tenant tables, read-only', () => {
    const found = dynamoGrantsOn(template(stacks.controlPlane), allTenantTables()).filter((f) =>
      /^(ControlApiHandler|PortalSsrHandler)Role/.test(f.holder),
    );
    expect(found).toHaveLength(2);
    for (const f of found) {
      expect(statementActions(f.statement).sort(), f.holder).toEqual(['dynamodb:GetItem', 'dynamodb:Query']);
      expect(f.statement.Condition, f.holder).toEqual({
        // Never a sign-up (`EVSIGN#…`), a case or a resident: the TV reads events, not who comes.
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': ['T#*#CATALOGUE', 'T#*#NOTICES', 'T#*#EVDATE', 'T#*#EVENTS'],
        },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      });
    }
  });

  it('the checks catch a Scan or dynamodb:* grant (negative control)', () => {
    const stack = new Stack();
    const table = new dynamodb.Table(stack, 'Leaky', {
      tableName: 'linli-x-tenant-data',
      partitionKey: { name: 'pk', type: dynamodb.AttributeType.STRING },
    });
    const role = new iam.Role(stack, 'LeakyRole', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    role.addToPolicy(new iam.PolicyStatement({ actions: ['dynamodb:*'], resources: [table.tableArn] }));
    const other = new iam.Role(stack, 'Reader', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
    });
    table.grantReadData(other);
    const t = Template.fromStack(stack);
    const rolesOf = (found: FoundStatement[]) =>
      [...new Set(found.flatMap((f) => f.roles.map((r) => r.slice(0, -8))))].sort();
    expect(rolesOf(scanGrants(t, tenantTableIds(t)))).toEqual(['LeakyRole', 'Reader']);
    expect(rolesOf(dynamoGrantsOn(t, tenantTableIds(t)))).toEqual(['LeakyRole', 'Reader']);
  });
});
