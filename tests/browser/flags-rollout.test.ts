/**
 * The ministry rolls `migrant-population` to wave 2 (standard-tier districts with a high migrant
 * share) in the console, and 余杭区's district admin sees the module appear in the workspace —
 * the whole platform in real Chromium, demo logins.
 */
import { mkdirSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, signInStaff } from '../support/browser.ts';
import '../support/provided.ts';

describe('rollout by wave in the ministry console, seen by the district', () => {
  let ministry: BrowserSession;
  let district: BrowserSession;

  beforeAll(async () => {
    [ministry, district] = await Promise.all([openBrowser(), openBrowser()]);
  });

  afterEach(async (ctx) => {
    if (ctx.task.result?.state === 'fail') {
      mkdirSync('test-results', { recursive: true });
      await ministry?.page.screenshot({ path: 'test-results/flags-ministry.png', fullPage: true });
      await district?.page.screenshot({ path: 'test-results/flags-district.png', fullPage: true });
    }
  });

  afterAll(async () => {
    await Promise.all([ministry?.close(), district?.close()]);
  });

  it('余杭区 does not have 流动人口服务 before the rollout', async () => {
    const page = district.page;
    await signInStaff(page, '/workspace/modules', 'yuhang.admin');
    const row = page.getByRole('row', { name: /流动人口服务/ });
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('未开通');
    const nav = page.getByRole('navigation', { name: '业务模块' });
    expect(await nav.getByText('流动人口服务').count()).toBe(0);
    await expectAccessible(page, 'workspace modules');
  });

  it('the ministry plans three waves, promotes wave 1 and wave 2 with a written justification', async () => {
    const page = ministry.page;
    await signInStaff(page, '/ministry/flags/migrant-population', 'ministry.admin');
    await page.getByRole('heading', { name: '推广计划（分批推进）' }).waitFor({ timeout: 30_000 });
    await expectAccessible(page, 'ministry flag rollout plan');

    // wave 1: the pilots; wave 2: standard-tier districts with a high migrant share; wave 3: the rest
    await page.getByRole('button', { name: '添加批次' }).click();
    await page.getByRole('button', { name: '添加批次' }).click();
    await page.getByRole('button', { name: '添加批次' }).click();
    const wave2 = page.getByRole('group', { name: '批次 wave-2' });
    await wave2.getByRole('checkbox', { name: '标准版' }).check();
    await page.locator('#plan-1-migrantShare').selectOption('high');
    await page
      .locator('#plan-why')
      .fill('分三批推广流动人口服务：第1批试点，第2批标准版外来人口较多的区县，第3批其余区县');
    await page.getByRole('button', { name: '保存计划' }).click();
    await page
      .getByText(/已保存并生效/)
      .first()
      .waitFor({ timeout: 15_000 });

    await page.locator('#plan-0-justification').fill('第1批为示范区试点，已按规则开通，确认纳入推广计划。');
    await page.getByRole('button', { name: /推进 wave-1/ }).click();
    await page.getByRole('group', { name: '批次 wave-1' }).getByText('已推进').waitFor({ timeout: 15_000 });

    await page
      .locator('#plan-1-justification')
      .fill('试点运行平稳，外来人口较多的标准版区县需求迫切，推进第2批。');
    await page.getByRole('button', { name: /推进 wave-2/ }).click();
    await page.getByRole('group', { name: '批次 wave-2' }).getByText('已推进').waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'ministry flag rollout plan, two waves promoted');

    // the matrix shows 余杭区 on, with the wave's reason
    await page.getByRole('link', { name: '区县 × 模块' }).click();
    const cell = page.getByRole('button', { name: /余杭区 · 流动人口服务：开/ });
    await cell.waitFor({ timeout: 15_000 });
    expect(await cell.getAttribute('aria-label')).toMatch(/第2批/);
    const leishan = page.getByRole('button', { name: /雷山县 · 流动人口服务：关/ });
    expect(await leishan.count()).toBe(1);
    await expectAccessible(page, 'ministry flags matrix');

    await page.getByRole('link', { name: '变更历史' }).click();
    await page.getByRole('cell', { name: '推进批次' }).first().waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'ministry flags history');
  });

  it('余杭区 sees 流动人口服务 appear in its workspace, with the reason', async () => {
    const page = district.page;
    await page.reload();
    const row = page.getByRole('row', { name: /流动人口服务/ });
    await row.waitFor({ timeout: 30_000 });
    await expect.poll(async () => row.textContent(), { timeout: 15_000 }).toContain('已开通');
    expect(await row.textContent()).toMatch(/第2批/);
    const nav = page.getByRole('navigation', { name: '业务模块' });
    await nav.getByText('流动人口服务').waitFor({ timeout: 15_000 });
  });
});
