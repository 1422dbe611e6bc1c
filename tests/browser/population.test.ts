/**
 * A community worker of 东城区 imports residents in the staff workspace. First the committee's own
 * roster (the issue 16 fixture, saved from Excel as GBK CSV: a title and a note above the header,
 * the community written as its name, addresses in one cell, Excel's damage to ID numbers): the
 * preview shows the header row it found, the columns, the rows as they will be stored and every
 * error in Chinese before anything is written; a column's field is chosen by hand (mouse, then
 * keyboard); the preview fits a 360×740 phone; 确认导入. Then an XLSX (two valid rows, one with a
 * bad ID checksum), previewed and confirmed, and the summary; then one of them is found by name and
 * the record opened with the ID number masked — the whole platform in real Chromium, demo logins.
 * The district is seeded with ~20 000 residents: the test searches, it never lists them all.
 */
import { mkdirSync } from 'node:fs';
import { makeCitizenId } from '@linli/population';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { rosterGbkCsv } from '../../packages/population/test/roster-fixture.ts';
import { expectAccessible } from '../support/a11y.ts';
import { type BrowserSession, openBrowser, signInStaff } from '../support/browser.ts';
import '../support/provided.ts';

// Distinctive names and random birth dates/sequences: no clash with the synthetic seed.
const tagChar = String.fromCharCode(0x4e00 + Math.floor(Math.random() * 2000));
const rnd = (n: number) => Math.floor(Math.random() * n);
const birth = (year: number) =>
  `${year}-${String(1 + rnd(12)).padStart(2, '0')}-${String(1 + rnd(28)).padStart(2, '0')}`;
const first = { name: `邻测${tagChar}甲`, id: makeCitizenId('110101', birth(1960 + rnd(30)), 1 + rnd(997)) };
const second = { name: `邻测${tagChar}乙`, id: makeCitizenId('110101', birth(1960 + rnd(30)), 1 + rnd(997)) };
// A valid number with its check character changed: GB 11643 checksum failure.
const badId = (() => {
  const ok = makeCitizenId('110101', '1990-05-17', 123);
  const wrong = ok.endsWith('1') ? '2' : '1';
  return ok.slice(0, 17) + wrong;
})();

const masked = (id: string) => `${id.slice(0, 6)}********${id.slice(14)}`;

const xlsx = async (): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民');
  ws.addRow(['姓名', '身份证号', '户籍类型', '手机号', '楼栋', '单元', '房号']);
  ws.addRow([first.name, first.id, '户籍', `139${String(rnd(1e8)).padStart(8, '0')}`, '3', '1', '101']);
  ws.addRow([second.name, second.id, '流动', '', '3', '1', '102']);
  ws.addRow(['邻测错误', badId, '户籍', '', '3', '2', '201']);
  // ID numbers as text: Excel would otherwise store them as numbers (1.10101E+17).
  ws.getColumn(2).numFmt = '@';
  return Buffer.from(await wb.xlsx.writeBuffer());
};

