export {
  type Actor,
  type ChangeOutcome,
  type DryRunRow,
  type DryRunSummary,
  FlagAdmin,
  type FlagAdminOptions,
} from './admin.ts';
export { ROLLOUT_STATUSES, tenantCacheKey, tenantContextOf } from './context.ts';
export {
  createFlagReader,
  createFlagRuntime,
  type FlagReader,
  type FlagRuntime,
  type FlagRuntimeOptions,
} from './runtime.ts';
export { FlagService, type FlagServiceOptions } from './service.ts';
export {
  type DistrictOverrides,
  type FlagState,
  FlagStore,
  type FlagStoreOptions,
  initialState,
  type PendingChange,
  type PendingStatus,
  type Pointer,
  type VersionEntry,
  versionConflict,
} from './store.ts';
