import { controlTable, residentPool, staffPool, tableNames } from '@linli/tables';
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { throttleAnonymousRoutes, UserPoolAbuseAcl } from '../constructs/abuse-limits.ts';
import { LinliHttpApi } from '../constructs/http-api.ts';
import { identityEnvironment, type LinliIdentity } from '../constructs/identity.ts';
import { LinliFunction } from '../constructs/linli-function.ts';
import { Notify } from '../constructs/notify.ts';
import { Provisioning, tenantTablesArn } from '../constructs/provisioning.ts';
import { LinliTable } from '../constructs/table.ts';
import { tenantDataRoleName } from '../constructs/tenant-data-access.ts';
import { LinliUserPool } from '../constructs/user-pool.ts';

export interface ControlPlaneStackProps extends StackProps {
  readonly stage: string;
  /** Keep tables and pools on stack deletion. @default true */
  readonly retainData?: boolean;
  /** Control API `$default` stage throttling. @default { rate: 100, burst: 200 } */
  readonly apiThrottle?: { readonly rate: number; readonly burst: number };
  /**
   * Verified SES sender of Linli's e-mail (codes, invitations, activation, offboarding link).
   * @default `noreply@linli.example.cn` (must be verified in SES before e-mail works)
   */
  readonly sesFromAddress?: string;
}

/** Cognito admin actions of the control API on the staff pool (see the stack for each caller). */
export const CONTROL_API_COGNITO_ACTIONS = [
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminSetUserPassword',
  'cognito-idp:AdminDeleteUser',
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminAddUserToGroup',
] as const;

/**
 * Partitions of a tenant table the control API may read for the public portal (`T#<tenantId>#…`):
 * the catalogue and the published notices. Nothing personal is ever stored under them.
 */
export const PUBLIC_TENANT_PARTITIONS = ['T#*#CATALOGUE', 'T#*#NOTICES', 'T#*#EVDATE', 'T#*#EVENTS'] as const;

/** What the tenant-lifecycle function may do on tenant tables: read a whole tenant, export, delete. */
export const LIFECYCLE_TENANT_ACTIONS = [
  'dynamodb:Scan',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:BatchWriteItem',
] as const;

/** The server-rendered resident portal's route on the control HTTP API (CloudFront sends `/t/*` here). */
export const PORTAL_ROUTE = '/t/{proxy+}';

const IDENTITY_IAM5_REASON =
  'Item access to the control table indexes (table/<name>/index/*), the membership registry and flag definitions.';

/**
 * The control plane: tenant registry (control table), staff and resident identity (Cognito), the
 * pre-token-generation trigger and the control API (onboarding, ministry console, public config).
 */
export class ControlPlaneStack extends Stack {
  readonly controlTable: dynamodb.Table;
  readonly identity: LinliIdentity;
  readonly controlApi: LinliHttpApi;
  /** KMS key wrapping each tenant's data key (comprehensive database field encryption). */
  readonly dataKey: kms.Key;
  /** HMAC key of one-time codes, status and archive tokens. */
  readonly onboardingPepper: secretsmanager.Secret;
  /** HMAC key of page cursors, given to every API function as CURSOR_SECRET. */
  readonly cursorSecret: secretsmanager.Secret;
  readonly provisioning: Provisioning;
  readonly notify: Notify;

  constructor(scope: Construct, id: string, props: ControlPlaneStackProps) {
    super(scope, id, props);
    const { stage } = props;
    const retain = props.retainData ?? true;
    const names = tableNames(stage);

    this.controlTable = new LinliTable(this, 'ControlTable', {
      def: controlTable,
      tableName: names.control,
      retain,
    }).table;

    // Cognito sends verification codes (residents sign up with a mobile number) through SNS.
    const smsRoleExternalId = `linli-${stage}-cognito-sms`;
    const smsRole = new iam.Role(this, 'CognitoSmsRole', {
      description: 'Lets Cognito send SMS verification codes through SNS',
      assumedBy: new iam.ServicePrincipal('cognito-idp.amazonaws.com', {
        conditions: { StringEquals: { 'sts:ExternalId': smsRoleExternalId } },
      }),
      inlinePolicies: {
        Sms: new iam.PolicyDocument({
          statements: [new iam.PolicyStatement({ actions: ['sns:Publish'], resources: ['*'] })],
        }),
      },
    });
    NagSuppressions.addResourceSuppressions(smsRole, [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'SMS to a phone number is an sns:Publish without a topic ARN; SNS has no resource to scope it to.',
        appliesTo: ['Resource::*'],
      },
    ]);

