/** The flag console's overviews: the flag list, the districts × modules matrix, the history. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { CATEGORY_DIMENSION_KEYS, MODULES } from '@linli/flags';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { arrayOf, json, security } from '../../openapi.ts';
import {
  FlagList,
  FlagMatrix,
  flagProblems,
  ministry,
  PendingChange,
  runtime,
  VersionEntry,
} from './shared.ts';

const matrixQuery = z.object({
  tier: z.enum(['basic', 'standard', 'demonstration']).optional(),
  wave: z.string().max(40).optional(),
  areaType: z.string().max(40).optional(),
  development: z.string().max(40).optional(),
  migrantShare: z.string().max(40).optional(),
  infrastructure: z.string().max(40).optional(),
  hardship: z.string().max(40).optional(),
});

const FlagHistory = z
  .object({ versions: arrayOf(VersionEntry), decisions: arrayOf(PendingChange) })
  .openapi('FlagHistory');

export const registerFlagOverviewRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags',
      summary: 'Flag definitions with their plans, how many districts have each, pending approvals',
      security,
      middleware: [permit('flags:read')] as const,
      responses: { 200: json(FlagList), ...flagProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'));
      const { service, admin, store } = runtime(deps);
      await service.refresh(); // the console edits what is stored now: one pointer read
      const state = service.state;
      const districts = await admin.districts();
      const on = new Map<string, number>();
      for (const t of districts)
        for (const [k, e] of Object.entries(service.evaluated(t).flags))
          if (e.value) on.set(k, (on.get(k) ?? 0) + 1);
      const groups = new Map(MODULES.map((m) => [m.key, m.group]));
      return c.json(
        {
          version: state.version,
          districtCount: districts.length,
          threshold: admin.threshold,
          pending: (await store.listPending()).length,
          flags: state.set.flags.map((f) => ({
            key: f.key,
            labels: f.labels,
            kind: f.kind,
            group: groups.get(f.key) ?? null,
            enabled: f.enabled,
            rules: f.rules.length,
            prerequisites: f.prerequisites,
            districtOverride: f.districtOverride ?? null,
            hasPlan: state.plans[f.key] !== undefined,
            scheduled: state.schedule.filter((s) => s.flagKey === f.key).length,
            onCount: on.get(f.key) ?? 0,
          })),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags/matrix',
      summary: 'Districts × modules: on/off with reason and tooltip, filterable by tier, category, wave',
      security,
      middleware: [permit('flags:read')] as const,
      request: { query: matrixQuery },
      responses: { 200: json(FlagMatrix), ...flagProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'));
      const q = c.req.valid('query');
      const { service, admin } = runtime(deps);
      await service.refresh(); // the console edits what is stored now: one pointer read
      const districts = (await admin.districts()).filter(
        (t) =>
          (!q.tier || t.tier === q.tier) &&
          (!q.wave || t.wave === q.wave) &&
          CATEGORY_DIMENSION_KEYS.every((d) => !q[d] || t.category[d] === q[d]),
      );
      return c.json(
        {
          version: service.version,
          modules: MODULES.map((m) => ({ key: m.key, labels: m.labels, group: m.group })),
          districts: districts
            .sort((a, b) => a.divisionCode.localeCompare(b.divisionCode))
            .map((t) => {
              const ex = service.explain(t);
              return {
                id: t.id,
                name: t.name,
                slug: t.slug,
                divisionCode: t.divisionCode,
                tier: t.tier,
                wave: t.wave,
                category: t.category,
                overrides: service.overridesOf(t.id),
                cells: Object.fromEntries(
                  Object.entries(ex).map(([k, e]) => [
                    k,
                    { value: e.value, reason: e.reason, ruleId: e.ruleId ?? null, detail: e.detail },
                  ]),
                ),
              };
            }),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags/history',
      summary: 'Change history, newest first (who, when, why, diff, approvals)',
      security,
      middleware: [permit('flags:read')] as const,
      request: { query: z.object({ limit: z.coerce.number().int().min(1).max(200).optional() }) },
      responses: { 200: json(FlagHistory), ...flagProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'));
      const { store } = runtime(deps);
      const [history, decided] = await Promise.all([
        store.history(c.req.valid('query').limit ?? 50),
        store.listPending(true),
      ]);
      return c.json(
        {
          versions: history,
          decisions: decided.filter((p) => p.status !== 'pending').map(({ proposed: _p, ...rest }) => rest),
        },
        200,
      );
    },
  );
};
