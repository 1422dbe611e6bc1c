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
  type IndicatorHeads,
  IndicatorStore,
  type Scored,
  type Snapshot,
  scaledValues,
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

const compiledByDeps = new WeakMap<ApiDeps, Map<number, CompiledSet>>();
const stores = new WeakMap<ApiDeps, IndicatorStore>();

export const indicatorStore = (deps: ApiDeps): IndicatorStore => {
  let s = stores.get(deps);
  if (!s) {
    s = new IndicatorStore(deps.doc, deps.controlTable, deps.now);
    stores.set(deps, s);
  }
  return s;
};

/** A definition version, read and parsed once per process (versions are immutable). */
export const compiledSet = async (deps: ApiDeps, version?: number): Promise<CompiledSet> => {
  let compiled = compiledByDeps.get(deps);
  if (!compiled) {
    compiled = new Map();
    compiledByDeps.set(deps, compiled);
  }
  const known = version === undefined ? undefined : compiled.get(version);
  if (known) return known;
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

/**
 * One district of a day's view. Compact on purpose (300 districts × 17 indicators is the table):
 * `values` is aligned with the view's `indicators` — a number, or null when there is no value to
 * show; `suppressed` lists the positions whose null is a count withheld by disclosure control
 * (shown as "<5", never as 0), the other nulls being "no data". `groups` is aligned with the
 * view's `groups` (the radar).
 */
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
    values: arrayOf(orNull(z.number())),
    suppressed: arrayOf(z.number().int().nonnegative()),
    /** Per group of `groups`: the mean of the district's scaled indicator scores (0–100). */
    groups: arrayOf(orNull(z.number())),
    synthetic: z.boolean(),
    computedAt: orNull(z.string()),
  })
  .openapi('IndicatorDistrictRow');

export const DayView = z
  .object({
    day: orNull(z.string()),
    version: z.number().int(),
    indicators: arrayOf(IndicatorDef),
    /** The groups the rows' `groups` are aligned with. */
    groups: arrayOf(z.enum(INDICATOR_GROUPS)),
    medians: z.record(z.string(), orNull(z.number())),
    districts: arrayOf(DistrictRow),
  })
  .openapi('IndicatorDayView');

type Row = z.infer<typeof DistrictRow>;
type View = z.infer<typeof DayView>;

/** A district's figures of a day (no registry facts): what a stored day view keeps. */
export interface Figures {
  readonly id: string;
  readonly score: number | null;
  readonly rank: number | null;
  readonly coverage: number;
  readonly values: (number | null)[];
  readonly suppressed: number[];
  readonly groups: (number | null)[];
  readonly synthetic: boolean;
  readonly computedAt: string | null;
}

export interface DayFigures {
  readonly medians: Record<string, number | null>;
  readonly districts: readonly Figures[];
}

/** Group scores: per group, the mean of the district's 0–100 scaled values (same scaling as the composite). */
const groupScores = (set: CompiledSet, rows: readonly Scored[]) => {
  const scaled = scaledValues(set, rows);
  const byGroup = INDICATOR_GROUPS.map((g) => set.indicators.filter((i) => i.group === g));
  return (r: Scored): (number | null)[] =>
    byGroup.map((inGroup) => {
      let sum = 0;
      let n = 0;
      for (const i of inGroup) {
        const s = scaled(i, r.values[i.code]);
        if (s === null) continue;
        sum += s;
        n++;
      }
      return n ? Math.round((sum / n) * 10) / 10 : null;
    });
};

/**
 * Every compared district's figures of one day under one version: values, composite score and
 * rank, group scores, cohort medians. The costly part of a view (~5,000 formula evaluations for
 * 300 districts), computed once per snapshot change and kept (`readDayView`).
 */
export const dayFigures = (
  set: CompiledSet,
  tenants: readonly Pick<Tenant, 'id'>[],
  snapshots: readonly Snapshot[],
): DayFigures => {
  const byId = new Map(snapshots.map((s) => [s.tenantId, s]));
  const rows = tenants.map((t) => {
    const snap = byId.get(t.id);
    return { tenantId: t.id, values: snap ? evaluateAll(set, snap.aggregates) : {} };
  });
  const scored = scoreDistricts(set, rows);
  const groupsOf = groupScores(set, scored);
  return {
    medians: cohortMedians(set, rows),
    districts: tenants.map((t, n) => {
      const s = scored[n]!;
      const snap = byId.get(t.id);
      const values: (number | null)[] = [];
      const suppressed: number[] = [];
      set.indicators.forEach((i, k) => {
        const e: Evaluated | undefined = s.values[i.code];
        values.push(e?.status === 'ok' ? e.value : null);
        if (e?.status === 'suppressed') suppressed.push(k);
      });
      return {
        id: t.id,
        score: s.score,
        rank: s.rank,
        coverage: s.coverage,
        values,
        suppressed,
        groups: groupsOf(s),
        synthetic: !!snap?.synthetic,
        computedAt: snap?.computedAt ?? null,
      };
    }),
  };
};

