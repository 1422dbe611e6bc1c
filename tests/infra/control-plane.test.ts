import {
  CONTROL_API_COGNITO_ACTIONS,
  LIFECYCLE_TENANT_ACTIONS,
  PROVISIONING_COGNITO_ACTIONS,
  PROVISIONING_STEPS,
  PROVISIONING_TENANT_ACTIONS,
  PUBLIC_TENANT_PARTITIONS,
} from '@linli/infra';
import { describe, expect, it } from 'vitest';
import {
  actionMatches,
  type Cfn,
  identityStatements,
  type Statement,
  statementActions,
  synthLinli,
} from './support.ts';

const { stacks, template } = synthLinli({ nag: true });
const t = () => template(stacks.controlPlane);
const resources = () =>
  t().toJSON().Resources as Record<string, { Type: string; Properties: Cfn; Metadata?: Cfn }>;

/** The one resource of `type` whose logical id starts with `prefix`. */
const one = (type: string, prefix: string) => {
  const found = Object.entries(resources()).filter(([id, r]) => r.Type === type && id.startsWith(prefix));
  expect(found, `${type} ${prefix}`).toHaveLength(1);
  return { id: found[0]![0], ...found[0]![1] };
};

const roleOf = (fnPrefix: string): string =>
  one('AWS::Lambda::Function', fnPrefix).Properties.Role['Fn::GetAtt'][0];
const statementsOf = (roleId: string): Statement[] =>
  identityStatements(t())
    .filter((f) => f.roles.includes(roleId))
    .map((f) => f.statement);
const bySid = (roleId: string, sid: string) => {
  const s = statementsOf(roleId).filter((x) => x.Sid === sid);
  expect(s, sid).toHaveLength(1);
  return s[0]!;
};
/** Every action a role holds, except the log/trace writes every LinliFunction has. */
const actionsOf = (roleId: string) =>
  statementsOf(roleId)
    .flatMap(statementActions)
    .filter((a) => !/^(logs|xray):/.test(a))
    .sort();
const envOf = (fnPrefix: string) => one('AWS::Lambda::Function', fnPrefix).Properties.Environment.Variables;

const tenantTablesPattern = {
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':dynamodb:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      ':table/linli-test-tenant-*',
    ],
  ],
};
const sesIdentity = (name: string) => ({
  'Fn::Join': [
    '',
    [
      'arn:',
      { Ref: 'AWS::Partition' },
      ':ses:',
      { Ref: 'AWS::Region' },
      ':',
      { Ref: 'AWS::AccountId' },
      `:identity/${name}`,
    ],
  ],
});
const controlTableRw = [
  'dynamodb:BatchGetItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
  'dynamodb:DeleteItem',
  'dynamodb:DescribeTable',
  'dynamodb:GetItem',
  'dynamodb:GetRecords',
  'dynamodb:GetShardIterator',
  'dynamodb:PutItem',
  'dynamodb:Query',
  'dynamodb:Scan',
  'dynamodb:UpdateItem',
];

/** The state machine definition with CloudFormation tokens replaced by readable placeholders. */
const definition = () => {
  const sm = one('AWS::StepFunctions::StateMachine', 'ProvisioningStateMachine');
  const parts = sm.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  const text = parts
    .map((p) =>
      typeof p === 'string'
        ? p
        : (p as Cfn)['Fn::GetAtt']
          ? `<${(p as Cfn)['Fn::GetAtt'][0]}>`
          : `<${(p as Cfn).Ref}>`,
    )
    .join('');
  return { sm, def: JSON.parse(text) as Cfn };
};

