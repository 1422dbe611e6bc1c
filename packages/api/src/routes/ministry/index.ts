/**
 * The ministry console's indicator API (`/api/ministry/indicators/*`): the indicator system
 * (versioned definitions, formulas checked before saving), the districts table with composite
 * score and rank, side-by-side, trends, cohorts, the rollout view, "compute now", and waves
 * promoted on evidence. Ministry roles only; every answer is built from aggregates in the control
 * table and registry facts, never from a district's data.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { LinliError } from '@linli/core';
import { addDays, chinaDay, evaluate, median } from '@linli/indicators';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { arrayOf, json, orNull, problems, security } from '../../openapi.ts';
import { audit } from '../flags/shared.ts';
import { registerDefinitionRoutes } from './definitions.ts';
import { registerPromotionRoutes } from './promotions.ts';
import {
  cellAt,
  comparedTenants,
  compiledSet,
  DayView,
  dayView,
  indicatorStore,
  ministryOnly,
  readDayView,
  readSeries,
} from './shared.ts';

const P = '/api/ministry/indicators';
const readProblems = problems([400, 401, 403, 404]);
const tenantIdParam = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);
const dayParam = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const versionParam = z.coerce.number().int().positive().optional();

const TrendView = z
  .object({
    version: z.number().int(),
    from: z.string(),
    to: z.string(),
    codes: arrayOf(z.string()),
    series: arrayOf(
      z.object({
        tenantId: z.string(),
        name: z.string(),
        /**
         * Day by day; `values` aligned with `codes` (a number, or null), `suppressed` the positions
         * withheld by disclosure control ("<5"; the other nulls are "no data").
         */
        points: arrayOf(
          z.object({
            day: z.string(),
            values: arrayOf(orNull(z.number())),
            suppressed: arrayOf(z.number().int().nonnegative()),
            synthetic: z.boolean(),
          }),
        ),
      }),
    ),
  })
  .openapi('IndicatorTrend');

const DIMENSIONS = [
  'tier',
  'wave',
  'province',
  'areaType',
  'development',
  'migrantShare',
  'infrastructure',
  'hardship',
] as const;

const CohortView = z
  .object({
    day: orNull(z.string()),
    version: z.number().int(),
    dimension: z.enum(DIMENSIONS),
    /** The module whose users the cohorts are made of (null: every district). */
    module: z.string().nullable(),
    cohorts: arrayOf(
      z.object({
        value: z.string(),
        districts: z.number().int(),
        meanScore: orNull(z.number()),
        medians: z.record(z.string(), orNull(z.number())),
      }),
    ),
  })
  .openapi('IndicatorCohorts');

const RolloutView = z
  .object({
    day: orNull(z.string()),
    districts: arrayOf(
      z.object({
        id: z.string(),
        name: z.string(),
        tier: z.string(),
        wave: z.string().nullable(),
        enabled: arrayOf(z.string()),
        adopted: arrayOf(z.string()),
      }),
    ),
  })
  .openapi('IndicatorRollout');

