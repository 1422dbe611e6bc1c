/**
 * National identifiers of the comprehensive database:
 * - GB 11643 citizen identity numbers (公民身份号码), 18 characters, plus the 15-digit legacy form;
 * - GB 32100 unified social credit codes (统一社会信用代码) of organizations.
 *
 * Every failure carries a stable code and a Chinese/English message; nothing here throws on bad
 * input, so importers can report row by row.
 */
import type { Bilingual } from '@linli/core';

export type IdErrorCode =
  | 'RESIDENT_ID_REQUIRED'
  | 'RESIDENT_ID_FORMAT'
  | 'RESIDENT_ID_SCIENTIFIC'
  | 'RESIDENT_ID_ADDRESS'
  | 'RESIDENT_ID_BIRTHDATE'
  | 'RESIDENT_ID_CHECKSUM'
  | 'RESIDENT_ID_LEGACY_15';

export const ID_MESSAGES: Record<IdErrorCode, Bilingual> = {
  RESIDENT_ID_REQUIRED: { zh: '身份证号必填', en: 'The citizen ID number is required' },
  RESIDENT_ID_FORMAT: {
    zh: '身份证号格式不正确，应为 18 位（前 17 位为数字，最后一位为数字或 X）',
    en: 'The citizen ID number must have 18 characters: 17 digits and a digit or X',
  },
  RESIDENT_ID_SCIENTIFIC: {
    zh: '身份证号被表格软件存成了数字（科学计数法），后几位已丢失；请把该列设为“文本”后重新录入',
    en: 'The citizen ID number was stored as a number (scientific notation) and lost digits; format the column as text and re-enter it',
  },
  RESIDENT_ID_ADDRESS: {
    zh: '身份证号前 6 位不是有效的行政区划代码',
    en: 'The first 6 digits of the citizen ID number are not a valid division code',
  },
  RESIDENT_ID_BIRTHDATE: {
    zh: '身份证号中的出生日期无效（不存在、晚于今天或超过 130 岁）',
    en: 'The birth date in the citizen ID number is invalid (no such date, in the future, or over 130 years ago)',
  },
  RESIDENT_ID_CHECKSUM: {
    zh: '身份证号校验码错误，请核对是否录错',
    en: 'The check character of the citizen ID number is wrong; please check for a typo',
  },
  RESIDENT_ID_LEGACY_15: {
    zh: '这是 15 位旧身份证号，请录入 18 位号码（可按规则自动升位后核对）',
    en: 'This is a 15-digit legacy ID number; enter the 18-character number (it can be upgraded and checked)',
  },
};

export type Sex = 'male' | 'female';

export type CitizenIdResult =
  | {
      readonly ok: true;
      /** Normalised: upper-case, no spaces, half-width. */
      readonly id: string;
      readonly addressCode: string;
      /** `YYYY-MM-DD`. */
      readonly birthDate: string;
      readonly sex: Sex;
    }
  | { readonly ok: false; readonly code: IdErrorCode; readonly message: Bilingual };

/** Weights 2^(17-i) mod 11 for i = 0..16 (GB 11643 §8.2). */
const ID_WEIGHTS = Array.from({ length: 17 }, (_, i) => 2 ** (17 - i) % 11);
const ID_CHECK = '10X98765432';

/** Province-level prefixes of GB/T 2260 (including 71 Taiwan, 81 Hong Kong, 82 Macao). */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

/** Trim, drop inner spaces, fold full-width characters (Excel/IME input) and upper-case. */
export const normalizeCitizenId = (input: string): string =>
  input.normalize('NFKC').replace(/\s+/g, '').toUpperCase();

