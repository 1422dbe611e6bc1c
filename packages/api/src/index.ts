export { createAwsDeps } from './aws-deps.ts';
export { cognitoUserReader } from './cognito-user.ts';
export { createControlApp } from './control-app.ts';
export type { ApiDeps, CognitoUserInfo, Notifier, OutboxEntry, PublicPool } from './deps.ts';
export { langOf, newApp, problem } from './http.ts';
export { authenticate, permit, requireModule, tenantScope, throttleByTier } from './middleware.ts';
export { tierDefaultModules } from './modules.ts';
export { servicesOf as onboardingServicesOf } from './routes/onboarding-services.ts';
export { createTenantApp } from './tenant-app.ts';
