/**
 * The district's upcoming community events as the anonymous TV view reads them (control app,
 * `/api/public/districts/{slug}/events`): title, community, time, place and seats left, never who
 * signed up. Only while the district has `culture-education-sports`; otherwise 404
 * MODULE_NOT_ENABLED, as a service of a hidden module answers.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { upcomingPublicEvents } from '@linli/community/events-public';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { moduleNotEnabled } from '../../modules.ts';
import { json, problems } from '../../openapi.ts';
import { publicTenant, SlugParam } from '../services/catalogue-public.ts';
import { modulesOf } from '../services/catalogue-shared.ts';

export const EVENTS_MODULE = 'culture-education-sports';

const PublicEvent = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    communityCode: z.string(),
    communityName: z.string(),
    place: z.string(),
    startsAt: z.string(),
    capacity: z.number().int(),
    seatsLeft: z.number().int(),
    waitlist: z.boolean(),
  })
  .openapi('PublicEvent');

export const registerPublicEventRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/districts/{slug}/events',
      summary: "A district's upcoming community events (public): the next 60 days, soonest first, at most 12",
      request: { params: SlugParam },
      responses: {
        200: json(z.object({ items: z.array(PublicEvent) }).openapi('PublicEvents')),
        ...problems([400, 404, 429], { 404: 'unknown district, or module not enabled' }),
      },
    }),
    async (c) => {
      const t = await publicTenant(deps, c.req.valid('param').slug);
      if (!(await modulesOf(deps, t)).includes(EVENTS_MODULE)) throw moduleNotEnabled(EVENTS_MODULE);
      const items = await upcomingPublicEvents(deps.stores.for(t), {
        now: new Date(deps.now?.() ?? Date.now()),
      });
      return c.json({ items: items.map((e) => ({ ...e })) }, 200);
    },
  );
};
