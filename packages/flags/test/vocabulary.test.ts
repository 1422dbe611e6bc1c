import { TIERS } from '@linli/tables';
import { describe, expect, it } from 'vitest';
import {
  compileFlags,
  defaultModuleFlags,
  enabledKeys,
  evaluateAll,
  MODULE_KEYS,
  MODULES,
  TIER_DEFAULTS,
} from '../src/index.ts';
import { tenant } from './fixtures.ts';

describe('vocabulary', () => {
  it('has the 20 modules of DOMAIN.md, unique, each in a group with both labels', () => {
    expect(MODULE_KEYS).toHaveLength(20);
    expect(new Set(MODULE_KEYS).size).toBe(20);
    for (const m of MODULES) expect(m.labels.zh && m.labels.en && m.group).toBeTruthy();
  });

  it('tiers climb: each tier brings everything the tier below brings; demonstration brings every module', () => {
    for (let i = 1; i < TIERS.length; i++)
      for (const m of TIER_DEFAULTS[TIERS[i - 1] as (typeof TIERS)[number]])
        expect(TIER_DEFAULTS[TIERS[i] as (typeof TIERS)[number]]).toContain(m);
    expect([...TIER_DEFAULTS.demonstration].sort()).toEqual([...MODULE_KEYS].sort());
  });

  it('default module flags give each tier exactly its defaults', () => {
    const set = compileFlags(defaultModuleFlags());
    for (const tier of TIERS)
      expect(enabledKeys(evaluateAll(set, tenant({ tier }), 0)).sort()).toEqual(
        [...TIER_DEFAULTS[tier]].sort(),
      );
  });
});
