import { once, perKey } from '../lazy.ts';
import { S3ImportFiles } from './import-files.ts';
import { LambdaImportRunner } from './lambda-runners.ts';
import type { AwsExtension } from './runtime.ts';

export { S3ImportFiles } from './import-files.ts';
export { LambdaImportRunner } from './lambda-runners.ts';

/**
 * Background imports (the import API and the worker only, `awsRuntime({ extend: [awsImports] })`):
 * uploads in the S3 bucket under the tenant's scoped session, and the worker function invoked
 * asynchronously. The tenant API's bundle carries neither the S3 nor the Lambda client.
 */
export const awsImports: AwsExtension = (cfg, _base, scoped) => {
  if (!cfg.IMPORT_BUCKET) return {};
  const region = cfg.AWS_REGION;
  const s3For = perKey(
    async (tenantId) =>
      new (await import('./sdk/s3.ts')).S3Client({ region, credentials: scoped.provider(tenantId) }),
  );
  const lambda = once(async () => new (await import('./sdk/lambda.ts')).LambdaClient({ region }));
  const worker = cfg.IMPORT_WORKER_FUNCTION;
  return {
    importFiles: new S3ImportFiles(cfg.IMPORT_BUCKET, s3For),
    materialFiles: new S3ImportFiles(cfg.IMPORT_BUCKET, s3For, 'materials'),
    ...(worker ? { importRunner: () => new LambdaImportRunner(lambda, worker) } : {}),
  };
};
