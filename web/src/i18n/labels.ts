import type { TFunction } from 'i18next';

/** Module keys of DOMAIN.md, grouped as the product presents them. */
export const MODULE_GROUPS = {
  communityWork: ['party-building', 'self-governance', 'civil-organizations', 'street-tasks-reports'],
  publicServices: [
    'employment',
    'social-security',
    'community-health',
    'civil-affairs',
    'population-family-planning',
    'public-safety',
    'culture-education-sports',
    'migrant-population',
  ],
  commercial: ['commercial-services'],
  channels: ['channel-portal', 'channel-call-centre', 'channel-sms', 'channel-kiosk', 'channel-digital-tv'],
  platform: ['analytics', 'data-exchange'],
} as const;

export type ModuleGroup = keyof typeof MODULE_GROUPS;
export const MODULE_GROUP_KEYS = Object.keys(MODULE_GROUPS) as ModuleGroup[];

/** A label for a key, falling back to the raw key for values this client does not know yet. */
function labelOr(t: TFunction, prefix: string, key: string): string {
  const k = `${prefix}.${key}`;
  const v = t(k, { defaultValue: key });
  return typeof v === 'string' ? v : key;
}

export const moduleLabel = (t: TFunction, key: string) => labelOr(t, 'modules', key);
export const tierLabel = (t: TFunction, key: string) => labelOr(t, 'tier', key);
export const statusLabel = (t: TFunction, key: string) => labelOr(t, 'status', key);
export const roleLabel = (t: TFunction, key: string) => labelOr(t, 'roles', key);
export const placementLabel = (t: TFunction, key: string) => labelOr(t, 'placement', key);
export const categoryValueLabel = (t: TFunction, key: string) => labelOr(t, 'category.values', key);
