import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import {
  CommunityDirectory,
  cleanCellText,
  communityKey,
  excelDate,
  type ImportFileInfo,
  type ImportOptions,
  type ImportRow,
  makeCitizenId,
  parseAddress,
  parseResidentImport,
  runImport,
} from '../src/index.ts';
import {
  HEADER_ROW,
  LEGACY_ID,
  LEGACY_UPGRADED,
  type RosterCommunities,
  rosterGbkCsv,
  rosterUtf8BomCsv,
  rosterXlsx,
  rowOf,
} from './roster-fixture.ts';

const now = new Date('2026-06-01T00:00:00Z');
const NAMED = { code: '110105001001', name: '光华里社区', streetName: '建外街道' };
const BY_CODE = { code: '110105001002', name: '永安里社区', streetName: '建外街道' };
const FULL_WIDTH = { code: '110105002001', name: '呼家楼社区', streetName: '呼家楼街道' };
const TWIN_A = { code: '110105001003', name: '建设里社区', streetName: '建外街道' };
const TWIN_B = { code: '110105002002', name: '建设里社区居委会', streetName: '呼家楼街道' };
const OTHER = { code: '110105003001', name: '团结湖社区', streetName: '团结湖街道' };
const ENTRIES = [NAMED, BY_CODE, FULL_WIDTH, TWIN_A, TWIN_B, OTHER];
const SCOPE = new Set(ENTRIES.filter((e) => e !== OTHER).map((e) => e.code));
const directory = new CommunityDirectory(ENTRIES, SCOPE);
const roster: RosterCommunities = {
  named: NAMED,
  byCode: BY_CODE,
  fullWidth: FULL_WIDTH,
  ambiguousName: '建设里',
};

const collect = async (bytes: Buffer, opts: ImportOptions = {}) => {
  const info: Partial<ImportFileInfo> = {};
  const rows: ImportRow[] = [];
  for await (const r of parseResidentImport(Readable.from([bytes]), {
    now,
    districtCode: '110105',
    communities: directory,
    info,
    ...opts,
  }))
    rows.push(r);
  return { rows, info };
};
const codes = (rows: ImportRow[]) =>
  Object.fromEntries(rows.map((r) => [r.row, r.ok ? 'ok' : r.issues.map((i) => i.code).join('+')]));

describe('cells as Excel and hand-typing leave them', () => {
  it('folds full-width characters, drops the text apostrophe and stray spaces', () => {
    expect(cleanCellText("'１１０１０５ 19491231002Ｘ\u00A0")).toBe('110105 19491231002X');
    expect(cleanCellText('\u200B 光华里 ')).toBe('光华里');
  });

  it('reads dates in any of Excel’s representations', () => {
    expect(excelDate(new Date(Date.UTC(1949, 11, 31)))).toBe('1949-12-31');
    expect(excelDate(18264)).toBe('1950-01-01'); // a serial day number
    expect(excelDate('18264')).toBe('1950-01-01'); // the same, saved to CSV
    expect(excelDate('1949-12-31 00:00:00')).toBe('1949-12-31');
    expect(excelDate('1949/12/31')).toBe('1949/12/31'); // left for parseDate
    expect(excelDate('1990')).toBe('1990'); // a year, not a serial
  });
});

describe('communities by name or code', () => {
  it('tolerates the usual suffixes and full-width digits', () => {
    for (const name of [
      '光华里社区',
      '光华里',
      '光华里社区居委会',
      '光华里居委会',
      '光华里社区居民委员会',
      ' 光华里 ',
    ])
      expect(directory.match(name)).toEqual({ ok: true, code: NAMED.code, by: 'name' });
    expect(directory.match('１１０１０５００１００２')).toEqual({ ok: true, code: BY_CODE.code, by: 'code' });
    expect(communityKey('杨庄村委会')).toBe(communityKey('杨庄村'));
    expect(communityKey('杨庄村民委员会')).toBe('杨庄村');
  });

  it('refuses an ambiguous name with the candidates, unless the street tells them apart', () => {
    const m = directory.match('建设里');
    expect(m).toMatchObject({ ok: false, code: 'IMPORT_COMMUNITY_AMBIGUOUS' });
    if (!m.ok) {
      expect(m.message.zh).toContain(TWIN_A.code);
      expect(m.message.zh).toContain(TWIN_B.code);
    }
    expect(directory.match('呼家楼街道建设里社区')).toEqual({ ok: true, code: TWIN_B.code, by: 'name' });
  });

  it('suggests the closest of the importer’s communities for an unknown name, never another scope’s', () => {
    const m = directory.match('光华东里社区');
    expect(m).toMatchObject({ ok: false, code: 'IMPORT_COMMUNITY_UNKNOWN' });
    if (!m.ok) expect(m.message.zh).toContain('光华里社区（110105001001');
    const far = directory.match('团结湖西社区');
    if (!far.ok) expect(far.message.zh).not.toContain('团结湖社区');
    expect(directory.match('团结湖')).toMatchObject({ ok: false, code: 'IMPORT_COMMUNITY_OUT_OF_SCOPE' });
    expect(directory.match(OTHER.code)).toMatchObject({ ok: false, code: 'IMPORT_COMMUNITY_OUT_OF_SCOPE' });
    expect(directory.match('110105999999')).toMatchObject({ ok: false, code: 'IMPORT_COMMUNITY_UNKNOWN' });
  });
});

