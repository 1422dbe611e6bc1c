/** One flag: its definition and plan, a dry run of an edit, saving it, the kill switch. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import {
  actorOf,
  audit,
  ChangeOutcome,
  DryRun,
  FlagDefinition,
  FlagDetail,
  flagKey,
  flagProblems,
  ministry,
  outcomeDetail,
  outcomeView,
  runtime,
  why,
} from './shared.ts';

const keyParam = z.object({ key: flagKey });

export const registerFlagDefinitionRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags/{key}',
      summary: 'One flag: definition, rollout plan, scheduled changes, current version',
      security,
      middleware: [permit('flags:read')] as const,
      request: { params: keyParam },
      responses: { 200: json(FlagDetail), ...flagProblems },
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
        params: keyParam,
        body: { content: { 'application/json': { schema: z.object({ definition: FlagDefinition }) } } },
      },
      responses: { 200: json(DryRun), ...flagProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'));
      const { key } = c.req.valid('param');
      const { definition } = c.req.valid('json');
      return c.json(await runtime(deps).admin.previewDefinition(key, definition), 200);
    },
  );

  const saveBody = z.object({
    definition: FlagDefinition,
    expectedVersion: z.number().int().nonnegative(),
    why,
  });
  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/ministry/flags/{key}',
      summary: 'Save a definition: applied (200) or pending a second admin (202)',
      security,
      middleware: [permit('flags:write')] as const,
      request: {
        params: keyParam,
        body: { content: { 'application/json': { schema: saveBody } } },
      },
      responses: {
        200: json(ChangeOutcome, 'applied'),
        202: json(ChangeOutcome, 'pending four-eyes approval'),
        ...flagProblems,
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const body = c.req.valid('json');
      const out = await runtime(deps).admin.putDefinition(key, body.definition, {
        expectedVersion: body.expectedVersion,
        actor: actorOf(ctx),
        why: body.why,
      });
      await audit(deps, ctx, 'flags.update', key, body.why, outcomeDetail(out));
      return out.status === 'applied' ? c.json(outcomeView(out), 200) : c.json(outcomeView(out), 202);
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
        params: keyParam,
        body: { content: { 'application/json': { schema: z.object({ why }) } } },
      },
      responses: { 200: json(ChangeOutcome), ...flagProblems },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { key } = c.req.valid('param');
      const { why: reason } = c.req.valid('json');
      const out = await runtime(deps).admin.kill(key, actorOf(ctx), reason);
      await audit(deps, ctx, 'flags.kill-switch', key, reason, outcomeDetail(out));
      return c.json(outcomeView(out), 200);
    },
  );
};
