/**
 * One canonical form at the edge (issue 11): a schema per kind of value, strict, shared by every
 * route. A community code is a 12-digit string and nothing else — not the number 110101001001, not
 * `" 110101001001"` — so authorization is decided on exactly the value that is stored. Numbers are
 * checked for what DynamoDB can store, strings and arrays are bounded, and a whole JSON body is
 * walked once (`checkJsonLimits`) before any handler sees it.
 */
import * as z from 'zod/mini';
import type { FieldIssue } from './errors.ts';

/** A refinement with a stable code and a bilingual message (read by `issuesFromZod`). */
const bi = (code: string, zh: string, en: string) => ({ message: en, params: { code, zh, en } });

export const DISTRICT_CODE = /^\d{6}$/;
export const STREET_CODE = /^\d{9}$/;
export const COMMUNITY_CODE = /^\d{12}$/;
/** Crockford base32 ULID, as `newId()` makes them. */
export const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

const codeSchema = (re: RegExp, digits: number, what: { zh: string; en: string }, code: string) =>
  z
    .string(bi(code, `${what.zh}应为 ${digits} 位数字`, `The ${what.en} is ${digits} digits`))
    .check(z.regex(re, bi(code, `${what.zh}应为 ${digits} 位数字`, `The ${what.en} is ${digits} digits`)));

export const districtCodeSchema = codeSchema(
  DISTRICT_CODE,
  6,
  { zh: '区县代码', en: 'district code' },
  'DISTRICT_CODE_FORMAT',
);
export const streetCodeSchema = codeSchema(
  STREET_CODE,
  9,
  { zh: '街道代码', en: 'street code' },
  'STREET_CODE_FORMAT',
);
export const communityCodeSchema = codeSchema(
  COMMUNITY_CODE,
  12,
  { zh: '社区代码', en: 'community code' },
  'COMMUNITY_CODE_FORMAT',
);
export const ulidSchema = z
  .string()
  .check(z.regex(ULID, bi('ID_FORMAT', '编号格式不正确', 'The id is not valid')));

/** True for a string that is exactly a community code (no coercion, no trimming). */
export const isCommunityCode = (v: unknown): v is string => typeof v === 'string' && COMMUNITY_CODE.test(v);
export const isStreetCode = (v: unknown): v is string => typeof v === 'string' && STREET_CODE.test(v);

// ---------------------------------------------------------------------------------------------
// Numbers
// ---------------------------------------------------------------------------------------------

/**
 * DynamoDB stores numbers with magnitude between 1E-130 and 9.99…E+125 (and zero); anything
 * smaller underflows and is refused with a ValidationException, which would surface as a 500.
 */
export const DYNAMO_NUMBER_MIN = 1e-130;
export const DYNAMO_NUMBER_MAX = 9.99e125;

export const isStorableNumber = (n: number): boolean =>
  Number.isFinite(n) && (n === 0 || (Math.abs(n) >= DYNAMO_NUMBER_MIN && Math.abs(n) <= DYNAMO_NUMBER_MAX));

/** A finite number DynamoDB can store. Narrow it further with `.min()/.max()/.int()`. */
export const storableNumber = () =>
  z
    .number()
    .check(
      z.refine(
        isStorableNumber,
        bi(
          'NUMBER_OUT_OF_RANGE',
          '数值超出可存储的范围',
          'The number is outside the range that can be stored',
        ),
      ),
    );

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

const LONE_SURROGATE = /\p{Surrogate}/u;
/** No lone surrogate halves (they cannot be encoded as UTF-8, so DynamoDB refuses them). */
export const isWellFormed = (s: string): boolean => !LONE_SURROGATE.test(s);

/** C0/C1 control characters except tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;
/** Characters that print as nothing: zero-width, joiners, BOM, bidi controls, soft hyphen, blanks. */
const INVISIBLE = /[\s\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u3000\uFEFF]/gu;

/** The number of characters a person would see (no spaces, zero-width or control characters). */
export const visibleLength = (s: string): number => Array.from(s.replace(INVISIBLE, '')).length;

/**
 * Free text a person writes (a reason, a note): well-formed, no control characters, at most `max`
 * characters, and at least `min` *visible* characters — four zero-width spaces are not a reason.
 */