/** The GB 11643 check character for the first 17 digits. */
export const citizenIdCheckChar = (first17: string): string => {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('citizenIdCheckChar needs 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (first17.charCodeAt(i) - 48) * ID_WEIGHTS[i]!;
  return ID_CHECK[sum % 11]!;
};

/** A plausible 6-digit division code: a known province, not a bare province/city aggregate of zeros. */
export const isPlausibleAddressCode = (code: string): boolean =>
  /^\d{6}$/.test(code) && PROVINCES.has(code.slice(0, 2)) && code.slice(2) !== '0000';

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `YYYYMMDD` → `YYYY-MM-DD` when it is a real calendar date, else undefined. */
const realDate = (yyyymmdd: string): string | undefined => {
  const y = Number(yyyymmdd.slice(0, 4));
  const m = Number(yyyymmdd.slice(4, 6));
  const d = Number(yyyymmdd.slice(6, 8));
  if (m < 1 || m > 12 || d < 1) return undefined;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCFullYear() !== y || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return undefined;
  return `${yyyymmdd.slice(0, 4)}-${yyyymmdd.slice(4, 6)}-${yyyymmdd.slice(6, 8)}`;
};

/** Today's date `YYYY-MM-DD` in China Standard Time (UTC+8), where the residents live. */
export const chinaToday = (now: Date = new Date()): string => {
  const t = new Date(now.getTime() + 8 * 3600_000);
  return `${t.getUTCFullYear()}-${pad2(t.getUTCMonth() + 1)}-${pad2(t.getUTCDate())}`;
};

/** Full years between a `YYYY-MM-DD` birth date and `today` (`YYYY-MM-DD`). */
export const ageOn = (birthDate: string, today: string): number => {
  const [by, bm, bd] = birthDate.split('-').map(Number) as [number, number, number];
  const [ty, tm, td] = today.split('-').map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
};

const fail = (code: IdErrorCode): CitizenIdResult => ({ ok: false, code, message: ID_MESSAGES[code] });

export interface IdCheckOptions {
  /** Reference instant for "not in the future" and the 130-year limit. @default new Date() */
  readonly now?: Date;
}

const checkBirth = (yyyymmdd: string, opts: IdCheckOptions): string | undefined => {
  const iso = realDate(yyyymmdd);
  if (!iso) return undefined;
  const today = chinaToday(opts.now);
  if (iso > today || ageOn(iso, today) > 130) return undefined;
  return iso;
};

/**
 * Validate a GB 11643 citizen ID number and derive birth date and sex from it. A 15-digit legacy
 * number is recognised and refused with `RESIDENT_ID_LEGACY_15` (see {@link upgradeLegacyId}).
 */
export const validateCitizenId = (input: string, opts: IdCheckOptions = {}): CitizenIdResult => {
  const id = normalizeCitizenId(input ?? '');
  if (id === '') return fail('RESIDENT_ID_REQUIRED');
  if (/^\d(\.\d+)?E\+?\d+$/.test(id)) return fail('RESIDENT_ID_SCIENTIFIC');
  if (/^\d{15}$/.test(id)) return fail('RESIDENT_ID_LEGACY_15');
  if (!/^\d{17}[\dX]$/.test(id)) return fail('RESIDENT_ID_FORMAT');
  if (!isPlausibleAddressCode(id.slice(0, 6))) return fail('RESIDENT_ID_ADDRESS');
  const birthDate = checkBirth(id.slice(6, 14), opts);
  if (!birthDate) return fail('RESIDENT_ID_BIRTHDATE');
  if (citizenIdCheckChar(id.slice(0, 17)) !== id[17]) return fail('RESIDENT_ID_CHECKSUM');
  return {
    ok: true,
    id,
    addressCode: id.slice(0, 6),
    birthDate,
    sex: (id.charCodeAt(16) - 48) % 2 === 1 ? 'male' : 'female',
  };
};

/** True when `input` is a valid 18-character citizen ID number. */
export const isValidCitizenId = (input: string, opts?: IdCheckOptions): boolean =>
  validateCitizenId(input, opts).ok;

/**
 * Upgrade a 15-digit legacy number (issued before 1999, birth year 19yy) to 18 characters:
 * insert the century `19` and append the check character. Returns the same result shape as
 * {@link validateCitizenId}, so a legacy number with an impossible date is still refused.
 */
export const upgradeLegacyId = (input: string, opts: IdCheckOptions = {}): CitizenIdResult => {
  const id = normalizeCitizenId(input ?? '');
  if (!/^\d{15}$/.test(id)) return fail('RESIDENT_ID_FORMAT');
  const first17 = `${id.slice(0, 6)}19${id.slice(6, 15)}`;
  return validateCitizenId(first17 + citizenIdCheckChar(first17), opts);
};

/**
 * Build a valid citizen ID number (tests, templates, synthetic data).
 * @param birthDate `YYYY-MM-DD` or a Date (its UTC date)
 * @param seq sequence 0..999; odd = male, even = female
 */
export const makeCitizenId = (addressCode: string, birthDate: string | Date, seq: number): string => {
  if (!/^\d{6}$/.test(addressCode)) throw new RangeError('addressCode must have 6 digits');
  if (!Number.isInteger(seq) || seq < 0 || seq > 999) throw new RangeError('seq must be 0..999');
  const ymd =
    typeof birthDate === 'string'
      ? birthDate.replaceAll('-', '')
      : `${birthDate.getUTCFullYear()}${pad2(birthDate.getUTCMonth() + 1)}${pad2(birthDate.getUTCDate())}`;
  if (!realDate(ymd)) throw new RangeError(`not a real date: ${String(birthDate)}`);
  const first17 = `${addressCode}${ymd}${String(seq).padStart(3, '0')}`;
  return first17 + citizenIdCheckChar(first17);
};

// ---------------------------------------------------------------------------------------------
// GB 32100 unified social credit code
// ---------------------------------------------------------------------------------------------

export type CreditCodeWarningCode =
  | 'CREDIT_CODE_FORMAT'
  | 'CREDIT_CODE_CHECKSUM'
  | 'CREDIT_CODE_DEPARTMENT'
  | 'CREDIT_CODE_ORG_TYPE'
  | 'CREDIT_CODE_ADDRESS'
  | 'CREDIT_CODE_ORG_CHECKSUM';

export const CREDIT_CODE_MESSAGES: Record<CreditCodeWarningCode, Bilingual> = {
  CREDIT_CODE_FORMAT: {
    zh: '统一社会信用代码应为 18 位，只含数字和大写字母（不含 I、O、S、V、Z）',
    en: 'A unified social credit code has 18 characters: digits and capitals except I, O, S, V, Z',
  },
  CREDIT_CODE_CHECKSUM: {
    zh: '统一社会信用代码校验码不符，请核对',
    en: 'The check character of the unified social credit code does not match',
  },
  CREDIT_CODE_DEPARTMENT: {
    zh: '统一社会信用代码第 1 位（登记管理部门）不在已知范围内',
    en: 'Position 1 of the credit code (registering department) is not a known value',
  },
  CREDIT_CODE_ORG_TYPE: {
    zh: '统一社会信用代码第 2 位（机构类别）与登记管理部门不匹配',
    en: 'Position 2 of the credit code (organization type) does not fit the registering department',
  },
  CREDIT_CODE_ADDRESS: {
    zh: '统一社会信用代码第 3–8 位不是有效的行政区划代码',
    en: 'Positions 3–8 of the credit code are not a valid division code',
  },
  CREDIT_CODE_ORG_CHECKSUM: {
    zh: '统一社会信用代码第 9–17 位（组织机构代码）校验不符',
    en: 'Positions 9–17 of the credit code (organization code, GB 11714) fail their check',
  },
};

// 31 characters: digits and capitals without I, O, S, V, Z (GB 32100 §4.3). Note the M — a
// 30-character list without it is a common mistake and breaks mod-31 for every code with M.
const CREDIT_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

/**
 * Registering departments (position 1) and the organization types (position 2) each may issue.
 * 5 = civil affairs (民政): 1 social group 社会团体, 2 private non-enterprise unit 民办非企业单位,
 * 3 foundation 基金会, 9 other.
 */
export const CREDIT_DEPARTMENTS: Record<string, { zh: string; en: string; types: string }> = {
  '1': { zh: '机构编制', en: 'establishment administration', types: '1239' },
  '2': { zh: '外交', en: 'foreign affairs', types: '19' },
  '3': { zh: '司法行政', en: 'justice', types: '129' },
  '4': { zh: '文化', en: 'culture', types: '19' },
  '5': { zh: '民政', en: 'civil affairs', types: '1239' },
  '6': { zh: '旅游', en: 'tourism', types: '19' },
  '7': { zh: '宗教', en: 'religious affairs', types: '129' },
  '8': { zh: '工会', en: 'trade unions', types: '19' },
  '9': { zh: '工商/市场监管', en: 'market regulation', types: '123' },
  A: { zh: '中央军委改革和编制办公室', en: 'military establishment office', types: '19' },
  N: { zh: '农业', en: 'agriculture', types: '129' },
  Y: { zh: '其他', en: 'other', types: '1' },
};

export interface CreditCodeWarning {
  readonly code: CreditCodeWarningCode;
  readonly message: Bilingual;
}

export interface CreditCodeCheck {
  /** True when every check passed. */
  readonly ok: boolean;
  /** The normalised code when it has the right length and charset (it may still carry warnings). */
  readonly code?: string;
  /** Registering department at position 1, e.g. `5` civil affairs, when known. */
  readonly department?: string;
  readonly warnings: readonly CreditCodeWarning[];
}

/** The GB 32100 check character for the first 17 characters. */
export const creditCodeCheckChar = (first17: string): string => {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CHARSET.indexOf(first17[i] ?? '');
    if (v < 0) throw new RangeError('creditCodeCheckChar: character outside the GB 32100 charset');
    sum += v * CREDIT_WEIGHTS[i]!;
  }
  return CREDIT_CHARSET[(31 - (sum % 31)) % 31]!;
};

