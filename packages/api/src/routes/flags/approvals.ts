/** Four eyes: changes waiting for a second ministry admin, approved or rejected by a different one. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { arrayOf, json, security } from '../../openapi.ts';
import {
  actorOf,
  audit,
  ChangeOutcome,
  flagProblems,
  ministry,
  outcomeDetail,
  outcomeView,
  PendingChange,
  runtime,
  why,
} from './shared.ts';

const PendingList = z
  .object({ pending: arrayOf(PendingChange.extend({ canApprove: z.boolean() })) })
  .openapi('FlagPendingList');
const pendingId = z.object({ id: z.string().min(1).max(40) });

export const registerFlagApprovalRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/flags/pending',
      summary: 'Changes waiting for a second ministry admin (four eyes)',
      security,
      middleware: [permit('flags:read')] as const,
      responses: { 200: json(PendingList), ...flagProblems },
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
        params: pendingId,
        body: { content: { 'application/json': { schema: decision } }, required: false },
      },
      responses: { 200: json(ChangeOutcome), ...flagProblems },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      ministry(ctx);
      const { id } = c.req.valid('param');
      // The body is optional: without a JSON content type the validator leaves it out.
      const { note } = c.req.valid('json') ?? {};
      const out = await runtime(deps).admin.approve(id, actorOf(ctx), note);
      await audit(deps, ctx, 'flags.approve', id, note, outcomeDetail(out));
      return c.json(outcomeView(out), 200);
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
        params: pendingId,
        body: { content: { 'application/json': { schema: z.object({ note: why }) } } },
      },
      responses: { 200: json(PendingChange), ...flagProblems },
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
};
