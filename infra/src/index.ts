export {
  buildLinli,
  configFromContext,
  type LinliAppConfig,
  type LinliStacks,
  parseSiloTenants,
} from './app.ts';
export {
  type BundleResult,
  bundleFunction,
  bundleTarget,
  esbuildOptions,
  esbuildVersion,
  type LambdaFunctionName,
  type LambdaFunctionSpec,
  lambdaFunctions,
  lambdaRuntimeFiles,
  loadEsbuild,
  ROUTE_GROUPS,
  type RouteGroup,
  routeGroupsPlugin,
  sdkUnreachablePlugin,
  zodStubsPlugin,
} from './bundling.ts';
export {
  ANONYMOUS_PATH_PREFIXES,
  ANONYMOUS_ROUTE_THROTTLES,
  CloudFrontAbuseAcl,
  UserPoolAbuseAcl,
  WAF_RATE_LIMITS,
} from './constructs/abuse-limits.ts';
export { LinliHttpApi } from './constructs/http-api.ts';
export { identityEnvironment, type LinliIdentity } from './constructs/identity.ts';
export {
  IMPORT_UPLOAD_CORS_HEADERS,
  IMPORT_UPLOAD_EXPIRY,
  ImportUploads,
  type ImportUploadsProps,
} from './constructs/import-uploads.ts';
export { LinliFunction, type LinliFunctionProps, lambdaRuntime } from './constructs/linli-function.ts';
export { Notify, type NotifyProps } from './constructs/notify.ts';
export {
  PROVISIONING_COGNITO_ACTIONS,
  PROVISIONING_STEPS,
  PROVISIONING_TENANT_ACTIONS,
  Provisioning,
  type ProvisioningProps,
  SILO_PENDING_RETRY,
  STEP_RETRY,
  tenantTablesArn,
} from './constructs/provisioning.ts';
export { LinliTable } from './constructs/table.ts';
export {
  FLAGS_PARTITION,
  IDEMPOTENCY_ACTIONS,
  IMPORT_IDEMPOTENCY_PARTITION,
  IMPORT_WORKER_MEMORY_MB,
  IMPORT_WORKER_TIMEOUT,
  INDICATOR_PARTITIONS,
  importWorkerName,
  TENANT_API_CONTROL_READ_ACTIONS,
  TENANT_API_FLAG_WRITE_ACTIONS,
  TENANT_GROUP_FUNCTIONS,
  TENANT_ROUTES,
  TenantApi,
  WRAPPED_KEY_ATTRIBUTES,
} from './constructs/tenant-api.ts';
export {
  LEADING_KEYS_PATTERN,
  leadingKeysCondition,
  TENANT_DATA_ACTIONS,
  TENANT_KEY_ACTIONS,
  TENANT_OBJECT_ACTIONS,
  TENANT_OBJECT_KEY_PATTERN,
  TENANT_SESSION_TAG,
  TenantDataAccessRole,
  tenantDataRoleName,
} from './constructs/tenant-data-access.ts';
export { clientAttributes, LinliUserPool } from './constructs/user-pool.ts';
export { functionEntry, functionsDir, repoRoot } from './paths.ts';
export {
  CONTROL_API_COGNITO_ACTIONS,
  ControlPlaneStack,
  LIFECYCLE_TENANT_ACTIONS,
  PORTAL_ROUTE,
  PUBLIC_TENANT_PARTITIONS,
} from './stacks/control-plane-stack.ts';
export { PooledTenantStack, pooledThrottle, SiloTenantStack } from './stacks/tenant-stacks.ts';
export { WAF_REGION, WafStack, type WafStackProps, webAclParameterName } from './stacks/waf-stack.ts';
export {
  API_PATH_PATTERNS,
  importUploadOrigin,
  KIOSK_PATH_PATTERN,
  OPEN311_PATH_PATTERN,
  PORTAL_PATH_PATTERN,
  SPA_REWRITE_FUNCTION,
  WebStack,
} from './stacks/web-stack.ts';
