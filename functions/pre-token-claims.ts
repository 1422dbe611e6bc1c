import type { Membership } from '@linli/tenancy';

/**
 * Claims the pre-token trigger writes: tenant, kind and roles from the membership registry only.
 * `custom:tenantId` is suppressed so no client ever sees a user-editable tenant claim; the API
 * still resolves the tenant from the registry and treats these claims as informational.
 */
export const preTokenClaims = (m: Membership | undefined) => ({
  claimsToAddOrOverride: {
    'linli:tenant': m?.tenantId ?? '',
    'linli:kind': m?.kind ?? 'none',
    'linli:roles': (m?.roles ?? []).join(','),
  },
  claimsToSuppress: ['custom:tenantId'],
});
