import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellAt } from '../../../api/indicators';
import { initI18n } from '../../../i18n';
import { crc32, toCsv, toXlsx } from './export';
import { exportCell, fmtCell } from './IndicatorsConsole';

const table = {
  header: ['区县', '按时办结率', 'note'],
  rows: [
    ['东城区', 95.2, 'a, "quoted"'],
    ['雷山县', '<5', ''],
  ],
};

describe('indicator exports', () => {
  it('writes CSV with a BOM, quoting what needs it', () => {
    const csv = toCsv(table);
    expect(csv.startsWith('\uFEFF区县,按时办结率,note\r\n')).toBe(true);
    expect(csv).toContain('东城区,95.2,"a, ""quoted"""');
    expect(csv).toContain('雷山县,<5,');
  });

  it('computes the zip CRC-32 of a known string', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('writes an XLSX that a spreadsheet library reads back: numbers as numbers, "<5" as text', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(toXlsx(table, '对比').buffer as ArrayBuffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('对比');
    expect(ws.getCell('A1').value).toBe('区县');
    expect(ws.getCell('B2').value).toBe(95.2);
    expect(ws.getCell('B3').value).toBe('<5');
    expect(ws.getCell('C2').value).toBe('a, "quoted"');
  });
});

describe('indicator values as shown', () => {
  it('shows suppressed values as "<5" and missing ones as no data, never 0', () => {
    const i18n = initI18n('zh-CN');
    const t = i18n.t.bind(i18n);
    expect(fmtCell(t, { status: 'suppressed' }, 'percent')).toBe('<5');
    expect(fmtCell(t, { status: 'no-data' }, 'percent')).toBe('无数据');
    expect(fmtCell(t, { status: 'ok', value: 93.5 }, 'percent')).toBe('93.5%');
    expect(fmtCell(t, { status: 'ok', value: 4.2 }, 'days')).toBe('4.2 工作日');
  });

  it('reads the compact table rows: a null listed in `suppressed` is "<5", another null no data', () => {
    const i18n = initI18n('zh-CN');
    const t = i18n.t.bind(i18n);
    const row = { values: [12.5, null, null, 0], suppressed: [1] };
    expect(fmtCell(t, cellAt(row, 0), 'percent')).toBe('12.5%');
    expect(fmtCell(t, cellAt(row, 1), 'percent')).toBe('<5');
    expect(exportCell(cellAt(row, 1))).toBe('<5');
    expect(fmtCell(t, cellAt(row, 2), 'percent')).toBe('无数据');
    expect(exportCell(cellAt(row, 2))).toBe('');
    expect(exportCell(cellAt(row, 3))).toBe(0); // a measured zero stays a zero
  });
});
