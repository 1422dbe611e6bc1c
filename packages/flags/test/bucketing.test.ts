import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bucketOf, compileFlags, evaluate, inRollout } from '../src/index.ts';
import { tenant, tenantIds } from './fixtures.ts';

const ids = tenantIds(10_000);

describe('percentage rollout', () => {
  it.each([1, 10, 30, 50, 75, 99])('puts %i %% of 10 000 synthetic districts in, within ±2 points', (pct) => {
    const share = ids.filter((id) => inRollout('migrant-population', id, pct)).length / ids.length;
    expect(Math.abs(share - pct / 100)).toBeLessThanOrEqual(0.02);
  });

  it('is uniform for any flag key and any id population (30 %, ±2 points)', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
        fc.stringMatching(/^[0-9A-Z]{3}$/),
        (flag, prefix) => {
          const population = tenantIds(10_000, prefix);
          const share = population.filter((id) => inRollout(flag, id, 30)).length / population.length;
          expect(Math.abs(share - 0.3)).toBeLessThanOrEqual(0.02);
        },
      ),
      { numRuns: 25 },
    );
  });

  it('spreads districts evenly over ten bucket deciles (chi-square, 9 d.o.f., p > 0.001)', () => {
    const counts = new Array<number>(10).fill(0);
    for (const id of ids) counts[Math.floor(bucketOf('analytics', id) / 1000)]! += 1;
    const chi2 = counts.reduce((s, c) => s + (c - 1000) ** 2 / 1000, 0);
    expect(chi2).toBeLessThan(27.88);
  });

  it('is monotonic: in at p ⇒ in at every q ≥ p', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 10_000 }),
        (flag, id, a, b) => {
          const [p, q] = a <= b ? [a / 100, b / 100] : [b / 100, a / 100];
          if (inRollout(flag, id, p)) expect(inRollout(flag, id, q)).toBe(true);
        },
      ),
    );
  });

  it('0 % puts no one in and 100 % everyone', () => {
    for (const id of ids.slice(0, 500)) {
      expect(inRollout('x', id, 0)).toBe(false);
      expect(inRollout('x', id, 100)).toBe(true);
    }
  });

  it('is independent across flags (a district in for one flag is not systematically in for another)', () => {
    const a = new Set(ids.filter((id) => inRollout('employment', id, 50)));
    const both = ids.filter((id) => a.has(id) && inRollout('analytics', id, 50)).length;
    expect(Math.abs(both / ids.length - 0.25)).toBeLessThanOrEqual(0.02);
  });

  it('the engine honours the same buckets: growing a rule from 10 % to 20 % only adds districts', () => {
    const def = (pct: number) =>
      compileFlags([
        {
          key: 'sms',
          labels: { zh: '短信', en: 'SMS' },
          kind: 'module',
          rules: [{ id: 'r', percentage: pct }],
        },
      ]);
    const ten = def(10);
    const twenty = def(20);
    const sample = ids.slice(0, 3000);
    const in10 = sample.filter((id) => evaluate(ten, 'sms', tenant({ tenantId: id }), 0).value);
    const in20 = new Set(sample.filter((id) => evaluate(twenty, 'sms', tenant({ tenantId: id }), 0).value));
    expect(in10.length).toBeGreaterThan(200);
    for (const id of in10) expect(in20.has(id)).toBe(true);
    expect(in20.size).toBeGreaterThan(in10.length * 1.6);
  });
});