export const humanText = (min: number, max: number) =>
  z.pipe(
    z.string().check(
      z.maxLength(max),
      z.refine(
        (s) => isWellFormed(s) && !CONTROL.test(s),
        bi('TEXT_CONTROL_CHARACTERS', '含有不可见的控制字符', 'Contains control characters'),
      ),
      z.refine(
        (s) => visibleLength(s) >= min,
        bi('TEXT_TOO_SHORT', `至少 ${min} 个可见字符`, `At least ${min} visible characters`),
      ),
    ),
    z.transform((s: string) => s.trim()),
  );

/** A bounded single-line string: no control characters, well-formed Unicode. */
export const boundedString = (max: number) =>
  z.string().check(
    z.maxLength(max),
    z.refine(
      (s) => isWellFormed(s) && !CONTROL.test(s),
      bi('TEXT_CONTROL_CHARACTERS', '含有不可见的控制字符', 'Contains control characters'),
    ),
  );

/** A bounded array of distinct values (a set sent as a list). */
export const uniqueList = <T extends z.core.SomeType>(item: T, max: number) =>
  z.array(item).check(
    z.maxLength(max),
    z.refine(
      (a) => new Set(a.map((x) => JSON.stringify(x))).size === a.length,
      bi('LIST_DUPLICATES', '列表中有重复项', 'The list has duplicate entries'),
    ),
  );

// ---------------------------------------------------------------------------------------------
// A whole JSON body
// ---------------------------------------------------------------------------------------------

export interface JsonLimits {
  /** Bytes of the body. A DynamoDB item is at most 400 KB; a request stays far below. */
  readonly maxBytes: number;
  readonly maxDepth: number;
  readonly maxArray: number;
  readonly maxString: number;
  readonly maxKeys: number;
}

/** For the JSON bodies of the APIs (imports send files, not JSON, and are not concerned). */
export const DEFAULT_JSON_LIMITS: JsonLimits = {
  maxBytes: 64 * 1024,
  maxDepth: 16,
  maxArray: 1000,
  maxString: 10_000,
  maxKeys: 200,
};

/**
 * Walk a parsed JSON body once: every number storable, every string well-formed and bounded, every
 * array and object bounded, nesting bounded. Returns the problems (at most 20), none when fine.
 */
export const checkJsonLimits = (value: unknown, limits: JsonLimits = DEFAULT_JSON_LIMITS): FieldIssue[] => {
  const issues: FieldIssue[] = [];
  const add = (field: string, code: string, zh: string, en: string) => {
    if (issues.length < 20) issues.push({ field: field || '(body)', code, message: { zh, en } });
  };
  const walk = (v: unknown, path: string, depth: number): void => {
    if (issues.length >= 20) return;
    if (depth > limits.maxDepth) {
      add(path, 'NESTING_TOO_DEEP', '嵌套层级过深', 'Nested too deeply');
      return;
    }
    if (typeof v === 'number') {
      if (!isStorableNumber(v))
        add(
          path,
          'NUMBER_OUT_OF_RANGE',
          '数值超出可存储的范围',
          'The number is outside the range that can be stored',
        );
      return;
    }
    if (typeof v === 'string') {
      if (v.length > limits.maxString)
        add(
          path,
          'STRING_TOO_LONG',
          `最多 ${limits.maxString} 个字符`,
          `At most ${limits.maxString} characters`,
        );
      else if (!isWellFormed(v))
        add(path, 'STRING_MALFORMED', '含有无效的 Unicode 字符', 'Contains invalid Unicode');
      return;
    }
    if (Array.isArray(v)) {
      if (v.length > limits.maxArray) {
        add(path, 'ARRAY_TOO_LONG', `最多 ${limits.maxArray} 项`, `At most ${limits.maxArray} entries`);
        return;
      }
      for (const [i, x] of v.entries()) walk(x, path ? `${path}.${i}` : String(i), depth + 1);
      return;
    }
    if (v && typeof v === 'object') {
      const keys = Object.keys(v);
      if (keys.length > limits.maxKeys) {
        add(path, 'OBJECT_TOO_LARGE', `最多 ${limits.maxKeys} 个字段`, `At most ${limits.maxKeys} fields`);
        return;
      }
      for (const k of keys) {
        if (k.length > 100 || !isWellFormed(k)) {
          add(path, 'FIELD_NAME_INVALID', '字段名无效', 'Invalid field name');
          continue;
        }
        walk((v as Record<string, unknown>)[k], path ? `${path}.${k}` : k, depth + 1);
      }
    }
  };
  walk(value, '', 0);
  return issues;
};
