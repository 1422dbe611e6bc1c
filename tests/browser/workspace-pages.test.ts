/**
 * Every page of the staff workspace's menu, as the district admin of 东城区 sees it, checked by axe
 * (serious or critical violations fail) after its data has loaded — in particular the pages no
 * journey test walks (办件 inbox and a case, the service desk's catalogue, 好差评 and 公示, Open311,
 * events, consultations). Issue 17: "axe reports no serious violation on any visited page".
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, signInStaff, staffToken } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');

/** Waits until nothing on the page says it is loading (the spinner, antd's Spin, busy regions). */
const settled = async (page: Page) => {
  await page.waitForFunction(
    `!document.querySelector('.state-loading, .ant-spin-spinning, [aria-busy="true"]')`,
    undefined,
    { timeout: 30_000 },
  );
};

describe('every workspace page in the menu passes axe', () => {
  let session: BrowserSession;
  let page: Page;
  let current = '';

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
    // A case to open: a community worker files a 报修 at the counter (API, as the services loop does).
    await page.goto(`${baseUrl}/login`);
    await expectAccessible(page, 'staff sign-in', { once: true });
    const token = await staffToken(page, 'dongcheng.community');
    const filed = await page.evaluate(async (token) => {
      const headers = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      const me = (await (await fetch('/api/me', { headers })).json()) as {
        scope: { communityCode: string };
      };
      const res = await fetch('/api/t/cases', {
        method: 'POST',
        headers: {
          ...headers,
          'Content-Type': 'application/json',
          'Idempotency-Key': `pages-${Date.now()}`,
        },
        body: JSON.stringify({
          service: 'repair-report',
          applicant: { mobile: '13700004444' },
          communityCode: me.scope.communityCode,
          form: { category: 'road', location: '东门口', description: '路面塌陷' },
        }),
      });
      return { status: res.status, body: await res.text() };
    }, token);
    expect(filed.status, filed.body).toBe(201);
    await signInStaff(page, '/workspace', 'dongcheng.admin');
    await page.locator('#workspace-nav a').first().waitFor({ timeout: 60_000 });
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({
        path: `test-results/workspace-pages-${current.replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
    }
  });
  afterAll(async () => {
    await session?.close();
  });

  it('each menu page, and the first case of the inbox', async () => {
    const links = await page
      .locator('#workspace-nav a')
      .evaluateAll((as) =>
        as.map((a) => (a as unknown as { getAttribute(n: string): string }).getAttribute('href')),
      );
    const paths = [...new Set(links.filter((h): h is string => !!h && h.startsWith('/workspace')))];
    // The admin's menu: the overview, modules, invitations, the database, 办件, the service desk,
    // the hotline, Open311 and community work.
    expect(paths.length).toBeGreaterThanOrEqual(15);
    for (const path of [...paths, '/workspace/service-desk/catalogue', '/workspace/service-desk/notices']) {
      current = path;
      await page.goto(`${baseUrl}${path}`);
      await page.locator('main h1, main h2').first().waitFor({ timeout: 30_000 });
      await settled(page);
      await expectAccessible(page, `workspace ${path}`);
    }
    current = 'case detail';
    await page.goto(`${baseUrl}/workspace/services/inbox`);
    await settled(page);
    // The counter case waits at its community: the admin sees it among the district's cases.
    await page.getByLabel('范围').selectOption({ label: '全区县' });
    await settled(page);
    const firstCase = page.locator('main table a[href*="/workspace/services/cases/"]').first();
    await firstCase.waitFor({ timeout: 30_000 });
    await firstCase.click();
    await page.waitForURL(/\/workspace\/services\/cases\//);
    await page.locator('main h1, main h2').first().waitFor({ timeout: 30_000 });
    await settled(page);
    await expectAccessible(page, 'workspace case detail');
  }, 600_000);
});
