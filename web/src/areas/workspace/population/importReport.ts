/**
 * The import's row-level report (`row,field,code,message_zh,message_en`, UTF-8 with BOM), read back
 * so the issues can be shown on screen, in the user's language, with their row and field.
 */
export interface ReportIssue {
  /** The spreadsheet row (0 for the file as a whole). */
  readonly row: number;
  readonly field: string;
  readonly code: string;
  readonly message: { readonly zh: string; readonly en: string };
}

/** RFC 4180 records: quoted cells may hold commas, doubled quotes and line breaks. */
export function parseCsv(text: string): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  const s = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (quoted) {
      if (c === '"' && s[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && s[i + 1] === '\n') i++;
      row.push(cell);
      out.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell || row.length) {
    row.push(cell);
    out.push(row);
  }
  return out;
}

/** The report's issues; the defusing quote the server puts before formula-like text is removed. */
export function parseReport(text: string): ReportIssue[] {
  const [header, ...rows] = parseCsv(text);
  if (header?.[0] !== 'row') return [];
  const undefuse = (v: string) => (/^'[=+\-@\t\r]/.test(v) ? v.slice(1) : v);
  return rows
    .filter((r) => r.length >= 5)
    .map(([row, field, code, zh, en]) => ({
      row: Number(row),
      field: field ?? '',
      code: code ?? '',
      message: { zh: undefuse(zh ?? ''), en: undefuse(en ?? '') },
    }));
}
