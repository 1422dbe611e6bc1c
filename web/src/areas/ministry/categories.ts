import type { TenantCategory } from '../../api/types';

/** Category dimensions and their values (DOMAIN.md). */
export const CATEGORY_VALUES: Record<keyof TenantCategory, readonly string[]> = {
  areaType: ['urban-core', 'suburban', 'county-rural'],
  development: ['developed', 'developing', 'underdeveloped'],
  migrantShare: ['high', 'normal'],
  infrastructure: ['strong', 'weak'],
  hardship: ['high', 'normal'],
};

/** The category dimensions, in the order the filters and forms show them. */
export const DIMENSIONS = Object.keys(CATEGORY_VALUES) as (keyof TenantCategory)[];

/** The service tiers, lowest first. */
export const TIERS = ['basic', 'standard', 'demonstration'] as const;

/** The rollout waves, first first. */
export const WAVES = ['wave-1', 'wave-2', 'wave-3'] as const;
