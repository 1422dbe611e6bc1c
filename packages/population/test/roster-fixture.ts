/**
 * A residents' committee roster as committees keep it (issue 16): a title row and a note above the
 * header, Chinese headers with the community written as its name (所属社区) and the address in one
 * cell (现住址), a blank row, Excel's damage to ID numbers — written as GBK CSV (Excel on Chinese
 * Windows), UTF-8-BOM CSV and XLSX (merged title and note cells, an ID stored as a number, a date
 * cell). The unit tests and the integration tests import the same roster.
 */
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { makeCitizenId } from '../src/index.ts';

export interface RosterCommunities {
  /** Written by name with its suffix, without, with 社区居委会. */
  readonly named: { code: string; name: string };
  /** Written by its code. */
  readonly byCode: { code: string };
  /** Written by its code in full-width digits. */
  readonly fullWidth: { code: string };
  /** A name two communities of the district share (in two streets). */
  readonly ambiguousName: string;
}

const fw = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

const ids = {
  a: makeCitizenId('110105', '1985-04-12', 123),
  b: makeCitizenId('110105', '1990-07-01', 24),
  c: makeCitizenId('110105', '1950-01-20', 7),
  d: makeCitizenId('110105', '1972-11-30', 58),
  e: makeCitizenId('440305', '2001-02-03', 91),
  f: makeCitizenId('110105', '1966-06-06', 11),
  g: makeCitizenId('110105', '1988-08-08', 33),
  h: makeCitizenId('110105', '1979-03-15', 40),
  k: makeCitizenId('110105', '1995-12-24', 64),
};
/** 15 digits: 110105 + 680315 (1968-03-15) + 125 (odd: male). */
export const LEGACY_ID = '110105680315125';
export const LEGACY_UPGRADED = makeCitizenId('110105', '1968-03-15', 125);

export const ROSTER_HEADER = [
  '序号',
  '姓名',
  '性别',
  '身份证号码',
  '出生日期',
  '民族',
  '户籍类型',
  '联系电话',
  '所属社区',
  '现住址',
  '备注',
] as const;

type Cell = string | number | Date;
interface RosterRow {
  readonly cells: readonly Cell[];
  /** Written differently in CSV (what Excel saves of a number or date cell). */
  readonly csv?: readonly string[];
}

/** What the roster should give, row by row (the header is row 3, data rows start at 4). */
export const rosterRows = (c: RosterCommunities) => {
  const row = (
    n: number,
    name: string,
    sex: string,
    id: string | number,
    community: string,
    address: string,
    extra: { birth?: Cell; csvId?: string; csvBirth?: string } = {},
  ): RosterRow => {
    const cells: Cell[] = [n, name, sex, id, extra.birth ?? '', '汉族', '户籍', '', community, address, ''];
    const csv = cells.map((x) => (x instanceof Date ? '' : String(x)));
    if (extra.csvId) csv[3] = extra.csvId;
    if (extra.csvBirth) csv[4] = extra.csvBirth;
    return { cells, csv };
  };
  const named = c.named.name;
  const bare = named.replace(/社区$/, '');
  return [
    row(1, '王小明', '男', ids.a, named, '光华里小区3号楼2单元501室'),
    row(2, '李芳', '女', ids.b, bare, '5栋1单元302'),
    row(3, '张伟', '男', ids.c, `${bare}社区居委会`, '7号3单元101室'),
    row(4, '赵敏', '女', ids.d, c.byCode.code, '12-3-402'),
    row(5, '陈静', '男', ids.e, fw(c.fullWidth.code), '朝阳北路88号院'),
    // Blank community cell: the default community, when the importer gives one.
    row(6, '刘洋', '男', ids.f, '', ''),
    // Unknown community: a close name is suggested.
    row(7, '孙丽', '男', ids.g, `${bare}东社区`, ''),
    // A name two communities share.
    row(8, '周杰', '女', ids.h, c.ambiguousName, ''),
    // 15-digit legacy number.
    row(9, '吴刚', '男', LEGACY_ID, named, ''),
    // Excel made a number of it: 1.10105E+17 in CSV, a number cell in XLSX.
    row(10, '郑爽', '男', 110105199001011230, named, '', { csvId: '1.10105E+17' }),
    // Text that had been a number once: the last three digits are zeros.
    row(11, '钱多', '男', '110105199001011000', named, ''),
    // A leading apostrophe, full-width digits and stray spaces; a date cell (text in CSV).
    row(
      12,
      '欧阳建国',
      '女',
      `'${fw(ids.k.slice(0, 6))} ${ids.k.slice(6)} `,
      ` ${named} `,
      ' 9号楼1单元1201 ',
      {
        birth: new Date(Date.UTC(1995, 11, 24)),
        csvBirth: '1995/12/24',
      },
    ),
  ];
};

