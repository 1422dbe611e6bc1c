import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem, renderPage } from '../../test/utils';
import PortalPage from './PortalPage';

const BASE = {
  slug: 'dongcheng-110101',
  name: '东城区',
  divisionCode: '110101',
  province: '北京市',
  city: '北京市',
  tier: 'standard',
  status: 'active',
  hotline: '010-12345',
  notices: [
    { id: 'n1', title: '社区议事会通知', body: '周六上午九点召开。', publishedAt: '2026-11-20T01:00:00Z' },
  ],
};

function renderPortal(district: Record<string, unknown>) {
  mockFetch({ 'GET /api/public/districts/dongcheng-110101': () => json(district) });
  renderPage(<PortalPage />, { route: '/t/dongcheng-110101', path: '/t/:slug' });
}

describe('resident portal', () => {
  it('shows only the modules the district has', async () => {
    renderPortal({
      ...BASE,
      modules: ['channel-portal', 'employment', 'community-health', 'self-governance'],
    });

    expect(await screen.findByRole('heading', { level: 1, name: '东城区' })).toBeVisible();
    expect(screen.getByRole('heading', { name: '在线服务' })).toBeVisible();
    expect(screen.getByText('就业')).toBeVisible();
    expect(screen.getByText('社区卫生')).toBeVisible();
    expect(screen.getByText('居民自治')).toBeVisible();
    for (const absent of ['社会保障', '社区党建', '流动人口服务', '商业服务', '自助终端']) {
      expect(screen.queryByText(absent)).toBeNull();
    }
    expect(screen.getByText('社区议事会通知')).toBeVisible();
    expect(screen.getByRole('link', { name: /010-12345/ }).getAttribute('href')).toBe('tel:01012345');
  });

  it('without channel-portal shows only notices and the hotline', async () => {
    renderPortal({ ...BASE, modules: ['employment', 'civil-affairs'] });

    expect(await screen.findByRole('heading', { level: 2, name: '通知公告' })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: '服务热线' })).toBeVisible();
    expect(screen.getByText('社区议事会通知')).toBeVisible();
    expect(screen.queryByRole('heading', { name: '在线服务' })).toBeNull();
    expect(screen.queryByText('就业')).toBeNull();
    expect(screen.queryByText('社区民政')).toBeNull();
    expect(screen.getByText('本区县暂未开通门户网站，仅提供通知公告和服务热线。')).toBeVisible();
  });

  it('says so when the district does not exist', async () => {
    mockFetch({
      'GET /api/public/districts/nowhere': () =>
        problem({ status: 404, code: 'TENANT_NOT_FOUND', message: { zh: '未找到', en: 'Not found' } }),
    });
    renderPage(<PortalPage />, { route: '/t/nowhere', path: '/t/:slug' });
    expect(await screen.findByText('未找到该区县。')).toBeVisible();
  });
});
