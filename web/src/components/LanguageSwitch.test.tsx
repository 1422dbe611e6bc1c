import { fireEvent, screen, within } from '@testing-library/react';
import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import HomePage from '../areas/home/HomePage';
import { CONFIG, json, mockFetch, renderPage } from '../test/utils';
import { Shell } from './Shell';

const DISTRICTS = [
  {
    slug: 'dongcheng-110101',
    name: '东城区',
    divisionCode: '110101',
    province: '北京市',
    city: '北京市',
    tier: 'standard',
  },
  {
    slug: 'leishan-522634',
    name: '雷山县',
    divisionCode: '522634',
    province: '贵州省',
    city: '黔东南苗族侗族自治州',
    tier: 'basic',
  },
];

function renderHome() {
  mockFetch({
    'GET /api/config': () => json(CONFIG),
    'GET /api/public/districts': () => json(DISTRICTS),
  });
  return renderPage(
    <Shell>
      <HomePage />
    </Shell>,
  );
}

describe('language switch', () => {
  it('starts in Chinese and switches visible text, <html lang>, dayjs locale and the stored choice', async () => {
    renderHome();
    expect(await screen.findByRole('heading', { level: 1, name: '邻里 · 社区信息平台' })).toBeVisible();
    expect(document.documentElement.lang).toBe('zh-CN');
    expect(dayjs.locale()).toBe('zh-cn');

    fireEvent.click(screen.getByRole('button', { name: 'English' }));

    expect(
      await screen.findByRole('heading', { level: 1, name: 'Linli · Community information platform' }),
    ).toBeVisible();
    expect(screen.queryByText('邻里 · 社区信息平台')).toBeNull();
    expect(document.documentElement.lang).toBe('en');
    expect(dayjs.locale()).toBe('en');
    expect(localStorage.getItem('linli.lang')).toBe('en');
    // Tier labels come from the same resources.
    expect(await screen.findByText('Standard')).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: '中文' }));
    expect(await screen.findByRole('heading', { level: 1, name: '邻里 · 社区信息平台' })).toBeVisible();
    expect(document.documentElement.lang).toBe('zh-CN');
  });

  it('remembers English across a fresh start', async () => {
    localStorage.setItem('linli.lang', 'en');
    renderHome();
    expect(
      await screen.findByRole('heading', { level: 1, name: 'Linli · Community information platform' }),
    ).toBeVisible();
    expect(screen.getByRole('button', { name: '中文' })).toBeVisible();
  });
});

describe('home page', () => {
  it('lists the districts from the API, each linking to its portal', async () => {
    renderHome();
    const link = await screen.findByRole('link', { name: '东城区' });
    expect(link.getAttribute('href')).toBe('/t/dongcheng-110101');
    const leishan = screen.getByRole('link', { name: '雷山县' });
    expect(leishan.getAttribute('href')).toBe('/t/leishan-522634');
    const list = link.closest('ul');
    expect(list && within(list).getAllByRole('listitem')).toHaveLength(2);
  });

  it('shows the API error instead of an empty list when the districts cannot be loaded', async () => {
    mockFetch({
      'GET /api/config': () => json(CONFIG),
      'GET /api/public/districts': () =>
        new Response(
          JSON.stringify({
            status: 503,
            code: 'UNAVAILABLE',
            message: { zh: '服务暂不可用', en: 'Unavailable' },
          }),
          { status: 503, headers: { 'Content-Type': 'application/problem+json' } },
        ),
    });
    renderPage(<HomePage />);
    expect(await screen.findByText('服务暂不可用', {}, { timeout: 10_000 })).toBeVisible();
  });
});
