/**
 * What the ministry indicator routes share: the runtime (indicator store, compiled sets cached by
 * version), the ministry check, the view of a day (values, scores, ranks, cohort medians) and the
 * response schemas. Only aggregates and registry facts appear here — never tenant data.
 */
import { z } from '@hono/zod-openapi';
import type { RequestContext } from '@linli/auth';
import { Errors } from '@linli/core';
import {
  type CompiledSet,
  cohortMedians,
  compileSet,
  type Evaluated,
  evaluateAll,
  INDICATOR_GROUPS,
  IndicatorStore,
  type Scored,
  type Snapshot,
  scoreDistricts,
  UNITS,
} from '@linli/indicators';
import type { Tenant } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import { arrayOf, Bilingual, orNull } from '../../openapi.ts';
import { Category, Tier } from '../flags/shared.ts';

export const ministryOnly = (ctx: RequestContext) => {
  if (ctx.kind !== 'ministry') throw Errors.forbidden();
};

const compiled = new Map<number, CompiledSet>();
const stores = new WeakMap<ApiDeps, IndicatorStore>();

export const indicatorStore = (deps: ApiDeps): IndicatorStore => {
  let s = stores.get(deps);
  if (!s) {
    s = new IndicatorStore(deps.doc, deps.controlTable, deps.now);
    stores.set(deps, s);
  }
  return s;
};

/** A definition version, parsed once per process (versions are immutable). */
export const compiledSet = async (deps: ApiDeps, version?: number): Promise<CompiledSet> => {
  const store = indicatorStore(deps);
  const set = version === undefined ? await store.current() : await store.version(version);
  if (!set) throw Errors.notFound({ zh: `指标体系版本 ${version}`, en: `indicator version ${version}` });
  let c = compiled.get(set.version);
  if (!c) {
    c = compileSet(set);
    compiled.set(set.version, c);
  }
  return c;
};

/** Districts the comparison covers: running ones, with their registry facts. */
export const comparedTenants = async (deps: ApiDeps): Promise<Tenant[]> =>
  (await deps.registry.list()).filter((t) => t.status === 'active' || t.status === 'suspended');

// --- schemas -------------------------------------------------------------------------------------

export const Cell = z
  .object({ status: z.enum(['ok', 'suppressed', 'no-data']), value: z.number().optional() })
  .openapi('IndicatorCell');

export const IndicatorDef = z
  .object({
    code: z.string(),
    labels: Bilingual,
    formula: z.string(),
    unit: z.enum(UNITS),
    betterWhen: z.enum(['higher', 'lower']),
    weight: z.number(),
    group: z.enum(INDICATOR_GROUPS),
  })
  .openapi('IndicatorDef');

export const DistrictRow = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    province: z.string(),
    city: z.string(),
    tier: Tier,
    category: Category,
    wave: z.string().nullable(),
    score: orNull(z.number()),
    rank: orNull(z.number().int()),
    coverage: z.number(),
    values: z.record(z.string(), Cell),
    /** Group → mean of the district's scaled indicator scores in the group (0–100), for the radar. */
    groups: z.record(z.string(), orNull(z.number())),
    synthetic: z.boolean(),
    computedAt: orNull(z.string()),
  })
  .openapi('IndicatorDistrictRow');

export const DayView = z
  .object({
    day: orNull(z.string()),
    version: z.number().int(),
    indicators: arrayOf(IndicatorDef),
    medians: z.record(z.string(), orNull(z.number())),
    districts: arrayOf(DistrictRow),
  })
  .openapi('IndicatorDayView');

const cell = (e: Evaluated | undefined): z.infer<typeof Cell> =>
  e?.status === 'ok' ? { status: 'ok', value: e.value } : { status: e?.status ?? 'no-data' };

/** Group scores: per group, the mean of the district's 0–100 scaled values (same scaling as the composite). */
const groupScores = (set: CompiledSet, rows: readonly Scored[]) => {
  const ranges = new Map<string, { lo: number; hi: number }>();
  for (const i of set.indicators) {
    const vs = rows.flatMap((r) => {
      const v = r.values[i.code];
      return v?.status === 'ok' ? [v.value] : [];
    });
    if (vs.length) ranges.set(i.code, { lo: Math.min(...vs), hi: Math.max(...vs) });
  }
  return (r: Scored): Record<string, number | null> =>
    Object.fromEntries(
      INDICATOR_GROUPS.map((g) => {
        const scaled = set.indicators.flatMap((i) => {
          const v = r.values[i.code];
          const range = ranges.get(i.code);
          if (i.group !== g || v?.status !== 'ok' || !range) return [];
          const span = range.hi - range.lo;
          const s = span === 0 ? 100 : ((v.value - range.lo) / span) * 100;
          return [i.betterWhen === 'lower' && span !== 0 ? 100 - s : s];
        });
        return [
          g,
          scaled.length ? Math.round((scaled.reduce((a, b) => a + b, 0) / scaled.length) * 10) / 10 : null,
        ];
      }),
    );
};

/** The view of one day over every district compared (the table; the side-by-side picks rows). */
export const dayView = (
  set: CompiledSet,
  day: string | null,
  tenants: readonly Tenant[],
  snapshots: readonly Snapshot[],
): z.infer<typeof DayView> => {
  const byId = new Map(snapshots.map((s) => [s.tenantId, s]));
  const rows = tenants.map((t) => ({
    tenantId: t.id,
    values: byId.has(t.id) ? evaluateAll(set, byId.get(t.id)!.aggregates) : {},
  }));
  const scored = scoreDistricts(set, rows);
  const groupsOf = groupScores(set, scored);
  const medians = cohortMedians(set, rows);
  return {
    day,
    version: set.version,
    indicators: set.indicators.map(({ expr: _e, ...i }) => i),
    medians,
    districts: tenants.map((t, n) => {
      const s = scored[n]!;
      const snap = byId.get(t.id);
      return {
        id: t.id,
        name: t.name,
        slug: t.slug,
        province: t.province,
        city: t.city,
        tier: t.tier,
        category: t.category,
        wave: t.wave,
        score: s.score,
        rank: s.rank,
        coverage: s.coverage,
        values: Object.fromEntries(set.indicators.map((i) => [i.code, cell(s.values[i.code])])),
        groups: groupsOf(s),
        synthetic: !!snap?.synthetic,
        computedAt: snap?.computedAt ?? null,
      };
    }),
  };
};
