/**
 * The one-stop services loop in real Chromium on the whole local platform: a resident of 东城区
 * (on a 360 × 740 phone) finds 高龄津贴 by its pinyin initials on the portal, reads the guide,
 * applies with the form prefilled from the community record and an ID-card photo uploaded through
 * the signed form; the community worker accepts, the street reviews and civil affairs approves
 * (the staff client has no case screens yet: their steps go through the API with the demo staff
 * logins); the resident follows the case, sees it completed, rates it, and reads each change in
 * 我的消息 — and the dev outbox holds each text.
 */
import { mkdirSync } from 'node:fs';
import { Outbox } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, pageApi, pageCognito } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const logins = inject('linliDemoLogins');
const outbox = new Outbox(inject('linliDataDir'));
const SLUG = 'dongcheng-110101';
const mobile = `137${String(Date.now()).slice(-8)}`;
const phone = `+86${mobile}`;
const PASSWORD = 'Dongcheng-2026!';
const rnd = (n: number) => Math.floor(Math.random() * n);
const idNumber = makeCitizenId('110101', `1940-0${1 + rnd(9)}-1${rnd(9)}`, 1 + rnd(997));
// A tiny valid JPEG is not needed: the upload is checked by declared type and size.
const PHOTO = { name: '身份证.jpg', mimeType: 'image/jpeg', buffer: Buffer.alloc(4096, 7) };

