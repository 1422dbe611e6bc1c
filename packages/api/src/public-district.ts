import { z } from '@hono/zod-openapi';
import { TENANT_STATUSES, type Tenant } from '@linli/tenancy';
import type { ApiDeps } from './deps.ts';
import { arrayOf } from './openapi.ts';
import { Tier } from './routes/flags/shared.ts';
import { districtNotices } from './routes/services/notices-public.ts';
import { PublicNotice } from './routes/services/notices-shared.ts';

export const TenantStatus = z.enum(TENANT_STATUSES).openapi('TenantStatus');

export const PublicDistrict = z
  .object({
    slug: z.string(),
    name: z.string(),
    divisionCode: z.string(),
    province: z.string(),
    city: z.string(),
    tier: Tier,
  })
  .openapi('PublicDistrict');

export const DistrictPortal = PublicDistrict.extend({
  status: TenantStatus,
  /** Without the `channel-portal` module: no portal, only the hotline (and public notices). */
  portal: z.boolean(),
  modules: arrayOf(z.string()),
  hotline: z.string(),
  notices: arrayOf(PublicNotice),
}).openapi('DistrictPortal');

export type DistrictPortalView = z.infer<typeof DistrictPortal>;

export const publicDistrict = (t: Tenant) => ({
  slug: t.slug,
  name: t.name,
  divisionCode: t.divisionCode,
  province: t.province,
  city: t.city,
  tier: t.tier,
});

/** A district as its staff and the ministry see it: `District` of the tenant API, the rows of the registry. */
export const districtProfile = (t: Tenant, modules: string[]) => ({
  id: t.id,
  ...publicDistrict(t),
  category: t.category,
  wave: t.wave,
  status: t.status,
  placement: t.placement,
  modules,
});

/**
 * What anyone may read about a district: the answer of `GET /api/public/districts/{slug}` and the
 * data of the server-rendered portal (`@linli/web/portal-server`), one function for both so the
 * HTML a resident's phone receives first says exactly what the API says. Null for an unknown,
 * pending or offboarded district.
 */
export const districtPortal = async (deps: ApiDeps, slug: string): Promise<DistrictPortalView | null> => {
  const t = await deps.registry.getBySlug(slug);
  if (!t || (t.status !== 'active' && t.status !== 'suspended')) return null;
  await deps.flags?.service.ensureFresh();
  const modules = deps.modulesFor(t);
  const hotline = t.hotline ?? '12345';
  // Current district-wide notices (公示 included, masked); community ones on `/notices?community=`.
  const notices = await districtNotices(deps, t);
  // Without `channel-portal` the district has no portal: only public notices and the hotline.
  if (!modules.includes('channel-portal'))
    return { ...publicDistrict(t), status: t.status, portal: false, modules: [], hotline, notices };
  return { ...publicDistrict(t), status: t.status, portal: true, modules, hotline, notices };
};

/**
 * The public data the server-rendered portal loads (`PortalApi` of `@linli/web/portal-server`),
 * answered by the same functions as the public API routes. A portal page that needs more public
 * data adds its function here, next to the route that serves it.
 */
export const portalData = (deps: ApiDeps) => ({
  district: (slug: string) => districtPortal(deps, slug),
});
