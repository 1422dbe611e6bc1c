export {
  type AuditEntry,
  appendControlAudit,
  appendTenantAudit,
  auditItem,
  auditOp,
  type Channel,
  countAudits,
} from './audit.ts';
export { queryEveryPage, withoutKeys } from './control-table.ts';
export {
  ScopedCredentials,
  TENANT_DATA_ACTIONS,
  TENANT_KEY_ACTIONS,
  TENANT_OBJECT_ACTIONS,
  tenantObjectPrefix,
  tenantSessionPolicy,
} from './credentials.ts';
export { CursorSigner } from './cursor.ts';
export { sk, type TenantKeys, tenantKeys, tenantPrefix } from './keys.ts';
export {
  type Category,
  categorySchema,
  type MemberKind,
  type Membership,
  type Scope,
  scopeSchema,
  slugFor,
  TENANT_STATUSES,
  type Tenant,
  type TenantStatus,
  tenantIdSchema,
  tenantSchema,
} from './model.ts';
export {
  confirmSiloMove,
  countTenantItems,
  moveTenantToSilo,
  type SiloMoveResult,
  scanTenantItems,
} from './ops/silo-move.ts';
export {
  type CommunityRecord,
  importOrg,
  listCommunities,
  listStreets,
  orgPk,
  type StreetRecord,
} from './org.ts';
export { controlKeys, type NewTenant, TenantRegistry } from './registry.ts';
export {
  type IndexName,
  type Item,
  type Page,
  type QueryOptions,
  TenantStore,
  type TenantStoreOptions,
  type TransactOp,
} from './store.ts';
export { TenantStores } from './stores.ts';
