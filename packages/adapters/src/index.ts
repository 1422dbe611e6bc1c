/**
 * `@linli/adapters`: everything that talks to AWS or stands in for it locally, behind the ports
 * `@linli/api` declares (`deps.ts`). The runtimes live in subpaths so a Lambda bundle never carries
 * the local ones: `@linli/adapters/aws` (`awsRuntime`, the notifier on SNS/SES, S3 uploads, the KMS
 * key store, the Lambda runners) and `@linli/adapters/local` (`localRuntime`, the development
 * outbox, the upload folder, the key file, in-process runners).
 */
export { cognitoUserReader } from './cognito-user.ts';
export { type AdapterRuntime, createDeps } from './create-deps.ts';
export {
  type ImportOutcome,
  type ImportWorkerDeps,
  InProcessImportRunner,
  type RunOptions,
  runQueuedImport,
  runTenantDataJob,
} from './jobs.ts';
