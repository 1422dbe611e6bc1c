/**
 * 社区民间组织 in real Chromium on the whole local platform (东城区, demo logins): the community
 * worker finds a resident by ID number and registers them as a volunteer of the seeded team
 * (邻里守望志愿服务队), records an activity with their hours, and sees the hours in the totals and
 * the top list. Every page and tab visited is checked with axe.
 */
import { mkdirSync } from 'node:fs';
import { makeCitizenId } from '@linli/population';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, pageApi, signInStaff, staffToken } from '../support/browser.ts';
import type { Json } from '../support/call.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const AREA = `${baseUrl}/workspace/m/civil-organizations`;
const rnd = (n: number) => Math.floor(Math.random() * n);
const idNumber = makeCitizenId('110101', `1972-0${1 + rnd(9)}-1${rnd(9)}`, 1 + rnd(997));
const mobile = `137${String(Date.now()).slice(-8)}`;
const tag = Math.random().toString(36).slice(2, 6);

describe('civil organizations and volunteers in the staff workspace', () => {
  let session: BrowserSession;
  let page: Page;
  let token = '';
  let residentId = '';

  const api = (method: string, path: string, body?: unknown) => pageApi(page, token, method, path, body);

  beforeAll(async () => {
    session = await openBrowser({ locale: 'zh-CN' });
    page = session.page;
    await page.goto(`${baseUrl}/login`);
    token = await staffToken(page, 'dongcheng.community');
    // The resident to register: a record of the worker's community.
    const me = await api('GET', '/api/me');
    const rec = await api('POST', '/api/t/residents', {
      name: `欧阳${'明华强丽军芳'[rnd(6)]}${'志远文静'[rnd(4)]}`,
      idNumber,
      registration: '户籍',
      mobile,
      communityCode: me.body.scope.communityCode,
    });
    expect(rec.status, JSON.stringify(rec.body)).toBe(201);
    residentId = rec.body.id;
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    mkdirSync('test-results', { recursive: true });
    await page.screenshot({
      path: `test-results/volunteers-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}.png`,
      fullPage: true,
    });
  });

  afterAll(async () => {
    await session?.close();
  });

  it('registers a volunteer, records an activity with hours and sees the totals', async () => {
    await signInStaff(page, AREA, 'dongcheng.community');
    const orgs = page.getByRole('table', { name: '本社区的志愿服务队和民间组织' });
    await orgs.getByText('邻里守望志愿服务队').waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'civil organizations: teams');

    // Register: the resident found by ID number, the seeded team, a skill.
    await page.getByRole('tab', { name: '志愿者' }).click();
    await page.getByRole('table', { name: '志愿者名单' }).waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'civil organizations: volunteers');
    // Native controls (issue 17's route budgets): the search, the one resident found chosen, a
    // checkbox per team, skills as text.
    await page.getByLabel('查找居民（姓名或身份证号）').fill(idNumber);
    await page.getByRole('button', { name: '查找' }).click();
    await expect
      .poll(() => page.getByLabel('居民', { exact: true }).inputValue(), { timeout: 15_000 })
      .toBe(residentId);
    await page
      .getByRole('group', { name: '所属队伍' })
      .getByRole('checkbox', { name: '邻里守望志愿服务队' })
      .check();
    await page.getByLabel('技能特长').fill('急救');
    await page.getByRole('button', { name: /^登\s*记$/ }).click();
    await page.getByText('已登记为志愿者').waitFor({ timeout: 15_000 });
    const mine = (await api('GET', '/api/t/community/volunteers')).body.items.find(
      (v: Json) => v.residentId === residentId,
    );
    expect(mine).toBeDefined();
    const name = String(mine.person.name);
    await page
      .getByRole('table', { name: '志愿者名单' })
      .getByRole('link', { name })
      .waitFor({ timeout: 15_000 });

    // An activity with their hours (2.5 h).
    await page.getByRole('tab', { name: '活动与时长' }).click();
    await page.getByLabel('组织队伍').selectOption({ label: '邻里守望志愿服务队' }, { timeout: 15_000 });
    await page.getByLabel('活动名称').fill(`社区义诊${tag}`);
    await page.getByLabel('地点', { exact: true }).fill('党群服务中心');
    await page.getByLabel('参与人数').fill('6');
    await page.getByRole('button', { name: '添加志愿者' }).click();
    // The list row's select (its label 志愿者 also names the hidden 志愿者 tab panel).
    await page.locator('#hours_0_volunteerId').selectOption({ label: name }, { timeout: 15_000 });
    await page.getByLabel('时长（小时）').fill('2.5');
    await expectAccessible(page, 'civil organizations: record an activity');
    await page.getByRole('button', { name: '保存活动' }).click();
    await page.getByText('活动和服务时长已记录').waitFor({ timeout: 15_000 });
    await page.getByRole('link', { name: `社区义诊${tag}` }).waitFor({ timeout: 15_000 });

    // The totals: the volunteer's 2.5 hours on the top list.
    await page.getByRole('tab', { name: '时长统计' }).click();
    const top = page.getByRole('table', { name: '服务时长排行' });
    const row = top.getByRole('row').filter({ hasText: name });
    await row.waitFor({ timeout: 15_000 });
    await expect(row.textContent()).resolves.toContain('2.5');
    await expectAccessible(page, 'civil organizations: totals');

    // The activity's page lists them with their hours.
    await page.getByRole('tab', { name: '活动与时长' }).click();
    await page.getByRole('link', { name: `社区义诊${tag}` }).click();
    await page.getByRole('table', { name: '参加的志愿者' }).getByText('2.5').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'civil organizations: an activity');
  });
});
