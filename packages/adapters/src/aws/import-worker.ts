import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { logger } from '@linli/api/observability';
import { TenantRegistry } from '@linli/tenancy';
import type { Context } from 'aws-lambda';
import { importWorkerOf } from '../create-deps.ts';
import { type ImportOutcome, type ImportWorkerDeps, runQueuedImport } from '../jobs.ts';
import { apiConfig } from './config.ts';
import { awsImports } from './imports.ts';
import { awsRuntime } from './runtime.ts';

/** Control-table partition of the import worker's idempotency records. */
export const IMPORT_IDEMPOTENCY_PARTITION = 'IDEMPOTENCY#imports';

export interface ImportWorkerOptions {
  readonly worker: () => ImportWorkerDeps;
  /** Where the idempotency records live: the control table, under {@link IMPORT_IDEMPOTENCY_PARTITION}. */
  readonly dynamo: DynamoDBClient;
  readonly controlTable: string;
  /** Chunks in flight. @default 8 */
  readonly concurrency?: number;
  /** Stop this long before the function's time limit. @default 90_000 */
  readonly marginMs?: number;
}

/**
 * The `tenant-import-worker` handler: one background import per event, idempotent on its job
 * (`tenantId` + `importId`, Powertools idempotency with its records in the control table). A
 * second delivery of the same job — Lambda retries an asynchronous invocation, the API may start
 * it twice — answers the first run's outcome without reading the file again while the record
 * lives (a day); one that arrives while the first still runs fails with
 * `IdempotencyAlreadyInProgressError` and is not retried into a second run. `runQueuedImport`'s
 * own claim (`queued` → `running`) stays the guard underneath.
 */
export const importWorkerHandler = (opts: ImportWorkerOptions) => {
  const persistenceStore = new DynamoDBPersistenceLayer({
    tableName: opts.controlTable,
    keyAttr: 'pk',
    sortKeyAttr: 'sk',
    staticPkValue: IMPORT_IDEMPOTENCY_PARTITION,
    expiryAttr: 'expiresAt',
    awsSdkV3Client: opts.dynamo,
  });
  const config = new IdempotencyConfig({
    eventKeyJmesPath: '[tenantId, importId]',
    throwOnNoIdempotencyKey: true,
    expiresAfterSeconds: 24 * 60 * 60,
  });
  const run = makeIdempotent(
    async (event: unknown, context: Context): Promise<ImportOutcome> => {
      const started = Date.now();
      const outcome = await runQueuedImport({ ...opts.worker(), concurrency: opts.concurrency ?? 8 }, event, {
        // Stop reading rows before the function's time limit, so the rows in flight are written
        // and the job says how far it got (uploading the same file again continues from there).
        deadline: Date.now() + context.getRemainingTimeInMillis() - (opts.marginMs ?? 90_000),
      });
      const { tenantId, importId } = event as { tenantId?: string; importId?: string };
      logger.info('import job', { tenantId, importId, ...outcome, latencyMs: Date.now() - started });
      return outcome;
    },
    { persistenceStore, config },
  );
  return async (event: unknown, context: Context): Promise<ImportOutcome> => {
    config.registerLambdaContext(context);
    return run(event, context);
  };
};

/**
 * The worker as deployed: the API runtime with the import adapters, idempotency in the control
 * table. Not the API's deps (`createDeps`): a job needs no token verification or flags.
 */
export const awsImportWorker = (env: Record<string, string | undefined> = process.env) => {
  const cfg = apiConfig(env);
  const runtime = awsRuntime({ env, extend: [awsImports] });
  const worker = importWorkerOf(runtime, new TenantRegistry(runtime.doc, runtime.controlTable));
  if (!worker) throw new Error('tenant-import-worker needs KMS_KEY_ID and IMPORT_BUCKET');
  return importWorkerHandler({
    worker,
    dynamo: new DynamoDBClient({ region: cfg.AWS_REGION }),
    controlTable: cfg.CONTROL_TABLE,
  });
};
