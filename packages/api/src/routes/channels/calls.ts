/**
 * Hotline calls: the intake the district's telephony system posts a call event to (no user: a
 * district-issued key, `Authorization: Bearer lcall.…`), and the operator's console side — the
 * recent calls to pop (polled), closed with what came of them.
 *
 * The caller's number is shown to the operator in clear: it is the number on their telephone's
 * display, the one they are speaking with. What the district knows about the caller is looked up
 * through the residents routes, masked by the operator's role as everywhere else.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { CallStore, callCloseSchema, callEventSchema } from '@linli/services/channels';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { asRouteSchema, json, named, problems, security } from '../../openapi.ts';
import { actorOf } from '../population/shared.ts';
import { nowOf, requireKey } from './shared.ts';

export const CallSchema = z
  .object({
    id: z.string(),
    from: z.string(),
    receivedAt: z.string(),
    line: z.string().optional(),
    status: z.enum(['pending', 'closed']),
    outcome: z.enum(['case-filed', 'status-answered', 'other']).optional(),
    caseNumber: z.string().optional(),
    note: z.string().optional(),
    closedAt: z.string().optional(),
    closedBy: z.string().optional(),
  })
  .openapi('Call');

const CallId = z.object({ id: z.string().regex(/^\d{8}-(?:[0-9A-Z]{26}|E[0-9a-f]{24})$/) });

const intake = (deps: ApiDeps) =>
  createRoute({
    method: 'post',
    path: '/api/t/calls',
    summary:
      'Call event from the district’s telephony system (`Authorization: Bearer <district call key>`): opens a pending call the console pops. A repeated `callId` answers the call it opened',
    security: [{ channelKey: [] }],
    middleware: [requireKey(deps, 'calls')] as const,
    request: {
      body: {
        required: true,
        content: { 'application/json': { schema: asRouteSchema(named(callEventSchema, 'CallEvent')) } },
      },
    },
    responses: {
      200: json(CallSchema, 'this callId was already received'),
      201: json(CallSchema, 'opened'),
      ...problems([400, 401, 403, 404, 429], {
        401: 'no key, or a key that is unknown, revoked or not for calls (CHANNEL_KEY_INVALID)',
        403: 'the district is suspended',
        404: 'the district does not have the call-centre module',
      }),
    },
  });

/** Routes authenticated by the district's call key; registered before the JWT chain. */
export const registerCallIntakeRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(intake(deps), async (c) => {
    const out = await new CallStore(c.get('store'), nowOf(deps)).open(
      c.req.valid('json'),
      c.get('keyAuth').actor,
    );
    return c.json(out.call, out.created ? 201 : 200);
  });
};

const errors = problems([400, 401, 403, 404, 409, 429], {
  404: 'no such call, or the call-centre module is not enabled',
  409: 'the call was already closed',
});

export const registerCallRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const guard = [permit('hotline:operate'), requireModule(deps, 'channel-call-centre')] as const;
  const callsOf = (c: Parameters<typeof actorOf>[0]) => new CallStore(c.get('store'), nowOf(deps));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/hotline/calls',
      summary: 'Today’s and yesterday’s calls (China time), newest first; the console polls the pending ones',
      security,
      middleware: [...guard],
      request: { query: z.object({ status: z.enum(['pending', 'closed']).optional() }) },
      responses: { 200: json(z.object({ items: z.array(CallSchema) })), ...errors },
    }),
    async (c) => c.json({ items: await callsOf(c).recent(c.req.valid('query').status) }, 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/hotline/calls/{id}/close',
      summary: 'Close a pending call with its outcome (a case filed, a status answered, other), once',
      security,
      middleware: [...guard],
      request: {
        params: CallId,
        body: {
          required: true,
          content: { 'application/json': { schema: asRouteSchema(named(callCloseSchema, 'CloseCall')) } },
        },
      },
      responses: { 200: json(CallSchema), ...errors },
    }),
    async (c) => {
      const out = await callsOf(c).close(c.req.valid('param').id, c.req.valid('json'), actorOf(c));
      return c.json(out, 200);
    },
  );
};
