/**
 * Public notices (公示) on the tenant API: staff with `content:publish` publish community or
 * district notices and withdraw them; a decision of a service marked for publicity (低保) is
 * published from its approved case with the applicant's name and ID number masked by rule; the
 * signed-in resident reads the current notices of the district and of a community. The anonymous
 * portal reads the same through the control app (`notices-public.ts`).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize, listConstraint, type RequestContext } from '@linli/auth';
import { Errors } from '@linli/core';
import {
  currentNotices,
  getDefinitionVersion,
  getNotice,
  listNotices,
  type Notice,
  NoticeErrors,
  noticeInputSchema,
  plainText,
  publishDecisionNotice,
  publishNotice,
  ServiceErrors,
  svcKeys,
  withdrawNotice,
} from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, named, problems, security } from '../../openapi.ts';
import { actorOf, knownCommunity, populationContext, targetOf } from '../population/shared.ts';
import { assertOffered, modulesOf } from './catalogue-shared.ts';
import { presentPublic } from './notices-present.ts';
import {
  CommunityQuery,
  decisionSourceOf,
  NoticeIdParam,
  NoticeSchema,
  PublicNotice,
  presentNotice,
} from './notices-shared.ts';
import { CaseIdParam } from './ratings-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429], {
  404: 'no such notice or case in the caller’s scope',
  409: 'withdrawn or changed since read; already published; not a publicised decision',
});

/** Whether the caller may publish and withdraw notices of this scope. */
const manages = (ctx: RequestContext, n: Pick<Notice, 'scope'>): boolean => {
  const limit = listConstraint(ctx, 'content:publish');
  if (limit === 'tenant') return true;
  if (n.scope.kind === 'district') return false;
  const code = n.scope.communityCode;
  return limit.communityCode
    ? limit.communityCode === code
    : !!limit.streetCode && code.startsWith(limit.streetCode);
};

export const registerNoticeRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const pop = populationContext(deps);
  const now = () => new Date(deps.now?.() ?? Date.now());

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/notices',
      summary: 'Notices the caller manages (published and withdrawn), newest first',
      security,
      middleware: [permit('content:publish')] as const,
      responses: { 200: json(z.object({ items: z.array(NoticeSchema) })), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const items = (await listNotices(c.get('store'))).filter((n) => manages(ctx, n)).map(presentNotice);
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/notices',
      summary: 'Publish a community or district notice (title, body, scope, publish and expiry dates)',
      security,
      middleware: [permit('content:publish')] as const,
      request: {
        body: {
          content: { 'application/json': { schema: named(noticeInputSchema, 'NoticeInput') } },
          required: true,
        },
      },
      responses: { 201: json(NoticeSchema), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const input = c.req.valid('json');
      if (input.scope.kind === 'community') {
        authorize(ctx, 'content:publish', targetOf(input.scope.communityCode));
        await knownCommunity(c, input.scope.communityCode);
      } else if (!manages(ctx, input)) {
        throw Errors.forbidden({
          zh: '仅区县可发布全区公告',
          en: 'district notices are published by the district',
        });
      }
      return c.json(presentNotice(await publishNotice(c.get('store'), input, actorOf(c), now())), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/notices/{id}/withdraw',
      summary: 'Withdraw a published notice (conditional on its version)',
      security,
      middleware: [permit('content:publish')] as const,
      request: {
        params: NoticeIdParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ version: z.number().int().min(1), reason: z.optional(plainText(200)) })
                .strict()
                .openapi('WithdrawNotice'),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(NoticeSchema), ...errors },
    }),
    async (c) => {
      const n = await getNotice(c.get('store'), c.req.valid('param').id);
      if (!manages(c.get('ctx'), n)) throw NoticeErrors.notFound();
      const body = c.req.valid('json');
      const out = await withdrawNotice(c.get('store'), n, actorOf(c), {
        version: body.version,
        ...(body.reason ? { reason: body.reason } : {}),
        now: now(),
      });
      return c.json(presentNotice(out), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/services/notices/decisions/{id}',
      summary:
        'Publish the 公示 of an approved case of a service marked for publicity: the applicant’s name and ID number masked by rule',
      security,
      middleware: [permit('content:publish')] as const,
      request: { params: CaseIdParam },
      responses: { 201: json(NoticeSchema), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const t = ctx.tenant!;
      const store = c.get('store');
      const { id } = c.req.valid('param');
      const found = await store.get<Record<string, unknown>>(svcKeys(store).case(id), 'CUR', true);
      const communityCode = String(found?.communityCode ?? '');
      if (!found || !manages(ctx, { scope: { kind: 'community', communityCode } }))
        throw ServiceErrors.caseNotFound();
      const def = await getDefinitionVersion(store, String(found.serviceCode), Number(found.serviceVersion));
      assertOffered(def, await modulesOf(deps, t));
      const { cipher } = await pop.popOf(c);
      const source = decisionSourceOf(id, found, cipher);
      const notice = await publishDecisionNotice(store, def, source, actorOf(c), now());
      return c.json(presentNotice(notice), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/resident/notices',
      summary: 'Current notices of the district and, with `community`, of that community',
      security,
      middleware: [permit('tenant:read')] as const,
      request: { query: CommunityQuery },
      responses: { 200: json(z.object({ items: z.array(PublicNotice) })), ...errors },
    }),
    async (c) => {
      const items = await currentNotices(c.get('store'), {
        communityCode: c.req.valid('query').community,
        now: now(),
      });
      return c.json({ items: items.map(presentPublic) }, 200);
    },
  );
};
