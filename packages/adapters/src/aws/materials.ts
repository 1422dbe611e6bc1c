import { perKey } from '../lazy.ts';
import { S3ImportFiles } from './import-files.ts';
import type { AwsExtension } from './runtime.ts';

/**
 * Request materials (the request lifecycle's function, `awsRuntime({ extend: [awsMaterials] })`):
 * uploads in the tenant API's bucket under `t/<tenantId>/materials/`, with the tenant's scoped
 * session. Unlike `awsImports`, no worker to start: no Lambda client in the bundle.
 */
export const awsMaterials: AwsExtension = (cfg, _base, scoped) => {
  if (!cfg.IMPORT_BUCKET) return {};
  const region = cfg.AWS_REGION;
  const s3For = perKey(
    async (tenantId) =>
      new (await import('./sdk/s3.ts')).S3Client({ region, credentials: scoped.provider(tenantId) }),
  );
  return { materialFiles: new S3ImportFiles(cfg.IMPORT_BUCKET, s3For, 'materials') };
};
