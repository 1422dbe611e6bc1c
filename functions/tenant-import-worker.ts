import { lambdaHandler } from '@linli/adapters/aws';
import { awsImportWorker } from '@linli/adapters/aws/import-worker';

/**
 * Runs one background import (`{ tenantId, importId }`, invoked asynchronously by the tenant API
 * once the file is in S3), idempotent on the job: claims the queued job, streams the file through
 * the same import the API runs in-request, keeps the job's progress current and deletes the file at
 * the end. Same role and scoped tenant credentials as the tenant API; the tenant id was taken from
 * the verified token of the user who started the job.
 */
export const handler = lambdaHandler(awsImportWorker());
