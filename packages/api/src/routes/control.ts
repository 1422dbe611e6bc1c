/**
 * The control plane's own routes (route group `control`): runtime config, the public district
 * directory and portal information, `me`, the ministry's registry, the join wizard and its
 * divisions, the public catalogue, notices and events, onboarding, flags and the residents'
 * identity. Everything API Gateway sends to the control function; the ministry function
 * (`/api/ministry/indicators/*`, route group `ministry`) does not bundle them.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { allows, authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import { citiesOf, districtsOf, provinces } from '@linli/divisions';
import { scopeSchema } from '@linli/tenancy';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { authenticate } from '../middleware.ts';
import { arrayOf, json, problems, security } from '../openapi.ts';
import { districtPortal, districtProfile, publicDistrict } from '../public-district.ts';
import { DistrictPortal, PublicDistrict, TenantStatus } from '../public-district-schemas.ts';
import { registerPublicEventRoutes } from './community/events-public.ts';
import { registerFlagRoutes } from './flags/index.ts';
import { Category, Tier } from './flags/shared.ts';
import { registerOnboardingRoutes } from './onboarding/index.ts';
import { registerResidentIdentityRoutes } from './residents-identity.ts';
import { registerPublicCatalogueRoutes } from './services/catalogue-public.ts';
import { registerPublicNoticeRoutes } from './services/notices-public.ts';

const PublicPool = z.object({ userPoolId: z.string(), clientId: z.string(), endpoint: z.string() });
const AppConfig = z
  .object({
    mode: z.enum(['local', 'aws']),
    region: z.string(),
    staff: PublicPool,
    residents: PublicPool,
    /** Local only: the development outbox (`/api/dev/outbox`) shows the sent SMS and e-mails. */
    devOutbox: z.boolean(),
  })
  .openapi('AppConfig');

const Me = z
  .object({
    sub: z.string(),
    username: z.string(),
    name: z.string(),
    kind: z.enum(['ministry', 'staff', 'resident']),
    roles: arrayOf(z.string()),
    scope: scopeSchema,
    tenant: z
      .object({
        id: z.string(),
        slug: z.string(),
        name: z.string(),
        divisionCode: z.string(),
        tier: Tier,
        status: TenantStatus,
      })
      .nullable(),
    modules: arrayOf(z.string()),
  })
  .openapi('Me');

const RegistryTenant = z
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
    status: TenantStatus,
    placement: z.enum(['pooled', 'silo']),
    modules: arrayOf(z.string()),
    canManage: z.boolean(),
  })
  .openapi('RegistryTenant');

const Division = z.object({ code: z.string(), name: z.string() }).openapi('Division');

export const registerControlRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/config',
      summary: 'Runtime configuration of the web client (public)',
      responses: { 200: json(AppConfig, 'config') },
    }),
    (c) =>
      c.json(
        {
          mode: deps.mode,
          region: deps.region,
          staff: deps.pools.staff,
          residents: deps.pools.residents,
          devOutbox: deps.mode === 'local' && !!deps.notifier?.list,
        },
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/districts',
      summary: 'Active districts (public directory)',
      responses: { 200: json(arrayOf(PublicDistrict), 'districts') },
    }),
    async (c) => {
      const all = await deps.registry.list();
      return c.json(
        all.filter((t) => t.status === 'active' || t.status === 'suspended').map(publicDistrict),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/districts/{slug}',
      summary: "A district's public portal information",
      request: { params: z.object({ slug: z.string().regex(/^[a-z0-9-]{3,64}$/) }) },
      responses: {
        200: json(DistrictPortal, 'district'),
        ...problems([400, 404], { 404: 'unknown district' }),
      },
    }),
    async (c) => {
      const district = await districtPortal(deps, c.req.valid('param').slug);
      if (!district) throw Errors.tenantNotFound();
      return c.json(district, 200);
    },
  );

  app.use('/api/me', authenticate(deps));
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/me',
      summary: 'The signed-in user: tenant, roles, scope, enabled modules',
      security,
      responses: { 200: json(Me, 'me'), ...problems([401]) },
    }),
    (c) => {
      const ctx = c.get('ctx');
      const t = ctx.tenant;
      return c.json(
        {
          sub: ctx.sub,
          username: ctx.username,
          name: ctx.name,
          kind: ctx.kind,
          roles: [...ctx.roles],
          scope: { ...ctx.scope },
          tenant: t
            ? {
                id: t.id,
                slug: t.slug,
                name: t.name,
                divisionCode: t.divisionCode,
                tier: t.tier,
                status: t.status,
              }
            : null,
          modules: t ? deps.modulesFor(t) : [],
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/tenants',
      summary: 'Tenant registry (ministry): no personal data',
      security,
      responses: {
        200: json(arrayOf(RegistryTenant), 'tenants'),
        ...problems([401, 403], { 403: 'not ministry' }),
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      if (ctx.kind !== 'ministry') throw Errors.forbidden();
      authorize(ctx, 'tenants:list');
      const all = await deps.registry.list();
      return c.json(
        all.map((t) => ({
          ...districtProfile(t, deps.modulesFor(t)),
          canManage: allows(ctx, 'tenants:manage'),
        })),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/join/divisions',
      summary: 'Administrative divisions for the join wizard (provinces → cities → districts)',
      request: {
        query: z.object({
          parent: z
            .string()
            .regex(/^\d{2}(\d{2})?$/)
            .optional(),
        }),
      },
      responses: {
        200: json(arrayOf(Division), 'divisions'),
        ...problems([400], { 400: 'bad parent code' }),
      },
    }),
    (c) => {
      const parent = c.req.valid('query').parent;
      if (!parent) return c.json(provinces(), 200);
      return c.json(parent.length === 2 ? citiesOf(parent) : districtsOf(parent), 200);
    },
  );

  registerPublicCatalogueRoutes(app, deps);
  registerPublicNoticeRoutes(app, deps);
  registerPublicEventRoutes(app, deps);
  registerOnboardingRoutes(app, deps);
  registerFlagRoutes(app, deps);
  registerResidentIdentityRoutes(app, deps);
};
