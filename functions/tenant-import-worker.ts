import { runQueuedImport } from '@linli/adapters';
import { awsRuntime, createDeps } from '@linli/adapters/aws';
import { awsImports } from '@linli/adapters/aws/imports';
import type { Context } from 'aws-lambda';

const { worker } = createDeps(awsRuntime({ extend: [awsImports] }));
if (!worker) throw new Error('tenant-import-worker needs KMS_KEY_ID and IMPORT_BUCKET');

/**
 * Runs one background import (`{ tenantId, importId }`, invoked asynchronously by the tenant API
 * once the file is in S3): claims the queued job, streams the file through the same import the
 * API runs in-request, keeps the job's progress current and deletes the file at the end. Same role
 * and scoped tenant credentials as the tenant API; the tenant id was taken from the verified token
 * of the user who started the job, and the job is read under that tenant's prefix only.
 */
export const handler = async (event: unknown, context: Context) =>
  runQueuedImport({ ...worker(), concurrency: 8 }, event, {
    // Stop reading rows 90 s before the function's time limit, so the rows in flight are written
    // and the job says how far it got (uploading the same file again continues from there).
    deadline: Date.now() + context.getRemainingTimeInMillis() - 90_000,
  });
