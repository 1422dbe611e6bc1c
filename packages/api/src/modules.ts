import { Errors } from '@linli/core';
import { MODULES, TIER_DEFAULTS } from '@linli/flags';
import type { Tenant } from '@linli/tenancy';

/**
 * Modules of a tenant when no flag set is wired: the tier defaults of DOMAIN.md, the same table
 * (`TIER_DEFAULTS`) the stored flags are seeded from. The API normally evaluates the stored flags
 * instead (see `ApiDeps.modulesFor` and `@linli/rollout`).
 */
export const tierDefaultModules = (tenant: Pick<Tenant, 'tier'>): string[] => [...TIER_DEFAULTS[tenant.tier]];

/** 404 MODULE_NOT_ENABLED naming the module as the people reading it call it (文化教育体育, not its key). */
export const moduleNotEnabled = (key: string) =>
  Errors.moduleNotEnabled(MODULES.find((m) => m.key === key)?.labels ?? { zh: key, en: key });
