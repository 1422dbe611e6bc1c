/**
 * The resident portal as a phone gets it: the first screen arrives as server-rendered HTML (readable
 * with JavaScript off), then the same components hydrate it without errors; the gateway compresses
 * and caches as CloudFront does, and the favicon exists.
 */
import { mkdirSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible, expectAccessibleWithoutScripts } from '../support/a11y.ts';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const SLUG = 'leishan-522634';

/** A raw GET (no automatic decompression): status, headers and the byte count on the wire. */
const rawGet = (path: string, headers: Record<string, string> = {}) =>
  new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number }>(
    (resolve, reject) => {
      const req = httpRequest(`${baseUrl}${path}`, { headers }, (res) => {
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      });
      req.on('error', reject);
      req.end();
    },
  );

describe('resident portal, server-rendered', () => {
  let noJs: BrowserSession;
  let js: BrowserSession;

  beforeAll(async () => {
    noJs = await openBrowser({ locale: 'zh-CN', javaScriptEnabled: false });
    js = await openBrowser({ locale: 'zh-CN' });
    await js.page.setViewportSize({ width: 360, height: 740 });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      mkdirSync('test-results', { recursive: true });
      const shot = (p: Page, n: string) =>
        p.screenshot({
          path: `test-results/portal-${n}-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}.png`,
        });
      await shot(js.page, 'js').catch(() => {});
      await shot(noJs.page, 'nojs').catch(() => {});
    }
  });

  afterAll(async () => {
    await noJs?.close();
    await js?.close();
  });

  it('shows the district name, hotline and services before any script runs', async () => {
    const response = await noJs.page.goto(`${baseUrl}/t/${SLUG}`);
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue('cache-control')).toBe('no-cache');
    expect(await noJs.page.title()).toBe('雷山县 · 邻里');
    expect(await noJs.page.getByRole('heading', { level: 1, name: '雷山县' }).isVisible()).toBe(true);
    expect(await noJs.page.getByRole('heading', { level: 2, name: '服务热线' }).isVisible()).toBe(true);
    expect(await noJs.page.getByTestId('hotline').getAttribute('href')).toMatch(/^tel:\d+$/);
    expect(await noJs.page.getByRole('heading', { level: 2, name: '通知公告' }).isVisible()).toBe(true);
    // Links work without JavaScript too (plain hrefs).
    expect(await noJs.page.getByRole('link', { name: '居民登录' }).getAttribute('href')).toBe(
      `/t/${SLUG}/login`,
    );
    await expectAccessibleWithoutScripts(noJs.page, js.context, 'portal home, no JavaScript');
    // The page's data travels with it for hydration.
    const state = JSON.parse((await noJs.page.locator('#portal-state').textContent()) ?? '{}');
    expect(state).toMatchObject({
      path: `/t/${SLUG}`,
      lang: 'zh-CN',
      view: { kind: 'page', data: { slug: SLUG } },
    });
  });

  it('answers an unknown district with 404 and says so in words', async () => {
    const response = await noJs.page.goto(`${baseUrl}/t/nowhere-000000`);
    expect(response?.status()).toBe(404);
    expect(await noJs.page.getByRole('heading', { level: 1, name: '未找到该区县。' }).isVisible()).toBe(true);
    await expectAccessibleWithoutScripts(noJs.page, js.context, 'portal: unknown district');
  });

  it('hydrates without errors or a second fetch of the district, then switches to English', async () => {
    const problems: string[] = [];
    const districtCalls: string[] = [];
    js.page.on('console', (m) => {
      if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
    });
    js.page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    js.page.on('request', (r) => {
      if (r.url().includes('/api/public/districts/')) districtCalls.push(r.url());
    });
    await js.page.goto(`${baseUrl}/t/${SLUG}`, { waitUntil: 'networkidle' });
    await js.page.getByRole('heading', { level: 1, name: '雷山县' }).waitFor({ timeout: 30_000 });
    await expectAccessible(js.page, 'portal home, phone');

    await js.page.getByRole('button', { name: 'English' }).click();
    await js.page.getByRole('heading', { level: 2, name: 'Service hotline' }).waitFor({ timeout: 30_000 });
    expect(await js.page.evaluate<string>('document.documentElement.lang')).toBe('en');
    expect(problems).toEqual([]);
    expect(districtCalls).toEqual([]);
    expect(await js.page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(js.page, 'portal home, phone, English');

    // The next page load is rendered in English on the server (the choice is a cookie).
    const again = await rawGet(`/t/${SLUG}`, { cookie: 'linli_lang=en' });
    expect(again.status).toBe(200);
    await js.page.goto(`${baseUrl}/t/${SLUG}`);
    expect(await js.page.locator('html').getAttribute('lang')).toBe('en');
    await js.page.getByRole('button', { name: '中文' }).click();
    await js.page.getByRole('heading', { level: 2, name: '服务热线' }).waitFor({ timeout: 30_000 });
  });

  it('compresses as CloudFront does, caches hashed assets for a year, and has a favicon', async () => {
    const br = await rawGet(`/t/${SLUG}`, { 'accept-encoding': 'br, gzip' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(String(br.headers.vary)).toMatch(/Accept-Encoding/i);
    const plain = await rawGet(`/t/${SLUG}`);
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.bytes).toBeLessThan(plain.bytes / 2);

    const html = await (await fetch(`${baseUrl}/t/${SLUG}`)).text();
    const script = /src="(\/assets\/portal-[\w-]+\.js)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await rawGet(script!, { 'accept-encoding': 'gzip' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-encoding']).toBe('gzip');

    const api = await rawGet('/api/openapi.json', { 'accept-encoding': 'gzip' });
    expect(api.headers['content-encoding']).toBe('gzip');

    const icon = await rawGet('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/x-icon');
  });
});
