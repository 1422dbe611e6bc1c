/**
 * A resident of 雷山县 signs up in the district portal on a 360 px phone: mobile number, SMS code
 * read from the development outbox through the UI, confirmation, and lands on 我的 with the
 * district's name, with no password anywhere. Then signs in again on a kiosk (`?kiosk=1`) with the
 * mobile and an SMS code from the dev outbox (a wrong code first).
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const SLUG = 'leishan-522634';
const digits = `139${String(Date.now()).slice(-8)}`;
const masked = `${digits.slice(0, 3)}****${digits.slice(-4)}`;

describe('resident identity in Chromium', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
    await page.setViewportSize({ width: 360, height: 780 });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({
        path: `test-results/resident-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('signs up with a mobile number, reads the code in the dev outbox and lands on 我的', async () => {
    await page.goto(`${baseUrl}/t/${SLUG}`);
    await page.getByRole('heading', { level: 1, name: '雷山县' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'portal home, phone');
    await page.getByRole('link', { name: '居民注册' }).click();

    await page.getByRole('heading', { level: 1, name: '注册雷山县居民账号' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'resident sign-up, phone');
    await page.getByLabel('手机号', { exact: true }).fill(digits);
    await page.getByLabel('姓名', { exact: true }).fill('杨阿妹');
    // No password to invent: residents sign in with an SMS code.
    expect(await page.getByLabel('密码').count()).toBe(0);
    await page.getByRole('checkbox', { name: /个人信息保护法/ }).check();
    await page.getByRole('button', { name: '获取验证码' }).click();

    await page.getByText('验证码已发送', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(masked).first().isVisible()).toBe(true);
    // Nothing wider than the phone's screen.
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    await page.getByRole('button', { name: '查看开发短信收件箱（本地模式）' }).click();
    const codeEl = page.getByTestId('dev-code');
    await codeEl.waitFor({ timeout: 30_000 });
    const code = (await codeEl.textContent())?.match(/\d{6}/)?.[0];
    expect(code).toMatch(/^\d{6}$/);

    await page.getByLabel('短信验证码').fill(code!);
    await page.getByRole('button', { name: '验证并完成注册' }).click();

    await page.getByRole('heading', { level: 1, name: '我的' }).waitFor({ timeout: 30_000 });
    expect(page.url()).toBe(`${baseUrl}/t/${SLUG}/me`);
    await page.getByTestId('resident-district').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('resident-district').textContent()).toBe('雷山县');
    expect(await page.getByTestId('resident-mobile').textContent()).toBe(masked);
    expect(await page.getByText('杨阿妹').isVisible()).toBe(true);
    await expectAccessible(page, 'resident: 我的, phone');
    expect(await page.locator('body').textContent()).not.toContain(digits);

    // The resident session has its own key; no staff session was created.
    const storage = await page.evaluate<{ resident: string | null; staff: string | null }>(
      `({ resident: sessionStorage.getItem('linli.resident.session'), staff: sessionStorage.getItem('linli.session') })`,
    );
    expect(storage.resident).toBeTruthy();
    expect(storage.staff).toBeNull();

    // The API agrees: the membership exists and /api/me is a resident of 雷山县.
    const me = await page.evaluate<{ kind: string; tenant: { slug: string; name: string } }>(
      `(async () => {
        const s = JSON.parse(sessionStorage.getItem('linli.resident.session') ?? '{}');
        const res = await fetch('/api/me', { headers: { Authorization: 'Bearer ' + s.accessToken } });
        return res.json();
      })()`,
    );
    expect(me).toMatchObject({ kind: 'resident', tenant: { slug: SLUG, name: '雷山县' } });

    await page.getByRole('button', { name: '退出登录' }).click();
    await page.getByRole('heading', { level: 1, name: '雷山县' }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(`sessionStorage.getItem('linli.resident.session')`)).toBeNull();
  });

  it('signs in again with mobile and an SMS code on a kiosk (no password anywhere)', async () => {
    await page.goto(`${baseUrl}/t/${SLUG}/login?kiosk=1`);
    await page.getByRole('heading', { level: 1, name: '雷山县居民登录' }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate(`document.documentElement.classList.contains('kiosk')`)).toBe(true);
    await expectAccessible(page, 'resident sign-in, kiosk');
    expect(await page.getByLabel('密码').count()).toBe(0);
    await page.getByLabel('手机号', { exact: true }).fill(digits);
    await page.getByRole('button', { name: '获取验证码' }).click();
    await page.getByText('验证码已发送', { exact: true }).waitFor({ timeout: 30_000 });
    expect(await page.getByText(masked).first().isVisible()).toBe(true);
    // The resend button counts down before another code may be asked for.
    expect(await page.getByRole('button', { name: /秒后可重新获取/ }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: '查看开发短信收件箱（本地模式）' }).click();
    const codeEl = page.getByTestId('dev-code');
    await codeEl.waitFor({ timeout: 30_000 });
    const code = (await codeEl.textContent())?.match(/\d{6}/)?.[0];
    expect(code).toMatch(/^\d{6}$/);

    // A wrong code first: the resident is told, with the tries left, and may try again.
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, '0');
    await page.getByLabel('短信验证码').fill(wrong);
    await page.locator('#resident-code').getByRole('button', { name: /登录$/ }).click();
    await page.getByText('验证码不正确，还可以再试 2 次').waitFor({ timeout: 30_000 });

    await page.getByLabel('短信验证码').fill(code!);
    await page.locator('#resident-code').getByRole('button', { name: /登录$/ }).click();

    await page.getByTestId('resident-district').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('resident-district').textContent()).toBe('雷山县');
    expect(await page.getByTestId('resident-mobile').textContent()).toBe(masked);
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
  });
});