    const staff = new LinliUserPool(this, 'StaffPool', {
      def: staffPool,
      userPoolName: `linli-${stage}-staff`,
      smsRole,
      smsRoleExternalId,
      // Staff reach residents' personal data: TOTP MFA for everyone, Plus threat protection.
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      threatProtection: true,
      retain,
    });
    const residents = new LinliUserPool(this, 'ResidentPool', {
      def: residentPool,
      userPoolName: `linli-${stage}-residents`,
      smsRole,
      smsRoleExternalId,
      mfa: cognito.Mfa.OPTIONAL,
      mfaSecondFactor: { otp: true, sms: true },
      threatProtection: false,
      retain,
    });
    NagSuppressions.addResourceSuppressions(residents.pool, [
      {
        id: 'AwsSolutions-COG2',
        reason:
          'Residents prove possession of their phone by SMS code at sign-up; mandatory MFA would shut out low-end devices and elderly residents (digital divide). MFA stays optional.',
      },
      {
        id: 'AwsSolutions-COG8',
        reason:
          'Plus plan is billed per monthly active user; at district resident scale it is not funded in the pilot. Staff pool (personal-data access) runs on Plus with full threat protection.',
      },
    ]);

    const staffClient = staff.clients.web;
    const residentClient = residents.clients.web;
    if (!staffClient || !residentClient)
      throw new Error('@linli/tables must define a `web` client for both pools');
    this.identity = { staffPool: staff.pool, staffClient, residentPool: residents.pool, residentClient };

    const preToken = new LinliFunction(this, 'PreTokenGeneration', {
      entry: 'pre-token-generation',
      memorySize: 256,
      environment: { STAGE: stage, CONTROL_TABLE: this.controlTable.tableName },
    });
    this.controlTable.grant(preToken.role, 'dynamodb:GetItem', 'dynamodb:Query');
    staff.pool.addTrigger(cognito.UserPoolOperation.PRE_TOKEN_GENERATION, preToken.fn);

    // The API deps (`@linli/adapters/aws` awsRuntime) every control-plane function shares.
    const apiEnvironment = {
      STAGE: stage,
      CONTROL_TABLE: this.controlTable.tableName,
      TENANT_TABLE: names.pooledTenant,
      // Required by the shared API config (@linli/adapters/aws awsRuntime). The control API is NOT in the
      // scoped role's trust policy and holds no tenant-table permission beyond the public partitions (PublicTenantPartitions).
      TENANT_TABLE_ARNS: this.formatArn({
        service: 'dynamodb',
        resource: 'table',
        resourceName: names.pooledTenant,
      }),
      TENANT_DATA_ROLE_ARN: this.formatArn({
        service: 'iam',
        region: '',
        resource: 'role',
        resourceName: tenantDataRoleName(stage),
      }),
      ...identityEnvironment(this.identity),
    };
    this.notify = new Notify(this, 'Notify', {
      fromAddress: props.sesFromAddress ?? 'noreply@linli.example.cn',
    });