describe('addresses', () => {
  it.each([
    ['光华里小区3号楼2单元501室', { building: '3', unit: '2', room: '501' }],
    ['5栋1单元302', { building: '5', unit: '1', room: '302' }],
    ['7号3单元101室', { building: '7', unit: '3', room: '101' }],
    ['12-3-402', { building: '12', unit: '3', room: '402' }],
    ['１２－３－４０２室', { building: '12', unit: '3', room: '402' }],
    ['A座2单元1503', { building: 'A', unit: '2', room: '1503' }],
    ['十二号楼三单元201室', { building: '12', unit: '3', room: '201' }],
    ['3幢2单元501号', { building: '3', unit: '2', room: '501' }],
  ])('reads %s', (address, parts) => expect(parseAddress(address)).toEqual(parts));

  it('leaves other addresses as text', () => {
    for (const a of ['朝阳北路88号院', '光华里小区', '建国门外大街1号'])
      expect(parseAddress(a)).toBeUndefined();
  });
});

describe('a committee roster in GBK CSV, UTF-8-BOM CSV and XLSX', () => {
  const formats = async () => ({
    gbk: rosterGbkCsv(roster),
    bom: rosterUtf8BomCsv(roster),
    xlsx: await rosterXlsx(roster),
  });

  it('finds the header under the title, matches communities, reads addresses — the same in each format', async () => {
    const out: Record<string, Awaited<ReturnType<typeof collect>>> = {};
    for (const [k, bytes] of Object.entries(await formats()))
      out[k] = await collect(bytes, { defaultCommunityCode: BY_CODE.code });
    const { rows, info } = out.gbk!;
    expect(info).toMatchObject({
      format: 'csv',
      encoding: 'gb18030',
      headerRow: HEADER_ROW,
      rowsAboveHeader: 2,
      blankRows: 1,
      communities: { byName: 4, byCode: 2, bySheet: 0, byDefault: 1 },
      communityRows: { [NAMED.code]: 4, [BY_CODE.code]: 2, [FULL_WIDTH.code]: 1 },
      addresses: { parsed: 5, text: 1 },
      legacyIdsUpgraded: 0,
    });
    expect(info.ignoredColumns).toEqual(['序号', '备注']);
    expect(info.mapping?.find((m) => m.header === '所属社区')).toMatchObject({ field: 'communityCode' });
    expect(codes(rows)).toEqual({
      [rowOf(1)]: 'ok',
      [rowOf(2)]: 'ok',
      [rowOf(3)]: 'ok',
      [rowOf(4)]: 'ok',
      [rowOf(5)]: 'ok',
      [rowOf(6)]: 'ok',
      [rowOf(7)]: 'IMPORT_COMMUNITY_UNKNOWN',
      [rowOf(8)]: 'IMPORT_COMMUNITY_AMBIGUOUS',
      [rowOf(9)]: 'RESIDENT_ID_LEGACY_15',
      [rowOf(10)]: 'RESIDENT_ID_SCIENTIFIC',
      [rowOf(11)]: 'RESIDENT_ID_SCIENTIFIC',
      [rowOf(12)]: 'ok',
    });
    const values = rows.flatMap((r) => (r.ok ? [r.value] : []));
    expect(values.map((v) => [v.communityCode, v.building, v.unit, v.room, v.address])).toEqual([
      [NAMED.code, '3', '2', '501', '光华里小区3号楼2单元501室'],
      [NAMED.code, '5', '1', '302', '5栋1单元302'],
      [NAMED.code, '7', '3', '101', '7号3单元101室'],
      [BY_CODE.code, '12', '3', '402', '12-3-402'],
      [FULL_WIDTH.code, undefined, undefined, undefined, '朝阳北路88号院'],
      [BY_CODE.code, undefined, undefined, undefined, undefined],
      [NAMED.code, '9', '1', '1201', '9号楼1单元1201'],
    ]);
    expect(values.at(-1)).toMatchObject({
      idNumber: makeCitizenId('110105', '1995-12-24', 64),
      sex: 'female',
    });
    // The same stored records and the same summary from the other two formats.
    for (const k of ['bom', 'xlsx']) {
      expect(out[k]!.rows.map(({ sheet: _s, ...r }) => r)).toEqual(rows);
      const { format: _f, encoding: _e, ...rest } = out[k]!.info;
      const { format: _g, encoding: _h, sheets: _s, ...gbk } = info;
      expect({ ...rest, sheets: undefined }).toEqual({ ...gbk, sheets: undefined });
    }
    expect(out.xlsx!.info.sheets).toEqual([{ name: '花名册', headerRow: HEADER_ROW, rows: 7 }]);
  });

  it('explains every refused row; the default community fills blank cells only', async () => {
    const { gbk } = await formats();
    const { rows } = await collect(gbk);
    const byRow = new Map(rows.map((r) => [r.row, r]));
    const blank = byRow.get(rowOf(6))!;
    expect(blank.ok ? [] : blank.issues.map((i) => i.code)).toEqual(['RESIDENT_COMMUNITY_CODE_REQUIRED']);
    const unknown = byRow.get(rowOf(7))!;
    expect(unknown.ok ? '' : unknown.issues[0]!.message.zh).toContain('光华里社区');
    const mangled = byRow.get(rowOf(10))!;
    expect(mangled.ok ? '' : mangled.issues[0]!.message.zh).toContain('科学计数法');
    // The report never repeats what the cells held.
    const report = await runImport(
      Readable.from([gbk]),
      { now, districtCode: '110105', communities: directory },
      () => {},
    );
    const csv = report.toCsv().toString('utf8');
    expect(csv).not.toContain('孙丽');
    expect(csv).not.toContain('光华东里');
  });

  it('upgrades 15-digit legacy ID numbers when asked, keeping the original and marking the record', async () => {
    const { xlsx } = await formats();
    const { rows, info } = await collect(xlsx, {
      upgradeLegacyIds: true,
      defaultCommunityCode: BY_CODE.code,
    });
    const legacy = rows.find((r) => r.row === rowOf(9))!;
    expect(legacy).toMatchObject({
      ok: true,
      value: {
        idNumber: LEGACY_UPGRADED,
        legacyIdNumber: LEGACY_ID,
        verify: ['legacy-id'],
        birthDate: '1968-03-15',
      },
    });
    expect(info.legacyIdsUpgraded).toBe(1);
    // An impossible legacy date is still refused.
    const bad = Buffer.from(`姓名,身份证号,户籍类型,社区代码\r\n甲,110105681315125,户籍,${NAMED.code}\r\n`);
    const refused = await collect(bad, { upgradeLegacyIds: true });
    expect(codes(refused.rows)).toEqual({ 2: 'RESIDENT_ID_BIRTHDATE' });
  });

  it('maps an unknown header by hand', async () => {
    const text = `户主或成员,证件号,户籍类型,所属社区\r\n王小明,${makeCitizenId('110105', '1985-04-12', 123)},户籍,光华里\r\n`;
    await expect(collect(Buffer.from(text))).rejects.toMatchObject({ code: 'IMPORT_MISSING_COLUMNS' });
    const { rows, info } = await collect(Buffer.from(text), {
      mapping: { 户主或成员: 'name', 证件号: 'idNumber', 所属社区: null },
      defaultCommunityCode: NAMED.code,
    });
    expect(codes(rows)).toEqual({ 2: 'ok' });
    expect(info.ignoredColumns).toEqual(['所属社区']);
    expect(info.communities).toMatchObject({ byDefault: 1 });
  });
});

