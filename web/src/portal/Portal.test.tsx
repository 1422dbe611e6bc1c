import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { hydrateRoot } from 'react-dom/client';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, mockFetch, problem } from '../test/utils';
import { PortalApp, type PortalState } from './App';
import type { DistrictPortal, PortalApi } from './api';
import { browserApi } from './api';
import zhCN from './i18n/zh-CN';
import { renderPortal } from './server/render';

const BASE: DistrictPortal = {
  slug: 'dongcheng-110101',
  name: '东城区',
  divisionCode: '110101',
  province: '北京市',
  city: '北京市',
  tier: 'standard',
  status: 'active',
  portal: true,
  hotline: '010-12345',
  modules: ['channel-portal', 'employment', 'community-health', 'self-governance', 'analytics'],
  notices: [
    {
      id: 'n1',
      kind: 'general',
      scope: { kind: 'district' },
      title: '社区议事会通知',
      body: '周六上午九点召开。',
      publishedAt: '2026-11-20T01:00:00Z',
    },
  ],
};

const TEMPLATE = `<!doctype html><html lang="zh-CN"><head><title>邻里</title></head><body><div id="root"><!--portal-html--><p>skeleton</p><!--/portal-html--></div><!--portal-state--><script type="module" src="/assets/portal.js"></script></body></html>`;

/** The server side's data: what `@linli/api`'s `portalData` answers, here fixed. */
const serverApi = (d: DistrictPortal | null): PortalApi => ({ district: async () => d });

function renderInBrowser(path: string) {
  window.history.replaceState(null, '', path);
  const state: PortalState = { path, lang: 'zh-CN', view: { kind: 'loading' } };
  return render(<PortalApp state={state} strings={zhCN} api={browserApi} />);
}

afterEach(() => {
  vi.unstubAllGlobals();
  // biome-ignore lint/suspicious/noDocumentCookie: clears the preference cookie the portal sets
  document.cookie = 'linli_lang=; max-age=0; path=/';
});

