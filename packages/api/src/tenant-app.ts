import { createRoute, z } from '@hono/zod-openapi';
import { listConstraint } from '@linli/auth';
import { Errors } from '@linli/core';
import { listCommunities, listStreets, TENANT_STATUSES } from '@linli/tenancy';
import { requireAudit } from './audit.ts';
import type { ApiDeps } from './deps.ts';
import { newApp } from './http.ts';
import { authenticate, permit, tenantScope, throttleByTier } from './middleware.ts';
import { arrayOf, json, problems, security, serveDocument } from './openapi.ts';
import { districtProfile } from './public-district.ts';
import { checkResponses } from './response-guard.ts';
import { registerChannelRoutes } from './routes/channels/index.ts';
import { registerChannelIntakeRoutes } from './routes/channels/intake.ts';
import { registerCommunityRoutes } from './routes/community/index.ts';
import { Category, Tier } from './routes/flags/shared.ts';
import { registerKioskRoutes } from './routes/kiosk/index.ts';
import { registerModuleRoutes } from './routes/modules.ts';
import { registerOpen311Routes } from './routes/open311/index.ts';
import { registerOpen311KeyRoutes } from './routes/open311/keys.ts';
import { registerPopulationRoutes } from './routes/population/index.ts';
import { registerResidentRoutes } from './routes/resident.ts';
import { registerCaseLifecycleRoutes } from './routes/services/cases-index.ts';
import { registerCatalogueRoutes } from './routes/services/catalogue.ts';
import { registerCatalogueAdminRoutes } from './routes/services/catalogue-admin.ts';
import { registerNoticeRoutes } from './routes/services/notices.ts';
import { registerRatingRoutes } from './routes/services/ratings.ts';
import { registerRatingStaffRoutes } from './routes/services/ratings-staff.ts';
import { registerTenantOnboardingRoutes } from './routes/tenant-onboarding.ts';

const errors = problems([401, 403, 404, 429]);

const Street = z.object({ code: z.string(), name: z.string(), communityCount: z.number() }).openapi('Street');
const Community = z
  .object({
    code: z.string(),
    name: z.string(),
    streetCode: z.string(),
    kind: z.enum(['residents', 'village']),
  })
  .openapi('Community');
const District = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    divisionCode: z.string(),
    province: z.string(),
    city: z.string(),
    tier: Tier,
    category: Category,
    wave: z.string().nullable(),
    status: z.enum(TENANT_STATUSES),
    placement: z.enum(['pooled', 'silo']),
    modules: arrayOf(z.string()),
  })
  .openapi('District');

/**
 * The tenant API (`/api/t/*`): everything inside one district. The tenant is the caller's own,
 * from the verified token and the membership registry — no route takes a tenant id.
 */
export const createTenantApp = (deps: ApiDeps) => {
  const app = newApp();
  // Locally and in tests, a handler that answers outside its declared schema fails loudly.
  if (deps.mode === 'local') app.use('*', checkResponses(app));
  // The document is public and registered first, so its handler answers before the auth chain.
  serveDocument(app, '/api/t/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Linli tenant API', version: '0.1.0', description: '邻里 区县平台 API' },
  });
  // Systems without a user (telephony, the SMS provider) authenticate by a district-issued key or
  // a signature, so their routes answer before the JWT chain too.
  registerChannelIntakeRoutes(app, deps);
  app.use('/api/t/*', authenticate(deps), tenantScope(deps), throttleByTier(deps), requireAudit(deps.mode));

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/tenant',
      summary: "The caller's district: profile and enabled modules",
      security,
      middleware: [permit('tenant:read')] as const,
      responses: { 200: json(District), ...errors },
    }),
    (c) => {
      const t = c.get('ctx').tenant!;
      return c.json(districtProfile(t, deps.modulesFor(t)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/org/streets',
      summary: 'Streets of the district within the caller’s scope',
      security,
      middleware: [permit('org:read')] as const,
      responses: { 200: json(arrayOf(Street)), ...errors },
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
      security,
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
      responses: { 200: json(arrayOf(Community)), ...errors },
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

  registerCatalogueRoutes(app, deps);
  registerCatalogueAdminRoutes(app, deps);
  registerRatingRoutes(app, deps);
  registerRatingStaffRoutes(app, deps);
  registerCaseLifecycleRoutes(app, deps);
  registerNoticeRoutes(app, deps);
  registerChannelRoutes(app, deps);

  registerCommunityRoutes(app, deps);
  // Open311 GeoReport v2 (`/open311/v2/<slug>/…`): public, the district from the slug, writes by
  // api_key; its keys are managed by the district admin on `/api/t/open311/keys`.
  registerOpen311KeyRoutes(app, deps);
  registerOpen311Routes(app, deps);
  // The kiosk (`/kiosk/v1/<slug>/…`): ID number + SMS code sign-in, filing, the status lookup the TV shares.
  registerKioskRoutes(app, deps);

  return app;
};
