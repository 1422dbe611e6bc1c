import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { AssetHashType, DockerImage, Duration, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { type LambdaFunctionName, lambdaFunctions } from '../bundling.ts';
import { functionEntry, functionsDir, repoRoot } from '../paths.ts';

/**
 * Lambda runtime of every Linli function. Node 20 reached Lambda deprecation on 2026-04-30 (no new
 * functions after 2027-02-01), so functions run on Node 24 while the bundle keeps the repo's
 * `node20` syntax target (the dev and CI Node): code that runs locally runs unchanged in Lambda.
 */
export const lambdaRuntime = lambda.Runtime.NODEJS_24_X;

export interface LinliFunctionProps {
  /** Entry point name: `functions/<entry>.ts`, which must `export const handler`. */
  readonly entry: LambdaFunctionName;
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default Duration.seconds(15) */
  readonly timeout?: Duration;
  /** @default logs.RetentionDays.THREE_MONTHS */
  readonly logRetention?: logs.RetentionDays;
  /** Run with an existing role (a function that serves the same API as another). @default a new role */
  readonly role?: iam.Role;
  /**
   * Fixed function name, for a function another one invokes by name without a reference to it
   * (which would be a cycle when both share a role). @default a CloudFormation-generated name
   */
  readonly functionName?: string;
}

const BUNDLER = join(repoRoot, 'infra', 'src', 'bundle-function.ts');

/**
 * The asset of one function: built locally (never Docker) by `bundleFunction` of
 * `infra/src/bundling.ts` — the same build the bench measures and the budget test guards — in a
 * child process, because CDK's local bundling hook is synchronous and esbuild's plugins are not.
 * Skipped, like any CDK bundling, for stacks outside `aws:cdk:bundling-stacks`.
 */
const functionCode = (name: LambdaFunctionName): lambda.Code => {
  functionEntry(name); // fail at synth time on a missing entry point
  return lambda.Code.fromAsset(functionsDir, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Required by the API; never run: local bundling always succeeds or throws.
      image: DockerImage.fromRegistry('linli/local-bundling-only'),
      command: [name],
      local: {
        tryBundle(outputDir) {
          execFileSync(process.execPath, ['--import', 'tsx', BUNDLER, name, outputDir], {
            cwd: repoRoot,
            stdio: ['ignore', 'ignore', 'inherit'],
          });
          return true;
        },
      },
    },
  });
};

/**
 * A Linli Lambda: one `functions/<entry>.ts` built by the shared bundler into `index.mjs` plus lazy
 * chunks, on {@link lambdaRuntime} (arm64), X-Ray tracing, JSON logs into its own log group and
 * its own role that holds nothing but log writes until a stack grants more. Adding a function is
 * an entry in `lambdaFunctions` (its size budget) and `new LinliFunction(this, 'X', { entry: 'x' })`.
 */
export class LinliFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: LinliFunctionProps) {
    super(scope, id);
    if (!(props.entry in lambdaFunctions)) throw new Error(`no bundle spec for functions/${props.entry}.ts`);
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

    this.fn = new lambda.Function(this, 'Fn', {
      code: functionCode(props.entry),
      // Which entry point this is, in the console and for `tests/infra/route-groups.test.ts`.
      description: `functions/${props.entry}.ts`,
      ...(props.functionName ? { functionName: props.functionName } : {}),
      handler: 'index.handler',
      runtime: lambdaRuntime,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(15),
      tracing: lambda.Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
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
