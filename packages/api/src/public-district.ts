/**
 * What anyone may read about a district, as data: the public directory's rows, a district's portal
 * information and the staff's district profile. No schema is built here, so the server-rendered
 * portal (`portal-ssr`) carries no `zod`; the routes' schemas are in `public-district-schemas.ts`.
 */
import type { z } from '@hono/zod-openapi';
import type { Tenant } from '@linli/tenancy';
import type { ApiDeps } from './deps.ts';
import type { DistrictPortal } from './public-district-schemas.ts';
import { districtNotices } from './routes/services/notices-present.ts';

export type DistrictPortalView = z.infer<typeof DistrictPortal>;

/**
 * What the public reads need: the registry, the districts' modules and their scoped stores (the
 * public partitions). The API's deps have them; so has the portal function's read-only set.
 */
export type PublicReadDeps = Pick<ApiDeps, 'registry' | 'modulesFor' | 'stores' | 'now'> & {
  readonly flags?: { readonly service: { ensureFresh(): Promise<unknown> } };
};

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
export const districtPortal = async (
  deps: PublicReadDeps,
  slug: string,
): Promise<DistrictPortalView | null> => {
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
export const portalData = (deps: PublicReadDeps) => ({
  district: (slug: string) => districtPortal(deps, slug),
});
