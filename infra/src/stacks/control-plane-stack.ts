import { controlTable, residentPool, staffPool, tableNames } from '@linli/tables';
import { CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as apigwv2 from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as iam from 'aws-cdk-lib/aws-iam';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { LinliHttpApi } from '../constructs/http-api.ts';
import { identityEnvironment, type LinliIdentity } from '../constructs/identity.ts';
import { LinliFunction } from '../constructs/linli-function.ts';
import { LinliTable } from '../constructs/table.ts';
import { tenantDataRoleName } from '../constructs/tenant-data-access.ts';
import { LinliUserPool } from '../constructs/user-pool.ts';

export interface ControlPlaneStackProps extends StackProps {
  readonly stage: string;
  /** Keep tables and pools on stack deletion. @default true */
  readonly retainData?: boolean;
  /** Control API `$default` stage throttling. @default { rate: 100, burst: 200 } */
  readonly apiThrottle?: { readonly rate: number; readonly burst: number };
}

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

    // The API deps (`@linli/api` createAwsDeps) every control-plane function shares.
    const apiEnvironment = {
      STAGE: stage,
      CONTROL_TABLE: this.controlTable.tableName,
      TENANT_TABLE: names.pooledTenant,
      // Required by the shared API config (@linli/api createAwsDeps). The control API is NOT in the
      // scoped role's trust policy and holds no tenant-table permission: any use is denied.
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
    const controlFn = new LinliFunction(this, 'ControlApiHandler', {
      entry: 'control-api',
      environment: apiEnvironment,
    });
    this.controlTable.grantReadWriteData(controlFn.role);

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

    for (const fn of [preToken, controlFn, flagScheduler]) {
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
    const routes = this.controlApi.api.addRoutes({
      path: '/api/{proxy+}',
      methods: [apigwv2.HttpMethod.ANY],
      integration: new HttpLambdaIntegration('Control', controlFn.fn),
    });
    for (const route of routes) {
      NagSuppressions.addResourceSuppressions(route, [
        {
          id: 'AwsSolutions-APIG4',
          reason:
            'The control API mixes public routes (config, public district info, join application) with signed-in ones; the app verifies the Cognito JWT and the membership registry on every non-public route.',
        },
      ]);
    }

    new CfnOutput(this, 'StaffPoolId', { value: staff.pool.userPoolId });
    new CfnOutput(this, 'StaffClientId', { value: staffClient.userPoolClientId });
    new CfnOutput(this, 'ResidentPoolId', { value: residents.pool.userPoolId });
    new CfnOutput(this, 'ResidentClientId', { value: residentClient.userPoolClientId });
    new CfnOutput(this, 'ControlApiUrl', { value: this.controlApi.api.apiEndpoint });
  }
}