describe('resident portal in the browser', () => {
  it('loads the district and shows only its resident modules, notices and hotline', async () => {
    mockFetch({ 'GET /api/public/districts/dongcheng-110101': () => json(BASE) });
    renderInBrowser('/t/dongcheng-110101');
    expect(screen.getByRole('status')).toHaveTextContent('正在加载');

    expect(await screen.findByRole('heading', { level: 1, name: '东城区' })).toBeVisible();
    expect(screen.getByRole('heading', { name: '在线服务' })).toBeVisible();
    for (const shown of ['就业', '社区卫生', '居民自治']) expect(screen.getByText(shown)).toBeVisible();
    for (const absent of ['社会保障', '社区党建', '业务分析', 'analytics'])
      expect(screen.queryByText(absent)).toBeNull();
    expect(screen.getByText('社区议事会通知')).toBeVisible();
    expect(screen.getByRole('link', { name: /010-12345/ }).getAttribute('href')).toBe('tel:01012345');
    expect(screen.getByRole('link', { name: '居民登录' }).getAttribute('href')).toBe(
      '/t/dongcheng-110101/login',
    );
    // The title follows the view in an effect after the commit: wait for it, do not race it.
    await waitFor(() => expect(document.title).toBe('东城区 · 邻里'));
  });

  it("takes each module's card where a resident acts on it, and keeps the staff's modules out", async () => {
    mockFetch({
      'GET /api/public/districts/dongcheng-110101': () =>
        json({
          ...BASE,
          modules: [
            'channel-portal',
            'employment',
            'self-governance',
            'culture-education-sports',
            'street-tasks-reports',
            'channel-call-centre',
            'channel-sms',
          ],
        }),
    });
    renderInBrowser('/t/dongcheng-110101');
    expect(await screen.findByRole('heading', { level: 1, name: '东城区' })).toBeVisible();
    const href = (name: string) => screen.getByRole('link', { name }).getAttribute('href');
    expect(href('就业')).toBe('/t/dongcheng-110101/services?category=employment');
    expect(href('居民自治')).toBe('/t/dongcheng-110101/consultations');
    expect(href('文化教育体育')).toBe('/t/dongcheng-110101/events');
    expect(href('呼叫中心')).toBe('tel:01012345');
    // Nothing to open: the card says what it is for.
    expect(screen.queryByRole('link', { name: '短信平台' })).toBeNull();
    expect(screen.getByText('发送“CX 办件编号”查询办件进度')).toBeVisible();
    expect(screen.queryByText('街道任务与报表')).toBeNull();
  });

  it("a module's category with no online service says so and leads to all services", async () => {
    mockFetch({
      'GET /api/public/districts/dongcheng-110101': () => json(BASE),
      'GET /api/public/districts/dongcheng-110101/services': () =>
        json({
          items: [
            {
              code: 'dbsq',
              name: { zh: '低保申请', en: 'Minimum living allowance' },
              summary: { zh: '城乡居民最低生活保障申请', en: 'Apply for the allowance' },
              department: 'civil',
              departmentName: { zh: '民政局', en: 'Civil Affairs' },
              module: 'civil-affairs',
              channels: ['portal'],
              timeLimitDays: 30,
              version: 1,
            },
          ],
        }),
    });
    renderInBrowser('/t/dongcheng-110101/services?category=employment');
    expect(
      await screen.findByText('“就业”暂无可在网上办理的服务。可以查看全部服务，或拨打服务热线咨询。'),
    ).toBeVisible();
    expect(screen.queryByText('低保申请')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '全部服务' }));
    expect(await screen.findByText('低保申请')).toBeVisible();
  });

  it('without channel-portal shows only notices and the hotline', async () => {
    mockFetch({
      'GET /api/public/districts/dongcheng-110101': () => json({ ...BASE, portal: false, modules: [] }),
    });
    renderInBrowser('/t/dongcheng-110101');
    expect(await screen.findByRole('heading', { level: 2, name: '通知公告' })).toBeVisible();
    expect(screen.getByRole('heading', { level: 2, name: '服务热线' })).toBeVisible();
    expect(screen.queryByRole('heading', { name: '在线服务' })).toBeNull();
    expect(screen.queryByRole('link', { name: '居民登录' })).toBeNull();
    expect(screen.getByText('本区县暂未开通门户网站，仅提供通知公告和服务热线。')).toBeVisible();
  });

  it('says so when the district does not exist', async () => {
    mockFetch({
      'GET /api/public/districts/nowhere': () =>
        problem({ status: 404, code: 'TENANT_NOT_FOUND', message: { zh: '未找到', en: 'Not found' } }),
    });
    renderInBrowser('/t/nowhere');
    expect(await screen.findByRole('heading', { level: 1, name: '未找到该区县。' })).toBeVisible();
  });

  it('offers a retry when the API fails, and recovers', async () => {
    let calls = 0;
    mockFetch({
      'GET /api/public/districts/dongcheng-110101': () => (++calls === 1 ? json({}, 503) : json(BASE)),
    });
    renderInBrowser('/t/dongcheng-110101');
    fireEvent.click(await screen.findByRole('button', { name: '重试' }));
    expect(await screen.findByRole('heading', { level: 1, name: '东城区' })).toBeVisible();
  });

  it('switches to English, loading the English strings only then, and remembers it', async () => {
    mockFetch({ 'GET /api/public/districts/dongcheng-110101': () => json(BASE) });
    renderInBrowser('/t/dongcheng-110101');
    await screen.findByRole('heading', { level: 1, name: '东城区' });
    fireEvent.click(screen.getByRole('button', { name: 'English' }));
    expect(await screen.findByRole('heading', { name: 'Online services' })).toBeVisible();
    expect(screen.getByText('Employment')).toBeVisible();
    expect(document.cookie).toContain('linli_lang=en');
    expect(document.documentElement.lang).toBe('en');
  });

  it('navigates to the TV view without reloading the page', async () => {
    const { calls } = mockFetch({
      'GET /api/public/districts/dongcheng-110101': () =>
        json({ ...BASE, modules: [...BASE.modules, 'channel-digital-tv'] }),
    });
    renderInBrowser('/t/dongcheng-110101');
    fireEvent.click(await screen.findByRole('link', { name: '电视大屏' }));
    expect(await screen.findByRole('heading', { level: 1, name: '东城区 社区服务' })).toBeVisible();
    expect(window.location.pathname).toBe('/t/dongcheng-110101/tv');
    expect(calls).toHaveLength(2);
  });
});

