/**
 * Streaming import of residents from CSV (UTF-8 with or without BOM, GBK/GB18030 as Excel writes
 * it, UTF-16 "Unicode text") and XLSX. Memory stays bounded by one chunk, one row and the set of
 * ID numbers seen (for duplicate detection) — never the whole file.
 *
 * File-level problems (unknown format, missing required columns) throw before the first row is
 * yielded, so nothing is imported from such a file; row-level problems come back per row.
 */
import { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { type Bilingual, type FieldIssue, LinliError } from '@linli/core';
import type ExcelJSNs from 'exceljs';
import { ID_MESSAGES, normalizeCitizenId, upgradeLegacyId } from './ids.ts';
import { type Resident, type ValidateOptions, validateResident } from './resident.ts';
import { type CommunityDirectory, cleanCellText, excelDate, parseAddress } from './roster.ts';
import { loadFixedUnzipper } from './xlsx-zip.ts';

// ---------------------------------------------------------------------------------------------
// Columns
// ---------------------------------------------------------------------------------------------

export type ImportField =
  | 'name'
  | 'idNumber'
  | 'sex'
  | 'birthDate'
  | 'ethnicity'
  | 'registration'
  | 'mobile'
  | 'communityCode'
  | 'building'
  | 'unit'
  | 'room'
  | 'householdRef'
  | 'relationship'
  | 'education'
  | 'politicalStatus'
  | 'tags'
  | 'address';

/** Template column order: the Chinese header first, then accepted aliases (compared folded). */
export const IMPORT_COLUMNS: readonly {
  field: ImportField;
  zh: string;
  required: boolean;
  aliases: string[];
  /** False for columns the template leaves out (the address: the template asks for its parts). */
  template?: false;
}[] = [
  { field: 'name', zh: '姓名', required: true, aliases: ['name', '名字', '居民姓名'] },
  {
    field: 'idNumber',
    zh: '身份证号',
    required: true,
    aliases: [
      'idnumber',
      'id_number',
      '身份证号码',
      '公民身份号码',
      '身份证',
      '证件号码',
      '身份证件号码',
      '公民身份证号',
      '公民身份证号码',
    ],
  },
  { field: 'sex', zh: '性别', required: false, aliases: ['sex', 'gender'] },
  {
    field: 'birthDate',
    zh: '出生日期',
    required: false,
    aliases: ['birthdate', 'birth_date', '出生年月日', '出生年月'],
  },
  { field: 'ethnicity', zh: '民族', required: false, aliases: ['ethnicity'] },
  {
    field: 'registration',
    zh: '户籍类型',
    required: true,
    aliases: ['registration', '人口类型', '户籍性质', '人员类型', '户口类型'],
  },
  {
    field: 'mobile',
    zh: '手机号',
    required: false,
    aliases: ['mobile', 'phone', '手机号码', '手机', '联系电话', '联系方式'],
  },
  {
    // The code or the name: committees write the name (所属社区), the template the code.
    field: 'communityCode',
    zh: '社区代码',
    required: true,
    aliases: [
      'communitycode',
      'community_code',
      'community',
      '社区编码',
      '居委会代码',
      '所属社区',
      '社区',
      '社区名称',
      '居委会',
      '居委会名称',
      '社区居委会',
      '所属居委会',
      '所属社区居委会',
      '村委会',
      '村居委会',
      '所属村居',
      '社区/村',
    ],
  },
  { field: 'building', zh: '楼栋', required: false, aliases: ['building', '楼号', '楼栋号'] },
  { field: 'unit', zh: '单元', required: false, aliases: ['unit', '单元号'] },
  { field: 'room', zh: '房号', required: false, aliases: ['room', '门牌号', '房间号', '室'] },
  { field: 'householdRef', zh: '户号', required: false, aliases: ['householdref', 'household', '户编号'] },
  { field: 'relationship', zh: '与户主关系', required: false, aliases: ['relationship', '家庭关系', '关系'] },
  { field: 'education', zh: '学历', required: false, aliases: ['education', '文化程度'] },
  {
    field: 'politicalStatus',
    zh: '政治面貌',
    required: false,
    aliases: ['politicalstatus', 'political_status'],
  },
  { field: 'tags', zh: '标签', required: false, aliases: ['tags', '人员标签', '特殊人群'] },
  {
    field: 'address',
    zh: '现住址',
    required: false,
    template: false,
    aliases: [
      'address',
      '住址',
      '地址',
      '现居住地址',
      '居住地址',
      '家庭住址',
      '现住地址',
      '现居地址',
      '详细地址',
      '门牌地址',
    ],
  },
];

/** Fold a header: full-width → half-width, drop spaces, required markers and parentheticals. */

/**
 * Streaming GB18030 (a superset of GBK, what Excel writes for Chinese CSV) with Node's own ICU
 * decoder: no code-page tables in the bundle (iconv-lite alone added ~480 KB to each Lambda).
 */
const gb18030Decoder = () => {
  const d = new TextDecoder('gb18030');
  return { write: (b: Buffer) => d.decode(b, { stream: true }), end: () => d.decode() };
};

const foldHeader = (h: string) =>
  h
    .normalize('NFKC')
    .replace(/^\uFEFF/, '')
    .replace(/[(（][^)）]*[)）]/g, '')
    .replace(/[\s*＊]/g, '')
    .toLowerCase();

const HEADER_INDEX = (() => {
  const m = new Map<string, ImportField>();
  for (const c of IMPORT_COLUMNS)
    for (const a of [c.zh, c.field, ...c.aliases]) m.set(foldHeader(a), c.field);
  return m;
})();

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