    // Envelope encryption of residents' sensitive fields: GenerateDataKey once per tenant, the
    // wrapped key on the tenant's registry item (`TENANT#<id>`/`META`, attribute `dataKey`).
    this.dataKey = new kms.Key(this, 'PopulationDataKey', {
      alias: `alias/linli-${stage}-population`,
      description: 'Wraps per-tenant data keys of the comprehensive database (encryption context tenantId)',
      enableKeyRotation: true,
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(30),
    });
    // Only ever used with a tenant's context: no principal, however broad its IAM policy, can
    // wrap or unwrap with this key without `tenantId` in the encryption context.
    this.dataKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'RequireTenantEncryptionContext',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Encrypt', 'kms:Decrypt', 'kms:GenerateDataKey', 'kms:GenerateDataKeyWithoutPlaintext'],
        resources: ['*'],
        conditions: { Null: { 'kms:EncryptionContext:tenantId': 'true' } },
      }),
    );

    // Generated once; read by the apps as ONBOARDING_CODE_PEPPER (a CloudFormation dynamic
    // reference, resolved at deploy time: the value never appears in the template).
    this.onboardingPepper = new secretsmanager.Secret(this, 'OnboardingCodePepper', {
      secretName: `linli-${stage}-onboarding-code-pepper`,
      description: 'HMAC key of onboarding codes, status tokens and archive tokens',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.onboardingPepper, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating the pepper invalidates every outstanding code, status token and archive link (their HMACs are stored); it is rotated by an operator with a redeploy, not on a schedule.',
      },
    ]);
    const pepper = this.onboardingPepper.secretValue.unsafeUnwrap();

    // Residents sign in with mobile + SMS code (issue 17): Cognito's custom authentication
    // challenge, three thin triggers over @linli/auth/sms-challenge. Only Create reaches anything:
    // SNS for the text and the control table's rate counters (RATE# items, nothing else).
    const authDefine = new LinliFunction(this, 'ResidentAuthDefine', {
      entry: 'resident-auth-define',
      memorySize: 256,
      timeout: Duration.seconds(5),
    });
    const authCreate = new LinliFunction(this, 'ResidentAuthCreate', {
      entry: 'resident-auth-create',
      memorySize: 256,
      timeout: Duration.seconds(5),
      environment: {
        STAGE: stage,
        CONTROL_TABLE: this.controlTable.tableName,
        ONBOARDING_CODE_PEPPER: pepper,
      },
    });
    const authVerify = new LinliFunction(this, 'ResidentAuthVerify', {
      entry: 'resident-auth-verify',
      memorySize: 256,
      timeout: Duration.seconds(5),
      environment: { ONBOARDING_CODE_PEPPER: pepper },
    });
    authCreate.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'SignInCodeRateCounters',
        actions: ['dynamodb:UpdateItem'],
        resources: [this.controlTable.tableArn],
        conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['RATE#*'] } },
      }),
    );
    this.notify.grantSms(authCreate.role);
    residents.pool.addTrigger(cognito.UserPoolOperation.DEFINE_AUTH_CHALLENGE, authDefine.fn);
    residents.pool.addTrigger(cognito.UserPoolOperation.CREATE_AUTH_CHALLENGE, authCreate.fn);
    residents.pool.addTrigger(cognito.UserPoolOperation.VERIFY_AUTH_CHALLENGE_RESPONSE, authVerify.fn);

    // Page cursors are HMACed with this per-deployment key (CURSOR_SECRET; @linli/tenancy cursor.ts).
    this.cursorSecret = new secretsmanager.Secret(this, 'CursorSecret', {
      secretName: `linli-${stage}-cursor-key`,
      description: 'HMAC key of the APIs’ page cursors (bound to tenant, request and query)',
      generateSecretString: { passwordLength: 64, excludePunctuation: true, includeSpace: false },
      removalPolicy: retain ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    NagSuppressions.addResourceSuppressions(this.cursorSecret, [
      {
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotating the cursor key only ends the pages being browsed (their next page answers CURSOR_INVALID); an operator rotates it with a redeploy.',
      },
    ]);

    this.provisioning = new Provisioning(this, 'Provisioning', {
      stage,
      controlTable: this.controlTable,
      staffPool: staff.pool,
      sesFromAddress: this.notify.fromAddress,
      grantNotify: (role) => this.notify.grantEmail(role),
    });

    // Offboarding export, archive download and erasure: the only role that may Scan tenant tables.
    const lifecycle = new LinliFunction(this, 'TenantLifecycle', {
      entry: 'tenant-lifecycle',
      memorySize: 1024,
      // The control API waits for it synchronously (HTTP API integrations end at 30 s).
      timeout: Duration.seconds(28),
      environment: {
        STAGE: stage,
        CONTROL_TABLE: this.controlTable.tableName,
        TENANT_TABLE: names.pooledTenant,
        STAFF_POOL_ID: staff.pool.userPoolId,
        ONBOARDING_CODE_PEPPER: pepper,
        SES_FROM_ADDRESS: this.notify.fromAddress,
      },
    });
    this.controlTable.grantReadWriteData(lifecycle.role);
    lifecycle.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'WholeTenantExportAndErase',
        actions: [...LIFECYCLE_TENANT_ACTIONS],
        resources: [tenantTablesArn(this, stage)],
      }),
    );
    lifecycle.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'EraseStaffAccounts',
        actions: ['cognito-idp:AdminDeleteUser'],
        resources: [staff.pool.userPoolArn],
      }),
    );
    this.notify.grantEmail(lifecycle.role);
    NagSuppressions.addResourceSuppressions(
      lifecycle.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Offboarding exports and erasure delete every item of one tenant, in the pooled table or in its silo table (linli-<stage>-tenant-<id>, created by a later stack): table/linli-<stage>-tenant-* is the narrowest resource. A whole-tenant read has no leading key, hence Scan (filtered to the tenant prefix in code); this function is invoked only by the control API for ministry-admin lifecycle routes.',
          appliesTo: [
            {
              regex:
                '/^Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table\\/linli-.*-tenant-\\*$/g',
            },
          ],
        },
      ],
      true,
    );

    const controlFn = new LinliFunction(this, 'ControlApiHandler', {
      entry: 'control-api',
      // Waits for the tenant-lifecycle function on offboard / erase / archive.
      timeout: Duration.seconds(29),
      environment: {
        ...apiEnvironment,
        PROVISIONING_STATE_MACHINE_ARN: this.provisioning.stateMachine.stateMachineArn,
        ONBOARDING_CODE_PEPPER: pepper,
        CURSOR_SECRET: this.cursorSecret.secretValue.unsafeUnwrap(),
        TENANT_LIFECYCLE_FUNCTION: lifecycle.fn.functionArn,
        SES_FROM_ADDRESS: this.notify.fromAddress,
      },
    });
    this.controlTable.grantReadWriteData(controlFn.role);
    this.provisioning.stateMachine.grantStartExecution(controlFn.role);
    // The unqualified ARN only (grantInvoke would add `<arn>:*`, every version and alias).
    controlFn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'InvokeTenantLifecycle',
        actions: ['lambda:InvokeFunction'],
        resources: [lifecycle.fn.functionArn],
      }),
    );
    controlFn.role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StaffPoolAdmin',
        // Join application: create the admin account and set its chosen password; a rejected
        // application deletes it; invitation acceptance creates the account, adds it to its role
        // group and reads its sub.
        actions: [...CONTROL_API_COGNITO_ACTIONS],
        resources: [staff.pool.userPoolArn],
      }),
    );
    this.notify.grantSms(controlFn.role);
    this.notify.grantEmail(controlFn.role);
    // The public portal's reads (`/api/public/districts/{slug}/services|notices|events`): a district's
    // catalogue, published notices and upcoming events, no personal data, in the pooled or any silo table. The
    // server-rendered portal (below) reads the same.
    const grantPublicTenantReads = (role: iam.IRole) => {
      role.addToPrincipalPolicy(
        new iam.PolicyStatement({
          sid: 'PublicTenantPartitions',
          actions: ['dynamodb:Query', 'dynamodb:GetItem'],
          resources: [tenantTablesArn(this, stage)],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [...PUBLIC_TENANT_PARTITIONS] },
            Null: { 'dynamodb:LeadingKeys': 'false' },
          },
        }),
      );
      NagSuppressions.addResourceSuppressions(
        role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason:
              'The public portal reads each district’s catalogue and published notices from the pooled table or its silo table (linli-<stage>-tenant-<id>, created later): table/linli-<stage>-tenant-* is the narrowest resource, and dynamodb:LeadingKeys limits every read to the partitions T#*#CATALOGUE, T#*#NOTICES, T#*#EVDATE and T#*#EVENTS (community events: title, place, time, counts; sign-ups are elsewhere), which hold no personal data.',
            appliesTo: [
              {
                regex:
                  '/^Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table\\/linli-.*-tenant-\\*$/g',
              },
            ],
          },
        ],
        true,
      );
    };
    grantPublicTenantReads(controlFn.role);

    // The ministry console's indicators (`/api/ministry/indicators/*`, the `ministry` route group):
    // aggregates and registry facts in the control table; no tenant-table permission at all.
    const ministryFn = new LinliFunction(this, 'MinistryApiHandler', {
      entry: 'ministry-api',
      timeout: Duration.seconds(29),
      environment: { ...apiEnvironment, CURSOR_SECRET: this.cursorSecret.secretValue.unsafeUnwrap() },
    });
    this.controlTable.grantReadWriteData(ministryFn.role);

    // Applies scheduled flag changes even when no request arrives (see functions/flag-scheduler.ts).
    const flagScheduler = new LinliFunction(this, 'FlagScheduler', {
      entry: 'flag-scheduler',
      memorySize: 256,
      timeout: Duration.seconds(50),
      environment: apiEnvironment,
    });
    this.controlTable.grantReadWriteData(flagScheduler.role);
    new events.Rule(this, 'FlagSchedule', {
      description: 'Apply due feature-flag changes',
      schedule: events.Schedule.rate(Duration.minutes(1)),
      targets: [new targets.LambdaFunction(flagScheduler.fn, { retryAttempts: 0 })],
    });

    // The resident portal's first screen, rendered on the server (CloudFront `/t/*`, WebStack):
    // reads the registry, flags and the districts' public partitions (catalogue, notices) only.
    const portalFn = new LinliFunction(this, 'PortalSsrHandler', {
      entry: 'portal-ssr',
      // More memory is more CPU: React renders faster, and the phone waits for this HTML.
      memorySize: 1024,
      timeout: Duration.seconds(10),
      environment: apiEnvironment,
    });
    this.controlTable.grantReadData(portalFn.role);
    grantPublicTenantReads(portalFn.role);

    for (const fn of [preToken, controlFn, ministryFn, flagScheduler, lifecycle, portalFn]) {
      NagSuppressions.addResourceSuppressions(
        fn.role,
        [
          {
            id: 'AwsSolutions-IAM5',
            reason: IDENTITY_IAM5_REASON,
            appliesTo: [{ regex: '/^Resource::<.*\\.Arn>\\/index\\/\\*$/g' }],
          },
        ],
        true,
      );
    }

    this.controlApi = new LinliHttpApi(this, 'ControlApi', {
      apiName: `linli-${stage}-control-api`,
      throttle: props.apiThrottle ?? { rate: 100, burst: 200 },
    });
    const controlIntegration = new HttpLambdaIntegration('Control', controlFn.fn);
    const routes = [
      ...this.controlApi.api.addRoutes({
        path: '/api/{proxy+}',
        methods: [apigwv2.HttpMethod.ANY],
        integration: controlIntegration,
      }),
      ...this.controlApi.api.addRoutes({
        path: '/api/ministry/indicators/{proxy+}',
        methods: [apigwv2.HttpMethod.ANY],
        integration: new HttpLambdaIntegration('Ministry', ministryFn.fn),
      }),
      // The anonymous and code-sending routes, each with its own throttle (abuse-limits.ts).
      ...throttleAnonymousRoutes(this.controlApi, controlIntegration),
      ...this.controlApi.api.addRoutes({
        path: PORTAL_ROUTE,
        methods: [apigwv2.HttpMethod.GET, apigwv2.HttpMethod.HEAD],
        integration: new HttpLambdaIntegration('PortalSsr', portalFn.fn),
      }),
    ];
    // Sign-in and sign-up reach the pools from the browser directly: WAF per source address there.
    new UserPoolAbuseAcl(this, 'UserPoolAbuseAcl', { stage, pools: [staff.pool, residents.pool] });
    for (const route of routes) {
      NagSuppressions.addResourceSuppressions(route, [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'The control API mixes public routes (config, public district info, join application, the server-rendered public portal pages) with signed-in ones; the app verifies the Cognito JWT and the membership registry on every non-public route.',
        },
      ]);
    }

    new CfnOutput(this, 'StaffPoolId', { value: staff.pool.userPoolId });
    new CfnOutput(this, 'StaffClientId', { value: staffClient.userPoolClientId });
    new CfnOutput(this, 'ResidentPoolId', { value: residents.pool.userPoolId });
    new CfnOutput(this, 'ResidentClientId', { value: residentClient.userPoolClientId });
    new CfnOutput(this, 'ControlApiUrl', { value: this.controlApi.api.apiEndpoint });
    new CfnOutput(this, 'ProvisioningStateMachineArn', {
      value: this.provisioning.stateMachine.stateMachineArn,
    });
    new CfnOutput(this, 'PopulationDataKeyArn', { value: this.dataKey.keyArn });
  }
}
