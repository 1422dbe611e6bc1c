import { LinliError } from '@linli/core';
import { describe, expect, it } from 'vitest';
import {
  applyDueChanges,
  applyPlan,
  bucketOf,
  compileFlags,
  defaultModuleFlags,
  evaluate,
  type FlagDefinition,
  flagDefinitionSchema,
  MIN_JUSTIFICATION,
  promoteWave,
  type RolloutPlanInput,
  thresholdGuard,
} from '../src/index.ts';
import { at, tenant, tenantIds } from './fixtures.ts';

/**
 * The example: pilots first (wave 1), then "standard-tier districts with a high migrant
 * share get the migrant-population module in wave 2, starting 1 March", then half of the remaining
 * standard districts in wave 3.
 */
const plan: RolloutPlanInput = {
  flagKey: 'migrant-population',
  waves: [
    {
      id: 'wave-1',
      cohort: [{ attribute: 'wave', values: ['wave-1'] }],
      startsAt: '2027-01-01T00:00:00+08:00',
    },
    {
      id: 'wave-2',
      cohort: [
        { attribute: 'tier', values: ['standard'] },
        { attribute: 'migrantShare', values: ['high'] },
      ],
      startsAt: '2027-03-01T00:00:00+08:00',
    },
    {
      id: 'wave-3',
      cohort: [{ attribute: 'tier', values: ['standard'] }],
      startsAt: '2027-06-01T00:00:00+08:00',
      percentage: 50,
    },
  ],
};
const why = '第1批试点运行三个月，投诉率低于阈值，申请推开。';
const migrantDef = (): FlagDefinition =>
  flagDefinitionSchema.parse(defaultModuleFlags().find((f) => f.key === 'migrant-population'));

const promoteAll = (p: RolloutPlanInput, upTo: number) => {
  let out = p;
  for (let i = 0; i <= upTo; i++)
    out = promoteWave(out, i, { confirmedBy: 'admin-li', justification: why, now: 0 });
  return out;
};

describe('three-wave, category-guided rollout of migrant-population', () => {
  const set = compileFlags([applyPlan(migrantDef(), promoteAll(plan, 2))]);
  const pilot = tenant({ tenantId: 'pilot', wave: 'wave-1', tier: 'basic' });
  const stdHigh = tenant({ tenantId: 'std-high', wave: 'wave-2', category: { migrantShare: 'high' } });
  const stdNormal = tenant({ tenantId: 'std-normal', wave: 'wave-2' });
  const ev = (t: typeof pilot, iso: string) => evaluate(set, 'migrant-population', t, at(iso));

  it('pilots get it from 1 January', () => {
    expect(ev(pilot, '2026-12-31T23:59:59+08:00').value).toBe(false);
    expect(ev(pilot, '2027-01-01T00:00:00+08:00')).toMatchObject({ value: true, ruleId: 'plan:wave-1' });
  });

  it('standard districts with a high migrant share get it in wave 2 from 1 March, with the reason', () => {
    expect(ev(stdHigh, '2027-02-28T23:59:59+08:00')).toMatchObject({ value: false, reason: 'DEFAULT' });
    const r = ev(stdHigh, '2027-03-01T00:00:00+08:00');
    expect(r).toMatchObject({ value: true, reason: 'TARGETING_MATCH', ruleId: 'plan:wave-2' });
    expect(r.detail.zh).toBe('标准版且外来人口较多 → 第2批 2027年3月1日起');
    expect(r.detail.en).toBe('Standard and high migrant share → wave 2 from 1 Mar 2027');
  });

  it('standard districts with a normal migrant share wait for wave 3 and then half get it (SPLIT)', () => {
    expect(ev(stdNormal, '2027-03-02T00:00:00+08:00').value).toBe(false);
    const ids = tenantIds(2000);
    const on = ids.filter((id) => ev({ ...stdNormal, tenantId: id }, '2027-06-01T00:00:00+08:00').value);
    expect(Math.abs(on.length / ids.length - 0.5)).toBeLessThan(0.04);
    for (const id of on) expect(bucketOf('migrant-population', id)).toBeLessThan(5000);
    expect(ev({ ...stdNormal, tenantId: on[0] as string }, '2027-06-01T00:00:00+08:00').reason).toBe('SPLIT');
  });

  it('demonstration districts keep their tier default', () => {
    expect(ev(tenant({ tier: 'demonstration', wave: 'wave-3' }), '2027-01-15T00:00:00+08:00')).toMatchObject({
      value: true,
      ruleId: 'tier-default',
    });
  });

  it('a wave not yet promoted reaches no one', () => {
    const partial = compileFlags([applyPlan(migrantDef(), promoteAll(plan, 0))]);
    expect(evaluate(partial, 'migrant-population', stdHigh, at('2027-04-01T00:00:00+08:00')).value).toBe(
      false,
    );
  });
});