const waitCode = async (to: string) => {
  for (let i = 0; i < 300; i++) {
    const code = outbox.latestCode(to);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${to}`);
};

describe('one-stop services on the resident portal, end to end', () => {
  let session: BrowserSession;
  let page: Page;
  let config: { staff: { clientId: string }; residents: { clientId: string; endpoint: string } };
  let caseId = '';
  let caseNumber = '';

  /** A demo staff member's access token (staff pool, the demo password). */
  const staffToken = async (username: string) => {
    const login = logins.find((l) => l.username === username);
    expect(login, `demo login ${username}`).toBeDefined();
    const res = await pageCognito(page, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: config.staff.clientId,
      AuthParameters: { USERNAME: username, PASSWORD: login!.password },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return String(res.body.AuthenticationResult.AccessToken);
  };

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${baseUrl}/t/${SLUG}`);
    await page.getByRole('heading', { level: 1, name: '东城区' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'portal home, phone');
    config = await page.evaluate<typeof config>(`fetch('/api/config').then((r) => r.json())`);

    // The resident's account (residents' pool, mobile verified by SMS code) and membership; the
    // sign-up screens themselves are covered by resident.test.ts.
    const signUp = await pageCognito(page, 'SignUp', {
      ClientId: config.residents.clientId,
      Username: phone,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'phone_number', Value: phone },
        { Name: 'name', Value: '王秀英' },
      ],
    });
    expect(signUp.status, JSON.stringify(signUp.body)).toBe(200);
    const code = await waitCode(phone);
    await pageCognito(page, 'ConfirmSignUp', {
      ClientId: config.residents.clientId,
      Username: phone,
      ConfirmationCode: code,
    });
    const auth = await pageCognito(page, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: config.residents.clientId,
      AuthParameters: { USERNAME: phone, PASSWORD: PASSWORD },
    });
    const r = auth.body.AuthenticationResult;
    const reg = await pageApi(page, r.AccessToken, 'POST', `/api/public/districts/${SLUG}/residents`, {});
    expect(reg.status, JSON.stringify(reg.body)).toBe(201);
    const residentSession = JSON.stringify({
      accessToken: r.AccessToken,
      idToken: r.IdToken,
      refreshToken: r.RefreshToken,
      expiresAt: Date.now() + Number(r.ExpiresIn) * 1000,
      pool: { endpoint: config.residents.endpoint, clientId: config.residents.clientId },
      slug: SLUG,
    });
    await page.evaluate(
      `sessionStorage.setItem('linli.resident.session', ${JSON.stringify(residentSession)})`,
    );

    // The community keeps her record: aged 86, local hukou, the same mobile (prefill and eligibility).
    const worker = await staffToken('dongcheng.community');
    const me = await pageApi(page, worker, 'GET', '/api/me');
    const rec = await pageApi(page, worker, 'POST', '/api/t/residents', {
      name: '王秀英',
      idNumber,
      registration: '户籍',
      mobile,
      communityCode: me.body.scope.communityCode,
      building: '5',
      unit: '1',
      room: '302',
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({
        path: `test-results/services-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('finds 高龄津贴 by pinyin initials, reads the guide and applies with a material', async () => {
    await page.goto(`${baseUrl}/t/${SLUG}`);
    await page.getByRole('heading', { level: 1, name: '东城区' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'portal home, resident signed in');
    await page.getByRole('searchbox', { name: '搜索服务' }).fill('gljt');
    await page.getByRole('button', { name: '搜索' }).click();
    await page.getByRole('heading', { level: 1, name: '办事服务' }).waitFor({ timeout: 30_000 });
    const result = page.getByRole('link', { name: '高龄津贴' });
    await result.waitFor({ timeout: 30_000 });
    // Initials first: 高龄津贴 (gljt) heads the results.
    expect(await page.locator('[data-service]').first().getAttribute('data-service')).toBe(
      'elderly-allowance',
    );
    await expectAccessible(page, 'portal: service search results');
    await result.click();

    await page.getByRole('heading', { level: 1, name: '高龄津贴' }).waitFor({ timeout: 30_000 });
    const guide = page.getByTestId('guide-page');
    expect(await guide.textContent()).toContain('15 个工作日');
    expect(await guide.textContent()).toContain('年满 80 周岁');
    expect(await page.getByRole('heading', { name: '所需材料' }).isVisible()).toBe(true);
    await expectAccessible(page, 'portal: service guide');
    await page.getByRole('link', { name: '在线申请' }).click();

    await page.getByRole('heading', { level: 1, name: '申请高龄津贴' }).waitFor({ timeout: 30_000 });
    expect(await page.getByText('您符合申请条件。').isVisible()).toBe(true);
    // Prefilled from the record, masked: the full ID number never reaches the page.
    expect(await page.getByText('已从社区档案自动填写').count()).toBeGreaterThan(1);
    expect(await page.locator('body').textContent()).not.toContain(idNumber);
    await page.getByLabel(/社保卡\/银行账号/).fill('6222000011112222');
    await page.getByLabel(/选择文件/).setInputFiles(PHOTO);
    // Uploaded once the file is listed with its remove button (not while "正在上传 身份证.jpg…").
    await page.getByRole('button', { name: '移除 身份证.jpg' }).waitFor({ timeout: 30_000 });
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);
    await expectAccessible(page, 'portal: application form, prefilled, material uploaded');
    await page.getByRole('button', { name: '提交申请' }).click();

    await page.getByTestId('apply-done').waitFor({ timeout: 30_000 });
    caseNumber = (await page.getByTestId('case-number').textContent()) ?? '';
    expect(caseNumber).toMatch(/^110101-\d{8}-\d{4}$/);
    await expectAccessible(page, 'portal: application submitted');
    const href = await page.getByRole('link', { name: '查看办理进度' }).getAttribute('href');
    caseId = href!.split('/').pop()!;
    await page.getByRole('link', { name: '查看办理进度' }).click();
    await page.getByTestId('case-page').waitFor({ timeout: 30_000 });
    expect(await page.locator('[aria-current="step"]').textContent()).toContain('社区');
    expect(await page.getByRole('button', { name: '撤回申请' }).isVisible()).toBe(true);
    await expectAccessible(page, 'portal: a case in progress');
  });

  it('the community accepts, the street reviews, civil affairs approves', async () => {
    expect(caseId).not.toBe('');
    const steps: [string, string, number][] = [
      ['dongcheng.community', 'accept', 0],
      ['dongcheng.street', 'accept', 1],
      ['dongcheng.civil', 'approve', 2],
    ];
    for (const [username, action, step] of steps) {
      const token = await staffToken(username);
      const res = await pageApi(page, token, 'POST', `/api/t/cases/${caseId}/actions`, { action, step });
      expect(res.status, `${username} ${action}: ${JSON.stringify(res.body)}`).toBe(200);
    }
  });

  it('the resident sees the result, rates it, and reads every change in messages and SMS', async () => {
    await page.goto(`${baseUrl}/t/${SLUG}`);
    await page.getByRole('link', { name: '我的办件' }).first().click({ timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: '我的办件' }).waitFor({ timeout: 30_000 });
    const row = page.locator(`[data-case="${caseNumber}"]`);
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('已办结');
    await expectAccessible(page, 'portal: my cases');
    await row.getByRole('link', { name: '高龄津贴' }).click();

    await page.getByTestId('case-page').waitFor({ timeout: 30_000 });
    const timeline = page.getByTestId('case-timeline');
    expect(await timeline.getByRole('listitem').count()).toBe(4);
    expect(await timeline.textContent()).toContain('审批通过');
    expect(await page.getByRole('button', { name: '撤回申请' }).count()).toBe(0);

    await page.getByRole('heading', { name: '服务评价' }).waitFor({ timeout: 30_000 });
    await page.getByRole('radio', { name: '满意', exact: true }).check();
    await page.getByLabel('办事效率').selectOption('very-satisfied');
    await page.getByLabel('意见建议（选填）').fill('社区工作人员很耐心');
    await page.getByRole('button', { name: '提交评价' }).click();
    await page.getByText('您的评价：满意').waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'portal: a finished case, rated');
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(360);

    await page.getByRole('link', { name: '我的消息' }).click();
    await page.getByRole('heading', { level: 1, name: '我的消息' }).waitFor({ timeout: 30_000 });
    const messages = page.getByTestId('messages-page').getByRole('listitem').filter({ hasText: caseNumber });
    await messages.first().waitFor({ timeout: 30_000 });
    expect(await messages.count()).toBe(4);
    await expectAccessible(page, 'portal: my messages');

    const texts = outbox.list({ to: phone }).filter((m) => !m.code && m.text.includes(caseNumber));
    expect(texts.map((m) => m.text)).toEqual([
      expect.stringContaining('已提交'),
      expect.stringContaining('街道审核'),
      expect.stringContaining('部门审批'),
      expect.stringContaining('已办结'),
    ]);
  });
});
