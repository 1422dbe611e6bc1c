/**
 * Ministry flag console API (`/api/ministry/flags/*`): list, districts × modules matrix, definition
 * editor with dry run, four-eyes approvals, kill switch, rollout plans with guarded promotion,
 * scheduled changes and history. Every write is audited in the control plane.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { RequestContext } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import { CATEGORY_DIMENSION_KEYS, MODULES } from '@linli/flags';
import type { Actor, ChangeOutcome, FlagRuntime } from '@linli/rollout';
import { appendControlAudit } from '@linli/tenancy';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../http.ts';
import { permit } from '../middleware.ts';

const obj = z.object({}).passthrough();
const json = (description = 'ok') => ({ description, content: { 'application/json': { schema: obj } } });
const errors = {
  400: problemResponse('invalid input'),
  401: problemResponse('not signed in'),
  403: problemResponse('not allowed'),
  404: problemResponse('unknown flag / change'),
  409: problemResponse('version conflict, refused promotion, same approver, not approvable'),
};
const flagKey = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/);
const why = z.string().trim().min(1).max(2000);
const security = [{ bearer: [] }];

const runtime = (deps: ApiDeps): FlagRuntime => {
  if (!deps.flags)
    throw new LinliError('FLAGS_UNAVAILABLE', 503, {
      zh: '开关服务未启用',
      en: 'The flag service is not configured',
    });
  return deps.flags;
};

const ministry = (ctx: RequestContext) => {
  if (ctx.kind !== 'ministry') throw Errors.forbidden();
};

/** Four eyes compares this id: the immutable, unique Cognito username of the admin. */
const actorOf = (ctx: RequestContext): Actor => ({ id: ctx.username, name: ctx.name || ctx.username });

const audit = (
  deps: ApiDeps,
  ctx: RequestContext,
  action: string,
  target: string,
  reason: string | undefined,
  detail: Record<string, unknown>,
) =>
  appendControlAudit(deps.doc, deps.controlTable, {
    actor: ctx.username,
    role: ctx.roles.join(','),
    action,
    target,
    channel: 'web',
    ...(reason ? { reason } : {}),
    // JSON round trip: diffs hold `undefined` (a field absent before) that DynamoDB cannot store.
    detail: JSON.parse(JSON.stringify(detail)) as Record<string, unknown>,
  });

const outcomeDetail = (o: ChangeOutcome) => ({
  status: o.status,
  version: o.version,
  affectedTenants: o.dryRun.affectedTenants,
  approval: o.change.approval,
  ...(o.pending ? { pendingId: o.pending.id } : {}),
  diff: o.change.diff,
});

const matrixQuery = z.object({
  tier: z.enum(['basic', 'standard', 'demonstration']).optional(),
  wave: z.string().max(40).optional(),
  areaType: z.string().max(40).optional(),
  development: z.string().max(40).optional(),
  migrantShare: z.string().max(40).optional(),
  infrastructure: z.string().max(40).optional(),
  hardship: z.string().max(40).optional(),
});