describe('provisioning state machine', () => {
  it('runs the six steps in order, then succeeds', () => {
    const { def } = definition();
    expect(def.StartAt).toBe('identity');
    const order: string[] = [];
    for (let s: string | undefined = def.StartAt; s; s = def.States[s].Next) order.push(s);
    expect(order).toEqual([...PROVISIONING_STEPS, 'provisioned']);
    expect(PROVISIONING_STEPS).toEqual([
      'identity',
      'data-store',
      'org-structure',
      'default-config',
      'flags',
      'activate',
    ]);
    expect(def.States.provisioned.Type).toBe('Succeed');
  });

  it('each task invokes provisioning-step with { step, tenantId } and keeps the input', () => {
    const { def } = definition();
    const fn = one('AWS::Lambda::Function', 'ProvisioningStepFn');
    for (const step of [...PROVISIONING_STEPS, 'mark-failed']) {
      const s = def.States[step];
      expect(s.Type, step).toBe('Task');
      expect(s.Resource).toBe('arn:<AWS::Partition>:states:::lambda:invoke');
      expect(s.Parameters).toEqual({
        FunctionName: `<${fn.id}>`,
        Payload: { step, 'tenantId.$': '$.tenantId' },
      });
      expect(s.ResultPath).toBeNull();
    }
  });

  it('retries every step with exponential backoff (2 s, ×2, 4 attempts); data-store waits longer for a silo stack', () => {
    const { def } = definition();
    const standard = { ErrorEquals: ['States.ALL'], IntervalSeconds: 2, BackoffRate: 2, MaxAttempts: 4 };
    for (const step of PROVISIONING_STEPS) {
      const expected =
        step === 'data-store'
          ? [
              {
                ErrorEquals: ['SILO_STACK_PENDING'],
                IntervalSeconds: 60,
                BackoffRate: 2,
                MaxDelaySeconds: 900,
                MaxAttempts: 16,
              },
              standard,
            ]
          : [standard];
      expect(def.States[step].Retry, step).toEqual(expected);
    }
    // The data-store wait (60 s doubling, capped at 15 min) covers hours, the others ~30 s.
    const wait = Array.from({ length: 15 }, (_, i) => Math.min(60 * 2 ** i, 900)).reduce((a, b) => a + b, 0);
    expect(wait).toBeGreaterThan(2 * 3600);
  });

  it('catches any error → mark-failed (error kept beside tenantId) → Fail', () => {
    const { def } = definition();
    for (const step of PROVISIONING_STEPS)
      expect(def.States[step].Catch, step).toEqual([
        { ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'mark-failed' },
      ]);
    expect(def.States['mark-failed'].Next).toBe('provisioning-failed');
    expect(def.States['mark-failed'].Catch).toBeUndefined();
    expect(def.States['provisioning-failed'].Type).toBe('Fail');
  });

  it('is a standard workflow with X-Ray and ALL-level logs without execution data', () => {
    const { sm } = definition();
    expect(sm.Properties.StateMachineType).toBe('STANDARD');
    expect(sm.Properties.TracingConfiguration).toEqual({ Enabled: true });
    expect(sm.Properties.LoggingConfiguration).toMatchObject({ Level: 'ALL', IncludeExecutionData: false });
  });

  it('the state machine role may invoke only the step function', () => {
    const { sm } = definition();
    const role = sm.Properties.RoleArn['Fn::GetAtt'][0];
    const invoke = statementsOf(role).filter((s) => statementActions(s).some((a) => a.startsWith('lambda:')));
    expect(invoke).toHaveLength(1);
    expect(JSON.stringify(invoke[0]!.Resource)).toMatch(/ProvisioningStepFn/);
    expect(actionsOf(role).filter((a) => !/^logs:|^xray:/.test(a) && a !== 'lambda:InvokeFunction')).toEqual(
      [],
    );
  });
});

