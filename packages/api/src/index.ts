export { createAwsDeps } from './aws-deps.ts';
export { AwsNotifier, type AwsNotifierOptions, toE164 } from './aws-notifier.ts';
export { cognitoUserReader } from './cognito-user.ts';
export { createControlApp } from './control-app.ts';
export type { ApiDeps, CognitoUserInfo, Notifier, OutboxEntry, PublicPool } from './deps.ts';
export { langOf, newApp, problem } from './http.ts';
export {
  type ImportFiles,
  type ImportJobEvent,
  type ImportRunner,
  InProcessImportRunner,
  importFileKey,
  LambdaImportRunner,
  MAX_IMPORT_BYTES,
  runQueuedImport,
  type UploadTarget,
} from './import-jobs.ts';
export { authenticate, permit, requireModule, tenantScope, throttleByTier } from './middleware.ts';
export { tierDefaultModules } from './modules.ts';
export { servicesOf as onboardingServicesOf } from './routes/onboarding-services.ts';
export { createTenantApp } from './tenant-app.ts';
export {
  LambdaTenantDataJobs,
  runTenantDataJob,
  type TenantDataJob,
  type TenantDataJobResult,
  type TenantDataJobs,
  tenantDataJobSchema,
} from './tenant-data-jobs.ts';
