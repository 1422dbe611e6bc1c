import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MinistryTenant } from '../../api/types';
import { setSession } from '../../auth/session';
import { json, mockFetch, renderPage } from '../../test/utils';
import MinistryPage, { filterTenants } from './MinistryPage';

const T = (over: Partial<MinistryTenant>): MinistryTenant => ({
  id: 'x',
  slug: 'x',
  name: 'x',
  divisionCode: '000000',
  province: '省',
  city: '市',
  tier: 'basic',
  category: {
    areaType: 'urban-core',
    development: 'developed',
    migrantShare: 'normal',
    infrastructure: 'strong',
    hardship: 'normal',
  },
  wave: 'wave-1',
  status: 'active',
  placement: 'pooled',
  modules: [],
  canManage: true,
  ...over,
});

const TENANTS = [
  T({ id: '1', slug: 'dongcheng-110101', name: '东城区', divisionCode: '110101', tier: 'standard' }),
  T({
    id: '2',
    slug: 'leishan-522634',
    name: '雷山县',
    divisionCode: '522634',
    tier: 'basic',
    wave: 'wave-2',
    category: {
      areaType: 'county-rural',
      development: 'underdeveloped',
      migrantShare: 'normal',
      infrastructure: 'weak',
      hardship: 'high',
    },
  }),
];

describe('ministry console', () => {
  it('lists the tenants from the API with tier, category, wave and status', async () => {
    setSession({
      accessToken: 'a',
      idToken: 'i',
      refreshToken: 'r',
      expiresAt: Date.now() + 3_600_000,
      pool: { endpoint: '/c/', clientId: 'c' },
    });
    mockFetch({
      'GET /api/me': () =>
        json({
          sub: 'm',
          username: 'ministry',
          name: '部管理员',
          kind: 'ministry',
          roles: ['ministry-admin'],
          scope: {},
          modules: [],
        }),
      'GET /api/ministry/tenants': () => json(TENANTS),
    });
    renderPage(<MinistryPage />, { route: '/ministry', path: '/ministry/*' });

    expect(await screen.findByRole('link', { name: '东城区' })).toBeVisible();
    expect(screen.getByRole('link', { name: '雷山县' })).toBeVisible();
    expect(screen.getByText('共 2 个区县')).toBeVisible();
    expect(screen.getByText('wave-2')).toBeVisible();
    expect(screen.getByText('区域类型: 县域农村')).toBeVisible();
    expect(screen.getByLabelText('按版本筛选')).toHaveAttribute('role', 'combobox');
  });

  it('filters by tier and by each category dimension', () => {
    expect(filterTenants(TENANTS, { tier: 'basic' }).map((t) => t.name)).toEqual(['雷山县']);
    expect(filterTenants(TENANTS, { infrastructure: 'weak' }).map((t) => t.name)).toEqual(['雷山县']);
    expect(filterTenants(TENANTS, { areaType: 'urban-core', tier: 'basic' })).toEqual([]);
    expect(filterTenants(TENANTS, {})).toHaveLength(2);
  });
});
