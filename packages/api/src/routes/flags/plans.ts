/** Rollout plans (试点 → 推开): saving the waves, guarded promotion of one, scheduled changes. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { LinliError } from '@linli/core';
import { planWaveSchema, scheduledChangeSchema } from '@linli/flags';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, named, security } from '../../openapi.ts';
import {
  actorOf,
  audit,
  ChangeOutcome,
  flagKey,
  flagProblems,
  ministry,
  outcomeDetail,
  outcomeView,
  runtime,
  why,
} from './shared.ts';

const outcomes = {
  200: json(ChangeOutcome, 'applied'),
  202: json(ChangeOutcome, 'pending four-eyes approval'),
  ...flagProblems,
};
const expectedVersion = z.number().int().nonnegative();

export const registerFlagPlanRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const planBody = z.object({
    // Promotions already recorded are kept by the server whatever the body says.
    plan: z.object({ waves: z.array(named(planWaveSchema, 'PlanWave')).min(1) }),
    expectedVersion,
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
      responses: outcomes,
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const out = await runtime(deps).admin.savePlan(
        key,
        { ...body.plan, flagKey: key },
        { expectedVersion: body.expectedVersion, actor: actorOf(ctx), why: body.why },
      );
      await audit(deps, ctx, 'flags.plan', key, body.why, outcomeDetail(out));
      return out.status === 'applied' ? c.json(outcomeView(out), 200) : c.json(outcomeView(out), 202);
    },
  );

  const promoteBody = z.object({
    expectedVersion,
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
      responses: outcomes,
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key, waveId } = c.req.valid('param');
      const body = c.req.valid('json');
      const plan = (await runtime(deps).store.current()).plans[key];
      // With thresholds the promotion is decided on the measured indicators (the ministry console's
      // indicator routes), never on a typed justification or on figures sent by the browser.
      if (plan?.thresholds && Object.keys(plan.thresholds).length > 0)
        throw new LinliError('PROMOTION_NEEDS_EVIDENCE', 409, {
          zh: '该推广计划设有指标门槛：请在“评价指标 → 批次推进”中依据指标推进',
          en: 'This plan has indicator thresholds: promote it from Indicators → Wave promotion, on the evidence',
        });
      const out = await runtime(deps).admin.promote(key, waveId, {
        expectedVersion: body.expectedVersion,
        actor: actorOf(ctx),
        ...(body.justification !== undefined ? { justification: body.justification } : {}),
        ...(body.indicators ? { indicators: body.indicators } : {}),
      });
      await audit(deps, ctx, 'flags.promote', `${key}/${waveId}`, body.justification, outcomeDetail(out));
      return out.status === 'applied' ? c.json(outcomeView(out), 200) : c.json(outcomeView(out), 202);
    },
  );

  const scheduleBody = z.object({
    at: z.iso.datetime({ offset: true }),
    change: scheduledChangeSchema.shape.change,
    expectedVersion,
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
      responses: { ...outcomes, 200: json(ChangeOutcome, 'scheduled') },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const out = await runtime(deps).admin.schedule(
        key,
        { at: body.at, change: body.change },
        { expectedVersion: body.expectedVersion, actor: actorOf(ctx), why: body.why },
      );
      await audit(deps, ctx, 'flags.schedule', key, body.why, { ...outcomeDetail(out), at: body.at });
      return out.status === 'applied' ? c.json(outcomeView(out), 200) : c.json(outcomeView(out), 202);
    },
  );
};
