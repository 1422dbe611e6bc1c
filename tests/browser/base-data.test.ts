/**
 * A community worker of 东城区 keeps the base data of their community in real Chromium: registers
 * a building, draws a grid over it, finds the grid in the list and opens its residents; the
 * building taken by that grid is offered to no other grid.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, signInStaff } from '../support/browser.ts';
import '../support/provided.ts';

const baseUrl = inject('linliBaseUrl');

const tag = Math.random().toString(36).slice(2, 7).toUpperCase();
const building = `T${tag}`;
const grid = { code: `G${tag}`, name: `测试网格${tag}` };

describe('base data in the staff workspace', () => {
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
        path: `test-results/base-data-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('registers a building, draws a grid over it and opens the grid’s residents', async () => {
    await signInStaff(page, `${baseUrl}/workspace/population/base-data?tab=buildings`, 'dongcheng.community');

    await page.getByRole('button', { name: '登记楼栋' }).click({ timeout: 30_000 });
    const bDialog = page.getByRole('dialog', { name: '登记楼栋' });
    await bDialog.getByLabel('楼栋号').waitFor();
    await expectAccessible(page, 'base data: register a building (dialog)');
    await bDialog.getByLabel('楼栋号').fill(building);
    await bDialog.getByLabel('楼栋名称').fill(`${building}号楼`);
    await bDialog.getByRole('button', { name: /保\s*存/ }).click();
    await bDialog.waitFor({ state: 'hidden', timeout: 15_000 });

    await page.getByRole('tab', { name: '网格' }).click();
    await page.getByRole('button', { name: '新建网格' }).click({ timeout: 15_000 });
    const gDialog = page.getByRole('dialog', { name: '新建网格' });
    await gDialog.getByLabel('网格编号').fill(grid.code);
    await gDialog.getByLabel('网格名称').fill(grid.name);
    await gDialog
      .getByRole('group', { name: '覆盖楼栋' })
      .getByRole('checkbox', { name: `${building} ${building}号楼` })
      .check({ timeout: 15_000 });
    await gDialog.getByLabel('网格员姓名').fill('李网格');
    await expectAccessible(page, 'base data: new grid (dialog, building chosen)');
    await gDialog.getByRole('button', { name: /保\s*存/ }).click();
    await gDialog.waitFor({ state: 'hidden', timeout: 15_000 });

    const row = page.getByRole('row').filter({ hasText: grid.name });
    await row.waitFor({ timeout: 15_000 });
    expect(await row.textContent()).toContain(building);
    await expectAccessible(page, 'base data: grids');
    await row.getByRole('button', { name: `查看网格 ${grid.name} 的居民` }).click();
    await page.getByText('该网格的楼栋中暂无登记居民').waitFor({ timeout: 15_000 });
    await expectAccessible(page, "base data: a grid's residents");

    // A second grid cannot take the same building: it is offered disabled, naming its grid.
    await page.getByRole('button', { name: '新建网格' }).click();
    const second = page.getByRole('dialog', { name: '新建网格' });
    const taken = second
      .getByRole('group', { name: '覆盖楼栋' })
      .getByRole('checkbox', { name: `已属于${grid.name}` });
    await taken.waitFor({ timeout: 15_000 });
    expect(await second.getByText(`已属于${grid.name}`).textContent()).toContain(building);
    expect(await taken.isDisabled()).toBe(true);
  });
});