const fileError = (code: string, status: number, message: Bilingual, issues?: FieldIssue[]) =>
  new LinliError(code, status, message, issues ? { issues } : {});

export const ImportErrors = {
  unsupported: () =>
    fileError('IMPORT_UNSUPPORTED_FORMAT', 415, {
      zh: '不支持的文件格式，请上传 CSV 或 XLSX（旧版 .xls 请另存为 .xlsx）',
      en: 'Unsupported file format; upload CSV or XLSX (save old .xls files as .xlsx)',
    }),
  empty: () =>
    fileError('IMPORT_EMPTY_FILE', 400, { zh: '文件中没有表头', en: 'The file has no header row' }),
  missingColumns: (missing: ImportField[]) =>
    fileError(
      'IMPORT_MISSING_COLUMNS',
      400,
      {
        zh: `缺少必填列：${missing.map(zhOf).join('、')}；未导入任何数据`,
        en: `Required columns are missing: ${missing.join(', ')}; nothing was imported`,
      },
      missing.map((f) => ({
        field: f,
        code: 'IMPORT_MISSING_COLUMN',
        message: { zh: `缺少“${zhOf(f)}”列`, en: `Column "${f}" is missing` },
      })),
    ),
  duplicateColumn: (field: ImportField) =>
    fileError('IMPORT_DUPLICATE_COLUMN', 400, {
      zh: `“${zhOf(field)}”列出现了不止一次`,
      en: `Column "${field}" appears more than once`,
    }),
  noSuchSheet: () =>
    fileError('IMPORT_SHEET_NOT_FOUND', 400, {
      zh: '工作簿中没有所选的工作表',
      en: 'The workbook has no sheet of the chosen name',
    }),
  corruptXlsx: (cause: unknown) =>
    new LinliError(
      'IMPORT_MALFORMED',
      400,
      {
        zh: 'XLSX 文件已损坏或不完整，请在 Excel 中重新保存后上传',
        en: 'The XLSX file is corrupt or incomplete; re-save it in Excel and upload again',
      },
      { cause },
    ),
  malformed: (row: number, cause: unknown) =>
    new LinliError(
      'IMPORT_MALFORMED',
      400,
      {
        zh: `文件第 ${row} 行附近格式损坏（如引号未闭合），之后的内容无法读取`,
        en: `The file is malformed near row ${row} (e.g. an unclosed quote); the rest cannot be read`,
      },
      { cause },
    ),
};

const zhOf = (f: ImportField) => IMPORT_COLUMNS.find((c) => c.field === f)!.zh;

// ---------------------------------------------------------------------------------------------
// Bytes → rows
// ---------------------------------------------------------------------------------------------

export type FileFormat = 'csv' | 'xlsx';
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le';

type Cell = string | number | boolean | Date | null | undefined;
interface RawRow {
  readonly row: number;
  readonly cells: readonly Cell[];
  /** XLSX: the worksheet the row is on. */
  readonly sheet?: SheetTag;
}

export interface SheetTag {
  readonly index: number;
  readonly name: string;
}

const isAscii = (b: Buffer) => {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return false;
  return true;
};

const SNIFF_BYTES = 64 * 1024;
/** The header is looked for in this many rows from the top (title rows, notes, blank rows above it). */
export const HEADER_SCAN_ROWS = 20;

/**
 * Decode a byte stream whose encoding is unknown. Excel on Chinese Windows writes CSV in GBK
 * (GB18030 is its superset); elsewhere it is UTF-8. Pure ASCII decodes the same either way, so the
 * decision waits for the first non-ASCII bytes and is taken on up to 64 KiB of them: valid UTF-8
 * → UTF-8, else GB18030. A later invalid sequence in a UTF-8 file becomes U+FFFD, which the row
 * check reports.
 */
async function* decodeText(
  chunks: AsyncIterable<Buffer>,
  info: { encoding?: TextEncoding },
): AsyncGenerator<string> {
  let decoder: { write(b: Buffer): string; end(): string | undefined } | undefined;
  let pending: Buffer[] = [];
  let pendingLen = 0;
  let first = true;
  const decide = (sample: Buffer, atEnd: boolean) => {
    let utf8 = true;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: !atEnd });
    } catch {
      utf8 = false;
    }
    info.encoding = utf8 ? 'utf-8' : 'gb18030';
    decoder = utf8 ? new StringDecoder('utf8') : gb18030Decoder();
  };
  for await (const raw of chunks) {
    let chunk = raw;
    if (first) {
      first = false;
      if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
        chunk = chunk.subarray(3);
        info.encoding = 'utf-8';
        decoder = new StringDecoder('utf8');
      } else if (chunk[0] === 0xff && chunk[1] === 0xfe) {
        chunk = chunk.subarray(2);
        info.encoding = 'utf-16le';
        decoder = new StringDecoder('utf16le');
      } else if (chunk[0] === 0x84 && chunk[1] === 0x31 && chunk[2] === 0x95 && chunk[3] === 0x33) {
        chunk = chunk.subarray(4);
        info.encoding = 'gb18030';
        decoder = gb18030Decoder();
      }
    }
    if (decoder) {
      const s = decoder.write(chunk);
      if (s) yield s;
      continue;
    }
    if (pendingLen === 0 && isAscii(chunk)) {
      yield chunk.toString('latin1');
      continue;
    }
    pending.push(chunk);
    pendingLen += chunk.length;
    if (pendingLen >= SNIFF_BYTES) {
      const sample = Buffer.concat(pending);
      pending = [];
      decide(sample, false);
      yield decoder!.write(sample);
    }
  }
  if (!decoder) {
    const sample = Buffer.concat(pending);
    decide(sample, true);
    if (sample.length) yield decoder!.write(sample);
  }
  const tail = decoder!.end();
  if (tail) yield tail;
  info.encoding ??= 'utf-8';
}

