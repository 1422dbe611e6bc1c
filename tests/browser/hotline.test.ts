/**
 * The call-centre console in real Chromium on the whole local platform (东城区, demo logins): the
 * district admin's call key is used by the "telephony system" to post a call; the operator sees it
 * pop on /workspace/hotline, answers, finds the caller by the call's mobile (masked), files a
 * 报修 case on their behalf (channel call-centre) and ends the call; the community completes the
 * case (API steps, as the services loop does); the call-back list shows it and the operator
 * records the call-back.
 */
import { mkdirSync } from 'node:fs';
import { makeCitizenId } from '@linli/population';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, pageApi, pageCognito, signInStaff } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const logins = inject('linliDemoLogins');
const mobile = `136${String(Date.now()).slice(-8)}`;
const rnd = (n: number) => Math.floor(Math.random() * n);
const idNumber = makeCitizenId('110101', `1950-0${1 + rnd(9)}-1${rnd(9)}`, 1 + rnd(997));

describe('the hotline console, end to end', () => {
  let session: BrowserSession;
  let page: Page;
  let clientId = '';
  let number = '';

  const staffToken = async (username: string) => {
    const login = logins.find((l) => l.username === username);
    expect(login, `demo login ${username}`).toBeDefined();
    const res = await pageCognito(page, 'InitiateAuth', {
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: login!.password },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    return String(res.body.AuthenticationResult.AccessToken);
  };

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
    await page.goto(`${baseUrl}/login`);
    const config = await page.evaluate<{ staff: { clientId: string } }>(
      `fetch('/api/config').then((r) => r.json())`,
    );
    clientId = config.staff.clientId;
    // The caller is in the community's record with this mobile.
    const worker = await staffToken('dongcheng.community');
    const me = await pageApi(page, worker, 'GET', '/api/me');
    const rec = await pageApi(page, worker, 'POST', '/api/t/residents', {
      name: '赵来电',
      idNumber,
      registration: '户籍',
      mobile,
      communityCode: me.body.scope.communityCode,
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    // The telephony system posts the call with the district's key.
    const admin = await staffToken('dongcheng.admin');
    const key = await pageApi(page, admin, 'POST', '/api/t/hotline/keys', { label: '浏览器测试话务系统' });
    expect(key.status, JSON.stringify(key.body)).toBe(201);
    const callRes = await pageApi(page, key.body.secret, 'POST', '/api/t/calls', {
      from: mobile,
      line: '12345-1',
    });
    expect(callRes.status, JSON.stringify(callRes.body)).toBe(201);
  }, 120_000);

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail' && page) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({
        path: `test-results/hotline-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
    }
  });
  afterAll(async () => {
    await session?.close();
  });

  it('the operator answers the popped call, finds the caller by mobile and files a case for them', async () => {
    await signInStaff(page, `${baseUrl}/workspace/hotline`, 'dongcheng.hotline');

    const call = page.getByTestId('call-from').filter({ hasText: mobile });
    await call.waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'hotline: calls waiting');
    await page
      .getByRole('listitem')
      .filter({ has: call })
      .getByRole('button', { name: /接\s*听/ })
      .click();
    // The caller card looks the call's number up: one resident, masked.
    const row = page.getByRole('row').filter({ hasText: `${mobile.slice(0, 3)}****${mobile.slice(-4)}` });
    await row.waitFor({ timeout: 20_000 });
    expect(await row.textContent()).toContain('赵*');
    expect(await row.textContent()).not.toContain(idNumber);
    await expectAccessible(page, 'hotline: answered call, caller card');
    await row.getByRole('button', { name: '选为申请人' }).click();

    // Native selects (issue 17's route budgets): the service whose name has 报修, then its category.
    const service = page.getByLabel('服务事项');
    const repair = service.locator('option', { hasText: '报修' }).first();
    await repair.waitFor({ state: 'attached', timeout: 20_000 });
    await service.selectOption((await repair.getAttribute('value')) ?? '');
    await page.getByLabel('问题类别').selectOption({ label: '照明' }, { timeout: 20_000 });
    await page.getByLabel('问题位置').fill('5号楼门口');
    await page.getByLabel('问题描述').fill('楼门口路灯坏了三天');
    await expectAccessible(page, 'hotline: case form filled');
    await page.getByRole('button', { name: '提交办件' }).click();
    const filed = page.getByText(/已提交，办件编号 \d{6}-\d{8}-\d{4}/);
    await filed.waitFor({ timeout: 20_000 });
    number = /\d{6}-\d{8}-\d{4}/.exec((await filed.textContent()) ?? '')![0];

    await page.getByRole('button', { name: '结束来电' }).click();
    await call.waitFor({ state: 'detached', timeout: 20_000 });

    // The status answer by number.
    await page.getByLabel('办件编号').fill(number);
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const status = page.getByTestId('hotline-status');
    await status.waitFor({ timeout: 20_000 });
    expect(await status.textContent()).toContain('热线');
    await expectAccessible(page, 'hotline: case status by number');
  });

  it('the community completes it; the call-back list shows it and the operator records the call-back', async () => {
    expect(number, 'the case filed in the previous step').toMatch(/^\d{6}-\d{8}-\d{4}$/);
    const worker = await staffToken('dongcheng.community');
    const operator = await staffToken('dongcheng.hotline');
    const found = await pageApi(page, operator, 'GET', `/api/t/hotline/cases/${number}`);
    expect(found.status, JSON.stringify(found.body)).toBe(200);
    expect(found.body.channel).toBe('call-centre');
    const done = await pageApi(page, worker, 'POST', `/api/t/cases/${found.body.id}/actions`, {
      action: 'approve',
      step: 0,
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);

    await page.goto(`${baseUrl}/workspace/hotline/callbacks`);
    await page.getByRole('tab', { name: '回访记录' }).click();
    const row = page.getByRole('row').filter({ hasText: number });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('办结回访');
    await expectAccessible(page, 'hotline: call-backs');
    await row.getByRole('button', { name: '记录回访' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('回访情况').fill('来电人表示路灯已修好，满意');
    await expectAccessible(page, 'hotline: record a call-back (dialog)');
    await dialog.getByRole('button', { name: /提\s*交/ }).click();
    await row.getByText('已回访').waitFor({ timeout: 20_000 });
  });
});
