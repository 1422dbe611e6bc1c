/**
 * Smoke test of the whole local platform in real Chromium: Chinese by default, English switch,
 * a demo district admin logs in through the local Cognito and reaches the staff workspace.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const logins = inject('linliDemoLogins');
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('local platform in Chromium', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({
        path: `test-results/smoke-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
      });
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('serves the API and the web client on one origin', async () => {
    const response = await page.goto(`${baseUrl}/`);
    expect(response?.status()).toBe(200);
    expect(await response?.headerValue('content-type')).toContain('text/html');
    await expectAccessible(page, 'home');
  });

  it('shows Chinese, switches to English, and a demo district admin reaches the workspace', async () => {
    const admin = logins.find((l) => l.role === 'district-admin' && l.district);
    expect(admin, 'seedDemo returns a district-admin login').toBeDefined();

    await page.goto(`${baseUrl}${admin!.url.startsWith('/workspace') ? admin!.url : '/workspace'}`);

    // Chinese first (antd spaces two-character button labels: "登 录"): the login form is labelled in Chinese and the switch offers English.
    await page.getByLabel('用户名').waitFor({ timeout: 30_000 });
    await expect(page.getByLabel('密码').isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: /^登\s*录$/ }).isVisible()).resolves.toBe(true);
    expect(await page.locator('body').textContent()).toMatch(/[\u4e00-\u9fff]/);
    await expectAccessible(page, 'staff sign-in');

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByLabel('Username').waitFor({ timeout: 10_000 });
    await expect(page.getByRole('button', { name: '中文' }).isVisible()).resolves.toBe(true);
    await expectAccessible(page, 'staff sign-in, English');

    await page.getByLabel('Username').fill(admin!.username);
    await page.getByLabel('Password').fill(admin!.password);
    await page.getByRole('button', { name: 'Sign in' }).click();

    const heading = page.getByRole('heading', { name: new RegExp(escapeRegExp(admin!.district!)) }).first();
    await heading.waitFor({ timeout: 30_000 });
    expect(await heading.isVisible()).toBe(true);
    expect(page.url()).toContain('/workspace');
    await expectAccessible(page, 'workspace overview, English');
  });
});