describe('the community comprehensive database in the staff workspace', () => {
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
        path: `test-results/population-${ctx.task.name.slice(0, 40).replace(/\W+/g, '-')}.png`,
        fullPage: true,
      });
    }
  });

  afterAll(async () => {
    await session?.close();
  });

  it('a committee previews its own roster (GBK CSV), chooses a column’s field by hand and imports it', async () => {
    await signInStaff(page, '/workspace/population/import', 'dongcheng.community');
    await page.getByRole('heading', { name: '批量导入居民' }).waitFor({ timeout: 30_000 });
    const upload = page.getByRole('button', { name: '选择文件并预览' });
    await expect.poll(() => upload.isEnabled(), { timeout: 15_000 }).toBe(true);
    await expectAccessible(page, 'population: import');

    // The worker's community, as the page names it: the roster writes it by name, bare, with 居委会, by code.
    const badge = page.locator('.community-badge');
    await badge.waitFor({ timeout: 15_000 });
    // The badge shows the code until the name is loaded, then the name with the code as its title.
    await expect.poll(() => badge.getAttribute('title'), { timeout: 15_000 }).toMatch(/^\d{12}$/);
    const code = (await badge.getAttribute('title')) ?? '';
    const base = ((await badge.textContent()) ?? '').trim().replace(/(社区居委会|居委会|社区)$/, '');
    const roster = rosterGbkCsv({
      named: { code, name: `${base}社区` },
      byCode: { code },
      fullWidth: { code },
      ambiguousName: '不存在的社区',
    });
    await page.locator('input[type=file]').setInputFiles({
      name: '居民花名册.csv',
      mimeType: 'text/csv',
      buffer: roster,
    });

    const preview = page.getByRole('region', { name: '导入预览' });
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.getByTestId('import-header-row').textContent()).toBe(
      '第 3 行（跳过上方 2 行标题或说明）',
    );
    // 7 rows of the worker's community (by name, bare, with 居委会, by code, full-width code, blank,
    // apostrophe and spaces); an unknown community twice, a legacy ID, two IDs Excel damaged.
    expect(await preview.getByTestId('preview-valid').textContent()).toBe('7');
    expect(await preview.getByTestId('preview-failed').textContent()).toBe('5');
    const errors = preview.getByRole('table', { name: '需要修改的行' });
    expect(await errors.getByText(/身份证号被表格软件存成了数字（科学计数法）/).count()).toBeGreaterThan(0);
    expect(await errors.getByText(/找不到该社区/).count()).toBeGreaterThan(0);
    expect(await errors.getByText('RESIDENT_ID_SCIENTIFIC').count()).toBe(0);
    // the rows as they will be stored: masked for the worker's role (the address as an address)
    const sample = preview.getByRole('table', { name: '预览数据' });
    expect(await sample.getByText(/^光华里小区\*号楼\*单元\*+室$/).count()).toBe(1);
    expect(await sample.getByText('光华里小区3号楼2单元501室').count()).toBe(0);
    expect(await sample.getByText('王小明').count()).toBe(0);
    await expectAccessible(page, 'population: import preview');

    // On a 360×740 phone the preview fits the width (wide tables scroll inside themselves).
    await page.setViewportSize({ width: 360, height: 740 });
    await expect
      .poll(() => page.evaluate<number>('document.documentElement.scrollWidth'), { timeout: 5_000 })
      .toBeLessThanOrEqual(360);
    await preview.getByRole('button', { name: '确认导入' }).scrollIntoViewIfNeeded();
    expect(await preview.getByRole('button', { name: '确认导入' }).isVisible()).toBe(true);
    await page.setViewportSize({ width: 1366, height: 800 });

    // A column's field chosen by hand: 联系电话 left out (the file is previewed again), then taken as
    // 手机号 again. What is chosen by hand is remembered on import.
    const mapping = preview.getByRole('table', { name: '列对应' });
    const phone = mapping.getByRole('row').filter({ hasText: '联系电话' });
    const chosen = () => phone.locator('select option:checked').textContent();
    await phone.getByRole('combobox').selectOption({ label: '不导入' });
    await phone.getByText('手动指定').waitFor({ timeout: 15_000 });
    await expect.poll(chosen, { timeout: 15_000 }).toBe('不导入');
    await phone.getByRole('combobox').selectOption({ label: '手机号' });
    await expect.poll(chosen, { timeout: 15_000 }).toBe('手机号');
    await expect
      .poll(async () => preview.getByRole('button', { name: '确认导入' }).isEnabled(), { timeout: 30_000 })
      .toBe(true);
    await preview.getByRole('button', { name: '确认导入' }).click();

    const result = page.getByRole('region', { name: '导入结果' });
    await result.waitFor({ timeout: 60_000 });
    // A second run finds the roster's residents registered: skipped, not imported twice.
    const imported = Number(await result.getByTestId('import-imported').textContent());
    const existing = Number(await result.getByTestId('import-existing').textContent());
    expect(imported + existing).toBe(7);
    expect(await result.getByTestId('import-failed').textContent()).toBe('5');
  });

  it('a community worker imports an XLSX: previewed, confirmed, 2 imported, 1 failed with a row report', async () => {
    await page.getByRole('button', { name: '选择文件并预览' }).waitFor({ timeout: 15_000 });
    await page.locator('input[type=file]').setInputFiles({
      name: '居民导入.xlsx',
      mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      buffer: await xlsx(),
    });

    const preview = page.getByRole('region', { name: '导入预览' });
    await preview.getByTestId('preview-summary').waitFor({ timeout: 30_000 });
    expect(await preview.getByTestId('preview-summary').textContent()).toBe(
      '共 3 行数据：2 行可以导入，1 行有问题（共 1 处）',
    );
    expect(
      await preview
        .getByRole('table', { name: '需要修改的行' })
        .getByText('身份证号校验码错误，请核对是否录错')
        .count(),
    ).toBe(1);
    await preview.getByRole('button', { name: '确认导入' }).click();

    const result = page.getByRole('region', { name: '导入结果' });
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getByTestId('import-imported').textContent()).toBe('2');
    expect(await result.getByTestId('import-failed').textContent()).toBe('1');
    expect(await result.getByRole('button', { name: '下载逐行报告（CSV）' }).count()).toBe(1);
    await expectAccessible(page, 'population: import result');
  });

  it('finds an imported resident by name and opens the record, ID number masked', async () => {
    await page.getByRole('navigation', { name: '业务模块' }).getByText('居民信息').click();
    await page.getByRole('heading', { name: '居民信息' }).waitFor({ timeout: 15_000 });
    await page.getByLabel('查询内容').fill(first.name);
    await page.getByRole('button', { name: /^查\s*询$/ }).click();

    // Names are masked in the list (邻****): the one row found is ours.
    const results = page.getByRole('table', { name: '查询结果' });
    const row = results.getByRole('row').filter({ hasText: masked(first.id) });
    const other = results.getByRole('row').filter({ hasText: masked(second.id) });
    // The page first lists the community (the new residents among them); wait for the search's answer.
    await expect.poll(() => other.count(), { timeout: 15_000 }).toBe(0);
    await row.waitFor({ timeout: 15_000 });
    expect(await results.locator('tbody tr').count()).toBe(1);
    await expectAccessible(page, 'population: residents, search result');
    await row.getByRole('link').click();

    await page.getByRole('heading', { name: /居民详情/ }).waitFor({ timeout: 15_000 });
    const idCell = page.getByTestId('resident-id-number');
    expect(await idCell.textContent()).toBe(masked(first.id));
    expect(await idCell.textContent()).not.toContain(first.id.slice(6, 14));
    await page.getByRole('button', { name: '查看完整信息' }).waitFor();
    // the import is in the record's history
    await page
      .getByRole('table', { name: '变更记录' })
      .getByText(/批量导入/)
      .first()
      .waitFor({ timeout: 15_000 });
    await expectAccessible(page, 'population: resident record');
  });
});
