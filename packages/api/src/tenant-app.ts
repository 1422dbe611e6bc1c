import { createRoute, z } from '@hono/zod-openapi';
import { listConstraint } from '@linli/auth';
import { Errors } from '@linli/core';
import { listCommunities, listStreets } from '@linli/tenancy';
import { auditWrites } from './audit.ts';
import type { ApiDeps } from './deps.ts';
import { newApp, problemResponse } from './http.ts';
import { authenticate, permit, tenantScope, throttleByTier } from './middleware.ts';
import { registerModuleRoutes } from './routes/modules.ts';
import { registerPopulationRoutes } from './routes/population/index.ts';
import { registerResidentRoutes } from './routes/resident.ts';
import { registerTenantOnboardingRoutes } from './routes/tenant-onboarding.ts';

const json = (schema: z.ZodType, description = 'ok') => ({
  description,
  content: { 'application/json': { schema } },
});
const errors = {
  401: problemResponse('not signed in / invalid token'),
  403: problemResponse('not allowed'),
  404: problemResponse('not found or module not enabled'),
  429: problemResponse('throttled'),
};

const Street = z.object({ code: z.string(), name: z.string(), communityCount: z.number() }).openapi('Street');
const Community = z
  .object({ code: z.string(), name: z.string(), streetCode: z.string(), kind: z.string() })
  .openapi('Community');

/**
 * The tenant API (`/api/t/*`): everything inside one district. The tenant is the caller's own,
 * from the verified token and the membership registry — no route takes a tenant id.
 */
export const createTenantApp = (deps: ApiDeps) => {
  const app = newApp();
  // The document is public and registered first, so its handler answers before the auth chain.
  app.doc31('/api/t/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Linli tenant API', version: '0.1.0', description: '邻里 区县平台 API' },
  });
  app.use('/api/t/*', authenticate(deps), tenantScope(deps), throttleByTier(deps), auditWrites());

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/tenant',
      summary: "The caller's district: profile and enabled modules",
      security: [{ bearer: [] }],
      middleware: [permit('tenant:read')] as const,
      responses: { 200: json(z.object({}).passthrough()), ...errors },
    }),
    (c) => {
      const t = c.get('ctx').tenant!;
      return c.json(
        {
          id: t.id,
          slug: t.slug,
          name: t.name,
          divisionCode: t.divisionCode,
          province: t.province,
          city: t.city,
          tier: t.tier,
          category: t.category,
          wave: t.wave,
          status: t.status,
          placement: t.placement,
          modules: deps.modulesFor(t),
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/org/streets',
      summary: 'Streets of the district within the caller’s scope',
      security: [{ bearer: [] }],
      middleware: [permit('org:read')] as const,
      responses: { 200: json(z.array(Street)), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const limit = listConstraint(ctx, 'org:read');
      const streets = await listStreets(c.get('store'));
      if (limit === 'tenant') return c.json(streets, 200);
      const street = limit.streetCode ?? limit.communityCode?.slice(0, 9);
      return c.json(
        streets.filter((s) => s.code === street),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/org/streets/{code}/communities',
      summary: 'Communities of one street within the caller’s scope',
      security: [{ bearer: [] }],
      request: { params: z.object({ code: z.string().regex(/^\d{9}$/) }) },
      middleware: [
        // A community worker may read their own street's entry (filtered to their community below).
        permit('org:read', (c) => {
          const street = c.req.param('code') ?? '';
          // Not a street code: the role check alone here, and the schema answers 400 next.
          if (!/^\d{9}$/.test(street)) return undefined;
          const own = c.get('ctx').scope.communityCode;
          return { streetCode: street, ...(own?.startsWith(street) ? { communityCode: own } : {}) };
        }),
      ] as const,
      responses: { 200: json(z.array(Community)), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const { code } = c.req.valid('param');
      const tenant = ctx.tenant!;
      // A street code of another district is simply not in this tenant's partition.
      if (!code.startsWith(tenant.divisionCode)) throw Errors.notFound({ zh: code, en: code });
      const limit = listConstraint(ctx, 'org:read');
      const all = await listCommunities(c.get('store'), code);
      if (limit !== 'tenant' && limit.communityCode)
        return c.json(
          all.filter((x) => x.code === limit.communityCode),
          200,
        );
      return c.json(all, 200);
    },
  );

  registerTenantOnboardingRoutes(app, deps);

  registerModuleRoutes(app, deps);
  registerResidentRoutes(app, deps);

  registerPopulationRoutes(app, deps);

  return app;
};
