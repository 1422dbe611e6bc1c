import type { Tenant } from '@linli/tenancy';

/**
 * Modules of a tenant when no flag set is wired: the tier defaults of DOMAIN.md.
 * The API normally receives the flags engine's evaluated set instead (see `ApiDeps.modulesFor`).
 */
const BASIC = ['channel-portal', 'self-governance', 'civil-affairs'];
const STANDARD = [
  ...BASIC,
  'party-building',
  'civil-organizations',
  'street-tasks-reports',
  'employment',
  'social-security',
  'community-health',
  'population-family-planning',
  'public-safety',
  'channel-call-centre',
  'channel-sms',
];
const DEMONSTRATION = [
  ...STANDARD,
  'culture-education-sports',
  'migrant-population',
  'commercial-services',
  'channel-kiosk',
  'channel-digital-tv',
  'analytics',
  'data-exchange',
];

export const tierDefaultModules = (tenant: Pick<Tenant, 'tier'>): string[] =>
  tenant.tier === 'demonstration'
    ? [...DEMONSTRATION]
    : tenant.tier === 'standard'
      ? [...STANDARD]
      : [...BASIC];
