/**
 * The district's own routes in the light tenant function (route group `district`): its profile
 * and modules, streets and communities, onboarding and invitations, the resident's profile, the
 * catalogue as staff and residents read it, callbacks and rectifications, notices and the Open311
 * keys. Everything API Gateway sends to that function besides the comprehensive database
 * (`population`); the other groups' functions do not bundle these routes.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listConstraint } from '@linli/auth';
import { Errors } from '@linli/core';
import { listCommunities, listStreets, TENANT_STATUSES } from '@linli/tenancy';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { permit } from '../middleware.ts';
import { arrayOf, json, problems, security } from '../openapi.ts';
import { districtProfile } from '../public-district.ts';
import { Category, Tier } from './flags/shared.ts';
import { registerModuleRoutes } from './modules.ts';
import { registerOpen311KeyRoutes } from './open311/keys.ts';
import { registerResidentRoutes } from './resident.ts';
import { registerCatalogueRoutes } from './services/catalogue.ts';
import { registerNoticeRoutes } from './services/notices.ts';
import { registerRatingStaffRoutes } from './services/ratings-staff.ts';
import { registerTenantOnboardingRoutes } from './tenant-onboarding.ts';

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

export const registerDistrictRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
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
  registerCatalogueRoutes(app, deps);
  registerRatingStaffRoutes(app, deps);
  registerNoticeRoutes(app, deps);
  // Open311's keys are managed by the district admin here; the public interface is its own group.
  registerOpen311KeyRoutes(app, deps);
};
