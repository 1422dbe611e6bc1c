import { LinliError } from '@linli/core';
import { describe, expect, it } from 'vitest';
import { AGGREGATE_NAMES } from '../src/aggregates.ts';
import { compileSet, DEFAULT_INDICATORS, validateSet } from '../src/definitions.ts';
import { checkFormula, evaluate, parseFormula, referencedNames, SUPPRESSED } from '../src/expr.ts';
import { cohortMedians, evaluateAll, scoreDistricts } from '../src/score.ts';

const known = new Set(['a', 'b', 'c']);
const val = (src: string, aggs: Record<string, number | 'suppressed' | null>) =>
  evaluate(checkFormula(src, new Set(Object.keys(aggs))), aggs);

describe('formula language', () => {
  it('follows precedence and associativity', () => {
    expect(val('a + b * c', { a: 1, b: 2, c: 3 })).toEqual({ status: 'ok', value: 7 });
    expect(val('(a + b) * c', { a: 1, b: 2, c: 3 })).toEqual({ status: 'ok', value: 9 });
    expect(val('a - b - c', { a: 10, b: 3, c: 2 })).toEqual({ status: 'ok', value: 5 });
    expect(val('a / b / c', { a: 12, b: 3, c: 2 })).toEqual({ status: 'ok', value: 2 });
    expect(val('-a + b', { a: 4, b: 10 })).toEqual({ status: 'ok', value: 6 });
    expect(val('max(a, b, 0.5) - min(a, b) + abs(-c)', { a: 2, b: 7, c: 3 })).toEqual({
      status: 'ok',
      value: 8,
    });
  });

  it('computes the default indicators on hand-computed fixtures', () => {
    const set = compileSet({ version: 1, indicators: DEFAULT_INDICATORS });
    const v = evaluateAll(set, {
      residents: 20000,
      households: 7000,
      verified12m: 15000,
      casesFiled: 400,
      casesOnline: 250,
      casesAssisted: 100,
      casesCounter: 50,
      casesClosed: 300,
      casesClosedOnTime: 285,
      handlingDaysMedian: 4.5,
      rated: 200,
      ratedSatisfied: 190,
      callbacksDue: 10,
      callbacksDone: 8,
      casesPer1000Least: 5,
      casesPer1000Best: 40,
      modulesEnabled: 8,
      modulesAdopted: 6,
      staffActive30d: 30,
    });
    expect(v.records_verified).toEqual({ status: 'ok', value: 75 }); // 15000 / 20000
    expect(v.online_share).toEqual({ status: 'ok', value: 62.5 }); // 250 / 400
    expect(v.assisted_share).toEqual({ status: 'ok', value: 25 }); // 100 / 400
    expect(v.cases_per_1000).toEqual({ status: 'ok', value: 20 }); // 400 / 20000 × 1000
    expect(v.on_time_rate).toEqual({ status: 'ok', value: 95 }); // 285 / 300
    expect(v.handling_days).toEqual({ status: 'ok', value: 4.5 });
    expect(v.satisfaction).toEqual({ status: 'ok', value: 95 }); // 190 / 200
    expect(v.callback_rate).toEqual({ status: 'ok', value: 80 });
    expect(v.rating_coverage).toEqual({ status: 'ok', value: 66.67 }); // 200 / 300
    expect(v.equity_ratio).toEqual({ status: 'ok', value: 12.5 }); // 5 / 40
    expect(v.module_adoption_rate).toEqual({ status: 'ok', value: 75 });
    expect(v.active_staff).toEqual({ status: 'ok', value: 15 }); // 30 / 20000 × 10000
    // sources not built yet: no data, not zero
    expect(v.registration_coverage).toEqual({ status: 'no-data' });
    expect(v.report_prefill).toEqual({ status: 'no-data' });
    expect(v.hotline_reach).toEqual({ status: 'no-data' });
  });

  it('is null-propagating, suppression-propagating, and never divides by zero', () => {
    expect(val('a / b', { a: 1, b: 0 })).toEqual({ status: 'no-data' });
    expect(val('a / b', { a: SUPPRESSED, b: 10 })).toEqual({ status: 'suppressed' });
    expect(val('a / b', { a: SUPPRESSED, b: null })).toEqual({ status: 'suppressed' });
    expect(val('a + b', { a: 1, b: null })).toEqual({ status: 'no-data' });
  });

  it.each([
    ['', /empty/],
    ['a +', /expected a number/],
    ['a + (b', /expected "\)"/],
    ['a b', /unexpected text/],
    ['eval(a)', /no function eval/],
    ['a; process.exit()', /character ";"/],
    ['constructor', /unknown aggregate/],
    ['1 + 2', /must read an aggregate/],
    ['abs(a, b)', /wrong number of arguments/],
    ['a + d', /unknown aggregate: d/],
  ])('refuses %j before it is saved', (src, msg) => {
    let err: unknown;
    try {
      checkFormula(src, known);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LinliError);
    expect((err as LinliError).code).toBe('INDICATOR_FORMULA_INVALID');
    expect((err as LinliError).en).toMatch(msg);
  });

  it('lists what a formula reads and refuses nesting past the limit', () => {
    expect(referencedNames(parseFormula('a / (b + a) * c'))).toEqual(['a', 'b', 'c']);
    expect(() => parseFormula(`${'('.repeat(40)}a${')'.repeat(40)}`)).toThrow(/nested too deeply/);
  });

  it('validates a whole set: the bad formula is named with its field', () => {
    const bad = DEFAULT_INDICATORS.map((i) => (i.code === 'satisfaction' ? { ...i, formula: 'rated /' } : i));
    try {
      validateSet({ indicators: bad });
      expect.unreachable();
    } catch (e) {
      expect((e as LinliError).issues?.[0]?.field).toBe(
        `indicators.${DEFAULT_INDICATORS.findIndex((i) => i.code === 'satisfaction')}.formula`,
      );
    }
    expect(() => validateSet({ indicators: [...DEFAULT_INDICATORS, DEFAULT_INDICATORS[0]!] })).toThrow();
    for (const i of DEFAULT_INDICATORS)
      for (const n of referencedNames(parseFormula(i.formula))) expect(AGGREGATE_NAMES.has(n), n).toBe(true);
    expect(DEFAULT_INDICATORS.length).toBeGreaterThanOrEqual(15);
  });
});

