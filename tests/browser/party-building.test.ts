/**
 * 社区党建 in real Chromium on the whole local platform (issue 15): the community worker of 东城区
 * sees the seeded branches' year of 三会一课, creates a branch, records a member linked to a resident
 * of the community with their consent, records a 支部委员会 with attendance and sees it counted in
 * the overview. Every page visited is checked with axe.
 */
import { mkdirSync } from 'node:fs';
import { makeCitizenId } from '@linli/population';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, staffToken } from '../support/browser.ts';
import type { Json } from '../support/call.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const logins = inject('linliDemoLogins');
const AREA = `${baseUrl}/workspace/m/party-building`;
const CN = '甲乙丙丁戊己庚辛壬癸';
const rnd = (n: number) => Math.floor(Math.random() * n);
const given = `${CN[rnd(10)]}${CN[rnd(10)]}${CN[rnd(10)]}`;
const residentName = `钟${given}`;
const branchName = `测试党支部${given}`;

/** Arrange: a resident of the worker's community (the demo seed has a few per community). */
const addResident = async (page: Page) => {
  const token = await staffToken(page, 'dongcheng.community');
  return page.evaluate(
    async ({ token, body }) => {
      const me = (await (
        await fetch('/api/me', { headers: { Authorization: `Bearer ${token}` } })
      ).json()) as Json;
      const res = await fetch('/api/t/residents', {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ ...body, communityCode: me.scope.communityCode }),
      });
      return res.status;
    },
    {
      token,
      body: {
        name: residentName,
        idNumber: makeCitizenId('110101', `1962-0${1 + rnd(9)}-1${rnd(9)}`, 1 + rnd(997)),
        registration: '户籍',
        mobile: `135${String(Date.now()).slice(-8)}`,
      },
    },
  );
};

describe('社区党建 in the staff workspace', () => {
  let worker: BrowserSession;

  beforeAll(async () => {
    worker = await openBrowser({ locale: 'zh-CN' });
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    mkdirSync('test-results', { recursive: true });
    await worker.page.screenshot({ path: 'test-results/party-building.png', fullPage: true });
  });

  afterAll(async () => {
    await worker?.close();
  });

  it('a branch, a member linked with consent, a 支部委员会 with attendance, the overview', async () => {
    const w = worker.page;
    const login = logins.find((l) => l.username === 'dongcheng.community')!;
    await w.goto(AREA);
    await w.getByLabel('用户名').waitFor({ timeout: 30_000 });
    await expectAccessible(w, 'staff sign-in', { once: true });
    expect(await addResident(w)).toBe(201);
    await w.getByLabel('用户名').fill(login.username);
    await w.getByLabel('密码').fill(login.password);
    await w.getByRole('button', { name: /^登\s*录$/ }).click();

    // The seeded branch's year, then a new branch.
    const overview = w.getByRole('table', { name: '三会一课年度情况' });
    await overview.waitFor({ timeout: 30_000 });
    await expectAccessible(w, 'party building: overview (community)');
    await w.getByLabel('党组织名称').fill(branchName);
    await w.getByLabel('书记').fill('刘红');
    await w.getByLabel('成立日期').fill('2020-07-01');
    await w.getByRole('button', { name: /^新\s*建$/ }).click();
    await w.getByText('党组织已建立').waitFor({ timeout: 15_000 });
    await overview.getByRole('link', { name: branchName }).click({ timeout: 15_000 });

    // A member linked to the resident, with their written consent (today by default).
    await w.getByRole('heading', { name: branchName }).waitFor({ timeout: 15_000 });
    await w.getByText('暂无党员').waitFor({ timeout: 15_000 });
    await expectAccessible(w, 'party building: a branch (community)');
    await w.getByLabel('按姓名或身份证号查找居民').fill(residentName);
    await w.getByRole('button', { name: /^查\s*找$/ }).click();
    await w.getByRole('button', { name: '选择 钟***' }).click({ timeout: 15_000 });
    await w.getByText('已选择：钟***').waitFor();
    await w.getByLabel('入党日期').fill('1990-07-01');
    await w.getByRole('button', { name: /^登\s*记$/ }).click();
    await w.getByText('党员已登记').waitFor({ timeout: 15_000 });
    const roll = w.getByRole('table', { name: '党员名册' });
    await roll.getByText('钟***').waitFor({ timeout: 15_000 });
    expect(await roll.getByText(/已关联（书面同意/).count()).toBe(1);
    expect(await w.getByText(residentName).count()).toBe(0);
    await expectAccessible(w, 'party building: a member recorded (community)');

    // A 支部委员会 (the default kind) with the member present.
    await w.getByRole('tab', { name: '会议与活动' }).click();
    await w.getByLabel('主题').fill('研究老旧小区加装电梯议题');
    await w.getByLabel('地点').fill('社区党群服务中心');
    await w.getByLabel('主持人').fill('刘红');
    await w.getByRole('checkbox', { name: '钟*** 出席' }).waitFor();
    expect(await w.getByRole('checkbox', { name: '钟*** 出席' }).isChecked()).toBe(true);
    await w.getByRole('button', { name: '保存记录' }).click();
    await w.getByText('记录已保存').waitFor({ timeout: 15_000 });
    const records = w.getByRole('table', { name: '会议与活动记录' });
    await records.getByText('出席 1 人，缺席 0 人').waitFor({ timeout: 15_000 });
    await expectAccessible(w, 'party building: a meeting recorded (community)');

    // Counted in the branch's year and in the overview.
    await w.getByRole('tab', { name: '年度情况' }).click();
    const year = w.getByRole('table', { name: `${branchName} 三会一课年度情况` });
    await year.waitFor({ timeout: 15_000 });
    // The cached year is shown at once and refreshed: wait for the meeting to be counted.
    await year.getByRole('row', { name: /支部委员会\s*每月一次\s*1 \/ \d+/ }).waitFor({ timeout: 15_000 });
    await expectAccessible(w, 'party building: the branch’s year (community)');
    await w.getByRole('link', { name: '返回社区党建' }).click();
    await overview
      .getByRole('row', { name: new RegExp(`${branchName}.*1 / \\d+`) })
      .waitFor({ timeout: 15_000 });
    await expectAccessible(w, 'party building: overview with the new branch (community)');
  });
});