export const registerMinistryRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  /**
   * The day's view over every district (stored figures, `readDayView`); with `inUse`, only the
   * districts whose own data shows that module in use (computed from that day's snapshots).
   */
  const view = async (day: string | undefined, version?: number, inUse?: string) => {
    if (!inUse) return readDayView(deps, day, version);
    const store = indicatorStore(deps);
    const set = await compiledSet(deps, version);
    const d = day ?? (await store.latestDay()) ?? null;
    const [tenants, snaps] = await Promise.all([
      comparedTenants(deps),
      d ? store.day(d) : Promise.resolve([]),
    ]);
    const adopted = (id: string) =>
      snaps.find((s) => s.tenantId === id)?.modules?.adopted.includes(inUse ?? '');
    return dayView(
      set,
      d,
      tenants.filter((t) => adopted(t.id)),
      snaps,
    );
  };

  registerDefinitionRoutes(app, deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/table`,
      summary: 'Every district on a day (latest by default): values, composite score, rank, cohort medians',
      security,
      middleware: [permit('indicators:read')] as const,
      request: { query: z.object({ day: dayParam.optional(), version: versionParam }) },
      responses: { 200: json(DayView, 'districts'), ...readProblems },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const q = c.req.valid('query');
      return c.json(await view(q.day, q.version), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/compare`,
      summary: 'Side-by-side of 2–6 districts with the cohort median of every indicator',
      security,
      middleware: [permit('indicators:read')] as const,
      request: {
        query: z.object({
          ids: z
            .string()
            .transform((s) => [...new Set(s.split(',').filter(Boolean))])
            .pipe(z.array(tenantIdParam).min(2).max(6)),
          day: dayParam.optional(),
          version: versionParam,
        }),
      },
      responses: { 200: json(DayView, 'side by side'), ...readProblems },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const q = c.req.valid('query');
      const v = await view(q.day, q.version);
      const rows = q.ids.map((id) => v.districts.find((d) => d.id === id));
      if (rows.some((r) => !r)) throw LinliErrorNotFound();
      return c.json({ ...v, districts: rows as typeof v.districts }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/trend`,
      summary:
        "Districts' indicators day by day (one Query per district, kept until a snapshot is written; a year by default)",
      security,
      middleware: [permit('indicators:read')] as const,
      request: {
        query: z.object({
          ids: z
            .string()
            .transform((s) => [...new Set(s.split(',').filter(Boolean))])
            .pipe(z.array(tenantIdParam).min(1).max(6)),
          codes: z
            .string()
            .transform((s) => s.split(',').filter(Boolean))
            .pipe(z.array(z.string().regex(/^[a-z][a-z0-9_]{1,39}$/)).max(60))
            .optional(),
          from: dayParam.optional(),
          to: dayParam.optional(),
          version: versionParam,
        }),
      },
      responses: { 200: json(TrendView, 'trend'), ...readProblems },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const q = c.req.valid('query');
      const store = indicatorStore(deps);
      const [heads, tenants] = await Promise.all([store.heads(), comparedTenants(deps)]);
      const set = await compiledSet(deps, q.version ?? heads.current);
      const to = q.to ?? heads.day ?? chinaDay(deps.now?.() ?? Date.now());
      const from = q.from ?? addDays(to, -364);
      if (from > to)
        throw new LinliError('VALIDATION_FAILED', 400, {
          zh: '开始日期晚于结束日期',
          en: 'from is after to',
        });
      const codes = q.codes?.length ? q.codes : set.indicators.map((i) => i.code);
      const chosen = set.indicators.filter((i) => codes.includes(i.code));
      const names = new Map(tenants.map((t) => [t.id, t.name]));
      if (q.ids.some((id) => !names.has(id))) throw LinliErrorNotFound();
      const series = await Promise.all(
        q.ids.map(async (id) => {
          const snaps = await readSeries(deps, heads, id, from, to);
          return {
            tenantId: id,
            name: names.get(id)!,
            points: snaps.map((s) => {
              const values: (number | null)[] = [];
              const suppressed: number[] = [];
              chosen.forEach((i, k) => {
                const e = evaluate(i.expr, s.aggregates);
                values.push(e.status === 'ok' ? Math.round(e.value * 100) / 100 : null);
                if (e.status === 'suppressed') suppressed.push(k);
              });
              return { day: s.day, synthetic: !!s.synthetic, values, suppressed };
            }),
          };
        }),
      );
      return c.json({ version: set.version, from, to, codes: chosen.map((i) => i.code), series }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/cohorts`,
      summary: 'Category against category (分类指导): medians and mean score per value of one dimension',
      security,
      middleware: [permit('indicators:read')] as const,
      request: {
        query: z.object({
          dimension: z.enum(DIMENSIONS).default('areaType'),
          day: dayParam.optional(),
          /** Only districts where this module is in use: which category benefits most from it. */
          module: z
            .string()
            .regex(/^[a-z][a-z0-9-]{1,47}$/)
            .optional(),
        }),
      },
      responses: { 200: json(CohortView, 'cohorts'), ...readProblems },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const q = c.req.valid('query');
      const v = await view(q.day, undefined, q.module);
      const keyOf = (d: (typeof v.districts)[number]): string => {
        switch (q.dimension) {
          case 'tier':
            return d.tier;
          case 'wave':
            return d.wave ?? '-';
          case 'province':
            return d.province;
          default:
            return d.category[q.dimension];
        }
      };
      const groups = new Map<string, typeof v.districts>();
      for (const d of v.districts) groups.set(keyOf(d), [...(groups.get(keyOf(d)) ?? []), d]);
      const cohorts = [...groups.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([value, ds]) => {
          const scores = ds.flatMap((d) => (d.score === null ? [] : [d.score]));
          return {
            value,
            districts: ds.length,
            meanScore: scores.length
              ? Math.round((scores.reduce((a, b) => a + b, 0) / scores.length) * 10) / 10
              : null,
            medians: Object.fromEntries(
              v.indicators.map((i, k) => {
                const vs = ds.flatMap((d) => {
                  const x = cellAt(d, k);
                  return x.status === 'ok' ? [x.value] : [];
                });
                const m = median(vs);
                return [i.code, m === null ? null : Math.round(m * 100) / 100];
              }),
            ),
          };
        });
      return c.json(
        { day: v.day, version: v.version, dimension: q.dimension, module: q.module ?? null, cohorts },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/rollout`,
      summary: 'Modules × districts: enabled by the flags against in use in the district (latest snapshot)',
      security,
      middleware: [permit('indicators:read')] as const,
      request: { query: z.object({ day: dayParam.optional() }) },
      responses: { 200: json(RolloutView, 'rollout'), ...readProblems },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const store = indicatorStore(deps);
      const day = c.req.valid('query').day ?? (await store.latestDay()) ?? null;
      const [tenants, snaps] = await Promise.all([
        comparedTenants(deps),
        day ? store.day(day) : Promise.resolve([]),
      ]);
      const byId = new Map(snaps.map((s) => [s.tenantId, s]));
      return c.json(
        {
          day,
          districts: tenants.map((t) => ({
            id: t.id,
            name: t.name,
            tier: t.tier,
            wave: t.wave,
            enabled: [...(byId.get(t.id)?.modules?.enabled ?? deps.modulesFor(t))],
            adopted: [...(byId.get(t.id)?.modules?.adopted ?? [])],
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${P}/compute`,
      summary: "Compute now: every district's snapshot of today, on the application plane",
      security,
      middleware: [permit('indicators:write')] as const,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ tenantIds: z.array(tenantIdParam).max(500).optional() }),
            },
          },
        },
      },
      responses: {
        200: json(
          z
            .object({ day: z.string(), districts: z.number().int(), failed: arrayOf(z.string()) })
            .openapi('IndicatorComputeResult'),
          'computed',
        ),
        ...problems([400, 401, 403, 503]),
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministryOnly(ctx);
      if (!deps.indicatorCollector)
        throw new LinliError('INDICATORS_COLLECTOR_UNAVAILABLE', 503, {
          zh: '指标计算服务未启用',
          en: 'The indicator collector is not configured',
        });
      const body = c.req.valid('json');
      const out = await deps.indicatorCollector.run(body.tenantIds ? { tenantIds: body.tenantIds } : {});
      await audit(deps, ctx, 'indicators.compute', out.day, undefined, {
        districts: out.districts,
        failed: [...out.failed],
      });
      return c.json({ day: out.day, districts: out.districts, failed: [...out.failed] }, 200);
    },
  );

  registerPromotionRoutes(app, deps);
};

const LinliErrorNotFound = () =>
  new LinliError('NOT_FOUND', 404, { zh: '未找到该区县', en: 'No such district' });
