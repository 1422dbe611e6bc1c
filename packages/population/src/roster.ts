/**
 * What a roster as committees keep it needs before its rows can be validated (issue 16): cells
 * cleaned of what Excel and hand-typing leave in them, the community named in words matched to a
 * code, the address written in one cell read into building, unit and room, dates in any of Excel's
 * representations. Pure functions; `import.ts` applies them row by row.
 */
import type { Bilingual } from '@linli/core';

// ---------------------------------------------------------------------------------------------
// Cells
// ---------------------------------------------------------------------------------------------

/**
 * A text cell as a person meant it: full-width digits and letters folded (NFKC), a leading
 * apostrophe (Excel's "store as text" mark, also typed by hand) dropped, no-break and zero-width
 * spaces treated as spaces, surrounding spaces trimmed.
 */
export const cleanCellText = (s: string): string =>
  s
    .normalize('NFKC')
    .replace(/[\u200B-\u200D\uFEFF]/g, '')
    .replace(/\u00A0/g, ' ')
    .trim()
    .replace(/^['‘’`]\s*/, '')
    .trim();

/** Excel's day 0 is 1899-12-30 (its 1900 leap-year bug folded in for every date after Feb 1900). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * A birth date as Excel may hand it over: a date cell, a serial day number (a date column read
 * without its format, or a CSV saved from one), or text with a time part (`1949-12-31 00:00:00`).
 * Anything else is returned as it is for `parseDate` to judge.
 */
export const excelDate = (v: unknown): unknown => {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const serial =
    typeof v === 'number' ? v : typeof v === 'string' && /^\d{4,5}(\.\d+)?$/.test(v) ? Number(v) : NaN;
  // 1900-03-01 … 2173: a four-digit number below 3000 is rather a year, left to the validator.
  if (Number.isFinite(serial) && serial >= 61 && serial < 100_000 && !(serial >= 1000 && serial < 3000))
    return new Date(EXCEL_EPOCH + Math.floor(serial) * 86_400_000).toISOString().slice(0, 10);
  if (typeof v === 'string') {
    const m = /^(\d{4}[-/.]\d{1,2}[-/.]\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?Z?$/.exec(v);
    if (m) return m[1];
  }
  return v;
};

// ---------------------------------------------------------------------------------------------
// Communities by name or code
// ---------------------------------------------------------------------------------------------

export interface CommunityEntry {
  readonly code: string;
  readonly name: string;
  /** The street's name, to tell apart communities of the same name in two streets. */
  readonly streetName?: string;
}

export type CommunityMatch =
  | { readonly ok: true; readonly code: string; readonly by: 'code' | 'name' }
  | { readonly ok: false; readonly code: string; readonly message: Bilingual };

/** `光华里社区居委会`, `光华里居委会`, `光华里社区` and `光华里` are one community; `杨庄村委会` is `杨庄村`. */
export const communityKey = (name: string): string =>
  name
    .normalize('NFKC')
    .replace(/[\s()（）【】[\]·.,，、-]/g, '')
    .replace(/(村民委员会|村委会)$/, '村')
    .replace(/(社区居民委员会|社区居委会|居民委员会|居委会|社区)$/, '');

/** The part after a street, town or township named before the community (`朝外街道光华里社区`). */
const withoutStreet = (key: string): string | undefined => {
  const m = /^.+?(街道办事处|街道|镇|乡)(.+)$/.exec(key);
  return m?.[2];
};

const bigrams = (s: string) => {
  const chars = Array.from(s);
  if (chars.length < 2) return new Set(chars);
  const out = new Set<string>();
  for (let i = 0; i < chars.length - 1; i++) out.add(chars[i]! + chars[i + 1]!);
  return out;
};

/** Dice similarity of character bigrams (0–1): robust to a missing or extra character. */
const similarity = (a: string, b: string) => {
  const x = bigrams(a);
  const y = bigrams(b);
  if (!x.size || !y.size) return 0;
  let common = 0;
  for (const g of x) if (y.has(g)) common++;
  return (2 * common) / (x.size + y.size);
};

const label = (c: CommunityEntry) => `${c.name}（${c.code}${c.streetName ? `，${c.streetName}` : ''}）`;

/**
 * Matches a community cell to one of the district's communities: by its 12-digit code, or by its
 * name tolerant of the usual suffixes and of full-width characters. Only communities the importer
 * may write to are matched; a name or code of another of the district's communities is refused as
 * outside the importer's scope, an unknown one with the closest names, an ambiguous one with the
 * candidates — never quietly filed elsewhere.
 */
export class CommunityDirectory {
  private readonly byCode = new Map<string, CommunityEntry>();
  private readonly byKey = new Map<string, CommunityEntry[]>();
  private readonly inScope: ReadonlySet<string>;

  constructor(
    readonly entries: readonly CommunityEntry[],
    /** Codes the importer may write to; every entry when absent. */
    inScope?: ReadonlySet<string>,
  ) {
    this.inScope = inScope ?? new Set(entries.map((e) => e.code));
    for (const e of entries) {
      this.byCode.set(e.code, e);
      const k = communityKey(e.name);
      this.byKey.set(k, [...(this.byKey.get(k) ?? []), e]);
    }
  }

  nameOf(code: string): string | undefined {
    return this.byCode.get(code)?.name;
  }

  match(cell: string): CommunityMatch {
    const text = cell.normalize('NFKC').replace(/\s+/g, '');
    if (/^\d{12}$/.test(text)) {
      const e = this.byCode.get(text);
      if (e && this.inScope.has(text)) return { ok: true, code: text, by: 'code' };
      return e ? this.outOfScope() : this.unknown(text, true);
    }
    const key = communityKey(text);
    let found = this.byKey.get(key) ?? [];
    const bare = withoutStreet(key);
    if (!found.length && bare) found = this.byKey.get(bare) ?? [];
    // `朝外街道光华里社区` in a district with two 光华里: the street decides.
    if (found.length > 1 && bare) {
      const street = key.slice(0, key.length - bare.length);
      const narrowed = found.filter((e) => e.streetName && street.startsWith(communityKey(e.streetName)));
      if (narrowed.length) found = narrowed;
    }
    const mine = found.filter((e) => this.inScope.has(e.code));
    if (mine.length === 1) return { ok: true, code: mine[0]!.code, by: 'name' };
    if (mine.length > 1) return this.ambiguous(mine);
    if (found.length) return this.outOfScope();
    return this.unknown(bare ?? key, false);
  }

  /** Up to three of the importer's communities whose names are closest to `key`. */
  closest(key: string, n = 3): CommunityEntry[] {
    return this.entries
      .filter((e) => this.inScope.has(e.code))
      .map((e) => ({ e, s: similarity(key, communityKey(e.name)) }))
      .filter((x) => x.s > 0)
      .sort((a, b) => b.s - a.s || a.e.code.localeCompare(b.e.code))
      .slice(0, n)
      .map((x) => x.e);
  }

  private outOfScope(): CommunityMatch {
    return {
      ok: false,
      code: 'IMPORT_COMMUNITY_OUT_OF_SCOPE',
      message: {
        zh: '该社区不是本区县的社区或不在您的管辖范围内',
        en: 'The community is not in this district or outside your scope',
      },
    };
  }

  private ambiguous(candidates: CommunityEntry[]): CommunityMatch {
    const list = candidates.slice(0, 5);
    return {
      ok: false,
      code: 'IMPORT_COMMUNITY_AMBIGUOUS',
      message: {
        zh: `社区名称对应多个社区：${list.map(label).join('、')}；请填写社区代码或带上街道名称`,
        en: `The community name matches several communities: ${list.map(label).join(', ')}; give the community code or the street's name`,
      },
    };
  }

  private unknown(key: string, isCode: boolean): CommunityMatch {
    const near = isCode ? [] : this.closest(key);
    const hint = near.length ? near.map(label) : [];
    return {
      ok: false,
      code: 'IMPORT_COMMUNITY_UNKNOWN',
      message: hint.length
        ? {
            zh: `找不到该社区，是否是：${hint.join('、')}？`,
            en: `No such community; did you mean: ${hint.join(', ')}?`,
          }
        : {
            zh: isCode
              ? '没有该社区代码对应的社区'
              : '找不到该社区，请填写您管辖范围内社区的名称或 12 位代码',
            en: isCode
              ? 'No community has this code'
              : 'No such community; give the name or 12-digit code of a community in your scope',
          },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// Addresses
// ---------------------------------------------------------------------------------------------

export interface AddressParts {
  readonly building: string;
  readonly unit: string;
  readonly room: string;
}

const CN_DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** `三` → 3, `十二` → 12, `二十` → 20; other text unchanged. */
const cnNumber = (s: string): string => {
  if (!/^[零〇一二两三四五六七八九十]+$/.test(s)) return s;
  if (!s.includes('十')) return String(Number(Array.from(s, (c) => CN_DIGITS[c]).join('')));
  const [tens, ones] = s.split('十') as [string, string];
  return String((tens ? (CN_DIGITS[tens] ?? 0) : 1) * 10 + (ones ? (CN_DIGITS[ones] ?? 0) : 0));
};

const B = '([0-9A-Za-z]+|[零〇一二两三四五六七八九十]+)';
const PATTERNS: readonly RegExp[] = [
  // 3号楼2单元501室, 3栋2单元501, 3幢2单元501号, 3座2单元501, 3号2单元501室, 3#2单元501
  new RegExp(`${B}\\s*(?:号楼|号院楼|栋|幢|座|号|#|楼)\\s*${B}\\s*单元\\s*([0-9A-Za-z]+)\\s*(?:室|号|户)?$`),
  // 3-2-501, 3－2－501 (folded), 3-2-501室
  /([0-9A-Za-z]+)\s*-\s*([0-9A-Za-z]+)\s*-\s*([0-9A-Za-z]+)\s*(?:室|号)?$/,
];

/**
 * Building, unit and room read from the end of an address written in one cell, when it follows
 * one of the common patterns; undefined when it does not (the address is then kept as text only).
 */
export const parseAddress = (address: string): AddressParts | undefined => {
  const text = address
    .normalize('NFKC')
    .replace(/[－—–]/g, '-')
    .trim();
  for (const p of PATTERNS) {
    const m = p.exec(text);
    if (m) {
      const [building, unit, room] = [m[1]!, m[2]!, m[3]!].map(cnNumber) as [string, string, string];
      if ([building, unit, room].every((x) => x.length <= 20)) return { building, unit, room };
    }
  }
  return undefined;
};
