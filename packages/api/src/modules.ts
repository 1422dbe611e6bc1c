import { TIER_DEFAULTS } from '@linli/flags';
import type { Tenant } from '@linli/tenancy';

/**
 * Modules of a tenant when no flag set is wired: the tier defaults of DOMAIN.md, the same table
 * (`TIER_DEFAULTS`) the stored flags are seeded from. The API normally evaluates the stored flags
 * instead (see `ApiDeps.modulesFor` and `@linli/rollout`).
 */
export const tierDefaultModules = (tenant: Pick<Tenant, 'tier'>): string[] => [...TIER_DEFAULTS[tenant.tier]];