describe('provisioning-step function', () => {
  const role = () => roleOf('ProvisioningStepFn');

  it('environment: stage, control table, staff pool (AWS_REGION is Lambda’s own)', () => {
    expect(envOf('ProvisioningStepFn')).toEqual({
      STAGE: 'test',
      CONTROL_TABLE: { Ref: expect.stringMatching(/^ControlTable/) },
      STAFF_POOL_ID: { Ref: expect.stringMatching(/^StaffPool/) },
      SES_FROM_ADDRESS: 'noreply@linli.example.cn',
    });
  });

  it('IAM: control table read/write, item writes + DescribeTable on tenant tables, three Cognito admin calls, e-mail', () => {
    expect(bySid(role(), 'TenantTables')).toEqual({
      Sid: 'TenantTables',
      Effect: 'Allow',
      Action: [...PROVISIONING_TENANT_ACTIONS],
      Resource: tenantTablesPattern,
    });
    expect([...PROVISIONING_TENANT_ACTIONS].sort()).toEqual(
      [
        'dynamodb:BatchWriteItem',
        'dynamodb:DescribeTable',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
      ].sort(),
    );
    expect(bySid(role(), 'StaffPoolAdmin')).toEqual({
      Sid: 'StaffPoolAdmin',
      Effect: 'Allow',
      Action: ['cognito-idp:AdminGetUser', 'cognito-idp:AdminCreateUser', 'cognito-idp:AdminAddUserToGroup'],
      Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StaffPool/), 'Arn'] },
    });
    expect([...PROVISIONING_COGNITO_ACTIONS]).toHaveLength(3);
    expect(actionsOf(role())).toEqual(
      [
        ...controlTableRw,
        ...PROVISIONING_TENANT_ACTIONS,
        ...PROVISIONING_COGNITO_ACTIONS,
        'ses:SendEmail',
      ].sort(),
    );
  });
});

describe('control API function', () => {
  const role = () => roleOf('ControlApiHandlerFn');

  it('environment: state machine, pepper from the generated secret, lifecycle function, SES sender', () => {
    const env = envOf('ControlApiHandlerFn');
    const sm = one('AWS::StepFunctions::StateMachine', 'ProvisioningStateMachine');
    const secret = one('AWS::SecretsManager::Secret', 'OnboardingCodePepper');
    expect(env.PROVISIONING_STATE_MACHINE_ARN).toEqual({ Ref: sm.id });
    // A dynamic reference: resolved by CloudFormation at deploy, never in the template.
    expect(env.ONBOARDING_CODE_PEPPER).toEqual({
      'Fn::Join': ['', ['{{resolve:secretsmanager:', { Ref: secret.id }, ':SecretString:::}}']],
    });
    expect(env.TENANT_LIFECYCLE_FUNCTION).toEqual({
      'Fn::GetAtt': [one('AWS::Lambda::Function', 'TenantLifecycleFn').id, 'Arn'],
    });
    expect(env.SES_FROM_ADDRESS).toBe('noreply@linli.example.cn');
  });

  it('IAM: exactly StartExecution, lifecycle invoke, five staff-pool admin calls, SMS and e-mail on top of the control table', () => {
    const sm = one('AWS::StepFunctions::StateMachine', 'ProvisioningStateMachine');
    expect(statementsOf(role())).toContainEqual({
      Action: 'states:StartExecution',
      Effect: 'Allow',
      Resource: { Ref: sm.id },
    });
    expect(bySid(role(), 'InvokeTenantLifecycle').Resource).toEqual({
      'Fn::GetAtt': [one('AWS::Lambda::Function', 'TenantLifecycleFn').id, 'Arn'],
    });
    expect(bySid(role(), 'StaffPoolAdmin').Action).toEqual([...CONTROL_API_COGNITO_ACTIONS]);
    expect([...CONTROL_API_COGNITO_ACTIONS].sort()).toEqual([
      'cognito-idp:AdminAddUserToGroup',
      'cognito-idp:AdminCreateUser',
      'cognito-idp:AdminDeleteUser',
      'cognito-idp:AdminGetUser',
      'cognito-idp:AdminSetUserPassword',
    ]);
    expect(actionsOf(role())).toEqual(
      [
        ...controlTableRw,
        'states:StartExecution',
        'lambda:InvokeFunction',
        ...CONTROL_API_COGNITO_ACTIONS,
        'sns:Publish',
        'ses:SendEmail',
        'dynamodb:Query',
        'dynamodb:GetItem',
      ].sort(),
    );
  });

  it('on tenant tables: reads of the public partitions only (catalogue, published notices, the event calendar and events)', () => {
    expect(bySid(role(), 'PublicTenantPartitions')).toEqual({
      Sid: 'PublicTenantPartitions',
      Effect: 'Allow',
      Action: ['dynamodb:Query', 'dynamodb:GetItem'],
      Resource: tenantTablesPattern,
      Condition: {
        'ForAllValues:StringLike': {
          'dynamodb:LeadingKeys': ['T#*#CATALOGUE', 'T#*#NOTICES', 'T#*#EVDATE', 'T#*#EVENTS'],
        },
        Null: { 'dynamodb:LeadingKeys': 'false' },
      },
    });
    expect([...PUBLIC_TENANT_PARTITIONS]).toEqual([
      'T#*#CATALOGUE',
      'T#*#NOTICES',
      'T#*#EVDATE',
      'T#*#EVENTS',
    ]);
    // Offboarding and erasure run in tenant-lifecycle: nothing else of a tenant table here.
    for (const s of statementsOf(role()).filter((x) => x.Sid !== 'PublicTenantPartitions'))
      expect(JSON.stringify(s.Resource ?? ''), JSON.stringify(s)).not.toMatch(/-tenant-/);
  });
});

