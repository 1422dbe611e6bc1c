import { Readable } from 'node:stream';
import { LinliError } from '@linli/core';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  citizenIdCheckChar,
  type ImportFileInfo,
  ImportReport,
  type ImportRow,
  makeCitizenId,
  parseResidentImport,
  residentTemplateCsv,
  residentTemplateXlsx,
  runImport,
} from '../src/index.ts';

const now = new Date('2026-06-01T00:00:00Z');
const id1 = makeCitizenId('110105', '1985-04-12', 123);
const id2 = makeCitizenId('110105', '1990-07-01', 24);
const id3 = makeCitizenId('440305', '1950-01-20', 7);

/** A readable that hands out `bytes` in chunks of `size` — multi-byte characters get split. */
const chunked = (bytes: Buffer, size = 7) =>
  Readable.from(
    (function* () {
      for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
    })(),
  );

const collect = async (input: Readable, opts: Parameters<typeof parseResidentImport>[1] = {}) => {
  const rows: ImportRow[] = [];
  for await (const r of parseResidentImport(input, { now, ...opts })) rows.push(r);
  return rows;
};
const codesOf = (r: ImportRow) => (r.ok ? [] : r.issues.map((i) => i.code));

const HEADER = '姓名,身份证号,户籍类型,手机号,民族,社区代码,楼栋,单元,房号,学历,政治面貌,标签';
const csv = (...lines: string[]) => `${[HEADER, ...lines].join('\r\n')}\r\n`;
const good = csv(
  `王小明,${id1},户籍,13812345678,汉族,110105001001,3,2,501,本科,群众,`,
  `李芳,${id2},流动,15912345678,回族,110105001002,1,1,101,高中,共青团员,失业`,
  `欧阳建国,${id3},户籍,,满族,110105001001,5,1,302,初中,中共党员,"退役军人,残疾人"`,
);

const expectGood = (rows: ImportRow[]) => {
  expect(rows.map((r) => [r.row, r.ok])).toEqual([
    [2, true],
    [3, true],
    [4, true],
  ]);
  const [a, b, c] = rows.map((r) => (r.ok ? r.value : undefined));
  expect(a).toMatchObject({
    name: '王小明',
    idNumber: id1,
    sex: 'male',
    registration: 'local',
    education: 'bachelor',
  });
  expect(b).toMatchObject({
    name: '李芳',
    registration: 'migrant',
    ethnicity: '03',
    politicalStatus: '03',
    tags: ['unemployed'],
  });
  expect(c).toMatchObject({
    name: '欧阳建国',
    ethnicity: '11',
    tags: ['elderly', 'disabled', 'veteran', 'party-member'],
  });
};

describe('CSV encodings', () => {
  it('reads UTF-8 without BOM', async () => {
    const info: Partial<ImportFileInfo> = {};
    expectGood(await collect(chunked(Buffer.from(good, 'utf8')), { info }));
    expect(info).toMatchObject({ format: 'csv', encoding: 'utf-8', headerRow: 1 });
  });

  it('reads UTF-8 with BOM', async () => {
    expectGood(await collect(chunked(Buffer.from(`\uFEFF${good}`, 'utf8'))));
  });

  it('reads GBK bytes as Excel on Chinese Windows writes them', async () => {
    const bytes = iconv.encode(good, 'gbk');
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(bytes)).toThrow(); // really not UTF-8
    const info: Partial<ImportFileInfo> = {};
    expectGood(await collect(chunked(bytes, 5), { info }));
    expect(info.encoding).toBe('gb18030');
  });

  it('decides on the first non-ASCII bytes even after a long ASCII prefix', async () => {
    const header = 'name,idNumber,registration,communityCode';
    const asciiRows = Array.from(
      { length: 1000 },
      (_, i) => `Li Lei,${makeCitizenId('110105', '1980-01-01', i)},local,110105001001`,
    );
    const text = `${header}\n${asciiRows.join('\n')}\n韩梅梅,${id2},流动,110105001001\n`;
    const bytes = iconv.encode(text, 'gbk');
    const rows = await collect(chunked(bytes, 4096));
    expect(rows).toHaveLength(1001);
    expect(rows.at(-1)).toMatchObject({
      row: 1002,
      ok: true,
      value: { name: '韩梅梅', registration: 'migrant' },
    });
  });

  it('reads UTF-16LE tab-separated text ("Unicode text" from Excel)', async () => {
    const text = good.replaceAll(',', '\t').replace('"退役军人\t残疾人"', '退役军人、残疾人');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expectGood(await collect(chunked(bytes, 9)));
  });

  it('flags cells with undecodable bytes past the sniffed part of a UTF-8 file', async () => {
    // > 64 KiB of valid UTF-8 Chinese first, so the file is judged UTF-8; then one corrupt cell.
    const lines = Array.from(
      { length: 1200 },
      (_, i) =>
        `王小明,${makeCitizenId('110105', '1980-01-01', i % 1000)},户籍,13812345678,汉族,110105001001,3,2,501,本科,群众,`,
    );
    const head = Buffer.from(csv(...lines), 'utf8');
    expect(head.length).toBeGreaterThan(64 * 1024);
    const bad = Buffer.concat([
      head,
      Buffer.from('x'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(`,${id2},户籍,,,110105001001\r\n`),
    ]);
    const rows = await collect(chunked(bad, 8192));
    expect(rows).toHaveLength(1201);
    expect(rows.at(-1)).toMatchObject({ row: 1202, ok: false });
    expect(codesOf(rows.at(-1)!)).toEqual(['IMPORT_ENCODING']);
  });
});

