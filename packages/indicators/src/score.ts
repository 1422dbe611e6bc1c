/**
 * From aggregates to what the console shows: each indicator's value for each district, the cohort
 * median, and a composite score with rank.
 *
 * Composite: each indicator is scaled 0–100 across the districts compared (min–max, flipped when
 * lower is better; all equal → 100), then weighted; an indicator without a value for a district
 * (no data, or suppressed) is left out of that district's score and the remaining weights are
 * rescaled, so a missing module does not count as zero. `coverage` says how much of the weight
 * the score rests on.
 */
import type { CompiledSet } from './definitions.ts';
import { type Aggregates, type Evaluated, evaluate } from './expr.ts';

export interface DistrictValues {
  readonly tenantId: string;
  readonly values: Readonly<Record<string, Evaluated>>;
}

export interface Scored extends DistrictValues {
  readonly score: number | null;
  /** Share of the total weight the score rests on (0–1). */
  readonly coverage: number;
  readonly rank: number | null;
}

export const round = (v: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

/** Every indicator of the set over one district's aggregates. */
export const evaluateAll = (set: CompiledSet, aggregates: Aggregates): Record<string, Evaluated> => {
  const out: Record<string, Evaluated> = {};
  for (const i of set.indicators) {
    const r = evaluate(i.expr, aggregates);
    out[i.code] = r.status === 'ok' ? { status: 'ok', value: round(r.value, 2) } : r;
  }
  return out;
};

export const median = (xs: readonly number[]): number | null => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** The cohort median of each indicator over the districts given (values only). */
export const cohortMedians = (
  set: CompiledSet,
  rows: readonly DistrictValues[],
): Record<string, number | null> =>
  Object.fromEntries(
    set.indicators.map((i) => {
      const vs = rows.flatMap((r) => {
        const v = r.values[i.code];
        return v?.status === 'ok' ? [v.value] : [];
      });
      const m = median(vs);
      return [i.code, m === null ? null : round(m, 2)];
    }),
  );

/**
 * Each indicator scaled 0–100 across the districts compared (100 = the best of them; the same value
 * everywhere → 100): what the composite score and the group scores count. Null where a district has
 * no value.
 */
export const scaledValues = (set: CompiledSet, rows: readonly Pick<DistrictValues, 'values'>[]) => {
  const ranges = new Map<string, { lo: number; hi: number }>();
  for (const i of set.indicators) {
    let lo = Number.POSITIVE_INFINITY;
    let hi = Number.NEGATIVE_INFINITY;
    for (const r of rows) {
      const v = r.values[i.code];
      if (v?.status !== 'ok') continue;
      lo = Math.min(lo, v.value);
      hi = Math.max(hi, v.value);
    }
    if (lo <= hi) ranges.set(i.code, { lo, hi });
  }
  return (i: CompiledSet['indicators'][number], v: Evaluated | undefined): number | null => {
    const range = ranges.get(i.code);
    if (v?.status !== 'ok' || !range) return null;
    const span = range.hi - range.lo;
    const s = span === 0 ? 100 : ((v.value - range.lo) / span) * 100;
    return i.betterWhen === 'lower' && span !== 0 ? 100 - s : s;
  };
};

/** Composite score and rank (1 = best; ties share a rank; no score → no rank). */
export const scoreDistricts = (set: CompiledSet, rows: readonly DistrictValues[]): Scored[] => {
  const totalWeight = set.indicators.reduce((s, i) => s + i.weight, 0);
  const scaled = scaledValues(set, rows);
  const scored = rows.map((r): Scored => {
    let sum = 0;
    let w = 0;
    for (const i of set.indicators) {
      const s = i.weight === 0 ? null : scaled(i, r.values[i.code]);
      if (s === null) continue;
      sum += s * i.weight;
      w += i.weight;
    }
    return {
      ...r,
      score: w > 0 ? round(sum / w, 1) : null,
      coverage: totalWeight > 0 ? round(w / totalWeight, 2) : 0,
      rank: null,
    };
  });
  const order = scored
    .filter((s) => s.score !== null)
    .map((s) => s.score!)
    .sort((a, b) => b - a);
  return scored.map((s) => ({ ...s, rank: s.score === null ? null : order.indexOf(s.score) + 1 }));
};
