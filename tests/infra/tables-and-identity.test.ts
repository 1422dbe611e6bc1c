import {
  controlTable,
  keyAttributes,
  residentPool,
  staffPool,
  type TableDef,
  tenantTable,
} from '@linli/tables';
import type { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { type Cfn, SILO_TENANT, STAGE, synthLinli } from './support.ts';

const { stacks, template } = synthLinli();

/** The table resource of `template` named `name`, failing if there is not exactly one. */
const tableNamed = (t: Template, name: string) => {
  const found = Object.values(t.findResources('AWS::DynamoDB::Table', { Properties: { TableName: name } }));
  expect(found).toHaveLength(1);
  return found[0]!.Properties as Record<string, Cfn>;
};

/** What CloudFormation must say for a `TableDef`: keys, attributes and indexes, nothing more. */
const expectMatchesDef = (props: Record<string, Cfn>, def: TableDef) => {
  expect(props.KeySchema).toEqual([
    { AttributeName: def.partitionKey.name, KeyType: 'HASH' },
    { AttributeName: def.sortKey.name, KeyType: 'RANGE' },
  ]);
  const attrs = (props.AttributeDefinitions as { AttributeName: string; AttributeType: string }[])
    .map((a) => `${a.AttributeName}:${a.AttributeType}`)
    .sort();
  const defTypes = new Map(
    [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])].map((k) => [
      k.name,
      k.type,
    ]),
  );
  expect(attrs).toEqual(
    keyAttributes(def)
      .map((n) => `${n}:${defTypes.get(n)}`)
      .sort(),
  );
  expect(props.GlobalSecondaryIndexes).toEqual(
    def.indexes.map((i) => ({
      IndexName: i.name,
      KeySchema: [
        { AttributeName: i.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: i.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: i.projection },
    })),
  );
  expect(props.BillingMode).toBe('PAY_PER_REQUEST');
  expect(props.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  expect(props.SSESpecification).toEqual({ SSEEnabled: true });
  expect(props.TimeToLiveSpecification).toEqual({ AttributeName: def.ttlAttribute, Enabled: true });
  if (def.stream) expect(props.StreamSpecification).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
  else expect(props.StreamSpecification).toBeUndefined();
  expect(props.DeletionProtectionEnabled).toBe(true);
};

describe('DynamoDB tables are built from @linli/tables', () => {
  it('control table', () => {
    expectMatchesDef(tableNamed(template(stacks.controlPlane), `linli-${STAGE}-control`), controlTable);
  });
  it('pooled tenant table', () => {
    expectMatchesDef(tableNamed(template(stacks.pooled), `linli-${STAGE}-tenant-data`), tenantTable);
  });
  it('silo tenant table, named per tenant', () => {
    const silo = stacks.silos[0]!;
    expectMatchesDef(
      tableNamed(template(silo), `linli-${STAGE}-tenant-${SILO_TENANT.toLowerCase()}`),
      tenantTable,
    );
  });
  it('each stack holds only its own tables', () => {
    template(stacks.controlPlane).resourceCountIs('AWS::DynamoDB::Table', 1);
    template(stacks.pooled).resourceCountIs('AWS::DynamoDB::Table', 1);
    template(stacks.web).resourceCountIs('AWS::DynamoDB::Table', 0);
  });
});

const pools = () => template(stacks.controlPlane).findResources('AWS::Cognito::UserPool');
const poolId = (name: string) => {
  const entry = Object.entries(pools()).find(([, p]) => p.Properties.UserPoolName === name);
  expect(entry).toBeDefined();
  return entry![0];
};

/** Cognito's attribute names for a definition's list (CFN uses the OIDC names as written). */
const sorted = (xs: readonly string[]) => [...xs].sort();

describe.each([
  { def: staffPool, name: `linli-${STAGE}-staff` },
  { def: residentPool, name: `linli-${STAGE}-residents` },
])('Cognito pool $def.id', ({ def, name }) => {
  const t = () => template(stacks.controlPlane);

  it('custom attributes are declared with their mutability (tenantId immutable)', () => {
    const schema = pools()[poolId(name)]!.Properties.Schema as { Name: string; Mutable: boolean }[];
    for (const attr of def.customAttributes) {
      expect(schema).toContainEqual(expect.objectContaining({ Name: attr.name, Mutable: attr.mutable }));
    }
    expect(schema).toContainEqual(expect.objectContaining({ Name: 'tenantId', Mutable: false }));
  });

  it('app clients write exactly the definition list, never custom:tenantId', () => {
    const clients = t().findResources('AWS::Cognito::UserPoolClient', {
      Properties: { UserPoolId: { Ref: poolId(name) } },
    });
    expect(Object.keys(clients)).toHaveLength(def.clients.length);
    for (const clientDef of def.clients) {
      const client = Object.values(clients).find((c) => c.Properties.ClientName === clientDef.id);
      expect(client).toBeDefined();
      const p = client!.Properties;
      expect(sorted(p.WriteAttributes)).toEqual(sorted(clientDef.writeAttributes));
      expect(p.WriteAttributes).not.toContain('custom:tenantId');
      expect(sorted(p.ReadAttributes)).toEqual(sorted(clientDef.readAttributes));
      expect(p.AccessTokenValidity).toBe(clientDef.accessTokenMinutes);
      expect(p.IdTokenValidity).toBe(clientDef.idTokenMinutes);
      expect(p.RefreshTokenValidity).toBe(clientDef.refreshTokenDays * 24 * 60);
      expect(p.GenerateSecret).toBe(false);
      expect(p.PreventUserExistenceErrors).toBe('ENABLED');
    }
  });

  it('one group per role of the definition', () => {
    const groups = t().findResources('AWS::Cognito::UserPoolGroup', {
      Properties: { UserPoolId: { Ref: poolId(name) } },
    });
    expect(
      Object.values(groups)
        .map((g) => g.Properties.GroupName)
        .sort(),
    ).toEqual(sorted(def.groups));
  });

  it('password policy at the definition length with all character classes', () => {
    expect(pools()[poolId(name)]!.Properties.Policies.PasswordPolicy).toMatchObject({
      MinimumLength: def.passwordPolicy.minLength,
      RequireLowercase: def.passwordPolicy.requireLowercase,
      RequireUppercase: def.passwordPolicy.requireUppercase,
      RequireNumbers: def.passwordPolicy.requireDigits,
      RequireSymbols: def.passwordPolicy.requireSymbols,
    });
  });

  it('sends SMS through the external-id-protected role', () => {
    expect(pools()[poolId(name)]!.Properties.SmsConfiguration).toMatchObject({
      ExternalId: `linli-${STAGE}-cognito-sms`,
      SnsCallerArn: { 'Fn::GetAtt': [expect.stringMatching(/^CognitoSmsRole/), 'Arn'] },
    });
  });
});

describe('staff pool hardening', () => {
  const staff = () => pools()[poolId(`linli-${STAGE}-staff`)]!.Properties;
  it('requires TOTP MFA and runs on Plus with full threat protection', () => {
    expect(staff().MfaConfiguration).toBe('ON');
    expect(staff().EnabledMfas).toEqual(['SOFTWARE_TOKEN_MFA']);
    expect(staff().UserPoolTier).toBe('PLUS');
    expect(staff().UserPoolAddOns).toEqual({ AdvancedSecurityMode: 'ENFORCED' });
  });
  it('has no self sign-up and the pre-token-generation trigger', () => {
    expect(staff().AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: true });
    expect(staff().LambdaConfig.PreTokenGeneration).toEqual({
      'Fn::GetAtt': [expect.stringMatching(/^PreTokenGenerationFn/), 'Arn'],
    });
  });
  it('residents sign up themselves with a verified phone', () => {
    const r = pools()[poolId(`linli-${STAGE}-residents`)]!.Properties;
    expect(r.AdminCreateUserConfig).toMatchObject({ AllowAdminCreateUserOnly: false });
    expect(r.AutoVerifiedAttributes).toEqual(['phone_number']);
    expect(r.UsernameAttributes).toEqual(['phone_number']);
  });
});