describe('tenant-lifecycle function (offboarding export, archive, erase)', () => {
  const role = () => roleOf('TenantLifecycleFn');

  it('is the one role with Scan on tenant tables: Scan, Query, PutItem, BatchWriteItem, nothing else there', () => {
    expect(bySid(role(), 'WholeTenantExportAndErase')).toEqual({
      Sid: 'WholeTenantExportAndErase',
      Effect: 'Allow',
      Action: ['dynamodb:Scan', 'dynamodb:Query', 'dynamodb:PutItem', 'dynamodb:BatchWriteItem'],
      Resource: tenantTablesPattern,
    });
    expect(actionsOf(role())).toEqual(
      [...controlTableRw, ...LIFECYCLE_TENANT_ACTIONS, 'cognito-idp:AdminDeleteUser', 'ses:SendEmail'].sort(),
    );
  });

  it('is invoked only by the control API (no trigger, no resource policy for others)', () => {
    const perms = Object.values(resources()).filter(
      (r) =>
        r.Type === 'AWS::Lambda::Permission' &&
        JSON.stringify(r.Properties.FunctionName).includes('TenantLifecycleFn'),
    );
    expect(perms).toEqual([]);
    const callers = identityStatements(t()).filter(
      (f) =>
        statementActions(f.statement).some((a) => actionMatches(a, 'lambda:InvokeFunction')) &&
        JSON.stringify(f.statement.Resource).includes('TenantLifecycleFn'),
    );
    expect(callers.map((f) => f.roles)).toEqual([[roleOf('ControlApiHandlerFn')]]);
  });

  it('environment: pepper from the secret, tables, staff pool, sender', () => {
    const env = envOf('TenantLifecycleFn');
    expect(Object.keys(env).sort()).toEqual(
      [
        'CONTROL_TABLE',
        'ONBOARDING_CODE_PEPPER',
        'SES_FROM_ADDRESS',
        'STAFF_POOL_ID',
        'STAGE',
        'TENANT_TABLE',
      ].sort(),
    );
    expect(JSON.stringify(env.ONBOARDING_CODE_PEPPER)).toMatch(/resolve:secretsmanager/);
  });
});