describe('file-level errors: nothing imported', () => {
  it('refuses a file without required columns before yielding any row', async () => {
    const text = `姓名,手机号\n王小明,13812345678\n`;
    const it = parseResidentImport(chunked(Buffer.from(text)), { now });
    const err = await it.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(LinliError);
    expect(err).toMatchObject({ code: 'IMPORT_MISSING_COLUMNS' });
    expect((err as LinliError).issues!.map((i) => i.field)).toEqual([
      'idNumber',
      'registration',
      'communityCode',
    ]);

    let called = 0;
    const report = await runImport(chunked(Buffer.from(text)), { now }, () => {
      called++;
    });
    expect(called).toBe(0);
    expect(report.summary()).toMatchObject({ imported: 0, fileError: { code: 'IMPORT_MISSING_COLUMNS' } });
    expect(report.toCsv().toString()).toContain('IMPORT_MISSING_COLUMN');
  });

  it('describes a refused header (row, each column and its field) so its columns can be mapped by hand', async () => {
    const info: Parameters<typeof parseResidentImport>[1] = { now, info: {} };
    await expect(
      collect(
        chunked(Buffer.from(`居民花名册\n住户,身份证号,户籍类型,所属社区\n王小明,${id1},户籍,光华里\n`)),
        info,
      ),
    ).rejects.toMatchObject({ code: 'IMPORT_MISSING_COLUMNS' });
    expect(info.info).toMatchObject({
      headerRow: 2,
      mapping: [
        { index: 0, header: '住户' },
        { index: 1, header: '身份证号', field: 'idNumber' },
        { index: 2, header: '户籍类型', field: 'registration' },
        { index: 3, header: '所属社区', field: 'communityCode' },
      ],
    });
    expect(info.info!.mapping![0]!.field).toBeUndefined();
    const dup: Parameters<typeof parseResidentImport>[1] = { now, info: {} };
    await expect(collect(chunked(Buffer.from(`姓名,name,身份证号\n`)), dup)).rejects.toMatchObject({
      code: 'IMPORT_DUPLICATE_COLUMN',
    });
    expect(dup.info!.mapping!.map((m) => m.field)).toEqual(['name', 'name', 'idNumber']);
    // Mapped by hand, the same header is accepted.
    const rows = await collect(
      chunked(Buffer.from(`住户,身份证号,户籍类型,社区代码\n王小明,${id1},户籍,110105001009\n`)),
      { mapping: { 住户: 'name' }, communities: undefined },
    );
    expect(rows).toMatchObject([{ ok: true, value: { name: '王小明' } }]);
  });

  it('accepts a missing community column when the importer supplies the community', async () => {
    const rows = await collect(chunked(Buffer.from(`姓名,身份证号,户籍类型\n王小明,${id1},户籍\n`)), {
      defaultCommunityCode: '110105001009',
    });
    expect(rows).toMatchObject([{ ok: true, value: { communityCode: '110105001009' } }]);
  });

  it('refuses duplicate columns, empty files, old .xls and unclosed quotes', async () => {
    await expect(collect(chunked(Buffer.from(`姓名,name,身份证号\n`)))).rejects.toMatchObject({
      code: 'IMPORT_DUPLICATE_COLUMN',
    });
    await expect(collect(chunked(Buffer.from('\r\n\r\n')))).rejects.toMatchObject({
      code: 'IMPORT_EMPTY_FILE',
    });
    await expect(
      collect(chunked(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))),
    ).rejects.toMatchObject({ code: 'IMPORT_UNSUPPORTED_FORMAT', status: 415 });
    await expect(
      collect(chunked(Buffer.from(csv(`"王小明,${id1},户籍,,,110105001001`)))),
    ).rejects.toMatchObject({
      code: 'IMPORT_MALFORMED',
    });
  });
});