describe('resident portal rendered on the server', () => {
  it('puts the district, its notices and its data into the first HTML', async () => {
    const { status, html } = await renderPortal(new URL('http://x/t/dongcheng-110101'), {
      template: TEMPLATE,
      api: serverApi(BASE),
    });
    expect(status).toBe(200);
    expect(html).toContain('<title>东城区 · 邻里</title>');
    expect(html).toMatch(/<h1>东城区<\/h1>/);
    expect(html).toContain('社区议事会通知');
    expect(html).toContain('就业');
    expect(html).not.toContain('skeleton');
    const state = JSON.parse(
      /<script id="portal-state" type="application\/json">(.*?)<\/script>/.exec(html)![1]!,
    );
    expect(state).toMatchObject({
      path: '/t/dongcheng-110101',
      lang: 'zh-CN',
      view: { kind: 'page', data: { name: '东城区' } },
    });
  });

  it('answers 404 in words for an unknown district, and renders in English when the cookie says so', async () => {
    const missing = await renderPortal(new URL('http://x/t/nowhere'), {
      template: TEMPLATE,
      api: serverApi(null),
    });
    expect(missing.status).toBe(404);
    expect(missing.html).toContain('未找到该区县。');
    const en = await renderPortal(new URL('http://x/t/dongcheng-110101?kiosk=1'), {
      template: TEMPLATE,
      api: serverApi(BASE),
      cookie: 'a=b; linli_lang=en',
    });
    expect(en.html).toContain('<html lang="en" class="kiosk"');
    expect(en.html).toContain('Online services');
  });

  it('cannot be broken out of by data: the state script escapes markup', async () => {
    const evil = { ...BASE, notices: [{ ...BASE.notices[0]!, title: '</script><script>alert(1)</script>' }] };
    const { html } = await renderPortal(new URL('http://x/t/dongcheng-110101'), {
      template: TEMPLATE,
      api: serverApi(evil),
    });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).toContain('&lt;/script&gt;&lt;script&gt;alert(1)');
  });

  it('hydrates in the browser without a mismatch and without fetching again', async () => {
    const { html } = await renderPortal(new URL('http://x/t/dongcheng-110101'), {
      template: TEMPLATE,
      api: serverApi(BASE),
    });
    const { fn } = mockFetch({});
    const container = document.createElement('div');
    container.innerHTML = /<div id="root">([\s\S]*?)<\/div><script id="portal-state"/.exec(html)![1]!;
    document.body.appendChild(container);
    const state = JSON.parse(
      /<script id="portal-state" type="application\/json">(.*?)<\/script>/.exec(html)![1]!,
    );
    window.history.replaceState(null, '', '/t/dongcheng-110101');
    const errors: unknown[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((...args) => errors.push(args));
    await act(async () => {
      hydrateRoot(container, <PortalApp state={state} strings={zhCN} api={browserApi} />, {
        onRecoverableError: (e) => errors.push(e),
      });
    });
    spy.mockRestore();
    expect(errors).toEqual([]);
    expect(fn).not.toHaveBeenCalled();
    expect(container.querySelector('h1')?.textContent).toBe('东城区');
    container.remove();
  });
});
