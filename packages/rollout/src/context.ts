/** From a registry tenant to what the flag engine evaluates. */
import type { TenantContext } from '@linli/flags';
import type { Tenant } from '@linli/tenancy';

/** Tenants the rollout reaches (dry runs, matrix): not yet deleted or still applying. */
export const ROLLOUT_STATUSES: ReadonlySet<Tenant['status']> = new Set([
  'provisioning',
  'active',
  'suspended',
]);

/** The engine's context of a district: tenant id as targeting key, tier, category, wave, own choices. */
export const tenantContextOf = (
  t: Pick<Tenant, 'id' | 'divisionCode' | 'tier' | 'category' | 'wave'>,
  overrides?: Readonly<Record<string, boolean>>,
): TenantContext => ({
  tenantId: t.id,
  divisionCode: t.divisionCode,
  tier: t.tier,
  category: t.category,
  ...(t.wave ? { wave: t.wave } : {}),
  ...(overrides && Object.keys(overrides).length > 0 ? { overrides: { ...overrides } } : {}),
});

/**
 * Cache key of a tenant's evaluated set: the id plus every attribute a rule may test, so a tenant
 * whose tier, category or wave changes (or a pseudo-tenant of the join wizard) never reads a stale entry.
 */
export const tenantCacheKey = (
  t: Pick<Tenant, 'id' | 'divisionCode' | 'tier' | 'category' | 'wave'>,
): string => {
  const c = t.category;
  return `${t.id}|${t.divisionCode}|${t.tier}|${t.wave ?? ''}|${c.areaType}|${c.development}|${c.migrantShare}|${c.infrastructure}|${c.hardship}`;
};
