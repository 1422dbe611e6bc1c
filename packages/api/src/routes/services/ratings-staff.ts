/**
 * 好差评, the staff side: rectification items (整改) of the caller's departments, completed with what
 * was done; call-backs (回访) after a 差评 with their outcome; and the district's counters for the
 * ministry's indicators (aggregates only). Items of another department answer as if they did not
 * exist.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listConstraint } from '@linli/auth';
import { Errors } from '@linli/core';
import { callbackOutcomeSchema, RatingErrors, rectificationCompleteSchema } from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { asRouteSchema, json, named, problems, security } from '../../openapi.ts';
import { actorOf } from '../population/shared.ts';
import {
  CallbackSchema,
  CaseIdParam,
  DepartmentKey,
  RatingStatsSchema,
  RectificationSchema,
  ratingsOf,
  visibleScope,
} from './ratings-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429], {
  404: 'no such item in the caller’s scope',
  409: 'already completed or changed since read',
});

export const registerRatingStaffRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/services/rectifications',
      summary: 'Rectification items after a 差评, of the caller’s departments (open first, by due date)',
      security,
      middleware: [permit('requests:handle')] as const,
      request: { query: z.object({ status: z.enum(['open', 'done']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(RectificationSchema) })), ...errors },
    }),
    async (c) => {
      const scope = visibleScope(c.get('ctx'), 'requests:handle');
      const items = await ratingsOf(deps, c).rectifications(scope.departments, c.req.valid('query').status);
      return c.json({ items: items.filter(scope.sees) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/services/rectifications/{department}/{id}/complete',
      summary: 'Complete a rectification with what was done (conditional on its version)',
      security,
      middleware: [permit('requests:handle')] as const,
      request: {
        params: CaseIdParam.extend({ department: DepartmentKey }),
        body: {
          content: {
            'application/json': {
              schema: asRouteSchema(named(rectificationCompleteSchema, 'CompleteRectification')),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(RectificationSchema), ...errors },
    }),
    async (c) => {
      const { department, id } = c.req.valid('param');
      const scope = visibleScope(c.get('ctx'), 'requests:handle');
      const store = ratingsOf(deps, c);
      const r = await store.rectification(department, id);
      if (!scope.sees(r)) throw RatingErrors.rectificationNotFound();
      return c.json(await store.completeRectification(r, c.req.valid('json'), actorOf(c)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/services/callbacks',
      summary:
        'Call-backs (回访) after a 差评: pending first; the hotline and the district see all, a department its own',
      security,
      middleware: [permit('requests:read')] as const,
      request: { query: z.object({ status: z.enum(['pending', 'done']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(CallbackSchema) })), ...errors },
    }),
    async (c) => {
      const scope = visibleScope(c.get('ctx'), 'requests:read');
      const items = await ratingsOf(deps, c).callbacks({
        ...(c.req.valid('query').status ? { status: c.req.valid('query').status } : {}),
        departments: scope.departments,
      });
      return c.json({ items: items.filter(scope.sees) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/services/callbacks/{id}',
      summary: 'Record a call-back’s outcome: reached or not, satisfaction after the call, a note (once)',
      security,
      middleware: [permit('requests:read')] as const,
      request: {
        params: CaseIdParam,
        body: {
          content: {
            'application/json': { schema: asRouteSchema(named(callbackOutcomeSchema, 'CallbackOutcome')) },
          },
          required: true,
        },
      },
      responses: { 200: json(CallbackSchema), ...errors },
    }),
    async (c) => {
      const { id } = c.req.valid('param');
      const ctx = c.get('ctx');
      // Recording is staff work (a resident's `requests:read` reaches only their own cases).
      if (ctx.kind !== 'staff') throw Errors.forbidden();
      const scope = visibleScope(ctx, 'requests:read');
      const store = ratingsOf(deps, c);
      const cb = await store.callback(id);
      if (!scope.sees(cb)) throw RatingErrors.callbackNotFound();
      return c.json(await store.recordCallback(cb, c.req.valid('json'), actorOf(c)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/services/ratings/stats',
      summary:
        'The district’s 好差评 counters (all time, or one month `yyyy-mm`): rates and call-back completion',
      security,
      middleware: [permit('analytics:read')] as const,
      request: {
        query: z.object({
          month: z
            .string()
            .regex(/^\d{4}-(0[1-9]|1[0-2])$/)
            .optional(),
        }),
      },
      responses: { 200: json(RatingStatsSchema), ...errors },
    }),
    async (c) => {
      // District-wide aggregates: only for those whose grant is the whole district.
      if (listConstraint(c.get('ctx'), 'analytics:read') !== 'tenant') throw Errors.forbidden();
      return c.json(await ratingsOf(deps, c).stats(c.req.valid('query').month ?? 'ALL'), 200);
    },
  );
};
