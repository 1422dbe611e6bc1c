/** Starting flag definitions for the modules: on for the tiers that bring them by default. */
import type { FlagDefinitionInput } from './schema.ts';
import { MODULES, type ModuleKey, tiersBringing } from './vocabulary.ts';

/** One `module` flag per module; rule `tier-default` turns it on for the tiers of `TIER_DEFAULTS`. */
export const defaultModuleFlags = (): FlagDefinitionInput[] =>
  MODULES.map((m) => {
    const tiers = tiersBringing(m.key as ModuleKey);
    return {
      key: m.key,
      labels: { ...m.labels },
      kind: 'module',
      rules:
        tiers.length > 0 ? [{ id: 'tier-default', conditions: [{ attribute: 'tier', values: tiers }] }] : [],
      default: 'off',
    };
  });
