export {
  buildLinli,
  configFromContext,
  type LinliAppConfig,
  type LinliStacks,
  parseSiloTenants,
} from './app.ts';
export {
  esbuildVersion,
  lambdaBundling,
  lambdaRuntime,
  lambdaRuntimeFiles,
  loadEsbuild,
  toEsbuildOptions,
} from './bundling.ts';
export { LinliHttpApi } from './constructs/http-api.ts';
export { identityEnvironment, type LinliIdentity } from './constructs/identity.ts';
export { LinliFunction, type LinliFunctionProps } from './constructs/linli-function.ts';
export { LinliTable } from './constructs/table.ts';
export { TENANT_ROUTES, TenantApi } from './constructs/tenant-api.ts';
export {
  LEADING_KEYS_PATTERN,
  leadingKeysCondition,
  TENANT_DATA_ACTIONS,
  TENANT_SESSION_TAG,
  TenantDataAccessRole,
  tenantDataRoleName,
} from './constructs/tenant-data-access.ts';
export { clientAttributes, LinliUserPool } from './constructs/user-pool.ts';
export { functionEntry, functionsDir, repoRoot } from './paths.ts';
export { ControlPlaneStack } from './stacks/control-plane-stack.ts';
export { PooledTenantStack, pooledThrottle, SiloTenantStack } from './stacks/tenant-stacks.ts';
export { API_PATH_PATTERNS, SPA_REWRITE_FUNCTION, WebStack } from './stacks/web-stack.ts';
