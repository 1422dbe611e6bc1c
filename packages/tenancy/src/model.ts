import { TIERS } from '@linli/tables';
import * as z from 'zod/mini';

export const TENANT_STATUSES = [
  'applied',
  'provisioning',
  'active',
  'suspended',
  'offboarding',
  'deleted',
] as const;
export type TenantStatus = (typeof TENANT_STATUSES)[number];

/**
 * Written with `zod/mini`: every scheduled function reads tenants, and `zod` would be a third of what
 * some of them load (docs/benchmarks.md). The API's routes embed these schemas as they are.
 */
export const categorySchema = z.object({
  areaType: z.enum(['urban-core', 'suburban', 'county-rural']),
  development: z.enum(['developed', 'developing', 'underdeveloped']),
  migrantShare: z.enum(['high', 'normal']),
  infrastructure: z.enum(['strong', 'weak']),
  hardship: z.enum(['high', 'normal']),
});
export type Category = z.infer<typeof categorySchema>;

/** A tenant id is a ULID: 26 Crockford base32 characters, never a `#` (keys are `#`-joined). */
export const tenantIdSchema = z
  .string()
  .check(z.regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'tenant id must be a ULID'));

export const tenantSchema = z.object({
  id: tenantIdSchema,
  divisionCode: z.string().check(z.regex(/^\d{6}$/)),
  slug: z.string().check(z.regex(/^[a-z0-9-]{3,64}$/)),
  name: z.string().check(z.minLength(1), z.maxLength(64)),
  province: z.string(),
  city: z.string(),
  tier: z.enum(TIERS),
  category: categorySchema,
  placement: z.enum(['pooled', 'silo']),
  wave: z.nullable(z.string()),
  status: z.enum(TENANT_STATUSES),
  /** Table holding the tenant's data (the pooled table or its silo table). */
  dataTable: z.string(),
  hotline: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Tenant = z.infer<typeof tenantSchema>;

export const scopeSchema = z.object({
  streetCode: z.optional(z.string().check(z.regex(/^\d{9}$/))),
  communityCode: z.optional(z.string().check(z.regex(/^\d{12}$/))),
  department: z.optional(z.string().check(z.minLength(2), z.maxLength(32))),
});
export type Scope = z.infer<typeof scopeSchema>;

export type MemberKind = 'ministry' | 'staff' | 'resident';

/**
 * Linli's own membership record: the only source of a user's tenant, roles and scope.
 * Cognito attributes are never trusted for these (users can rewrite their own attributes).
 */
export interface Membership {
  readonly sub: string;
  readonly pool: 'staff' | 'residents';
  readonly kind: MemberKind;
  readonly username: string;
  readonly name: string;
  readonly tenantId?: string;
  readonly roles: readonly string[];
  readonly scope: Scope;
  readonly createdAt: string;
}

export const slugFor = (pinyinOrName: string, divisionCode: string): string =>
  `${pinyinOrName
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')}-${divisionCode}`.replace(/^-/, 'd-');
