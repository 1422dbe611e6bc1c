/** The schemas of the public district routes (`/api/public/districts*`) and the staff's profile. */
import { z } from '@hono/zod-openapi';
import { TENANT_STATUSES } from '@linli/tenancy';
import { arrayOf } from './openapi.ts';
import { Tier } from './routes/flags/shared.ts';
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
