/**
 * The current notices as the anonymous portal reads them (control app): a district's notices and,
 * with `community`, that community's. Decision notices carry masked entries only (see
 * `@linli/services` notices); the control API may read no other tenant partition.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { currentNotices } from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { json, problems } from '../../openapi.ts';
import { publicTenant, SlugParam } from './catalogue-public.ts';
import { presentPublic } from './notices-present.ts';
import { CommunityQuery, PublicNotice } from './notices-shared.ts';

export const registerPublicNoticeRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/districts/{slug}/notices',
      summary: "A district's current notices (public) and, with `community`, that community's",
      request: { params: SlugParam, query: CommunityQuery },
      responses: {
        200: json(z.object({ items: z.array(PublicNotice) }).openapi('PublicNotices')),
        ...problems([400, 404, 429], { 404: 'unknown district' }),
      },
    }),
    async (c) => {
      const t = await publicTenant(deps, c.req.valid('param').slug);
      const items = await currentNotices(deps.stores.for(t), {
        communityCode: c.req.valid('query').community,
        now: new Date(deps.now?.() ?? Date.now()),
      });
      return c.json({ items: items.map(presentPublic) }, 200);
    },
  );
};