/** The view as answered: the figures with each district's registry facts. */
export const assembleView = (
  set: CompiledSet,
  day: string | null,
  tenants: readonly Tenant[],
  figures: DayFigures,
): View => {
  const byId = new Map(figures.districts.map((f) => [f.id, f]));
  return {
    day,
    version: set.version,
    indicators: set.indicators.map(({ expr: _e, ...i }) => i),
    groups: [...INDICATOR_GROUPS],
    medians: figures.medians,
    districts: tenants.map((t): Row => {
      const f = byId.get(t.id)!;
      return {
        id: t.id,
        name: t.name,
        slug: t.slug,
        province: t.province,
        city: t.city,
        tier: t.tier,
        category: t.category,
        wave: t.wave,
        score: f.score,
        rank: f.rank,
        coverage: f.coverage,
        values: f.values,
        suppressed: f.suppressed,
        groups: f.groups,
        synthetic: f.synthetic,
        computedAt: f.computedAt,
      };
    }),
  };
};

/** The view of one day over the districts given, computed from the snapshots (no stored view). */
export const dayView = (
  set: CompiledSet,
  day: string | null,
  tenants: readonly Tenant[],
  snapshots: readonly Snapshot[],
): View => assembleView(set, day, tenants, dayFigures(set, tenants, snapshots));

/** A cell of a row as the rules read it: a value, suppressed ("<5"), or no data. */
export const cellAt = (row: Pick<Row, 'values' | 'suppressed'>, k: number): Evaluated => {
  const v = row.values[k];
  if (typeof v === 'number') return { status: 'ok', value: v };
  return row.suppressed.includes(k) ? { status: 'suppressed' } : { status: 'no-data' };
};

/**
 * A stamp younger than this is not trusted for a stored view: DynamoDB's GSI (the day's
 * snapshots) may not show the write yet, so its figures are computed but not kept.
 */
const SETTLE_MS = 2_000;
const cached = new WeakMap<ApiDeps, Map<string, { stamp: string; tenants: string; figures: DayFigures }>>();

/**
 * The view of a day (latest by default) over every compared district, as fast as the snapshots
 * allow: one BatchGet (latest day, current version, snapshot stamp) beside the registry's Query,
 * then the day's stored figures (one GetItem; none when this process computed or read them for
 * the same stamp). Only when snapshots were written since (or the districts compared changed) are the
 * day's snapshots queried and the figures recomputed and stored again.
 */
export const readDayView = async (deps: ApiDeps, dayArg?: string, version?: number): Promise<View> => {
  const store = indicatorStore(deps);
  const [heads, tenants] = await Promise.all([store.heads(), comparedTenants(deps)]);
  const set = await compiledSet(deps, version ?? heads.current);
  const day = dayArg ?? heads.day ?? null;
  if (!day) return assembleView(set, null, tenants, dayFigures(set, tenants, []));
  const ids = tenants.map((t) => t.id).join(',');
  const key = `${day}|${set.version}`;
  let memo = cached.get(deps);
  if (!memo) {
    memo = new Map();
    cached.set(deps, memo);
  }
  const valid = (v: { stamp: string; tenants: string } | undefined) =>
    !!v && !!heads.stamp && v.stamp === heads.stamp && v.tenants === ids;
  const inMemory = memo.get(key);
  if (valid(inMemory)) return assembleView(set, day, tenants, inMemory!.figures);
  const stored = heads.stamp ? await store.getDayView(day, set.version) : undefined;
  if (valid(stored)) {
    const figures = JSON.parse(stored!.body) as DayFigures;
    memo.set(key, { stamp: stored!.stamp, tenants: ids, figures });
    return assembleView(set, day, tenants, figures);
  }
  const figures = dayFigures(set, tenants, await store.day(day));
  const age = (deps.now?.() ?? Date.now()) - (heads.stampAt ?? 0);
  if (heads.stamp && !(age >= 0 && age < SETTLE_MS)) {
    const body = JSON.stringify(figures);
    memo.set(key, { stamp: heads.stamp, tenants: ids, figures });
    // DynamoDB's item limit is 400 KB; a larger day (thousands of districts) is computed each time.
    if (body.length < 350_000)
      await store.putDayView(day, set.version, { stamp: heads.stamp, tenants: ids, body });
  }
  return assembleView(set, day, tenants, figures);
};

type SeriesPoint = Pick<Snapshot, 'day' | 'aggregates' | 'synthetic'>;
const series = new WeakMap<ApiDeps, Map<string, { stamp: string; points: SeriesPoint[] }>>();
/** District-ranges kept per process (a year of one district is ~150 KB of aggregates). */
const SERIES_KEPT = 64;

/**
 * One district's snapshots between two days (a trend), kept in memory for the snapshot stamp they
 * were read at: a trend read again (another indicator, another analyst on a warm function) is not
 * queried again until a snapshot is written; a stamp younger than 2 s is not trusted (as for the
 * day view).
 */
export const readSeries = async (
  deps: ApiDeps,
  heads: IndicatorHeads,
  tenantId: string,
  from: string,
  to: string,
): Promise<SeriesPoint[]> => {
  let memo = series.get(deps);
  if (!memo) {
    memo = new Map();
    series.set(deps, memo);
  }
  const key = `${tenantId}|${from}|${to}`;
  const hit = memo.get(key);
  if (hit && heads.stamp && hit.stamp === heads.stamp) return hit.points;
  const points = await indicatorStore(deps).series(tenantId, from, to);
  const age = (deps.now?.() ?? Date.now()) - (heads.stampAt ?? 0);
  if (heads.stamp && !(age >= 0 && age < SETTLE_MS)) {
    memo.delete(key);
    memo.set(key, { stamp: heads.stamp, points });
    if (memo.size > SERIES_KEPT) memo.delete(memo.keys().next().value!);
  }
  return points;
};