describe('a workbook with one sheet per community', () => {
  const sheetOf = (seq: number, extra: (string | number)[] = []) => [
    ['居民名单'],
    ['姓名', '身份证号', '户籍类型', '现住址'],
    ['居民甲', makeCitizenId('110105', '1980-01-01', seq), '户籍', '1-1-101'],
    ['居民乙', makeCitizenId('110105', '1981-01-01', seq + 2), '流动', '2号楼1单元202室', ...extra],
  ];
  const workbook = async () => {
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of [
      ['光华里社区', sheetOf(11)],
      [
        '填写说明',
        [
          ['列', '说明'],
          ['姓名', '必填'],
        ],
      ],
      ['永安里', sheetOf(21)],
    ] as const) {
      const ws = wb.addWorksheet(name);
      for (const r of rows) ws.addRow([...r]);
    }
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  it('imports each roster sheet into the community it is named after and passes over the others', async () => {
    const { rows, info } = await collect(await workbook());
    expect(rows.map((r) => [r.sheet?.name, r.row, r.ok && r.value.communityCode])).toEqual([
      ['光华里社区', 3, NAMED.code],
      ['光华里社区', 4, NAMED.code],
      ['永安里', 3, BY_CODE.code],
      ['永安里', 4, BY_CODE.code],
    ]);
    expect(info.sheets).toEqual([
      { name: '光华里社区', headerRow: 2, rows: 2, community: NAMED.code },
      { name: '填写说明', rows: 0, skipped: expect.objectContaining({ code: 'IMPORT_NOT_A_ROSTER' }) },
      { name: '永安里', headerRow: 2, rows: 2, community: BY_CODE.code },
    ]);
    expect(info.communities).toMatchObject({ bySheet: 4 });
    expect(info.addresses).toEqual({ parsed: 4, text: 0 });
  });

  it('imports only the sheet chosen', async () => {
    const { rows } = await collect(await workbook(), { sheet: '永安里' });
    expect(rows.map((r) => [r.sheet?.name, r.row])).toEqual([
      ['永安里', 3],
      ['永安里', 4],
    ]);
  });
});
