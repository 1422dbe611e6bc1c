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
import { ID_MESSAGES } from './ids.ts';
import { type Resident, type ValidateOptions, validateResident } from './resident.ts';

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
  | 'tags';

/** Template column order: the Chinese header first, then accepted aliases (compared folded). */
export const IMPORT_COLUMNS: readonly {
  field: ImportField;
  zh: string;
  required: boolean;
  aliases: string[];
}[] = [
  { field: 'name', zh: '姓名', required: true, aliases: ['name', '名字'] },
  {
    field: 'idNumber',
    zh: '身份证号',
    required: true,
    aliases: ['idnumber', 'id_number', '身份证号码', '公民身份号码', '身份证'],
  },
  { field: 'sex', zh: '性别', required: false, aliases: ['sex', 'gender'] },
  { field: 'birthDate', zh: '出生日期', required: false, aliases: ['birthdate', 'birth_date', '出生年月日'] },
  { field: 'ethnicity', zh: '民族', required: false, aliases: ['ethnicity'] },
  {
    field: 'registration',
    zh: '户籍类型',
    required: true,
    aliases: ['registration', '人口类型', '户籍性质'],
  },
  {
    field: 'mobile',
    zh: '手机号',
    required: false,
    aliases: ['mobile', 'phone', '手机号码', '手机', '联系电话'],
  },
  {
    field: 'communityCode',
    zh: '社区代码',
    required: true,
    aliases: ['communitycode', 'community_code', '社区编码', '居委会代码'],
  },
  { field: 'building', zh: '楼栋', required: false, aliases: ['building', '楼号', '楼栋号'] },
  { field: 'unit', zh: '单元', required: false, aliases: ['unit', '单元号'] },
  { field: 'room', zh: '房号', required: false, aliases: ['room', '门牌号', '房间号', '室'] },
  { field: 'householdRef', zh: '户号', required: false, aliases: ['householdref', 'household', '户编号'] },
  { field: 'relationship', zh: '与户主关系', required: false, aliases: ['relationship', '家庭关系'] },
  { field: 'education', zh: '学历', required: false, aliases: ['education', '文化程度'] },
  {
    field: 'politicalStatus',
    zh: '政治面貌',
    required: false,
    aliases: ['politicalstatus', 'political_status'],
  },
  { field: 'tags', zh: '标签', required: false, aliases: ['tags', '人员标签', '特殊人群'] },
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
}

const isAscii = (b: Buffer) => {
  for (let i = 0; i < b.length; i++) if (b[i]! > 0x7f) return false;
  return true;
};

const SNIFF_BYTES = 64 * 1024;

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

/** Pick `,`, `\t` or `;` from the header line of the decoded text. */
async function* withDelimiter(
  text: AsyncIterable<string>,
  out: { delimiter?: string },
): AsyncGenerator<string> {
  let head = '';
  const it = text[Symbol.asyncIterator]();
  while (!head.includes('\n') && head.length < SNIFF_BYTES) {
    const n = await it.next();
    if (n.done) break;
    head += n.value;
  }
  const line = head.split('\n', 1)[0] ?? '';
  const count = (c: string) => line.split(c).length - 1;
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
  const mod = (await import('exceljs')) as unknown as { default?: typeof ExcelJSNs } & typeof ExcelJSNs;
  return mod.default ?? mod;
};