/** GB 11714 organization code check (8 body characters + check digit or X). */
const orgCodeValid = (code9: string): boolean => {
  const w = [3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const c = code9[i]!;
    const v = c >= '0' && c <= '9' ? c.charCodeAt(0) - 48 : c.charCodeAt(0) - 55;
    sum += v * w[i]!;
  }
  const r = 11 - (sum % 11);
  const expected = r === 10 ? 'X' : r === 11 ? '0' : String(r);
  return code9[8] === expected;
};

const warn = (code: CreditCodeWarningCode): CreditCodeWarning => ({
  code,
  message: CREDIT_CODE_MESSAGES[code],
});

/**
 * Check a unified social credit code. Organizations keep their data even when a check fails —
 * the code may have been copied wrongly, or issued before a rule changed — so this warns and
 * never rejects; a UI shows the warnings and a worker verifies with the organization.
 */
export const checkCreditCode = (input: string): CreditCodeCheck => {
  const code = (input ?? '').normalize('NFKC').replace(/\s+/g, '').toUpperCase();
  if (code.length !== 18 || [...code].some((c) => !CREDIT_CHARSET.includes(c))) {
    return { ok: false, warnings: [warn('CREDIT_CODE_FORMAT')] };
  }
  const warnings: CreditCodeWarning[] = [];
  if (creditCodeCheckChar(code.slice(0, 17)) !== code[17]) warnings.push(warn('CREDIT_CODE_CHECKSUM'));
  const dept = CREDIT_DEPARTMENTS[code[0]!];
  if (!dept) warnings.push(warn('CREDIT_CODE_DEPARTMENT'));
  else if (!dept.types.includes(code[1]!)) warnings.push(warn('CREDIT_CODE_ORG_TYPE'));
  // Organizations registered at national (100000) or province level (xx0000) are valid here.
  const area = code.slice(2, 8);
  if (
    !isPlausibleAddressCode(area) &&
    area !== '100000' &&
    !(PROVINCES.has(area.slice(0, 2)) && area.endsWith('0000'))
  )
    warnings.push(warn('CREDIT_CODE_ADDRESS'));
  // Positions 9–17 hold a GB 11714 code; only its digits-and-capitals form has a defined check.
  if (/^[0-9A-Z]{8}[0-9X]$/.test(code.slice(8, 17)) && !orgCodeValid(code.slice(8, 17)))
    warnings.push(warn('CREDIT_CODE_ORG_CHECKSUM'));
  return { ok: warnings.length === 0, code, ...(dept ? { department: code[0]! } : {}), warnings };
};

/** Build a valid credit code from its first 17 characters (tests, synthetic data). */
export const makeCreditCode = (first17: string): string => first17 + creditCodeCheckChar(first17);