describe('row-level problems', () => {
  it('reports duplicates, bad dates, legacy IDs, huge cells; skips blank lines; keeps row numbers', async () => {
    const badDate = `11010519990230001`;
    const text = csv(
      `王小明,${id1},户籍,,,110105001001,,,,,,`, // 2
      '', // 3 blank
      ',,,,,,,,,,,', // 4 blank (empty cells)
      `王小明二,${id1},户籍,,,110105001001,,,,,,`, // 5 duplicate of 2
      `赵六,${badDate}${citizenIdCheckChar(badDate)},户籍,,,110105001001,,,,,,`, // 6 Feb 30
      `孙七,110105491231002,户籍,,,110105001001,,,,,,`, // 7 legacy
      `周八,${id2},户籍,,,110105001001,,,,,,${'老'.repeat(1001)}`, // 8 huge cell
      `吴九,${id3},户籍,,,110105001001,,,,,,`, // 9 fine
      `郑十,1.10105E+17,户籍,,,110105001001,,,,,,`, // 10 Excel number
    );
    const info: Partial<ImportFileInfo> = {};
    const rows = await collect(chunked(Buffer.from(text)), { info });
    expect(rows.map((r) => [r.row, codesOf(r)])).toEqual([
      [2, []],
      [5, ['IMPORT_DUPLICATE_ID']],
      [6, ['RESIDENT_ID_BIRTHDATE']],
      [7, ['RESIDENT_ID_LEGACY_15']],
      [8, ['IMPORT_CELL_TOO_LONG']],
      [9, []],
      [10, ['RESIDENT_ID_SCIENTIFIC']],
    ]);
    expect(info.blankRows).toBe(2);
    const dup = rows[1]!;
    if (!dup.ok)
      expect(dup.issues[0]!.message).toEqual({
        zh: '身份证号与第 2 行重复',
        en: 'The ID number repeats row 2',
      });
  });

  it('reports a bad birth-date column against the ID number', async () => {
    const text = `姓名,身份证号,出生日期,户籍类型,社区代码\n王小明,${id1},2001-13-45,户籍,110105001001\n李四,${id2},1990-07-02,户籍,110105001001\n`;
    const rows = await collect(chunked(Buffer.from(text)));
    expect(rows.map(codesOf)).toEqual([['RESIDENT_BIRTHDATE_INVALID'], ['RESIDENT_BIRTHDATE_MISMATCH']]);
  });

  it('streams: the first row arrives long before the input is consumed', async () => {
    let produced = 0;
    const total = 20_000;
    const source = Readable.from(
      (function* () {
        yield Buffer.from(`${HEADER}\n`);
        for (let i = 0; i < total; i++) {
          produced++;
          yield Buffer.from(
            `王小明,${makeCitizenId('110105', '1980-01-01', i % 1000)},户籍,,,110105001001,,,,,,\n`,
          );
        }
      })(),
    );
    const it = parseResidentImport(source, { now });
    const first = await it.next();
    expect(first.value).toMatchObject({ row: 2, ok: true });
    expect(produced).toBeLessThan(total / 4);
    await it.return(undefined);
  });
});

describe('XLSX', () => {
  const workbook = async (fill: (ws: ExcelJS.Worksheet) => void) => {
    const wb = new ExcelJS.Workbook();
    fill(wb.addWorksheet('居民'));
    wb.addWorksheet('其他').addRow(['ignored']);
    return Buffer.from(await wb.xlsx.writeBuffer());
  };

  it('reads the first sheet, unwraps rich text, catches IDs stored as numbers', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['姓名', '身份证号', '户籍类型', '社区代码', '出生日期']);
      ws.addRow(['王小明', id1, '户籍', '110105001001', new Date('1985-04-12T00:00:00Z')]);
      ws.addRow([]);
      ws.addRow([{ richText: [{ text: '李' }, { text: '芳' }] }, id2, '流动', '110105001002']);
      ws.addRow(['张三', 110105194912310020, '户籍', '110105001001']);
      ws.addRow(['王小明', id1, '户籍', '110105001001']);
    });
    const info: Partial<ImportFileInfo> = {};
    const rows = await collect(chunked(bytes, 1000), { info, filename: 'x.xlsx' });
    expect(info.format).toBe('xlsx');
    expect(rows.map((r) => [r.row, codesOf(r)])).toEqual([
      [2, []],
      [4, []],
      [5, ['RESIDENT_ID_SCIENTIFIC']],
      [6, ['IMPORT_DUPLICATE_ID']],
    ]);
    expect(rows[1]).toMatchObject({ ok: true, value: { name: '李芳', registration: 'migrant' } });
  });

  it('refuses a corrupt or truncated XLSX instead of hanging', async () => {
    const truncated = (await residentTemplateXlsx()).subarray(0, 3000);
    await expect(collect(chunked(truncated, 1000))).rejects.toMatchObject({ code: 'IMPORT_MALFORMED' });
  });

  it('refuses an XLSX without the required columns', async () => {
    const bytes = await workbook((ws) => {
      ws.addRow(['姓名', '手机号']);
      ws.addRow(['王小明', '13812345678']);
    });
    await expect(collect(chunked(bytes, 1000))).rejects.toMatchObject({ code: 'IMPORT_MISSING_COLUMNS' });
  });
});