async function* xlsxRows(chunks: AsyncIterable<Buffer>): AsyncGenerator<RawRow> {
  const ExcelJS = await loadExcel();
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from(chunks), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'ignore',
  });
  try {
    for await (const sheet of reader) {
      for await (const r of sheet as unknown as AsyncIterable<ExcelJSNs.Row>) {
        const values = Array.isArray(r.values) ? r.values.slice(1) : [];
        yield { row: r.number, cells: values.map(xlsxCell) };
      }
      return; // the first worksheet only
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

export type ImportRow =
  | { readonly row: number; readonly ok: true; readonly value: Resident }
  | { readonly row: number; readonly ok: false; readonly issues: readonly FieldIssue[] };

export interface ImportFileInfo {
  format: FileFormat;
  encoding?: TextEncoding;
  /** Header row number. */
  headerRow: number;
  columns: ImportField[];
  /** Headers that map to no field; their cells are ignored. */
  ignoredColumns: string[];
  blankRows: number;
  /** Rows marked as the template's example (or carrying its example ID number): never imported. */
  exampleRows?: number;
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
  /** Used when the file has no community column or the cell is blank (a community worker's import). */
  readonly defaultCommunityCode?: string;
  /** Longest accepted cell, in characters. @default 1000 */
  readonly maxCellLength?: number;
  /** Filled in as the file is read (format, encoding, columns, blank rows). */
  readonly info?: Partial<ImportFileInfo>;
}

const cellText = (c: Cell): string =>
  c === undefined || c === null ? '' : c instanceof Date ? c.toISOString().slice(0, 10) : String(c).trim();

const issue = (field: string, code: string, message: Bilingual): FieldIssue => ({ field, code, message });

/**
 * Parse an import file into validated residents, row by row. Rows are numbered as a spreadsheet
 * shows them (header = row 1 in a normal file). Blank rows are skipped silently; a second row with
 * an ID number already imported from this file is reported as `IMPORT_DUPLICATE_ID`.
 */
export async function* parseResidentImport(
  input: Readable | AsyncIterable<Buffer | string>,
  opts: ImportOptions = {},
): AsyncGenerator<ImportRow> {
  const maxCell = opts.maxCellLength ?? 1000;
  const info: Partial<ImportFileInfo> = opts.info ?? {};
  const { head, all } = await peek(input as AsyncIterable<Buffer>);
  const format = detectFormat(head, opts.filename, opts.contentType);
  info.format = format;
  info.blankRows = 0;
  info.exampleRows = 0;
  const rows = format === 'xlsx' ? xlsxRows(all) : csvRows(all, info, maxCell);

  try {
    const isBlank = (cells: readonly Cell[]) => cells.every((c) => cellText(c) === '');

    // Header: the first non-blank row.
    // Manual next(): a `break` out of for-await would close the generator.
    let header: RawRow | undefined;
    for (;;) {
      const n = await rows.next();
      if (n.done) break;
      if (!isBlank(n.value.cells)) {
        header = n.value;
        break;
      }
    }
    if (!header) throw ImportErrors.empty();
    const columnOf: (ImportField | undefined)[] = [];
    const present = new Set<ImportField>();
    const ignored: string[] = [];
    let markerColumn = -1;
    header.cells.forEach((c, i) => {
      const text = cellText(c);
      if (markerColumn < 0 && EXAMPLE_MARKER_HEADERS.has(foldHeader(text))) {
        markerColumn = i;
        return;
      }
      const field = HEADER_INDEX.get(foldHeader(text));
      if (!field) {
        if (text) ignored.push(text.slice(0, 50));
        return;
      }
      if (present.has(field)) throw ImportErrors.duplicateColumn(field);
      present.add(field);
      columnOf[i] = field;
    });
    const missing = IMPORT_COLUMNS.filter(
      (c) =>
        c.required && !present.has(c.field) && !(c.field === 'communityCode' && opts.defaultCommunityCode),
    ).map((c) => c.field);
    if (missing.length) throw ImportErrors.missingColumns(missing);
    Object.assign(info, { headerRow: header.row, columns: [...present], ignoredColumns: ignored });

    const seen = new Map<string, number>();
    for await (const r of rows) {
      if (isBlank(r.cells)) {
        info.blankRows = (info.blankRows ?? 0) + 1;
        continue;
      }
      const idColumn = columnOf.indexOf('idNumber');
      const isExample =
        (markerColumn >= 0 && cellText(r.cells[markerColumn] ?? '') !== '') ||
        (idColumn >= 0 && cellText(r.cells[idColumn] ?? '').toUpperCase() === EXAMPLE_ID_NUMBER);
      if (isExample) {
        info.exampleRows = (info.exampleRows ?? 0) + 1;
        continue;
      }
      const pre: FieldIssue[] = [];
      const skip = new Set<string>();
      const record: Record<string, unknown> = {};
      r.cells.forEach((c, i) => {
        const field = columnOf[i];
        if (!field) return;
        const text = cellText(c);
        if (text.length > maxCell) {
          pre.push(
            issue(field, 'IMPORT_CELL_TOO_LONG', {
              zh: `单元格内容过长（超过 ${maxCell} 字）`,
              en: `The cell is too long (over ${maxCell} characters)`,
            }),
          );
          skip.add(field);
          return;
        }
        if (text.includes('\uFFFD')) {
          pre.push(
            issue(field, 'IMPORT_ENCODING', {
              zh: '含有无法识别的字符（文件编码混杂），请用 UTF-8 或 GBK 统一保存',
              en: 'Contains undecodable characters (mixed encodings); save the file in one encoding',
            }),
          );
          skip.add(field);
          return;
        }
        // 18 digits do not fit a spreadsheet number: the last digits are already gone.
        if (field === 'idNumber' && typeof c === 'number' && (c >= 1e15 || !Number.isInteger(c))) {
          pre.push(issue(field, 'RESIDENT_ID_SCIENTIFIC', ID_MESSAGES.RESIDENT_ID_SCIENTIFIC));
          skip.add(field);
          return;
        }
        record[field] = c instanceof Date ? cellText(c) : text;
      });
      if (opts.defaultCommunityCode && !record.communityCode)
        record.communityCode = opts.defaultCommunityCode;
      const result = validateResident(record, opts);
      const issues = [...pre];
      if (!result.ok) issues.push(...result.issues.filter((i) => !skip.has(i.field)));
      if (issues.length || !result.ok) {
        yield { row: r.row, ok: false, issues };
        continue;
      }
      const firstRow = seen.get(result.value.idNumber);
      if (firstRow !== undefined) {
        yield {
          row: r.row,
          ok: false,
          issues: [
            issue('idNumber', 'IMPORT_DUPLICATE_ID', {
              zh: `身份证号与第 ${firstRow} 行重复`,
              en: `The ID number repeats row ${firstRow}`,
            }),
          ],
        };
        continue;
      }
      seen.set(result.value.idNumber, r.row);
      yield { row: r.row, ok: true, value: result.value };
    }
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
  private readonly lines: { row: number; field: string; code: string; message: Bilingual }[] = [];
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
    for (const i of r.issues) this.record(r.row, i);
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

  private record(row: number, i: FieldIssue) {
    this.counts.issues++;
    this.byCode.set(i.code, (this.byCode.get(i.code) ?? 0) + 1);
    if (this.lines.length < this.maxIssues)
      this.lines.push({ row, field: i.field, code: i.code, message: i.message });
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

  /** `row,field,code,message_zh,message_en` in UTF-8 with a BOM (so Excel detects the encoding). */
  toCsv(): Buffer {
    let out = BOM + toCsvLine(['row', 'field', 'code', 'message_zh', 'message_en']);
    // Rows are written in community order, so their outcomes arrive out of order: sort by row.
    const lines = [...this.lines].sort((a, b) => a.row - b.row);
    for (const l of lines) out += toCsvLine([l.row, l.field, l.code, l.message.zh, l.message.en]);
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
const EXAMPLE: Record<ImportField, string> = {
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

const templateHeaders = () => [
  EXAMPLE_MARKER,
  ...IMPORT_COLUMNS.map((c) => (c.required ? `${c.zh}*` : c.zh)),
];

/**
 * The import template as CSV: UTF-8 with BOM, header (required columns marked `*`) and one example
 * row, marked `示例` in the first column so that it is never imported.
 */
export const residentTemplateCsv = (communityCode?: string): Buffer => {
  const example = [
    EXAMPLE_MARKER,
    ...IMPORT_COLUMNS.map((c) =>
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
    ...IMPORT_COLUMNS.map((c, i) => ({
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