/**
 * Pick `,`, `\t` or `;` from the first lines of the decoded text: the one a line splits on most.
 * The header may sit under a title line that has no delimiter at all.
 */
async function* withDelimiter(
  text: AsyncIterable<string>,
  out: { delimiter?: string },
): AsyncGenerator<string> {
  let head = '';
  const it = text[Symbol.asyncIterator]();
  const lines = () => head.split('\n').length - 1;
  while (lines() < HEADER_SCAN_ROWS && head.length < SNIFF_BYTES) {
    const n = await it.next();
    if (n.done) break;
    head += n.value;
  }
  const first = head.split('\n').slice(0, HEADER_SCAN_ROWS);
  const count = (c: string) => Math.max(0, ...first.map((l) => l.split(c).length - 1));
  const candidates = [',', '\t', ';'] as const;
  out.delimiter = candidates.reduce((best, c) => (count(c) > count(best) ? c : best), ',' as string);
  if (head) yield head;
  for (;;) {
    const n = await it.next();
    if (n.done) return;
    yield n.value;
  }
}

async function* csvRows(
  chunks: AsyncIterable<Buffer>,
  info: { encoding?: TextEncoding },
  maxCell: number,
): AsyncGenerator<RawRow> {
  const delim: { delimiter?: string } = {};
  const text = withDelimiter(decodeText(chunks, info), delim);
  // Pull the first piece so the delimiter is known before the parser is configured.
  const firstPiece = await text.next();
  if (firstPiece.done) return;
  const source = Readable.from(
    (async function* () {
      yield firstPiece.value;
      yield* text;
    })(),
    { objectMode: false },
  );
  // Loaded with the first CSV: only the functions that parse files bundle it (infra/src/bundling.ts).
  const { parse } = await import('csv-parse');
  const parser = parse({
    delimiter: delim.delimiter ?? ',',
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    // A stray quote can swallow the rest of the file into one cell; stop it well before memory does.
    max_record_size: Math.max(maxCell * 64, 1_000_000),
  });
  source.on('error', (err) => parser.destroy(err));
  source.pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } catch (err) {
    if (err instanceof LinliError) throw err;
    throw ImportErrors.malformed(row + 1, err);
  } finally {
    source.destroy();
  }
}

/** Unwrap exceljs cell values (rich text, formulas, hyperlinks) to plain values. */
const xlsxCell = (v: unknown): Cell => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: unknown; error?: unknown };
    if (Array.isArray(o.richText)) return o.richText.map((r) => r.text).join('');
    if ('result' in o) return xlsxCell(o.result);
    if (typeof o.text === 'string') return o.text;
  }
  return undefined;
};

/**
 * exceljs (~600 KB with its zip stack) is loaded only when an XLSX file arrives, so the API
 * bundles that never parse XLSX leave it out (marked external) and those that do load it lazily.
 */
const loadExcel = async (): Promise<typeof ExcelJSNs> => {
  const [mod] = await Promise.all([
    import('exceljs') as Promise<unknown> as Promise<{ default?: typeof ExcelJSNs } & typeof ExcelJSNs>,
    loadFixedUnzipper(),
  ]);
  return mod.default ?? mod;
};

/** Every visible worksheet in order (each tagged with its name and index), or only `only`. */
async function* xlsxRows(chunks: AsyncIterable<Buffer>, only?: string): AsyncGenerator<RawRow> {
  const ExcelJS = await loadExcel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    let index = 0;
    for await (const sheet of reader) {
      const ws = sheet as unknown as AsyncIterable<ExcelJSNs.Row> & { name?: string; state?: string };
      const name = String(ws.name ?? `Sheet${index + 1}`);
      const skip =
        only !== undefined ? name.trim() !== only.trim() : ws.state === 'hidden' || ws.state === 'veryHidden';
      const tag = { index: index++, name };
      // A skipped sheet is still read through: the zip stream has to pass it.
      let last = 0;
      for await (const r of ws) {
        if (skip) continue;
        // Excel leaves empty rows out of the file: give them back, so blank rows count as in CSV.
        while (++last < r.number) yield { row: last, cells: [], sheet: tag };
        const values = Array.isArray(r.values) ? r.values.slice(1) : [];
        yield { row: r.number, cells: values.map(xlsxCell), sheet: tag };
      }
    }
  } catch (err) {
    if (err instanceof LinliError) throw err;
    throw ImportErrors.corruptXlsx(err);
  }
}

/** Read the first bytes (at least 4 when the input has them) and re-yield everything. */
async function peek(
  input: AsyncIterable<Buffer | string>,
): Promise<{ head: Buffer; all: AsyncIterable<Buffer> }> {
  const it = input[Symbol.asyncIterator]();
  const taken: Buffer[] = [];
  let len = 0;
  while (len < 4) {
    const n = await it.next();
    if (n.done) break;
    const b = typeof n.value === 'string' ? Buffer.from(n.value) : Buffer.from(n.value);
    taken.push(b);
    len += b.length;
  }
  const head = Buffer.concat(taken);
  return {
    head,
    all: (async function* () {
      if (head.length) yield head;
      for (;;) {
        const n = await it.next();
        if (n.done) return;
        yield typeof n.value === 'string' ? Buffer.from(n.value) : n.value;
      }
    })(),
  };
}

