import type { TenantContext } from '../src/index.ts';

/** A district; override any field. */
type Over = Omit<Partial<TenantContext>, 'category'> & { category?: Partial<TenantContext['category']> };

export const tenant = (over: Over = {}): TenantContext => {
  const { category, ...rest } = over;
  return {
    tenantId: '01JTENANT00000000000000001',
    divisionCode: '110101',
    tier: 'standard',
    wave: 'wave-1',
    ...rest,
    category: {
      areaType: 'urban-core',
      development: 'developed',
      migrantShare: 'normal',
      infrastructure: 'strong',
      hardship: 'normal',
      ...category,
    },
  };
};

/** Synthetic ULID-like tenant ids. */
export const tenantIds = (n: number, prefix = '01J'): string[] =>
  Array.from({ length: n }, (_, i) => `${prefix}${i.toString(36).toUpperCase().padStart(23, '0')}`);

export const at = (iso: string): number => Date.parse(iso);
