/**
 * Waves promoted on evidence (`/api/ministry/indicators/promotions/{key}/…`): the plan's
 * thresholds, the previous wave's measured indicators against them, promotion when they are met,
 * and — when they are not — an override asked by one ministry admin with a reason and approved by
 * a different one. Each decision is recorded with the figures it saw (on the wave's promotion, in
 * the flag change and in the control audit).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors, LinliError } from '@linli/core';
import { planThresholdsSchema, type RolloutPlan } from '@linli/flags';
import { evidenceGuard, type WaveEvidence, waveEvidence } from '@linli/indicators';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { arrayOf, json, orNull, problems, security } from '../../openapi.ts';
import {
  actorOf,
  audit,
  ChangeOutcome,
  flagKey,
  outcomeDetail,
  outcomeView,
  runtime,
} from '../flags/shared.ts';
import { comparedTenants, compiledSet, indicatorStore, ministryOnly } from './shared.ts';

const P = '/api/ministry/indicators/promotions/{key}';
const waveId = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,39}$/);
const reason = z.string().trim().min(10).max(2000);

const Check = z.object({
  indicator: z.string(),
  value: z.number().optional(),
  threshold: z.number(),
  comparator: z.enum(['gte', 'lte']),
  pass: z.boolean(),
});

const Override = z
  .object({
    status: z.enum(['pending', 'approved', 'rejected']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    reason: z.string(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    decisionReason: z.string().optional(),
  })
  .openapi('PromotionOverride');

const Evidence = z
  .object({
    flagKey: z.string(),
    waveId: z.string(),
    previousWaveId: z.string().nullable(),
    day: z.string().nullable(),
    definitionVersion: z.number().int(),
    districts: arrayOf(z.object({ id: z.string(), name: z.string() })),
    indicators: z.record(z.string(), z.number()),
    thresholds: planThresholdsSchema,
    checks: arrayOf(Check),
    pass: z.boolean(),
    promoted: z.boolean(),
    flagVersion: z.number().int(),
    override: orNull(Override),
  })
  .openapi('PromotionEvidence');

const PromotionResult = z
  .object({
    outcome: z.enum(['promoted', 'pending-approval', 'blocked']),
    evidence: Evidence,
    change: ChangeOutcome.optional(),
  })
  .openapi('PromotionResult');

const problemsOf = problems([400, 401, 403, 404, 409, 503], {
  404: 'unknown flag, plan or wave',
  409: 'version conflict, wave not promotable, override pending or not decidable',
});

export const registerPromotionRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const planOf = async (key: string): Promise<{ plan: RolloutPlan; version: number }> => {
    const state = await runtime(deps).store.current();
    const plan = state.plans[key];
    if (!plan) throw Errors.notFound({ zh: `${key} 尚无推广计划`, en: `${key} has no rollout plan` });
    return { plan, version: state.version };
  };

  /** The evidence for a wave, measured now from the latest snapshots. */
  const evidenceOf = async (key: string, wave: string) => {
    const { plan, version } = await planOf(key);
    const w = plan.waves.find((x) => x.id === wave);
    if (!w) throw Errors.notFound({ zh: `批次 ${wave}`, en: `wave ${wave}` });
    const store = indicatorStore(deps);
    const set = await compiledSet(deps);
    const day = (await store.latestDay()) ?? null;
    const [tenants, snapshots, override] = await Promise.all([
      comparedTenants(deps),
      day ? store.day(day) : Promise.resolve([]),
      store.getOverride(key, wave),
    ]);
    const ev: WaveEvidence = waveEvidence({ plan, waveId: wave, set, day, snapshots, tenants });
    return {
      plan,
      ev,
      view: {
        ...ev,
        flagKey: key,
        thresholds: plan.thresholds ?? {},
        checks: ev.checks.map((c) => ({ ...c, ...(c.value === undefined ? {} : { value: c.value }) })),
        promoted: !!w.promotion,
        flagVersion: version,
        override: override ? (({ flagKey: _k, waveId: _w, evidence: _e, ...o }) => o)(override) : null,
      },
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: `${P}/{waveId}`,
      summary: "The previous wave's indicators against the plan's thresholds",
      security,
      middleware: [permit('indicators:read')] as const,
      request: { params: z.object({ key: flagKey, waveId }) },
      responses: { 200: json(Evidence, 'evidence'), ...problemsOf },
    }),
    async (c) => {
      ministryOnly(c.get('ctx'));
      const { key, waveId: wave } = c.req.valid('param');
      return c.json((await evidenceOf(key, wave)).view, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: `${P}/thresholds`,
      summary: "Set the plan's thresholds (indicator code → gte / lte); a flag change like any other",
      security,
      middleware: [permit('flags:write'), permit('indicators:write')] as const,
      request: {
        params: z.object({ key: flagKey }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                thresholds: planThresholdsSchema,
                expectedVersion: z.number().int().nonnegative(),
                why: z.string().trim().min(1).max(2000),
              }),
            },
          },
        },
      },
      responses: { 200: json(ChangeOutcome, 'applied'), 202: json(ChangeOutcome, 'pending'), ...problemsOf },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministryOnly(ctx);
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const set = await compiledSet(deps);
      const unknown = Object.keys(body.thresholds).filter((k) => !set.indicators.some((i) => i.code === k));
      if (unknown.length)
        throw Errors.validation({
          zh: `未知指标：${unknown.join('、')}`,
          en: `unknown indicator: ${unknown.join(', ')}`,
        });
      const { plan } = await planOf(key);
      const out = await runtime(deps).admin.savePlan(
        key,
        { ...plan, thresholds: body.thresholds },
        { expectedVersion: body.expectedVersion, actor: actorOf(ctx), why: body.why },
      );
      await audit(deps, ctx, 'indicators.thresholds', key, body.why, {
        ...outcomeDetail(out),
        thresholds: body.thresholds,
      });
      return out.status === 'applied' ? c.json(outcomeView(out), 200) : c.json(outcomeView(out), 202);
    },
  );

  const promoteBody = z.object({ expectedVersion: z.number().int().nonnegative() });
  app.openapi(
    createRoute({
      method: 'post',
      path: `${P}/{waveId}/promote`,
      summary: 'Promote a wave on the evidence: promoted when the thresholds are met, else blocked',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey, waveId }),
        body: { content: { 'application/json': { schema: promoteBody } } },
      },
      responses: { 200: json(PromotionResult, 'promoted, pending approval or blocked'), ...problemsOf },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministryOnly(ctx);
      const { key, waveId: wave } = c.req.valid('param');
      const body = c.req.valid('json');
      const { plan, ev, view } = await evidenceOf(key, wave);
      const figures = {
        indicators: ev.indicators,
        checks: view.checks,
        day: ev.day,
        definitionVersion: ev.definitionVersion,
      };
      if (!ev.pass) {
        await audit(deps, ctx, 'indicators.promotion-blocked', `${key}/${wave}`, undefined, figures);
        return c.json({ outcome: 'blocked' as const, evidence: view }, 200);
      }
      const out = await runtime(deps).admin.promote(key, wave, {
        expectedVersion: body.expectedVersion,
        actor: actorOf(ctx),
        indicators: ev.indicators,
        guard: evidenceGuard(plan),
        why: `依据指标推进 ${wave}（${ev.day ?? '—'}）/ promoted on the indicators of ${ev.previousWaveId ?? '—'}`,
        ...(ev.previousWaveId
          ? {}
          : { justification: `第一批次 ${wave}：无上一批次的指标可依 / first wave, no previous indicators` }),
      });
      await audit(deps, ctx, 'flags.promote', `${key}/${wave}`, undefined, {
        ...outcomeDetail(out),
        ...figures,
      });
      return c.json(
        {
          outcome: out.status === 'applied' ? ('promoted' as const) : ('pending-approval' as const),
          evidence: { ...view, promoted: out.status === 'applied', flagVersion: out.version },
          change: outcomeView(out),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${P}/{waveId}/override`,
      summary: 'Ask for an override of a blocked promotion (a second ministry admin must approve)',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey, waveId }),
        body: { content: { 'application/json': { schema: z.object({ reason }) } } },
      },
      responses: { 200: json(Evidence, 'override requested'), ...problemsOf },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministryOnly(ctx);
      const { key, waveId: wave } = c.req.valid('param');
      const { ev, view } = await evidenceOf(key, wave);
      if (view.promoted) throw refused('该批次已推进', 'the wave is already promoted');
      if (ev.pass)
        throw refused('指标已达标，无需越过，请直接推进', 'the indicators are met: promote it instead');
      const r = c.req.valid('json').reason;
      const at = new Date(deps.now?.() ?? Date.now()).toISOString();
      const req = await indicatorStore(deps).requestOverride({
        flagKey: key,
        waveId: wave,
        requestedBy: ctx.username,
        requestedAt: at,
        reason: r,
        evidence: { indicators: ev.indicators, checks: view.checks, day: ev.day },
      });
      await audit(deps, ctx, 'indicators.override-request', `${key}/${wave}`, r, req.evidence);
      const { flagKey: _k, waveId: _w, evidence: _e, ...o } = req;
      return c.json({ ...view, override: o }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: `${P}/{waveId}/override/approve`,
      summary: 'A second ministry admin approves the override with a reason: the wave is promoted',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: z.object({ key: flagKey, waveId }),
        body: {
          content: {
            'application/json': {
              schema: z.object({ reason, expectedVersion: z.number().int().nonnegative() }),
            },
          },
        },
      },
      responses: { 200: json(PromotionResult, 'promoted or pending four-eyes'), ...problemsOf },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministryOnly(ctx);
      if (!ctx.roles.includes('ministry-admin')) throw Errors.forbidden();
      const { key, waveId: wave } = c.req.valid('param');
      const body = c.req.valid('json');
      const { ev, view } = await evidenceOf(key, wave);
      const pending = await indicatorStore(deps).getOverride(key, wave);
      if (pending?.status !== 'pending')
        throw new LinliError('OVERRIDE_NOT_DECIDABLE', 409, {
          zh: '没有待批准的越过申请',
          en: 'There is no pending override for this wave',
        });
      if (pending.requestedBy === ctx.username)
        throw new LinliError('OVERRIDE_SAME_ADMIN', 409, {
          zh: '越过申请须由另一位部委管理员批准',
          en: 'A different ministry admin must approve the override',
        });
      const at = new Date(deps.now?.() ?? Date.now()).toISOString();
      const failed = view.checks.filter((x) => !x.pass).map((x) => `${x.indicator}=${x.value ?? '—'}`);
      const justification = `指标未达标（${failed.join('，')}），${pending.requestedBy} 申请越过：${pending.reason}；${ctx.username} 批准：${body.reason}`;
      // No guard: the thresholds were judged by two admins; the figures seen are recorded.
      const out = await runtime(deps).admin.promote(key, wave, {
        expectedVersion: body.expectedVersion,
        actor: actorOf(ctx),
        justification,
        indicators: ev.indicators,
      });
      await indicatorStore(deps).decideOverride(key, wave, {
        status: 'approved',
        by: ctx.username,
        reason: body.reason,
        at,
      });
      await audit(deps, ctx, 'indicators.override-approve', `${key}/${wave}`, body.reason, {
        ...outcomeDetail(out),
        requestedBy: pending.requestedBy,
        requestReason: pending.reason,
        seenByRequester: pending.evidence,
        indicators: ev.indicators,
        checks: view.checks,
        day: ev.day,
      });
      const after = (await evidenceOf(key, wave)).view;
      return c.json(
        {
          outcome: out.status === 'applied' ? ('promoted' as const) : ('pending-approval' as const),
          evidence: after,
          change: outcomeView(out),
        },
        200,
      );
    },
  );
};

const refused = (zh: string, en: string) =>
  new LinliError('PROMOTION_REFUSED', 409, { zh: `不能申请越过：${zh}`, en: `No override: ${en}` });
