export { createControlApp } from './control-app.ts';
export type {
  ApiDeps,
  CognitoUserInfo,
  ImportFiles,
  ImportJobEvent,
  ImportRunner,
  IndicatorCollector,
  Notifier,
  OutboxEntry,
  PublicPool,
  TenantDataJobs,
  UploadTarget,
} from './deps.ts';
export { langOf, newApp, problem } from './http.ts';
export { fileMissing, importFileKey, importJobEventSchema, MAX_IMPORT_BYTES } from './import-jobs.ts';
export { authenticate, permit, requireModule, tenantScope, throttleByTier } from './middleware.ts';
export { tierDefaultModules } from './modules.ts';
export { type DistrictPortalView, districtPortal, portalData } from './public-district.ts';
export {
  anonymousLimits,
  type Limiter,
  RATE_RULES,
  RateLimiter,
  type RateLimiterOptions,
  type RateRule,
  sourceAddress,
} from './rate-limit.ts';
export { KEY_AUTH_PATHS } from './routes/channels/paths.ts';
export { servicesOf as onboardingServicesOf } from './routes/onboarding-services.ts';
export { createTenantApp } from './tenant-app.ts';
export { type TenantDataJob, type TenantDataJobResult, tenantDataJobSchema } from './tenant-data-jobs.ts';