describe('guarded promotion', () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof LinliError) return e.code;
      throw e;
    }
    return 'accepted';
  };

  it('requires a written justification of at least MIN_JUSTIFICATION characters without a guard', () => {
    expect(refusal(() => promoteWave(plan, 0, { confirmedBy: 'a', justification: 'ok', now: 0 }))).toBe(
      'PROMOTION_REFUSED',
    );
    expect(
      refusal(() =>
        promoteWave(plan, 0, { confirmedBy: 'a', justification: 'x'.repeat(MIN_JUSTIFICATION), now: 0 }),
      ),
    ).toBe('accepted');
  });

  it('refuses a wave whose previous wave is not promoted, and a second promotion', () => {
    expect(refusal(() => promoteWave(plan, 1, { confirmedBy: 'a', justification: why, now: 0 }))).toBe(
      'PROMOTION_REFUSED',
    );
    expect(
      refusal(() => promoteWave(promoteAll(plan, 0), 0, { confirmedBy: 'a', justification: why, now: 0 })),
    ).toBe('PROMOTION_REFUSED');
  });

  it('with a guard, checks the previous wave’s indicators against thresholds', () => {
    const guard = thresholdGuard({ adoption: { gte: 0.6 }, complaintRate: { lte: 0.02 } });
    const p = promoteAll(plan, 0);
    expect(
      refusal(() =>
        promoteWave(p, 1, {
          confirmedBy: 'a',
          now: 0,
          guard,
          indicators: { adoption: 0.5, complaintRate: 0.01 },
        }),
      ),
    ).toBe('PROMOTION_REFUSED');
    expect(
      refusal(() => promoteWave(p, 1, { confirmedBy: 'a', now: 0, guard, indicators: { adoption: 0.7 } })),
    ).toBe('PROMOTION_REFUSED');
    const ok = promoteWave(p, 1, {
      confirmedBy: 'admin-wang',
      now: at('2027-02-20T10:00:00+08:00'),
      guard,
      indicators: { adoption: 0.7, complaintRate: 0.01 },
    });
    expect(ok.waves[1]?.promotion).toEqual({
      confirmedBy: 'admin-wang',
      at: '2027-02-20T02:00:00.000Z',
      indicators: { adoption: 0.7, complaintRate: 0.01 },
    });
    expect(plan.waves[1]).not.toHaveProperty('promotion');
  });
});

describe('applyDueChanges', () => {
  const defs = { version: 3, flags: [migrantDef()] };
  const changes = [
    {
      id: 'c2',
      flagKey: 'migrant-population',
      at: '2027-03-01T00:00:00+08:00',
      change: { type: 'set-rollout', percentage: 20 },
    },
    {
      id: 'c1',
      flagKey: 'migrant-population',
      at: '2027-02-01T00:00:00+08:00',
      change: { type: 'set-rollout', percentage: 10 },
    },
    {
      id: 'c3',
      flagKey: 'migrant-population',
      at: '2027-04-01T00:00:00+08:00',
      change: { type: 'set-enabled', enabled: false },
    },
  ] as const;

  it('applies exactly the changes due, oldest first, and bumps the version', () => {
    const r = applyDueChanges(defs, changes, at('2027-03-15T00:00:00+08:00'));
    expect(r.applied.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(r.pending.map((c) => c.id)).toEqual(['c3']);
    expect(r.set.version).toBe(4);
    expect(r.set.flags[0]?.rollout).toEqual({ percentage: 20, serve: 'on' });
    expect(r.set.flags[0]?.enabled).toBe(true);
  });

  it('changes nothing before the first is due', () => {
    const r = applyDueChanges(defs, changes, at('2027-01-01T00:00:00+08:00'));
    expect(r.applied).toEqual([]);
    expect(r.set.version).toBe(3);
  });

  it('can schedule a plan', () => {
    const r = applyDueChanges(
      defs,
      [
        {
          id: 'p',
          flagKey: 'migrant-population',
          at: '2027-01-01T00:00:00+08:00',
          change: { type: 'apply-plan', plan: promoteAll(plan, 1) },
        },
      ],
      at('2027-01-02T00:00:00+08:00'),
    );
    expect(r.set.flags[0]?.rules.map((x) => x.id)).toEqual(['plan:wave-1', 'plan:wave-2', 'tier-default']);
  });
});
