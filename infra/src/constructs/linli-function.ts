import { posix } from 'node:path';
import { Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { lambdaBundling, lambdaRuntime, lambdaRuntimeFiles } from '../bundling.ts';
import { functionEntry, repoRoot } from '../paths.ts';

export interface LinliFunctionProps {
  /** Entry point name: `functions/<entry>.ts`, which must `export const handler`. */
  readonly entry: string;
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(15) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Run with an existing role (a function that serves the same API as another). @default a new role */
  readonly role?: iam.Role;
  /** Bundle exceljs (XLSX parsing) instead of leaving it external. @default false */
  readonly bundleExcel?: boolean;
  /**
   * Fixed function name, for a function another one invokes by name without a reference to it
   * (which would be a cycle when both share a role). @default a CloudFormation-generated name
   */
  readonly functionName?: string;
}

/**
 * A Linli Lambda: one `functions/<entry>.ts` bundled locally by esbuild (never Docker) with the
 * shared {@link lambdaBundling} options, on {@link lambdaRuntime} (arm64), X-Ray tracing, its own log group and
 * its own role that holds nothing but log writes until a stack grants more. Adding a function is
 * `new LinliFunction(this, 'X', { entry: 'x' })`.
 */
export class LinliFunction extends Construct {
  readonly fn: NodejsFunction;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LinliFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention ?? logs.RetentionDays.THREE_MONTHS,
    });
    // An explicit role instead of AWSLambdaBasicExecutionRole: writes to this log group only.
    this.role =
      props.role ??
      new iam.Role(this, 'Role', {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `Execution role of ${props.entry} (${Stack.of(this).stackName})`,
      });
    this.logGroup.grantWrite(this.role);

    this.fn = new NodejsFunction(this, 'Fn', {
      entry: functionEntry(props.entry),
      ...(props.functionName ? { functionName: props.functionName } : {}),
      handler: 'handler',
      runtime: lambdaRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      projectRoot: repoRoot,
      depsLockFilePath: `${repoRoot}package-lock.json`,
      bundling: {
        ...lambdaBundling,
        mainFields: [...lambdaBundling.mainFields],
        externalModules: props.bundleExcel
          ? lambdaBundling.externalModules.filter((m) => m !== 'exceljs')
          : [...lambdaBundling.externalModules],
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir, outputDir) =>
            lambdaRuntimeFiles.map((file) => {
              const to = posix.join(outputDir, 'node_modules', file);
              return `mkdir -p "${posix.dirname(to)}" && cp "${posix.join(inputDir, 'node_modules', file)}" "${to}"`;
            }),
        },
      },
      environment: { ...props.environment },
    });

    NagSuppressions.addResourceSuppressions(
      this.role,
      [
        {
          id: 'AwsSolutions-IAM5',
          reason:
            'X-Ray PutTraceSegments/PutTelemetryRecords do not support resource-level permissions (Resource: *).',
          appliesTo: ['Resource::*'],
        },
      ],
      true,
    );
  }
}
