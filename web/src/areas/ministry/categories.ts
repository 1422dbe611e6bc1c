import type { TenantCategory } from '../../api/types';

/** Category dimensions and their values (DOMAIN.md). */
export const CATEGORY_VALUES: Record<keyof TenantCategory, readonly string[]> = {
  areaType: ['urban-core', 'suburban', 'county-rural'],
  development: ['developed', 'developing', 'underdeveloped'],
  migrantShare: ['high', 'normal'],
  infrastructure: ['strong', 'weak'],
  hardship: ['high', 'normal'],
};