export const ROSTER_TITLE = '光华里街道居民花名册（2026年11月）';
export const ROSTER_NOTE = '填表单位：社区居委会　　填表人：王五　　说明：身份证号请填写18位';

/** Title, note, header: data row `n` (1-based) is spreadsheet row 3 + n, after the blank row one more. */
export const HEADER_ROW = 3;
export const rowOf = (n: number) => HEADER_ROW + n + (n > 6 ? 1 : 0);

const csvCell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);
const csvText = (c: RosterCommunities) => {
  const width = ROSTER_HEADER.length;
  const pad = (first: string) => [first, ...Array(width - 1).fill('')].map(csvCell).join(',');
  const rows = rosterRows(c);
  const lines = [
    pad(ROSTER_TITLE),
    pad(ROSTER_NOTE),
    ROSTER_HEADER.join(','),
    ...rows.slice(0, 6).map((r) => r.csv!.map(csvCell).join(',')),
    // A blank row in the middle, as Excel writes it.
    Array(width).fill('').join(','),
    ...rows.slice(6).map((r) => r.csv!.map(csvCell).join(',')),
  ];
  return `${lines.join('\r\n')}\r\n`;
};

/** Saved by Excel on Chinese Windows: GBK, no BOM. */
export const rosterGbkCsv = (c: RosterCommunities): Buffer => iconv.encode(csvText(c), 'gbk');
/** Saved as "CSV UTF-8": with a BOM. */
export const rosterUtf8BomCsv = (c: RosterCommunities): Buffer => Buffer.from(`\uFEFF${csvText(c)}`, 'utf8');

/** The same roster as a workbook: merged title and note, a merged remark, an ID cell stored as a number. */
export const rosterXlsx = async (
  c: RosterCommunities,
  opts: { extraSheets?: { name: string; rows: Cell[][] }[] } = {},
): Promise<Buffer> => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('花名册');
  ws.addRow([ROSTER_TITLE]);
  ws.mergeCells(1, 1, 1, ROSTER_HEADER.length);
  ws.addRow([ROSTER_NOTE]);
  ws.mergeCells(2, 1, 2, ROSTER_HEADER.length);
  ws.addRow([...ROSTER_HEADER]);
  const rows = rosterRows(c);
  for (const r of rows.slice(0, 6)) ws.addRow([...r.cells]);
  ws.addRow([]);
  for (const r of rows.slice(6)) ws.addRow([...r.cells]);
  // A remark merged over two data rows (an ignored column: nothing to import from it).
  ws.getCell(rowOf(1), ROSTER_HEADER.length).value = '新迁入';
  ws.mergeCells(rowOf(1), ROSTER_HEADER.length, rowOf(2), ROSTER_HEADER.length);
  ws.getColumn(5).numFmt = 'yyyy-mm-dd';
  for (const s of opts.extraSheets ?? []) {
    const extra = wb.addWorksheet(s.name);
    for (const r of s.rows) extra.addRow(r);
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
};
