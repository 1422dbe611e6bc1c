/**
 * Self-serve onboarding in real Chromium against the whole local platform: a district applies on
 * the join page (code read from the dev outbox drawer), the ministry approves it in the console,
 * provisioning imports the real streets and communities, and the new admin signs in to the
 * getting-started checklist.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const logins = inject('linliDemoLogins');
const DISTRICT = { province: '江苏', city: '南京', name: '秦淮区', code: '320104' };
const MOBILE = '13912340104';
const PASSWORD = 'Qinhuai-admin-2026';

/** Pick an option (by its text) of the native select labelled `label`, once its options have loaded. */
const choose = async (page: Page, label: string, option: string) => {
  const select = page.getByLabel(label, { exact: true });
  await select.locator('option', { hasText: option }).first().waitFor({ state: 'attached', timeout: 15_000 });
  const value = await select.locator('option', { hasText: option }).first().getAttribute('value');
  await select.selectOption(value ?? '');
};

describe('self-serve onboarding in Chromium', () => {
  let applicant: BrowserSession;
  let ministry: BrowserSession;
  let statusUrl = '';

  beforeAll(async () => {
    applicant = await openBrowser({ locale: 'zh-CN' });
    ministry = await openBrowser({ locale: 'zh-CN' });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      mkdirSync('test-results', { recursive: true });
      await applicant?.page.screenshot({ path: 'test-results/onboarding-applicant.png' });
      await ministry?.page.screenshot({ path: 'test-results/onboarding-ministry.png' });
    }
  });

  afterAll(async () => {
    await applicant?.close();
    await ministry?.close();
  });

  it('a district applies through the wizard with a verified mobile', async () => {
    const page = applicant.page;
    await page.goto(`${baseUrl}/join`);
    await page.getByRole('heading', { level: 1, name: '区县申请加入' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'join: choose the district');

    await choose(page, '省份', '江苏省');
    await choose(page, '城市', '南京市');
    await choose(page, '区县', DISTRICT.name);
    await page.getByText(`区划代码: ${DISTRICT.code}`).waitFor();
    await expectAccessible(page, 'join: district chosen');
    await page.getByRole('button', { name: /下一步/ }).click();

    await page.getByRole('heading', { level: 2, name: /区县概况/ }).waitFor();
    await page.getByLabel('城区', { exact: true }).check();
    await page.getByLabel('发达', { exact: true }).check();
    await page.getByLabel('常住人口（人）', { exact: true }).fill('740000');
    await page.getByLabel('外来人口占比（%）', { exact: true }).fill('31');
    await page.getByLabel('家庭宽带覆盖率（%）', { exact: true }).fill('88');
    await page.getByLabel('低收入人口占比（%）', { exact: true }).fill('1.5');
    await expectAccessible(page, 'join: district profile');
    await page.getByRole('button', { name: /下一步/ }).click();

    await page.getByRole('heading', { level: 2, name: /申请版本/ }).waitFor();
    await page.getByText('标准版', { exact: true }).click();
    await page.getByText('该版本需民政部审核后开通。').first().waitFor();
    await expectAccessible(page, 'join: tier');
    await page.getByRole('button', { name: /下一步/ }).click();

    await page.getByRole('heading', { level: 2, name: /首位管理员/ }).waitFor();
    await page.getByLabel('姓名', { exact: true }).fill('秦主任');
    await page.getByLabel('手机号', { exact: true }).fill(MOBILE);
    await page.getByLabel('电子邮箱', { exact: true }).fill('admin@qinhuai.example.gov.cn');
    await page.getByRole('button', { name: '发送验证码' }).click();
    await page.getByText('已发送至 139****0104').waitFor();
    await expectAccessible(page, 'join: first admin, code sent');

    // read the code where a developer would: the dev outbox drawer
    await page.getByRole('button', { name: /开发短信收件箱/ }).click();
    const drawer = page.locator('.ant-drawer-content');
    const item = drawer.getByRole('listitem').filter({ hasText: MOBILE }).first();
    await item.waitFor({ timeout: 15_000 });
    const code = ((await item.locator('code').first().textContent()) ?? '').trim();
    expect(code).toMatch(/^\d{6}$/);
    await expectAccessible(page, 'join: dev SMS outbox (drawer)');
    await page.keyboard.press('Escape');

    await page.getByLabel('验证码', { exact: true }).fill(code);
    await page.getByRole('button', { name: /^验\s?证$/ }).click();
    await page.getByText('已验证', { exact: true }).waitFor();
    await page.getByLabel('登录密码', { exact: true }).fill(PASSWORD);
    await page.getByLabel('确认密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /下一步/ }).click();

    await page.getByRole('heading', { level: 2, name: /确认提交/ }).waitFor();
    await page.getByText(/外来人口占比 31% ≥ 30%/).waitFor();
    await expectAccessible(page, 'join: confirm');
    await page.getByRole('button', { name: /提交申请/ }).click();

    await page.waitForURL(/\/join\/status\/[0-9A-Z]{26}\?token=/, { timeout: 30_000 });
    statusUrl = page.url();
    await expect(page.getByTestId('application-status').textContent()).resolves.toBe('待审核');
    await expectAccessible(page, 'join: application status, pending');
  });

  it('the ministry approves it in the console queue', async () => {
    const page = ministry.page;
    const admin = logins.find((l) => l.role === 'ministry-admin')!;
    await page.goto(`${baseUrl}/login?next=${encodeURIComponent('/ministry/applications')}`);
    await page.getByLabel('用户名', { exact: true }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'staff sign-in');
    await page.getByLabel('用户名', { exact: true }).fill(admin.username);
    await page.getByLabel('密码', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page.waitForURL(/\/ministry/, { timeout: 30_000 });
    if (!page.url().includes('/ministry/applications')) await page.goto(`${baseUrl}/ministry/applications`);
    await page.getByRole('heading', { name: '加入申请' }).waitFor({ timeout: 30_000 });
    const approve = page.getByRole('button', { name: `批准 ${DISTRICT.name}` });
    await approve.waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'ministry: applications queue');
    await approve.click();
    await approve.waitFor({ state: 'detached', timeout: 15_000 });
  });

  it('the applicant sees provisioning finish and the new admin signs in to the checklist', async () => {
    const page = applicant.page;
    await page.goto(statusUrl);
    await page.getByText('已开通', { exact: true }).first().waitFor({ timeout: 60_000 });
    await expect(page.getByTestId('application-status').textContent()).resolves.toBe('已开通');
    await expectAccessible(page, 'join: application status, provisioned');
    await page.getByRole('button', { name: /前往登录/ }).click();
    await page.getByLabel('用户名', { exact: true }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'staff sign-in', { once: true });

    await page.getByLabel('用户名', { exact: true }).fill(`admin-${DISTRICT.code}`);
    await page.getByLabel('密码', { exact: true }).fill(PASSWORD);
    await page.getByRole('button', { name: /^登\s*录$/ }).click();
    await page
      .getByRole('heading', { level: 1, name: `${DISTRICT.name} · 工作台` })
      .waitFor({ timeout: 30_000 });
    await page.getByText('已完成 0/4').waitFor({ timeout: 15_000 });
    await page.getByText(/已导入 16 个街道（乡镇）、108 个社区（村）/).waitFor();
    await expectAccessible(page, 'workspace: getting-started checklist');

    await page.getByRole('button', { name: '确认已核对' }).click();
    await page.getByText('已完成 1/4').waitFor({ timeout: 15_000 });
  });
});
