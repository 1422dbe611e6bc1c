/** District analytics from write-time counters. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize, listConstraint } from '@linli/auth';
import { Errors } from '@linli/core';
import { readStats } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { COMMUNITY, PopulationStats, STREET } from './schemas.ts';
import { errors, targetOf } from './shared.ts';

const analytics = createRoute({
  method: 'get',
  path: '/api/t/analytics/population',
  summary:
    'District analytics from write-time counters (no scans): pyramid by 5-year band × sex, registration, tags, moves, households, housing occupancy, organizations; by community',
  security,
  middleware: [permit('analytics:read')] as const,
  request: { query: z.object({ street: z.optional(STREET), community: z.optional(COMMUNITY) }) },
  responses: { 200: json(PopulationStats), ...errors },
});

export const registerAnalyticsRoutes = (app: OpenAPIHono<AppEnv>) => {
  app.openapi(analytics, async (c) => {
    const q = c.req.valid('query');
    const ctx = c.get('ctx');
    if (q.community) authorize(ctx, 'analytics:read', targetOf(q.community));
    else if (q.street) authorize(ctx, 'analytics:read', { streetCode: q.street });
    const limit = listConstraint(ctx, 'analytics:read');
    const scope = q.community
      ? { community: q.community }
      : q.street
        ? { street: q.street }
        : limit === 'tenant'
          ? {}
          : limit.communityCode
            ? { community: limit.communityCode }
            : limit.streetCode
              ? { street: limit.streetCode }
              : undefined;
    if (!scope) throw Errors.forbidden();
    return c.json(await readStats(c.get('store'), scope), 200);
  });
};