describe('flag scheduler', () => {
  it('runs every minute and holds only the control table', () => {
    const rule = one('AWS::Events::Rule', 'FlagSchedule');
    expect(rule.Properties.ScheduleExpression).toBe('rate(1 minute)');
    expect(rule.Properties.Targets).toEqual([
      expect.objectContaining({
        Arn: { 'Fn::GetAtt': [one('AWS::Lambda::Function', 'FlagSchedulerFn').id, 'Arn'] },
      }),
    ]);
    expect(actionsOf(roleOf('FlagSchedulerFn'))).toEqual(controlTableRw);
  });
});

describe('secrets and keys', () => {
  it('the onboarding pepper is generated (64 chars), with a reason for not rotating it', () => {
    const secret = one('AWS::SecretsManager::Secret', 'OnboardingCodePepper');
    expect(secret.Properties.GenerateSecretString).toEqual({
      PasswordLength: 64,
      ExcludePunctuation: true,
      IncludeSpace: false,
    });
    expect(secret.Properties.SecretString).toBeUndefined();
    const rules = (secret.Metadata?.cdk_nag?.rules_to_suppress ?? []) as { id: string; reason: string }[];
    expect(rules.map((r) => r.id)).toEqual(['AwsSolutions-SMG4']);
  });

  it('the population data key rotates and refuses any use without a tenantId encryption context', () => {
    const key = one('AWS::KMS::Key', 'PopulationDataKey');
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Sid: 'RequireTenantEncryptionContext',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
      Resource: '*',
      Condition: { Null: { 'kms:EncryptionContext:tenantId': 'true' } },
    });
    // No control-plane function uses the key: only the tenant APIs (asserted in tenant-isolation).
    for (const f of identityStatements(t()))
      expect(
        statementActions(f.statement).some((a) => a.startsWith('kms:')),
        f.holder,
      ).toBe(false);
    const alias = one('AWS::KMS::Alias', 'PopulationDataKey');
    expect(alias.Properties.AliasName).toBe('alias/linli-test-population');
  });
});

describe('notifier permissions', () => {
  it('e-mail only from the sender identity (address or its domain)', () => {
    for (const fn of ['ControlApiHandlerFn', 'TenantLifecycleFn', 'ProvisioningStepFn'])
      expect(bySid(roleOf(fn), 'SendEmailFromLinliIdentity')).toEqual({
        Sid: 'SendEmailFromLinliIdentity',
        Effect: 'Allow',
        Action: 'ses:SendEmail',
        Resource: [sesIdentity('noreply@linli.example.cn'), sesIdentity('linli.example.cn')],
      });
  });

  it('SMS (sns:Publish on *) only where codes go out by SMS, with a suppression reason', () => {
    const holders = identityStatements(t())
      .filter((f) => statementActions(f.statement).includes('sns:Publish'))
      .map((f) => f.holder.replace(/[0-9A-F]{8}$/, ''))
      .sort();
    // Cognito's own SMS role (verification codes), the control API (join codes) and the residents'
    // sign-in Create trigger (the SMS code of a resident's sign-in).
    expect(holders).toEqual([
      'CognitoSmsRole3E5A1370/Sms',
      'ControlApiHandlerRoleDefaultPolicy',
      'ResidentAuthCreateRoleDefaultPolicy',
    ]);
    for (const [fn, roleId] of [
      ['ControlApiHandlerFn', 'ControlApiHandlerRole'],
      ['ResidentAuthCreateFn', 'ResidentAuthCreateRole'],
    ] as const) {
      expect(bySid(roleOf(fn), 'SendSms'), fn).toEqual({
        Sid: 'SendSms',
        Effect: 'Allow',
        Action: 'sns:Publish',
        Resource: '*',
      });
      const role = one('AWS::IAM::Role', roleId);
      const reasons = (role.Metadata?.cdk_nag?.rules_to_suppress ?? []) as {
        id: string;
        reason: string;
        applies_to?: unknown[];
      }[];
      const sms = reasons.filter((r) => /sns:Publish with PhoneNumber/.test(r.reason));
      expect(sms, roleId).toHaveLength(1);
      expect(sms[0]!.applies_to).toEqual(['Resource::*']);
    }
  });
});