describe('report and template', () => {
  it('writes a BOM-prefixed CSV report with counts, and defuses formulas', async () => {
    const text = csv(
      `王小明,${id1},户籍,,,110105001001,,,,,,`,
      `=HYPERLINK("x"),${id1},户籍,,,110105001001,,,,,,`,
      `李四,123,外星,,,110105001001,,,,,,`,
    );
    const report = await runImport(chunked(Buffer.from(text)), { now }, () => {});
    expect(report.summary()).toMatchObject({
      rows: 3,
      imported: 1,
      failed: 2,
      byCode: { RESIDENT_NAME_INVALID: 1, RESIDENT_ID_FORMAT: 1, RESIDENT_REGISTRATION_INVALID: 1 },
    });
    const out = report.toCsv();
    expect([...out.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = out.toString('utf8').slice(1).trim().split('\r\n');
    expect(lines[0]).toBe('row,field,code,message_zh,message_en');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toMatch(/^3,name,RESIDENT_NAME_INVALID,/);
    expect(out.toString()).not.toContain(id1); // the report never echoes personal data
  });

  it('lists issues by row, whatever order the rows were written in', () => {
    const report = new ImportReport();
    const issue = (code: string) => ({ field: 'f', code, message: { zh: '错', en: 'bad' } });
    for (const row of [9, 3, 7]) report.add({ row, ok: false, issues: [issue(`A${row}`), issue(`B${row}`)] });
    const rows = report
      .toCsv()
      .toString()
      .trim()
      .split('\r\n')
      .slice(1)
      .map((l) => l.split(',').slice(0, 3).join(','));
    expect(rows).toEqual(['3,f,A3', '3,f,B3', '7,f,A7', '7,f,B7', '9,f,A9', '9,f,B9']);
  });

  it('caps stored issue lines but keeps exact counts', () => {
    const report = new ImportReport(2);
    for (let row = 2; row < 7; row++)
      report.add({
        row,
        ok: false,
        issues: [{ field: 'name', code: 'X', message: { zh: '错', en: 'bad' } }],
      });
    expect(report.summary()).toMatchObject({ failed: 5, issues: 5, truncated: true });
    expect(report.toCsv().toString().trim().split('\r\n')).toHaveLength(3);
  });

  it('never imports the templates\u2019 example row (marked 示例), but does import the rows people add', async () => {
    const csvT = residentTemplateCsv();
    expect([...csvT.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const info: Partial<ImportFileInfo> = {};
    expect(await collect(chunked(csvT), { info })).toEqual([]);
    expect(info.exampleRows).toBe(1);
    expect(info.ignoredColumns).toEqual([]);

    // the example left in, one real row added below it (marker cell blank)
    const text = csvT.toString('utf8');
    const header = text.split('\r\n')[0]!.replace(/^\uFEFF/, '');
    const cells = header.split(',').map((h) => {
      const f = h.replace('*', '');
      return f === '示例'
        ? ''
        : f === '姓名'
          ? '李四'
          : f === '身份证号'
            ? makeCitizenId('110101', '1980-01-01', 5)
            : f === '户籍类型'
              ? '户籍'
              : f === '社区代码'
                ? '110101001001'
                : '';
    });
    const withReal = Buffer.from(`${text}${cells.join(',')}\r\n`, 'utf8');
    const rows = await collect(chunked(withReal));
    expect(rows.map((r) => (r.ok ? r.value.name : r.issues))).toEqual(['李四']);

    // the marker column deleted: the example's ID number still keeps it out
    const noMarker = Buffer.from(
      text
        .split('\r\n')
        .map((l) => l.replace(/^(\uFEFF)?[^,]*,/, '$1'))
        .join('\r\n'),
      'utf8',
    );
    const info2: Partial<ImportFileInfo> = {};
    expect(await collect(chunked(noMarker), { info: info2 })).toEqual([]);
    expect(info2.exampleRows).toBe(1);

    const xlsxT = await residentTemplateXlsx('110105001001');
    const info3: Partial<ImportFileInfo> = {};
    expect(await collect(chunked(xlsxT, 4096), { info: info3 })).toEqual([]);
    expect(info3.exampleRows).toBe(1);
  });
});