/** XLSX by its zip magic `PK\x03\x04`; old BIFF `.xls` (OLE magic) refused; everything else CSV. */
export const detectFormat = (head: Buffer, filename?: string, contentType?: string): FileFormat => {
  if (head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'xlsx';
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0)
    throw ImportErrors.unsupported();
  if (
    /\.(xlsx|xls|xlsm|ods|pdf|docx?)$/i.test(filename ?? '') ||
    /spreadsheetml|ms-excel|pdf/i.test(contentType ?? '')
  )
    throw ImportErrors.unsupported();
  return 'csv';
};

// ---------------------------------------------------------------------------------------------
// Rows → residents
// ---------------------------------------------------------------------------------------------

export type ImportRow = (
  | { readonly row: number; readonly ok: true; readonly value: Resident }
  | { readonly row: number; readonly ok: false; readonly issues: readonly FieldIssue[] }
) & {
  /** XLSX: the worksheet of the row (row numbers count per sheet). */
  readonly sheet?: SheetTag;
};

/** One column of the header as it was read: its text and the field it was taken as. */
export interface ColumnMapping {
  readonly index: number;
  readonly header: string;
  /** Absent: the column is ignored. */
  readonly field?: ImportField;
}

/** A worksheet of an XLSX file: imported (with its header row) or skipped, and why. */
export interface SheetInfo {
  readonly name: string;
  headerRow?: number;
  rows: number;
  /** The community the sheet's name matched, for a sheet without a community column. */
  community?: string;
  skipped?: { code: string; message: Bilingual };
}

export interface ImportFileInfo {
  format: FileFormat;
  encoding?: TextEncoding;
  /** Header row number (of the first imported sheet). */
  headerRow: number;
  /** Non-blank rows above the header (title rows, notes), skipped. */
  rowsAboveHeader: number;
  columns: ImportField[];
  /** Headers that map to no field; their cells are ignored. */
  ignoredColumns: string[];
  /** Every column of the header, in order, with the field it was taken as. */
  mapping: ColumnMapping[];
  blankRows: number;
  /** Rows marked as the template's example (or carrying its example ID number): never imported. */
  exampleRows?: number;
  /** XLSX: each worksheet, imported or skipped. */
  sheets: SheetInfo[];
  /** How the valid rows' communities were found. */
  communities: { byCode: number; byName: number; bySheet: number; byDefault: number };
  /** Valid rows per community code. */
  communityRows: Record<string, number>;
  /** Address cells read into building, unit and room, and those kept as text only. */
  addresses: { parsed: number; text: number };
  /** 15-digit ID numbers upgraded to 18 (with the import option). */
  legacyIdsUpgraded: number;
}

/**
 * The template's first column, `示例`: its example row says `示例` there and is skipped, whatever
 * else it holds; people's own rows leave it blank. The example's ID number (GB 11643's own worked
 * example) is skipped too, for a template whose marker column was deleted.
 */
export const EXAMPLE_MARKER = '示例';
const EXAMPLE_MARKER_HEADERS = new Set(['示例', '示例行', 'example']);
const EXAMPLE_ID_NUMBER = '11010519491231002X';

export interface ImportOptions extends ValidateOptions {
  readonly filename?: string;
  readonly contentType?: string;
  /** Used for rows whose community cell is blank, or all rows of a file without the column. */
  readonly defaultCommunityCode?: string;
  /** The district's communities (and the importer's scope): community cells by name or code. */
  readonly communities?: CommunityDirectory;
  /** Upgrade 15-digit legacy ID numbers (GB 11643), keep the original and mark the record for verification. */
  readonly upgradeLegacyIds?: boolean;
  /** Headers mapped by hand: header text → field, or null to ignore the column. Wins over the aliases. */
  readonly mapping?: Readonly<Record<string, ImportField | null>>;
  /** XLSX: import only this worksheet. @default every visible sheet that has a roster header */
  readonly sheet?: string;
  /** Longest accepted cell, in characters. @default 1000 */
  readonly maxCellLength?: number;
  /** Filled in as the file is read (format, encoding, columns, blank rows). */
  readonly info?: Partial<ImportFileInfo>;
}

const cellText = (c: Cell): string =>
  c === undefined || c === null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim();

const issue = (field: string, code: string, message: Bilingual): FieldIssue => ({ field, code, message });

const isBlank = (cells: readonly Cell[]) => cells.every((c) => cellText(c) === '');

/** Fields the header of a roster must name for a sheet to count as one (others may be missing). */
const ROSTER_FIELDS: readonly ImportField[] = ['name', 'idNumber'];

interface Header {
  readonly row: number;
  readonly columnOf: readonly (ImportField | undefined)[];
  /** The `示例` column of the template (-1: none): a row with anything in it is the example. */
  readonly markerColumn: number;
  /** The community of every row of a sheet named after it (no community column). */
  readonly sheetCommunity?: string;
  readonly sheet?: SheetTag;
}

const notARoster = () =>
  new LinliError('IMPORT_NOT_A_ROSTER', 400, {
    zh: '未找到包含姓名和身份证号的表头，已跳过该工作表',
    en: 'No header naming the name and ID number columns; the sheet was skipped',
  });