export const registerFlagRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags',
      summary: 'Flag definitions with their plans, how many districts have each, pending approvals',
      security,
      middleware: [permit('flags:read')] as const,
      responses: { 200: json(), ...errors },
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
      const groups = new Map<string, string>(MODULES.map((m) => [m.key, m.group]));
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
      responses: { 200: json(), ...errors },
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
      responses: { 200: json(), ...errors },
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

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags/pending',
      summary: 'Changes waiting for a second ministry admin (four eyes)',
      security,
      middleware: [permit('flags:read')] as const,
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { store } = runtime(deps);
      const pending = await store.listPending();
      return c.json(
        {
          pending: pending.map(({ proposed: _p, ...rest }) => ({
            ...rest,
            canApprove: !rest.record.approvals.some((a) => a.by === ctx.username),
          })),
        },
        200,
      );
    },
  );

  const decision = z.object({ note: z.string().trim().max(2000).optional() });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/flags/pending/{id}/approve',
      summary: 'Second approval by a different ministry admin; saves the change',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ id: z.string().min(1).max(40) }),
        body: { content: { 'application/json': { schema: decision } }, required: false },
      },
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { id } = c.req.valid('param');
      const body = (await c.req.json().catch(() => ({}))) as { note?: string };
      const out = await runtime(deps).admin.approve(id, actorOf(ctx), body.note);
      await audit(deps, ctx, 'flags.approve', id, body.note, outcomeDetail(out));
      return c.json({ ...out }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/flags/pending/{id}/reject',
      summary: 'Reject a pending change (reason required)',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ id: z.string().min(1).max(40) }),
        body: { content: { 'application/json': { schema: z.object({ note: why }) } } },
      },
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { id } = c.req.valid('param');
      const { note } = c.req.valid('json');
      const out = await runtime(deps).admin.reject(id, actorOf(ctx), note);
      await audit(deps, ctx, 'flags.reject', id, note, { flagKey: out.flagKey });
      const { proposed: _p, ...rest } = out;
      return c.json(rest, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags/{key}',
      summary: 'One flag: definition, rollout plan, scheduled changes, current version',
      security,
      middleware: [permit('flags:read')] as const,
      request: { params: z.object({ key: flagKey }) },
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      ministry(c.get('ctx'));
      const { key } = c.req.valid('param');
      const { service } = runtime(deps);
      await service.refresh(); // the console edits what is stored now: one pointer read
      const state = service.state;
      const definition = state.set.flags.find((f) => f.key === key);
      if (!definition) throw Errors.notFound({ zh: `开关 ${key}`, en: `flag ${key}` });
      return c.json(
        {
          version: state.version,
          definition,
          plan: state.plans[key] ?? null,
          schedule: state.schedule.filter((s) => s.flagKey === key),
          segments: state.set.segments,
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/flags/{key}/dry-run',
      summary: 'Preview a definition: which districts gain or lose which module; whether four eyes apply',
      security,
      middleware: [permit('flags:read')] as const,
      request: {
        params: z.object({ key: flagKey }),
        body: { content: { 'application/json': { schema: z.object({ definition: obj }) } } },
      },
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      ministry(c.get('ctx'));
      const { key } = c.req.valid('param');
      const { definition } = c.req.valid('json');
      const preview = await runtime(deps).admin.previewDefinition(key, definition as never);
      return c.json(preview as unknown as Record<string, never>, 200);
    },
  );

  const saveBody = z.object({ definition: obj, expectedVersion: z.number().int().nonnegative(), why });
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/ministry/flags/{key}',
      summary: 'Save a definition: applied (200) or pending a second admin (202)',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey }),
        body: { content: { 'application/json': { schema: saveBody } } },
      },
      responses: { 200: json('applied'), 202: json('pending four-eyes approval'), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const out = await runtime(deps).admin.putDefinition(key, body.definition as never, {
        expectedVersion: body.expectedVersion,
        actor: actorOf(ctx),
        why: body.why,
      });
      await audit(deps, ctx, 'flags.update', key, body.why, outcomeDetail(out));
      return out.status === 'applied' ? c.json({ ...out }, 200) : c.json({ ...out }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/flags/{key}/kill',
      summary: 'Kill switch: off everywhere at once, no approval, audited',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey }),
        body: { content: { 'application/json': { schema: z.object({ why }) } } },
      },
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const { why: reason } = c.req.valid('json');
      const out = await runtime(deps).admin.kill(key, actorOf(ctx), reason);
      await audit(deps, ctx, 'flags.kill-switch', key, reason, outcomeDetail(out));
      return c.json({ ...out }, 200);
    },
  );

  const planBody = z.object({
    plan: z.object({ waves: z.array(obj).min(1) }).passthrough(),
    expectedVersion: z.number().int().nonnegative(),
    why,
  });
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/ministry/flags/{key}/plan',
      summary: 'Save the rollout plan (waves: cohort, start date, percentage); promotions are kept',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey }),
        body: { content: { 'application/json': { schema: planBody } } },
      },
      responses: { 200: json('applied'), 202: json('pending four-eyes approval'), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const out = await runtime(deps).admin.savePlan(key, { ...body.plan, flagKey: key } as never, {
        expectedVersion: body.expectedVersion,
        actor: actorOf(ctx),
        why: body.why,
      });
      await audit(deps, ctx, 'flags.plan', key, body.why, outcomeDetail(out));
      return out.status === 'applied' ? c.json({ ...out }, 200) : c.json({ ...out }, 202);
    },
  );

  const promoteBody = z.object({
    expectedVersion: z.number().int().nonnegative(),
    justification: z.string().trim().max(4000).optional(),
    indicators: z.record(z.string(), z.number()).optional(),
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/flags/{key}/plan/waves/{waveId}/promote',
      summary: 'Guarded promotion of a wave (written justification until indicators exist)',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey, waveId: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/) }),
        body: { content: { 'application/json': { schema: promoteBody } } },
      },
      responses: { 200: json('applied'), 202: json('pending four-eyes approval'), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key, waveId } = c.req.valid('param');
      const body = c.req.valid('json');
      const out = await runtime(deps).admin.promote(key, waveId, {
        expectedVersion: body.expectedVersion,
        actor: actorOf(ctx),
        ...(body.justification !== undefined ? { justification: body.justification } : {}),
        ...(body.indicators ? { indicators: body.indicators } : {}),
      });
      await audit(deps, ctx, 'flags.promote', `${key}/${waveId}`, body.justification, outcomeDetail(out));
      return out.status === 'applied' ? c.json({ ...out }, 200) : c.json({ ...out }, 202);
    },
  );

  const scheduleBody = z.object({
    at: z.iso.datetime({ offset: true }),
    change: obj,
    expectedVersion: z.number().int().nonnegative(),
    why,
  });
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/flags/{key}/schedule',
      summary: 'Schedule a change (applied when due; dry run taken at its time)',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey }),
        body: { content: { 'application/json': { schema: scheduleBody } } },
      },
      responses: { 200: json('scheduled'), 202: json('pending four-eyes approval'), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const out = await runtime(deps).admin.schedule(
        key,
        { at: body.at, change: body.change as never },
        {
          expectedVersion: body.expectedVersion,
          actor: actorOf(ctx),
          why: body.why,
        },
      );
      await audit(deps, ctx, 'flags.schedule', key, body.why, { ...outcomeDetail(out), at: body.at });
      return out.status === 'applied' ? c.json({ ...out }, 200) : c.json({ ...out }, 202);
    },
  );
};
