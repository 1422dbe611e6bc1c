import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { MinistryTenant } from '../../api/types';
import { json, mockFetch, renderPage, signInStaff } from '../../test/utils';
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
    signInStaff();
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
    // Native selects with their labels (no antd Select on the ministry's route).
    const tier = screen.getByRole('combobox', { name: '按版本筛选' });
    expect(tier.tagName).toBe('SELECT');
    fireEvent.change(tier, { target: { value: 'basic' } });
    expect(screen.queryByRole('link', { name: '东城区' })).toBeNull();
    expect(screen.getByRole('link', { name: '雷山县' })).toBeVisible();
    expect(screen.getByText('共 1 个区县')).toBeVisible();
  });

  it('ranks the districts from the compact table: suppressed values show as "<5", never 0', async () => {
    signInStaff();
    const def = (code: string, zh: string) => ({
      code,
      labels: { zh, en: code },
      formula: 'a / b * 100',
      unit: 'percent' as const,
      betterWhen: 'higher' as const,
      weight: 1,
      group: 'service' as const,
    });
    const row = (
      id: string,
      name: string,
      rank: number,
      values: (number | null)[],
      suppressed: number[],
    ) => ({
      ...T({ id, name, slug: id }),
      score: 100 - rank,
      rank,
      coverage: 1,
      values,
      suppressed,
      groups: [null, 80, null, null, null, null, null],
      synthetic: false,
      computedAt: '2026-12-02T18:00:00Z',
    });
    mockFetch({
      'GET /api/me': () =>
        json({
          sub: 'a',
          username: 'analyst',
          name: '分析员',
          kind: 'ministry',
          roles: ['ministry-analyst'],
          scope: {},
          modules: [],
        }),
      'GET /api/ministry/indicators/table': () =>
        json({
          day: '2026-12-02',
          version: 1,
          indicators: [def('on_time_rate', '按时办结率'), def('satisfaction', '好差评满意率')],
          groups: ['coverage', 'service', 'efficiency', 'satisfaction', 'adoption', 'equity', 'data-quality'],
          medians: { on_time_rate: 90, satisfaction: null },
          districts: [row('2', '雷山县', 2, [0, null], [1]), row('1', '东城区', 1, [95.5, null], [])],
        }),
    });
    renderPage(<MinistryPage />, { route: '/ministry/indicators', path: '/ministry/*' });

    const table = await screen.findByRole('table', { name: '区县排名' });
    const rows = within(table).getAllByRole('row');
    expect(rows[1]).toHaveTextContent('东城区'); // by rank
    const leishan = within(table).getByRole('row', { name: /雷山县/ });
    expect(leishan).toHaveTextContent('0%'); // a measured zero stays a zero
    expect(within(leishan).getByText('<5')).toHaveAttribute('title', '小于 5 的计数已隐去，以免指向个人');
    expect(within(rows[1]!).getByText('无数据')).toBeVisible();
    fireEvent.click(screen.getByRole('checkbox', { name: '选择对比 雷山县' }));
    fireEvent.click(screen.getByRole('checkbox', { name: '选择对比 东城区' }));
    expect(screen.getByRole('button', { name: '对比所选区县' })).toBeEnabled();
  });

  it('filters by tier and by each category dimension', () => {
    expect(filterTenants(TENANTS, { tier: 'basic' }).map((t) => t.name)).toEqual(['雷山县']);
    expect(filterTenants(TENANTS, { infrastructure: 'weak' }).map((t) => t.name)).toEqual(['雷山县']);
    expect(filterTenants(TENANTS, { areaType: 'urban-core', tier: 'basic' })).toEqual([]);
    expect(filterTenants(TENANTS, {})).toHaveLength(2);
  });

  it('shows the analyst the queue and the approval rule read-only: no boxes to tick, no decisions', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/me': () =>
        json({
          sub: 'a',
          username: 'analyst',
          name: '分析员',
          kind: 'ministry',
          roles: ['ministry-analyst'],
          scope: {},
          modules: [],
        }),
      'GET /api/ministry/approval-policy': () =>
        json({ requireApproval: { basic: false, standard: true, demonstration: true } }),
      'GET /api/ministry/applications': () =>
        json([
          {
            id: 'app-1',
            tenantId: 't-1',
            divisionCode: '330106',
            districtName: '西湖区',
            province: '浙江省',
            city: '杭州市',
            tierRequested: 'standard',
            category: TENANTS[0]!.category,
            categoryRules: [],
            profile: {
              areaType: 'urban-core',
              development: 'developed',
              population: 1,
              migrantSharePercent: 1,
              broadbandPercent: 90,
              lowIncomePercent: 1,
            },
            status: 'submitted',
            needsApproval: true,
            admin: { name: '李', mobile: '138****0000', email: 'a@example.cn' },
            decision: null,
            submittedAt: '2026-12-01T08:00:00Z',
            updatedAt: '2026-12-01T08:00:00Z',
          },
        ]),
    });
    renderPage(<MinistryPage />, { route: '/ministry/applications', path: '/ministry/*' });

    expect(await screen.findByText('西湖区', { exact: false })).toBeVisible();
    const boxes = screen.getAllByRole('checkbox');
    expect(boxes).toHaveLength(3);
    for (const box of boxes) expect(box).toBeDisabled();
    expect(screen.getByText(/只有民政部管理员可以审批申请/)).toBeVisible();
    const table = screen.getByRole('table');
    expect(within(table).queryByRole('button', { name: /批准|通过/ })).toBeNull();
    expect(calls.filter((c) => c.method === 'PUT')).toHaveLength(0);
  });

  it('before the first snapshot: an analyst is told it comes daily, an admin computes it and is told once', async () => {
    const me = (roles: string[]) =>
      json({ sub: 'm', username: 'm', name: '部', kind: 'ministry', roles, scope: {}, modules: [] });
    const empty = {
      day: null,
      version: 1,
      indicators: [],
      groups: ['coverage', 'service', 'efficiency', 'satisfaction', 'adoption', 'equity', 'data-quality'],
      medians: {},
      districts: [],
    };
    signInStaff();
    mockFetch({
      'GET /api/me': () => me(['ministry-analyst']),
      'GET /api/ministry/indicators/table': () => json(empty),
    });
    const analyst = renderPage(<MinistryPage />, { route: '/ministry/indicators', path: '/ministry/*' });
    expect(await screen.findByText('尚无指标数据：指标每天自动计算一次，请稍后再来。')).toBeVisible();
    expect(screen.queryByRole('button', { name: '立即计算' })).toBeNull();
    analyst.unmount();

    mockFetch({
      'GET /api/me': () => me(['ministry-admin']),
      'GET /api/ministry/indicators/table': () => json(empty),
      'POST /api/ministry/indicators/compute': () => json({ day: '2026-12-04', districts: 3, failed: [] }),
    });
    renderPage(<MinistryPage />, { route: '/ministry/indicators', path: '/ministry/*' });
    expect(await screen.findByText('尚无指标数据。请点击“立即计算”。')).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: '立即计算' }));
    expect(await screen.findAllByText('已计算 3 个区县（2026-12-04）')).toHaveLength(1);
  });
});