/**
 * Parse an import file into validated residents, row by row. Rows are numbered as a spreadsheet
 * shows them. The header is the row among the first {@link HEADER_SCAN_ROWS} that names the most
 * known columns (title rows, notes and blank rows above it are skipped; the info says which row it
 * was). Blank rows are skipped silently; a second row with an ID number already imported from this
 * file is reported as `IMPORT_DUPLICATE_ID`. An XLSX workbook is read sheet by sheet: each visible
 * sheet with a roster header is imported (or only `opts.sheet`); the others are listed as skipped.
 */
export async function* parseResidentImport(
  input: Readable | AsyncIterable<Buffer | string>,
  opts: ImportOptions = {},
): AsyncGenerator<ImportRow> {
  const maxCell = opts.maxCellLength ?? 1000;
  const info: Partial<ImportFileInfo> = opts.info ?? {};
  const { head, all } = await peek(input as AsyncIterable<Buffer>);
  const format = detectFormat(head, opts.filename, opts.contentType);
  Object.assign(info, {
    format,
    blankRows: 0,
    exampleRows: 0,
    rowsAboveHeader: 0,
    sheets: [],
    communities: { byCode: 0, byName: 0, bySheet: 0, byDefault: 0 },
    communityRows: {},
    addresses: { parsed: 0, text: 0 },
    legacyIdsUpgraded: 0,
  });
  const stats = info as ImportFileInfo;
  const rows = format === 'xlsx' ? xlsxRows(all, opts.sheet) : csvRows(all, info, maxCell);

  const manual = new Map<string, ImportField | null>();
  for (const [h, f] of Object.entries(opts.mapping ?? {})) manual.set(foldHeader(h), f);
  const fieldOf = (text: string): ImportField | undefined => {
    const k = foldHeader(text);
    if (!k) return undefined;
    if (manual.has(k)) return manual.get(k) ?? undefined;
    return HEADER_INDEX.get(k);
  };
  const score = (cells: readonly Cell[]) =>
    new Set(cells.map((c) => fieldOf(cellText(c))).filter(Boolean)).size;

  /** The header of a section (the CSV, or one sheet), or the error that refuses it. */
  const headerOf = (buffer: readonly RawRow[]): { header?: RawRow; error?: LinliError } => {
    const nonBlank = buffer.filter((r) => !isBlank(r.cells));
    if (!nonBlank.length) return { error: ImportErrors.empty() };
    let best = nonBlank[0]!;
    let bestScore = -1;
    for (const r of nonBlank) {
      const s = score(r.cells);
      if (s > bestScore) [best, bestScore] = [r, s];
    }
    // Nothing looks like a header: the first row is reported against (missing columns).
    return { header: bestScore >= 2 ? best : nonBlank[0]! };
  };

  let provisionalHeader = false;
  const build = (raw: RawRow): Header => {
    const columnOf: (ImportField | undefined)[] = [];
    const present = new Set<ImportField>();
    const ignored: string[] = [];
    let markerColumn = -1;
    const mapping: ColumnMapping[] = [];
    let duplicate: ImportField | undefined;
    raw.cells.forEach((c, i) => {
      const text = cellText(c);
      if (markerColumn < 0 && EXAMPLE_MARKER_HEADERS.has(foldHeader(text))) {
        markerColumn = i;
        return;
      }
      const field = fieldOf(text);
      if (text) mapping.push({ index: i, header: text.slice(0, 50), ...(field ? { field } : {}) });
      if (!field) {
        if (text) ignored.push(text.slice(0, 50));
        return;
      }
      if (present.has(field)) duplicate ??= field;
      present.add(field);
      if (duplicate !== field) columnOf[i] = field;
    });
    let sheetCommunity: string | undefined;
    if (!present.has('communityCode') && raw.sheet && opts.communities) {
      const m = opts.communities.match(raw.sheet.name);
      if (m.ok) sheetCommunity = m.code;
    }
    const missing = IMPORT_COLUMNS.filter(
      (c) =>
        c.required &&
        !present.has(c.field) &&
        !(c.field === 'communityCode' && (opts.defaultCommunityCode || sheetCommunity)),
    ).map((c) => c.field);
    const found = { headerRow: raw.row, columns: [...present], ignoredColumns: ignored, mapping };
    if (duplicate || missing.length) {
      // A refused header is still described (which row, each column's field), so the preview can
      // offer to map its columns by hand; a later sheet whose header is accepted replaces it.
      if (info.headerRow === undefined) {
        Object.assign(info, found);
        provisionalHeader = true;
      }
      throw duplicate ? ImportErrors.duplicateColumn(duplicate) : ImportErrors.missingColumns(missing);
    }
    if (info.headerRow === undefined || provisionalHeader) {
      Object.assign(info, found);
      provisionalHeader = false;
    }
    return {
      row: raw.row,
      columnOf,
      markerColumn,
      ...(sheetCommunity ? { sheetCommunity } : {}),
      ...(raw.sheet ? { sheet: raw.sheet } : {}),
    };
  };

  const seen = new Map<string, { row: number; sheet?: string }>();
  const toRow = (h: Header, r: RawRow): ImportRow | undefined => {
    if (isBlank(r.cells)) {
      stats.blankRows++;
      return undefined;
    }
    const idColumn = h.columnOf.indexOf('idNumber');
    const isExample =
      (h.markerColumn >= 0 && cellText(r.cells[h.markerColumn] ?? '') !== '') ||
      (idColumn >= 0 && cellText(r.cells[idColumn] ?? '').toUpperCase() === EXAMPLE_ID_NUMBER);
    if (isExample) {
      stats.exampleRows = (stats.exampleRows ?? 0) + 1;
      return undefined;
    }
    const sheet = r.sheet ? { sheet: r.sheet } : {};
    const pre: FieldIssue[] = [];
    const skip = new Set<string>();
    const record: Record<string, unknown> = {};
    const refuse = (field: string, code: string, message: Bilingual) => {
      pre.push(issue(field, code, message));
      skip.add(field);
    };
    let communityBy: keyof ImportFileInfo['communities'] | undefined;
    let legacy = false;
    for (const [i, c] of r.cells.entries()) {
      const field = h.columnOf[i];
      if (!field) continue;
      const raw = cellText(c);
      if (raw.length > maxCell) {
        refuse(field, 'IMPORT_CELL_TOO_LONG', {
          zh: `单元格内容过长（超过 ${maxCell} 字）`,
          en: `The cell is too long (over ${maxCell} characters)`,
        });
        continue;
      }
      if (raw.includes('\uFFFD')) {
        refuse(field, 'IMPORT_ENCODING', {
          zh: '含有无法识别的字符（文件编码混杂），请用 UTF-8 或 GBK 统一保存',
          en: 'Contains undecodable characters (mixed encodings); save the file in one encoding',
        });
        continue;
      }
      // 18 digits do not fit a spreadsheet number: the last digits are already gone.
      if (field === 'idNumber' && typeof c === 'number' && (c >= 1e15 || !Number.isInteger(c))) {
        refuse(field, 'RESIDENT_ID_SCIENTIFIC', ID_MESSAGES.RESIDENT_ID_SCIENTIFIC);
        continue;
      }
      if (field === 'address') {
        // Kept as written (only the Excel text mark and outer spaces go).
        const kept = raw.replace(/^['‘’`]\s*/, '');
        if (kept) record.address = kept;
        continue;
      }
      const text = cleanCellText(raw);
      if (field === 'birthDate') {
        record.birthDate = excelDate(c instanceof Date || typeof c === 'number' ? c : text);
        continue;
      }
      if (field === 'idNumber' && opts.upgradeLegacyIds && /^\d{15}$/.test(normalizeCitizenId(text))) {
        const up = upgradeLegacyId(text, opts);
        if (!up.ok) {
          refuse(field, up.code, up.message);
          continue;
        }
        record.idNumber = up.id;
        record.legacyIdNumber = normalizeCitizenId(text);
        record.verify = ['legacy-id'];
        legacy = true;
        continue;
      }
      if (field === 'communityCode' && text && opts.communities) {
        const m = opts.communities.match(text);
        if (!m.ok) {
          refuse(field, m.code, m.message);
          continue;
        }
        record.communityCode = m.code;
        communityBy = m.by === 'code' ? 'byCode' : 'byName';
        continue;
      }
      if (field === 'communityCode' && text) communityBy = 'byCode';
      record[field] = text;
    }
    if (!record.communityCode && !skip.has('communityCode')) {
      if (h.sheetCommunity) {
        record.communityCode = h.sheetCommunity;
        communityBy = 'bySheet';
      } else if (opts.defaultCommunityCode) {
        record.communityCode = opts.defaultCommunityCode;
        communityBy = 'byDefault';
      }
    }
    let parsedAddress = false;
    if (typeof record.address === 'string' && !record.building && !record.unit && !record.room) {
      const parts = parseAddress(record.address);
      if (parts) {
        Object.assign(record, parts);
        parsedAddress = true;
      }
    }
    const result = validateResident(record, opts);
    const issues = [...pre];
    if (!result.ok)
      for (const i of result.issues) {
        if (skip.has(i.field)) continue;
        // An 18-digit number ending in 000 that fails its check: Excel kept 15 significant digits.
        if (
          i.code === 'RESIDENT_ID_CHECKSUM' &&
          /^\d{15}000$/.test(normalizeCitizenId(String(record.idNumber)))
        )
          issues.push(issue('idNumber', 'RESIDENT_ID_SCIENTIFIC', ID_MESSAGES.RESIDENT_ID_SCIENTIFIC));
        else issues.push(i);
      }
    if (issues.length || !result.ok) return { row: r.row, ...sheet, ok: false, issues };
    const first = seen.get(result.value.idNumber);
    if (first !== undefined) {
      const where =
        first.sheet && first.sheet !== r.sheet?.name
          ? { zh: `“${first.sheet}”表`, en: ` of sheet "${first.sheet}"` }
          : { zh: '', en: '' };
      return {
        row: r.row,
        ...sheet,
        ok: false,
        issues: [
          issue('idNumber', 'IMPORT_DUPLICATE_ID', {
            zh: `身份证号与${where.zh}第 ${first.row} 行重复`,
            en: `The ID number repeats row ${first.row}${where.en}`,
          }),
        ],
      };
    }
    seen.set(result.value.idNumber, { row: r.row, ...(r.sheet ? { sheet: r.sheet.name } : {}) });
    const v = result.value;
    if (communityBy) stats.communities[communityBy]++;
    stats.communityRows[v.communityCode] = (stats.communityRows[v.communityCode] ?? 0) + 1;
    if (v.address) stats.addresses[parsedAddress ? 'parsed' : 'text']++;
    if (legacy) stats.legacyIdsUpgraded++;
    const sheetInfo = stats.sheets.at(-1);
    if (sheetInfo && r.sheet && sheetInfo.name === r.sheet.name) sheetInfo.rows++;
    return { row: r.row, ...sheet, ok: true, value: v };
  };

  let imported = 0;
  let firstError: LinliError | undefined;
  try {
    let buffer: RawRow[] = [];
    let section: Header | null | undefined; // undefined: looking for the header; null: skipped sheet
    let sheet: SheetTag | undefined;
    /** Decide the header of the section read so far; yields the buffered rows after it. */
    const close = function* (): Generator<ImportRow> {
      const buffered = buffer;
      buffer = [];
      const found = headerOf(buffered);
      const sheetInfo: SheetInfo | undefined = sheet ? { name: sheet.name, rows: 0 } : undefined;
      if (sheetInfo) stats.sheets.push(sheetInfo);
      let error = found.error;
      let h: Header | undefined;
      let notRoster = false;
      if (found.header) {
        const names = new Set(found.header.cells.map((c) => fieldOf(cellText(c))));
        notRoster = !ROSTER_FIELDS.every((f) => names.has(f));
        try {
          h = build(found.header);
        } catch (err) {
          if (!(err instanceof LinliError)) throw err;
          error = err;
        }
      }
      if (!h) {
        // CSV, or every sheet so far refused: the first refusal is the file's, unless a later sheet imports.
        firstError ??= error;
        if (format === 'csv') throw error!;
        // A sheet that is no roster (instructions, a lookup list) is passed over, not refused.
        const why = notRoster ? notARoster() : error;
        if (sheetInfo && why) sheetInfo.skipped = { code: why.code, message: { zh: why.zh, en: why.en } };
        section = null;
        return;
      }
      section = h;
      if (sheetInfo) {
        sheetInfo.headerRow = h.row;
        if (h.sheetCommunity) sheetInfo.community = h.sheetCommunity;
      }
      if (stats.headerRow === h.row && imported === 0)
        stats.rowsAboveHeader = buffered.filter((r) => r.row < h!.row && !isBlank(r.cells)).length;
      for (const r of buffered) {
        if (r.row <= h.row) continue;
        const out = toRow(h, r);
        if (out) {
          imported++;
          yield out;
        }
      }
    };
    // Manual next(): a `break` out of for-await would close the generator.
    for (;;) {
      const n = await rows.next();
      if (n.done) break;
      const r = n.value;
      if (r.sheet && r.sheet.index !== sheet?.index) {
        if (section === undefined && sheet) yield* close();
        sheet = r.sheet;
        section = undefined;
        buffer = [];
      }
      if (section === null) continue;
      if (section === undefined) {
        buffer.push(r);
        const names = new Set(r.cells.map((c) => fieldOf(cellText(c))));
        if (ROSTER_FIELDS.every((f) => names.has(f)) || buffer.length >= HEADER_SCAN_ROWS) yield* close();
        continue;
      }
      const out = toRow(section, r);
      if (out) {
        imported++;
        yield out;
      }
    }
    if (section === undefined) yield* close();
    if (stats.headerRow === undefined || provisionalHeader)
      throw (
        firstError ?? (opts.sheet && format === 'xlsx' ? ImportErrors.noSuchSheet() : ImportErrors.empty())
      );
  } finally {
    await rows.return(undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

export interface ImportSummary {
  readonly rows: number;
  readonly imported: number;
  readonly failed: number;
  readonly blankRows: number;
  readonly issues: number;
  readonly byCode: Readonly<Record<string, number>>;
  /** True when more issues occurred than the report keeps. */
  readonly truncated: boolean;
  readonly fileError?: { code: string; message: Bilingual };
}

const BOM = '\uFEFF';

/** One CSV cell; formula-looking text is defused so Excel shows it instead of evaluating it. */
const csvCell = (v: string | number): string => {
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

export const toCsvLine = (cells: readonly (string | number)[]) => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * Accumulates the outcome of an import into a downloadable row-level report. Keeps at most
 * `maxIssues` issue lines (counts stay exact), so a file of 300 000 bad rows cannot exhaust memory.
 * Messages never echo cell values: the report itself must not spread personal data.
 */
export class ImportReport {
  private readonly lines: {
    row: number;
    field: string;
    code: string;
    message: Bilingual;
    sheet?: SheetTag;
  }[] = [];
  private counts = { rows: 0, imported: 0, failed: 0, issues: 0 };
  private readonly byCode = new Map<string, number>();
  private fileErr?: { code: string; message: Bilingual; issues?: readonly FieldIssue[] };
  blankRows = 0;

  constructor(private readonly maxIssues = 50_000) {}

  add(r: ImportRow): void {
    this.counts.rows++;
    if (r.ok) {
      this.counts.imported++;
      return;
    }
    this.counts.failed++;
    for (const i of r.issues) this.record(r.row, i, r.sheet);
  }

  /** Record a file-level error (the whole file was refused). */
  fail(err: LinliError): void {
    this.fileErr = {
      code: err.code,
      message: { zh: err.zh, en: err.en },
      ...(err.issues ? { issues: err.issues } : {}),
    };
    this.byCode.set(err.code, (this.byCode.get(err.code) ?? 0) + 1);
    for (const i of err.issues ?? []) this.record(0, i);
    if (!err.issues?.length)
      this.record(0, { field: '', code: err.code, message: { zh: err.zh, en: err.en } });
  }

  private record(row: number, i: FieldIssue, sheet?: SheetTag) {
    this.counts.issues++;
    this.byCode.set(i.code, (this.byCode.get(i.code) ?? 0) + 1);
    if (this.lines.length < this.maxIssues)
      this.lines.push({ row, field: i.field, code: i.code, message: i.message, ...(sheet ? { sheet } : {}) });
  }

  summary(): ImportSummary {
    return {
      ...this.counts,
      blankRows: this.blankRows,
      byCode: Object.fromEntries(this.byCode),
      truncated: this.counts.issues > this.lines.length,
      ...(this.fileErr ? { fileError: { code: this.fileErr.code, message: this.fileErr.message } } : {}),
    };
  }

  /**
   * `row,field,code,message_zh,message_en` in UTF-8 with a BOM (so Excel detects the encoding); a
   * workbook read sheet by sheet adds the `sheet` of each row (row numbers count per sheet).
   */
  toCsv(): Buffer {
    const sheets = this.lines.some((l) => l.sheet && l.sheet.index > 0);
    let out =
      BOM + toCsvLine(['row', 'field', 'code', 'message_zh', 'message_en', ...(sheets ? ['sheet'] : [])]);
    // Rows are written in community order, so their outcomes arrive out of order: sort by row.
    const lines = [...this.lines].sort(
      (a, b) => (a.sheet?.index ?? 0) - (b.sheet?.index ?? 0) || a.row - b.row,
    );
    for (const l of lines)
      out += toCsvLine([
        l.row,
        l.field,
        l.code,
        l.message.zh,
        l.message.en,
        ...(sheets ? [l.sheet?.name ?? ''] : []),
      ]);
    return Buffer.from(out, 'utf8');
  }
}

/**
 * Drive a whole import: every valid row goes to `onRow`, the report collects the rest. A
 * file-level error is recorded in the report (and nothing is passed to `onRow`).
 */
export const runImport = async (
  input: Readable | AsyncIterable<Buffer | string>,
  opts: ImportOptions,
  onRow: (value: Resident, row: number) => void | Promise<void>,
): Promise<ImportReport> => {
  const report = new ImportReport();
  const info: Partial<ImportFileInfo> = opts.info ?? {};
  try {
    for await (const r of parseResidentImport(input, { ...opts, info })) {
      report.add(r);
      if (r.ok) await onRow(r.value, r.row);
    }
  } catch (err) {
    if (!(err instanceof LinliError)) throw err;
    report.fail(err);
  }
  report.blankRows = info.blankRows ?? 0;
  return report;
};

// ---------------------------------------------------------------------------------------------
// Template
// ---------------------------------------------------------------------------------------------

/** An example row; the ID number is the worked example of GB 11643 itself. */
const EXAMPLE: Record<Exclude<ImportField, 'address'>, string> = {
  name: '张三',
  idNumber: '11010519491231002X',
  sex: '女',
  birthDate: '1949-12-31',
  ethnicity: '汉族',
  registration: '户籍',
  mobile: '13800138000',
  communityCode: '110101001001',
  building: '3',
  unit: '2',
  room: '501',
  householdRef: 'H0001',
  relationship: '户主',
  education: '高中',
  politicalStatus: '群众',
  tags: '老年人',
};

const TEMPLATE_COLUMNS = IMPORT_COLUMNS.filter(
  (c): c is (typeof IMPORT_COLUMNS)[number] & { field: keyof typeof EXAMPLE } => c.template !== false,
);
const templateHeaders = () => [
  EXAMPLE_MARKER,
  ...TEMPLATE_COLUMNS.map((c) => (c.required ? `${c.zh}*` : c.zh)),
];

/**
 * The import template as CSV: UTF-8 with BOM, header (required columns marked `*`) and one example
 * row, marked `示例` in the first column so that it is never imported.
 */
export const residentTemplateCsv = (communityCode?: string): Buffer => {
  const example = [
    EXAMPLE_MARKER,
    ...TEMPLATE_COLUMNS.map((c) =>
      c.field === 'communityCode' && communityCode ? communityCode : EXAMPLE[c.field],
    ),
  ];
  return Buffer.from(BOM + toCsvLine(templateHeaders()) + toCsvLine(example), 'utf8');
};

/** The import template as XLSX; code columns are formatted as text so Excel keeps every digit. */
export const residentTemplateXlsx = async (communityCode?: string): Promise<Buffer> => {
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('居民信息');
  ws.columns = [
    { header: EXAMPLE_MARKER, key: 'example', width: 8 },
    ...TEMPLATE_COLUMNS.map((c, i) => ({
      header: templateHeaders()[i + 1],
      key: c.field,
      width: c.field === 'idNumber' ? 22 : 14,
      style: ['idNumber', 'mobile', 'communityCode', 'birthDate', 'room'].includes(c.field)
        ? { numFmt: '@' }
        : {},
    })),
  ];
  ws.getRow(1).font = { bold: true };
  const example = ws.addRow({
    example: EXAMPLE_MARKER,
    ...EXAMPLE,
    ...(communityCode ? { communityCode } : {}),
  });
  example.font = { italic: true, color: { argb: 'FF888888' } };
  const help = wb.addWorksheet('填写说明');
  help.addRow([`第一列“${EXAMPLE_MARKER}”：填了“${EXAMPLE_MARKER}”的行是示例，不会导入；您自己的行请留空。`]);
  help.addRow(['列', '必填', '说明']);
  for (const c of IMPORT_COLUMNS) help.addRow([c.zh, c.required ? '是' : '否', c.aliases.join(' / ')]);
  return Buffer.from(await wb.xlsx.writeBuffer());
};
