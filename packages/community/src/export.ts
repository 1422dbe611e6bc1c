/**
 * A report cycle as an XLSX workbook in the template's layout: one row per field (grouped by the
 * template's sections, in its order), one column per community and the roll-up; a second sheet
 * says where each figure came from (database as of the cut-off, adjusted with the reason, typed).
 * exceljs (~600 KB with its zip stack) is loaded on the first export only.
 */
import type ExcelJSNs from 'exceljs';
import type { Cycle, Report } from './reports.ts';
import { rollUp } from './reports.ts';

const loadExcel = async (): Promise<typeof ExcelJSNs> => {
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJSNs } & typeof ExcelJSNs;
  return mod.default ?? mod;
};

export const cycleWorkbook = async (
  cycle: Cycle,
  reports: readonly Report[],
  nameOf: (communityCode: string) => string,
): Promise<Buffer> => {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(cycle.period.replace(/[\\/*?:[\]]/g, '-'));
  const roll = rollUp(cycle, reports);
  ws.addRow([`${cycle.name.zh}（${cycle.period}）`]).font = { bold: true, size: 14 };
  ws.addRow([`截止统计日 ${cycle.cutoff}　上报期限 ${cycle.due}　汇总为已审核社区之和`]);
  const header = ws.addRow(['分类', '项目', '来源', ...reports.map((r) => nameOf(r.communityCode)), '汇总']);
  header.font = { bold: true };
  for (const f of cycle.fields) {
    ws.addRow([
      f.section ?? '',
      f.label.zh,
      f.bind ? '数据库' : '手工填报',
      ...reports.map((r) => r.values[f.key]?.value ?? ''),
      f.kind === 'number' ? (roll.totals[f.key] ?? 0) : '',
    ]);
  }
  ws.addRow([]);
  ws.addRow(['', '状态', '', ...reports.map((r) => STATUS[r.status])]);
  ws.getColumn(1).width = 12;
  ws.getColumn(2).width = 24;
  ws.getColumn(3).width = 10;
  for (let i = 0; i <= reports.length; i++) ws.getColumn(4 + i).width = 16;
  const notes = wb.addWorksheet('数据来源与调整');
  notes.addRow(['社区', '项目', '数值', '数据库值', '调整理由', '调整人', '调整时间']).font = { bold: true };
  for (const r of reports)
    for (const f of cycle.fields) {
      const v = r.values[f.key];
      if (v?.adjustment)
        notes.addRow([
          nameOf(r.communityCode),
          f.label.zh,
          v.value,
          v.adjustment.from,
          v.adjustment.reason,
          v.adjustment.by,
          v.adjustment.at,
        ]);
    }
  return Buffer.from(await wb.xlsx.writeBuffer());
};

const STATUS: Record<Report['status'], string> = {
  'not-started': '未开始',
  draft: '填报中',
  submitted: '已上报',
  returned: '已退回',
  accepted: '已审核',
};