describe('composite score', () => {
  it('scales each indicator across the districts, flips lower-is-better and rescales missing weights', () => {
    const set = compileSet({
      version: 1,
      indicators: [
        {
          code: 'up',
          labels: { zh: '上', en: 'up' },
          formula: 'residents',
          unit: 'percent',
          betterWhen: 'higher',
          weight: 3,
          group: 'service',
        },
        {
          code: 'down',
          labels: { zh: '下', en: 'down' },
          formula: 'households',
          unit: 'days',
          betterWhen: 'lower',
          weight: 1,
          group: 'efficiency',
        },
      ],
    });
    const rows = [
      { tenantId: 'X', values: evaluateAll(set, { residents: 90, households: 2 }) },
      { tenantId: 'Y', values: evaluateAll(set, { residents: 60, households: 6 }) },
      { tenantId: 'Z', values: evaluateAll(set, { residents: 80, households: null }) },
    ];
    const s = scoreDistricts(set, rows);
    // X: up 100, down 100 → 100. Y: up 0, down 0 → 0. Z: up (80−60)/30 = 66.7, down missing → 66.7.
    expect(s.map((r) => [r.tenantId, r.score, r.rank, r.coverage])).toEqual([
      ['X', 100, 1, 1],
      ['Y', 0, 3, 1],
      ['Z', 66.7, 2, 0.75],
    ]);
    expect(cohortMedians(set, rows)).toEqual({ up: 80, down: 4 });
  });
});
