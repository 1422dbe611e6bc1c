/**
 * Community work in real Chromium on the whole local platform (issue 15): the street of 东城区
 * hands a task down to its first community, the community worker accepts it and reports back, the
 * street closes it; then the month's community report (the demo seed opened the cycle) is prefilled
 * from the database, one figure adjusted with a reason, submitted, accepted by the street and
 * rolled up.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, signInStaff } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');
const tag = Math.random().toString(36).slice(2, 7);
const title = `冬季燃气安全排查${tag}`;
const AREA = `${baseUrl}/workspace/m/street-tasks-reports`;

describe('community work in the staff workspace', () => {
  let street: BrowserSession;
  let worker: BrowserSession;
  const shots: [string, Page][] = [];

  beforeAll(async () => {
    street = await openBrowser({ locale: 'zh-CN' });
    worker = await openBrowser({ locale: 'zh-CN' });
    shots.push(['street', street.page], ['worker', worker.page]);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state !== 'fail') return;
    mkdirSync('test-results', { recursive: true });
    for (const [who, page] of shots)
      await page.screenshot({
        path: `test-results/community-${who}-${ctx.task.name.slice(0, 30).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
  });

  afterAll(async () => {
    await street?.close();
    await worker?.close();
  });

  it('a task goes from the street to a community and back', async () => {
    const s = street.page;
    await signInStaff(s, AREA, 'dongcheng.street');
    await s.getByLabel('任务名称').fill(title, { timeout: 30_000 });
    await expectAccessible(s, 'street tasks (street)');
    await s.getByLabel('任务说明').fill('检查各楼栋燃气管道和报警器');
    await s.getByLabel('反馈要求').fill('检查户数、隐患数、整改情况');
    await s.getByLabel('截止日期').fill('2099-12-01');
    await s.getByRole('checkbox').first().check();
    await s.getByRole('button', { name: /^下\s*派$/ }).click();
    await s.getByText('任务已下派').waitFor({ timeout: 15_000 });

    const w = worker.page;
    await signInStaff(w, AREA, 'dongcheng.community');
    await w.getByRole('link', { name: title }).waitFor({ timeout: 30_000 });
    await expectAccessible(w, 'street tasks (community)');
    await w.getByRole('link', { name: title }).click();
    await w.getByRole('button', { name: /^接\s*收$/ }).waitFor();
    await expectAccessible(w, 'a task (community)');
    await w.getByRole('button', { name: /^接\s*收$/ }).click();
    await w.getByLabel('反馈内容').fill('已检查 36 户，发现 2 处隐患，已整改 2 处', { timeout: 15_000 });
    await w.getByRole('button', { name: /^反\s*馈$/ }).click();
    await w.getByText('已反馈').first().waitFor({ timeout: 15_000 });

    await s.getByRole('link', { name: title }).click({ timeout: 15_000 });
    await s.getByText('已检查 36 户').waitFor({ timeout: 15_000 });
    await expectAccessible(s, 'a task with feedback (street)');
    await s.getByRole('button', { name: /^办\s*结$/ }).click();
    await s.getByText('已办结').first().waitFor({ timeout: 15_000 });
  });

  it('a monthly report: prefilled, adjusted with a reason, submitted, accepted, rolled up', async () => {
    const w = worker.page;
    await w.goto(`${AREA}/reports`);
    await w.getByRole('link', { name: '社区基本情况月报' }).first().waitFor({ timeout: 30_000 });
    await expectAccessible(w, 'reports (community)');
    await w.getByRole('link', { name: '社区基本情况月报' }).first().click();
    await w.getByRole('button', { name: '从数据库预填' }).click({ timeout: 15_000 });
    const residents = w.getByLabel('常住人口（人）', { exact: true });
    await residents.waitFor({ timeout: 15_000 });
    expect(await w.getByText('数据库', { exact: true }).count()).toBeGreaterThan(10);
    const before = Number(await residents.inputValue());
    await residents.fill(String(before + 2));
    await w.getByLabel('常住人口（人） 调整理由').fill('两户新迁入尚未登记');
    await w.getByLabel('入户走访（次）').fill('12');
    await w.getByRole('button', { name: /^保\s*存$/ }).click();
    await w.getByText('已调整').first().waitFor({ timeout: 15_000 });
    await w.getByRole('button', { name: /^上\s*报$/ }).click();
    await w.getByText('已上报').first().waitFor({ timeout: 15_000 });
    await expectAccessible(w, 'a monthly report, submitted (community)');

    const s = street.page;
    await s.goto(`${AREA}/reports`);
    await s.getByRole('link', { name: '社区基本情况月报' }).first().waitFor({ timeout: 30_000 });
    await expectAccessible(s, 'reports (street)');
    await s.getByRole('link', { name: '社区基本情况月报' }).first().click();
    await s.getByRole('table', { name: '上报进度' }).waitFor({ timeout: 15_000 });
    await expectAccessible(s, 'a report and its progress (street)');
    await s.getByRole('table', { name: '上报进度' }).getByRole('link').first().click({ timeout: 15_000 });
    await s.getByText('两户新迁入尚未登记').first().waitFor({ timeout: 15_000 });
    await expectAccessible(s, "a community's report under review (street)");
    await s.getByRole('button', { name: /^审核通过$/ }).click();
    await s.getByText('已审核').first().waitFor({ timeout: 15_000 });
    await s.getByRole('link', { name: '返回' }).click();
    await s.getByText('已汇总 1 个社区').waitFor({ timeout: 15_000 });
    const roll = s.getByRole('table', { name: '汇总（已审核社区之和）' });
    await expectAccessible(s, 'a report rolled up (street)');
    await expect(roll.getByRole('row', { name: /常住人口（人）/ }).textContent()).resolves.toContain(
      String(before + 2),
    );
  });
});
