/*
 * `@linli/adapters/aws`: the runtime every API function starts from. Extensions a few functions
 * add live in their own subpaths so other bundles do not carry their SDK clients:
 * `@linli/adapters/aws/imports` (S3 uploads, the worker invocation) and
 * `@linli/adapters/aws/control-plane` (onboarding, whole-tenant jobs, provisioning steps, lifecycle).
 */
export { createDeps } from '../create-deps.ts';
export { type AwsConfig, apiConfig, controlPlaneConfig } from './config.ts';
export { registryWrappedKeyStore } from './key-store.ts';
export { lambdaHandler } from './lambda.ts';
export { AwsNotifier, type AwsNotifierOptions, toE164 } from './notifier.ts';
export { type AwsExtension, awsRuntime } from './runtime.ts';
