/**
 * Base records of the comprehensive database: residents, households, buildings, housing units
 * and community organizations. Each `validate*` takes loose input (API body or an import row:
 * strings, labels, blanks) and returns the normalised record or field issues with stable codes
 * and Chinese/English messages. The `*Schema` exports describe the normalised records.
 */
import type { Bilingual, FieldIssue } from '@linli/core';
import * as z from 'zod/mini';
import {
  EDUCATION,
  ETHNICITIES,
  HOUSEHOLD_HEAD,
  lookupEducation,
  lookupEthnicity,
  lookupPoliticalStatus,
  lookupRegistration,
  lookupRelationship,
  lookupSex,
  lookupTag,
  POLITICAL_STATUS,
  REGISTRATIONS,
  RELATIONSHIPS,
  TAGS,
  type Tag,
} from './codes.ts';
import { ageOn, checkCreditCode, chinaToday, citizenIdCheckChar, validateCitizenId } from './ids.ts';
import { normalizeMobile } from './normalize.ts';

export interface ValidateOptions {
  /** Reference instant for age-derived tags and date checks. @default new Date() */
  readonly now?: Date;
  /** The tenant's 6-digit division code; community codes must lie inside it. */
  readonly districtCode?: string;
}

export type Validated<T> =
  | { readonly ok: true; readonly value: T; readonly warnings: readonly FieldIssue[] }
  | { readonly ok: false; readonly issues: readonly FieldIssue[]; readonly warnings: readonly FieldIssue[] };

const codeList = (entries: readonly { code: string }[]) =>
  entries.map((e) => e.code) as [string, ...string[]];

const COMMUNITY_CODE = /^\d{12}$/;
const ADDRESS_MAX = 200;
/** Reasons a record is marked for verification against the person's papers. */
export const VERIFY_REASONS = ['legacy-id'] as const;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const NAME = /^[\p{L}\p{M}·•.' -]+$/u;

/**
 * The normalised resident record. The records of this module are checked by the hand-written
 * validators below (bilingual issues, warnings, legacy upgrades); these schemas give their types,
 * written with `zod/mini` so the import worker does not load `zod` for them (docs/benchmarks.md).
 */
export const residentSchema = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(50)),
  idNumber: z.string().check(z.regex(/^\d{17}[\dX]$/)),
  sex: z.enum(['male', 'female']),
  birthDate: z.string().check(z.regex(ISO_DATE)),
  ethnicity: z.optional(z.enum(codeList(ETHNICITIES))),
  registration: z.enum(REGISTRATIONS),
  mobile: z.optional(z.string().check(z.regex(/^1[3-9]\d{9}$/))),
  education: z.optional(z.enum(EDUCATION.map((e) => e.key) as [string, ...string[]])),
  politicalStatus: z.optional(z.enum(codeList(POLITICAL_STATUS))),
  tags: z.array(z.enum(TAGS)),
  communityCode: z.string().check(z.regex(COMMUNITY_CODE)),
  building: z.optional(z.string().check(z.maxLength(20))),
  unit: z.optional(z.string().check(z.maxLength(20))),
  room: z.optional(z.string().check(z.maxLength(20))),
  /** The household's number (户号) within the tenant. */
  householdRef: z.optional(z.string().check(z.maxLength(40))),
  /** GB/T 4761 relationship to the household head. */
  relationship: z.optional(z.enum(codeList(RELATIONSHIPS))),
  /** The address as the roster wrote it (building, unit and room are read from it where they can be). */
  address: z.optional(z.string().check(z.maxLength(ADDRESS_MAX))),
  /** The 15-digit legacy ID number an import upgraded `idNumber` from (GB 11643). */
  legacyIdNumber: z.optional(z.string().check(z.regex(/^\d{15}$/))),
  /** What staff should check against the person's papers (`legacy-id`: an upgraded ID number). */
  verify: z.optional(z.array(z.enum(VERIFY_REASONS))),
});
export type Resident = z.infer<typeof residentSchema>;

// ---------------------------------------------------------------------------------------------
// Issue helpers
// ---------------------------------------------------------------------------------------------

const FIELD_LABELS: Record<string, Bilingual> = {
  name: { zh: '姓名', en: 'name' },
  idNumber: { zh: '身份证号', en: 'ID number' },
  sex: { zh: '性别', en: 'sex' },
  birthDate: { zh: '出生日期', en: 'birth date' },
  ethnicity: { zh: '民族', en: 'ethnicity' },
  registration: { zh: '户籍类型', en: 'registration type' },
  mobile: { zh: '手机号', en: 'mobile number' },
  education: { zh: '学历', en: 'education' },
  politicalStatus: { zh: '政治面貌', en: 'political status' },
  tags: { zh: '标签', en: 'tags' },
  communityCode: { zh: '社区代码', en: 'community code' },
  building: { zh: '楼栋', en: 'building' },
  unit: { zh: '单元', en: 'unit' },
  room: { zh: '房号', en: 'room' },
  householdRef: { zh: '户号', en: 'household number' },
  relationship: { zh: '与户主关系', en: 'relationship to head' },
  address: { zh: '现住址', en: 'address' },
  type: { zh: '类型', en: 'type' },
  number: { zh: '楼栋号', en: 'building number' },
  floors: { zh: '层数', en: 'floors' },
  use: { zh: '用途', en: 'use' },
  yearBuilt: { zh: '建成年份', en: 'year built' },
  areaSqm: { zh: '面积', en: 'area' },
  tenure: { zh: '产权/租住', en: 'tenure' },
  occupancy: { zh: '居住状态', en: 'occupancy' },
  creditCode: { zh: '统一社会信用代码', en: 'credit code' },
  contactName: { zh: '联系人', en: 'contact name' },
  contactMobile: { zh: '联系电话', en: 'contact mobile' },
  memberCount: { zh: '成员人数', en: 'member count' },
  members: { zh: '家庭成员', en: 'members' },
  headIdNumber: { zh: '户主身份证号', en: "head's ID number" },
};

const snake = (s: string) => s.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();
const label = (field: string): Bilingual => FIELD_LABELS[field.split('.').pop()!] ?? { zh: field, en: field };

class Issues {
  readonly list: FieldIssue[] = [];
  constructor(private readonly prefix: string) {}
  add(field: string, code: string, message: Bilingual) {
    this.list.push({ field, code, message });
  }
  /** `<PREFIX>_<FIELD>_REQUIRED`. */
  required(field: string) {
    const l = label(field);
    this.add(field, `${this.prefix}_${snake(field.split('.').pop()!)}_REQUIRED`, {
      zh: `${l.zh}必填`,
      en: `The ${l.en} is required`,
    });
  }
  /** `<PREFIX>_<FIELD>_INVALID`, with an optional hint. */
  invalid(field: string, hint?: Bilingual) {
    const l = label(field);
    this.add(field, `${this.prefix}_${snake(field.split('.').pop()!)}_INVALID`, {
      zh: `${l.zh}格式不正确${hint ? `：${hint.zh}` : ''}`,
      en: `The ${l.en} is not valid${hint ? `: ${hint.en}` : ''}`,
    });
  }
}

type Loose = Record<string, unknown>;

/** Trimmed non-empty string, or undefined for blank/absent; numbers are stringified. */
const str = (v: unknown): string | undefined => {
  if (v === undefined || v === null) return undefined;
  const s = (
    typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : ''
  ).trim();
  return s === '' ? undefined : s;
};

const realIsoDate = (s: string): boolean => {
  if (!ISO_DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};

/** Accept `YYYY-MM-DD`, `YYYY/M/D`, `YYYY.M.D`, `YYYYMMDD`, `YYYY年M月D日`; return ISO or undefined. */
export const parseDate = (v: unknown): string | undefined => {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? undefined : v.toISOString().slice(0, 10);
  const s = str(v);
  if (!s) return undefined;
  const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(s);
  if (!m) return undefined;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  return realIsoDate(iso) ? iso : undefined;
};

const TEXT_MAX = 20;
const optText = (issues: Issues, input: Loose, field: string, max = TEXT_MAX): string | undefined => {
  const v = str(input[field]);
  if (v !== undefined && Array.from(v).length > max)
    issues.invalid(field, { zh: `最多 ${max} 个字符`, en: `at most ${max} characters` });
  return v;
};

/**
 * The community decides who may write the record, so it is taken exactly as sent: a 12-digit
 * string, never a number made into one and never trimmed into one (issue 11). Imports hand in
 * cell text, already a string.
 */
const communityCode = (issues: Issues, input: Loose, opts: ValidateOptions): string | undefined => {
  const raw = input.communityCode;
  if (raw === undefined || raw === null || raw === '') {
    issues.required('communityCode');
    return undefined;
  }
  const v = typeof raw === 'string' ? raw : '';
  if (!COMMUNITY_CODE.test(v)) {
    issues.invalid('communityCode', {
      zh: '应为 12 位统计用区划代码',
      en: 'expected a 12-digit division code',
    });
    return undefined;
  }
  if (opts.districtCode && !v.startsWith(opts.districtCode)) {
    issues.add('communityCode', 'COMMUNITY_OUTSIDE_DISTRICT', {
      zh: '该社区不属于本区县',
      en: 'The community is not in this district',
    });
    return undefined;
  }
  return v;
};

const mobile = (issues: Issues, input: Loose, field: string): string | undefined => {
  const raw = str(input[field]);
  if (!raw) return undefined;
  const m = normalizeMobile(raw);
  if (!/^1[3-9]\d{9}$/.test(m)) {
    issues.invalid(field, { zh: '应为 11 位手机号码', en: 'expected an 11-digit mainland mobile number' });
    return undefined;
  }
  return m;
};

const splitList = (v: unknown): string[] =>
  Array.isArray(v)
    ? v.flatMap((x) => splitList(x))
    : (str(v) ?? '')
        .split(/[,，;；、|/\s]+/)
        .map((s) => s.trim())
        .filter(Boolean);

const done = <T>(issues: Issues, value: T, warnings: FieldIssue[] = []): Validated<T> =>
  issues.list.length === 0 ? { ok: true, value, warnings } : { ok: false, issues: issues.list, warnings };

const compact = <T extends Loose>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

// ---------------------------------------------------------------------------------------------
// Resident
// ---------------------------------------------------------------------------------------------

/** The 18-character number a 15-digit legacy number upgrades to (century 19, check character). */
const legacyUpgrade = (legacy: string) => {
  const first17 = `${legacy.slice(0, 6)}19${legacy.slice(6)}`;
  return first17 + citizenIdCheckChar(first17);
};

/**
 * Validate and normalise a resident: the ID number by GB 11643, sex and birth date derived from it
 * (and cross-checked when given), labels mapped to codes, `elderly` derived (60+), `party-member`
 * derived from the political status.
 */
export const validateResident = (input: Loose, opts: ValidateOptions = {}): Validated<Resident> => {
  const issues = new Issues('RESIDENT');

  const name = str(input.name);
  if (!name) issues.required('name');
  else if (Array.from(name).length > 50 || !NAME.test(name))
    issues.invalid('name', {
      zh: '只能包含文字、间隔号“·”，最多 50 字',
      en: 'letters and “·” only, up to 50',
    });

  let idNumber: string | undefined;
  let sex: Resident['sex'] | undefined;
  let birthDate: string | undefined;
  const rawId = str(input.idNumber);
  if (!rawId) issues.required('idNumber');
  else {
    const r = validateCitizenId(rawId, opts);
    if (r.ok) ({ id: idNumber, sex, birthDate } = r);
    else issues.add('idNumber', r.code, r.message);
  }

  const givenSex = str(input.sex);
  if (givenSex !== undefined) {
    const s = lookupSex(givenSex);
    if (!s) issues.invalid('sex', { zh: '应为“男”或“女”', en: 'expected male or female' });
    else if (sex && s !== sex)
      issues.add('sex', 'RESIDENT_SEX_MISMATCH', {
        zh: '性别与身份证号不符',
        en: 'The sex does not match the ID number',
      });
  }
  if (input.birthDate !== undefined && str(input.birthDate) !== undefined) {
    const d = parseDate(input.birthDate);
    if (!d)
      issues.add('birthDate', 'RESIDENT_BIRTHDATE_INVALID', {
        zh: '出生日期不是有效日期（格式 YYYY-MM-DD）',
        en: 'The birth date is not a valid date (YYYY-MM-DD)',
      });
    else if (birthDate && d !== birthDate)
      issues.add('birthDate', 'RESIDENT_BIRTHDATE_MISMATCH', {
        zh: '出生日期与身份证号不符',
        en: 'The birth date does not match the ID number',
      });
  }

  let ethnicity: string | undefined;
  const rawEth = str(input.ethnicity);
  if (rawEth) {
    ethnicity = lookupEthnicity(rawEth);
    if (!ethnicity)
      issues.invalid('ethnicity', {
        zh: '应为 GB/T 3304 民族名称或代码',
        en: 'expected a GB/T 3304 name or code',
      });
  }

  let registration: Resident['registration'] | undefined;
  const rawReg = str(input.registration);
  if (!rawReg) issues.required('registration');
  else {
    registration = lookupRegistration(rawReg);
    if (!registration)
      issues.invalid('registration', { zh: '应为“户籍”或“流动”', en: 'expected local or migrant' });
  }

  const mob = mobile(issues, input, 'mobile');

  let education: string | undefined;
  const rawEdu = str(input.education);
  if (rawEdu) {
    education = lookupEducation(rawEdu);
    if (!education)
      issues.invalid('education', { zh: '应为 GB/T 4658 学历', en: 'expected a GB/T 4658 level' });
  }

  let politicalStatus: string | undefined;
  const rawPol = str(input.politicalStatus);
  if (rawPol) {
    politicalStatus = lookupPoliticalStatus(rawPol);
    if (!politicalStatus)
      issues.invalid('politicalStatus', { zh: '应为 GB/T 4762 政治面貌', en: 'expected a GB/T 4762 status' });
  }

  const tags = new Set<Tag>();
  for (const t of splitList(input.tags)) {
    const tag = lookupTag(t);
    if (!tag)
      issues.invalid('tags', { zh: `未知标签“${t.slice(0, 20)}”`, en: `unknown tag "${t.slice(0, 20)}"` });
    else tags.add(tag);
  }
  // Age is a fact of the ID number, not an input: recomputed on every write.
  tags.delete('elderly');
  if (birthDate && ageOn(birthDate, chinaToday(opts.now)) >= 60) tags.add('elderly');
  const isMember = politicalStatus === '01' || politicalStatus === '02';
  if (isMember) tags.add('party-member');
  else if (tags.has('party-member') && politicalStatus !== undefined)
    issues.add('tags', 'RESIDENT_TAG_CONFLICT', {
      zh: '标签“党员”与政治面貌不符',
      en: 'The party-member tag contradicts the political status',
    });

  const community = communityCode(issues, input, opts);
  const building = optText(issues, input, 'building');
  const unit = optText(issues, input, 'unit');
  const room = optText(issues, input, 'room');
  const householdRef = optText(issues, input, 'householdRef', 40);

  const address = optText(issues, input, 'address', ADDRESS_MAX);
  // Set by an import that upgraded the number; kept only while it is the number it was upgraded to.
  const rawLegacy = str(input.legacyIdNumber);
  const legacyIdNumber =
    rawLegacy && /^\d{15}$/.test(rawLegacy) && idNumber === legacyUpgrade(rawLegacy) ? rawLegacy : undefined;
  const verify = splitList(input.verify).filter((v): v is (typeof VERIFY_REASONS)[number] =>
    (VERIFY_REASONS as readonly string[]).includes(v),
  );

  let relationship: string | undefined;
  const rawRel = str(input.relationship);
  if (rawRel) {
    relationship = lookupRelationship(rawRel);
    if (!relationship)
      issues.invalid('relationship', { zh: '应为 GB/T 4761 家庭关系', en: 'expected a GB/T 4761 code' });
  }

  const value = compact({
    name: name!,
    idNumber: idNumber!,
    sex: sex!,
    birthDate: birthDate!,
    ethnicity,
    registration: registration!,
    mobile: mob,
    education,
    politicalStatus,
    tags: TAGS.filter((t) => tags.has(t)),
    communityCode: community!,
    building,
    unit,
    room,
    householdRef,
    relationship,
    address,
    legacyIdNumber,
    verify: verify.length ? [...new Set(verify)] : undefined,
  }) as Resident;
  return done(issues, value);
};

// ---------------------------------------------------------------------------------------------
// Household, building, housing unit
// ---------------------------------------------------------------------------------------------

export const householdSchema = z.object({
  householdRef: z.string().check(z.minLength(1), z.maxLength(40)),
  communityCode: z.string().check(z.regex(COMMUNITY_CODE)),
  /** 家庭户 family household or 集体户 collective household. */
  type: z.enum(['family', 'collective']),
  building: z.optional(z.string().check(z.maxLength(20))),
  unit: z.optional(z.string().check(z.maxLength(20))),
  room: z.optional(z.string().check(z.maxLength(20))),
  members: z.array(z.object({ idNumber: z.string(), relationship: z.enum(codeList(RELATIONSHIPS)) })),
});
export type Household = z.infer<typeof householdSchema>;

/** A family household has exactly one head (GB/T 4761 `02`); the issue when it has not. */
export const householdHeadIssue = (
  type: string | undefined,
  members: readonly { relationship: string }[],
): FieldIssue | undefined => {
  const heads = members.filter((m) => m.relationship === HOUSEHOLD_HEAD).length;
  if (type !== 'family' || members.length === 0 || heads === 1) return undefined;
  return {
    field: 'members',
    code: 'HOUSEHOLD_HEAD_COUNT',
    message: {
      zh: `家庭户须有且只有一名户主（现有 ${heads} 名）`,
      en: `A family household needs exactly one head (found ${heads})`,
    },
  };
};

/** A household: its members' ID numbers are checked, exactly one head (GB/T 4761 `02`) in a family household. */
export const validateHousehold = (input: Loose, opts: ValidateOptions = {}): Validated<Household> => {
  const issues = new Issues('HOUSEHOLD');
  const householdRef = str(input.householdRef);
  if (!householdRef) issues.required('householdRef');
  const community = communityCode(issues, input, opts);
  const rawType = str(input.type) ?? 'family';
  const type = (
    { family: 'family', 家庭户: 'family', collective: 'collective', 集体户: 'collective' } as const
  )[rawType as 'family'];
  if (!type) issues.invalid('type', { zh: '应为“家庭户”或“集体户”', en: 'expected family or collective' });
  const members: Household['members'] = [];
  const seen = new Set<string>();
  const rawMembers = Array.isArray(input.members) ? (input.members as Loose[]) : [];
  rawMembers.forEach((m, i) => {
    const r = validateCitizenId(str(m?.idNumber) ?? '', opts);
    const rel = lookupRelationship(str(m?.relationship) ?? '');
    if (!r.ok) issues.add(`members.${i}.idNumber`, r.code, r.message);
    if (!rel)
      issues.invalid(`members.${i}.relationship`, {
        zh: '应为 GB/T 4761 家庭关系',
        en: 'expected a GB/T 4761 code',
      });
    if (r.ok && seen.has(r.id))
      issues.add(`members.${i}.idNumber`, 'HOUSEHOLD_DUPLICATE_MEMBER', {
        zh: '同一人在本户中重复出现',
        en: 'The same person appears twice in the household',
      });
    if (r.ok && rel) {
      seen.add(r.id);
      members.push({ idNumber: r.id, relationship: rel });
    }
  });
  const head = householdHeadIssue(type, members);
  if (head) issues.add(head.field, head.code, head.message);
  const value = compact({
    householdRef: householdRef!,
    communityCode: community!,
    type: type!,
    building: optText(issues, input, 'building'),
    unit: optText(issues, input, 'unit'),
    room: optText(issues, input, 'room'),
    members,
  }) as Household;
  return done(issues, value);
};

export const BUILDING_USES = ['residential', 'commercial', 'mixed', 'public', 'other'] as const;

export const buildingSchema = z.object({
  communityCode: z.string().check(z.regex(COMMUNITY_CODE)),
  number: z.string().check(z.minLength(1), z.maxLength(20)),
  name: z.optional(z.string().check(z.maxLength(50))),
  address: z.optional(z.string().check(z.maxLength(200))),
  floors: z.optional(z.number().check(z.int(), z.gte(1), z.lte(200))),
  use: z.enum(BUILDING_USES),
  yearBuilt: z.optional(z.number().check(z.int(), z.gte(1800))),
});
export type Building = z.infer<typeof buildingSchema>;

const enumField = <T extends string>(
  issues: Issues,
  input: Loose,
  field: string,
  values: readonly T[],
  fallback?: T,
): T | undefined => {
  const v = str(input[field]) ?? fallback;
  if (v === undefined) {
    issues.required(field);
    return undefined;
  }
  if (!(values as readonly string[]).includes(v)) {
    issues.invalid(field, { zh: `可选：${values.join('、')}`, en: `one of ${values.join(', ')}` });
    return undefined;
  }
  return v as T;
};

const intField = (
  issues: Issues,
  input: Loose,
  field: string,
  min: number,
  max: number,
): number | undefined => {
  const raw = str(input[field]);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    issues.invalid(field, { zh: `应为 ${min}–${max} 的整数`, en: `an integer ${min}–${max}` });
    return undefined;
  }
  return n;
};

export const validateBuilding = (input: Loose, opts: ValidateOptions = {}): Validated<Building> => {
  const issues = new Issues('BUILDING');
  const community = communityCode(issues, input, opts);
  const number = str(input.number);
  if (!number) issues.required('number');
  else if (number.length > 20) issues.invalid('number');
  const thisYear = Number(chinaToday(opts.now).slice(0, 4));
  const value = compact({
    communityCode: community!,
    number: number!,
    name: optText(issues, input, 'name', 50),
    address: optText(issues, input, 'address', 200),
    floors: intField(issues, input, 'floors', 1, 200),
    use: enumField(issues, input, 'use', BUILDING_USES, 'residential')!,
    yearBuilt: intField(issues, input, 'yearBuilt', 1800, thisYear),
  }) as Building;
  return done(issues, value);
};

export const UNIT_USES = ['residential', 'commercial', 'office', 'mixed', 'other'] as const;
export const TENURES = ['owned', 'rented', 'public-rental', 'other'] as const;
export const OCCUPANCIES = ['occupied', 'vacant', 'seasonal'] as const;

export const housingUnitSchema = z.object({
  communityCode: z.string().check(z.regex(COMMUNITY_CODE)),
  building: z.string().check(z.minLength(1), z.maxLength(20)),
  unit: z.optional(z.string().check(z.maxLength(20))),
  room: z.string().check(z.minLength(1), z.maxLength(20)),
  areaSqm: z.optional(z.number().check(z.gte(0.01), z.lte(10_000))),
  use: z.enum(UNIT_USES),
  tenure: z.enum(TENURES),
  occupancy: z.enum(OCCUPANCIES),
});
export type HousingUnit = z.infer<typeof housingUnitSchema>;

export const validateHousingUnit = (input: Loose, opts: ValidateOptions = {}): Validated<HousingUnit> => {
  const issues = new Issues('HOUSING_UNIT');
  const community = communityCode(issues, input, opts);
  const building = str(input.building);
  if (!building) issues.required('building');
  const room = str(input.room);
  if (!room) issues.required('room');
  let areaSqm: number | undefined;
  const rawArea = str(input.areaSqm);
  if (rawArea !== undefined) {
    // Kept to the centiare: 1e-300 is "positive" but underflows DynamoDB's number range.
    areaSqm = Math.round(Number(rawArea) * 100) / 100;
    if (!Number.isFinite(areaSqm) || areaSqm < 0.01 || areaSqm > 10_000) {
      issues.invalid('areaSqm', { zh: '应为 0.01–10000 平方米', en: '0.01–10,000 m²' });
      areaSqm = undefined;
    }
  }
  const value = compact({
    communityCode: community!,
    building: building!,
    unit: optText(issues, input, 'unit'),
    room: room!,
    areaSqm,
    use: enumField(issues, input, 'use', UNIT_USES, 'residential')!,
    tenure: enumField(issues, input, 'tenure', TENURES)!,
    occupancy: enumField(issues, input, 'occupancy', OCCUPANCIES)!,
  }) as HousingUnit;
  return done(issues, value);
};

// ---------------------------------------------------------------------------------------------
// Community organization
// ---------------------------------------------------------------------------------------------

export const ORGANIZATION_TYPES = [
  'party-branch',
  'volunteer-team',
  'civil-organization',
  'business',
] as const;

export const organizationSchema = z.object({
  communityCode: z.string().check(z.regex(COMMUNITY_CODE)),
  name: z.string().check(z.minLength(1), z.maxLength(100)),
  type: z.enum(ORGANIZATION_TYPES),
  /** GB 32100 code as given (normalised); a failed check is a warning, not a rejection. */
  creditCode: z.optional(z.string().check(z.maxLength(18))),
  contactName: z.optional(z.string().check(z.maxLength(50))),
  contactMobile: z.optional(z.string().check(z.regex(/^1[3-9]\d{9}$/))),
  memberCount: z.optional(z.number().check(z.int(), z.gte(0))),
});
export type Organization = z.infer<typeof organizationSchema>;

/**
 * A community organization. The credit code is kept even when its check fails; the failure comes
 * back in `warnings` (codes `CREDIT_CODE_*`) for a worker to verify.
 */
export const validateOrganization = (input: Loose, opts: ValidateOptions = {}): Validated<Organization> => {
  const issues = new Issues('ORGANIZATION');
  const warnings: FieldIssue[] = [];
  const community = communityCode(issues, input, opts);
  const name = str(input.name);
  if (!name) issues.required('name');
  else if (Array.from(name).length > 100)
    issues.invalid('name', { zh: '最多 100 字', en: 'at most 100 characters' });
  let creditCode: string | undefined;
  const rawCode = str(input.creditCode);
  if (rawCode) {
    const check = checkCreditCode(rawCode);
    if (check.code) creditCode = check.code;
    else if (rawCode.length <= 18) creditCode = rawCode.toUpperCase();
    else issues.invalid('creditCode', { zh: '最多 18 位', en: 'at most 18 characters' });
    for (const w of check.warnings) warnings.push({ field: 'creditCode', code: w.code, message: w.message });
  }
  const value = compact({
    communityCode: community!,
    name: name!,
    type: enumField(issues, input, 'type', ORGANIZATION_TYPES)!,
    creditCode,
    contactName: optText(issues, input, 'contactName', 50),
    contactMobile: mobile(issues, input, 'contactMobile'),
    memberCount: intField(issues, input, 'memberCount', 0, 1_000_000),
  }) as Organization;
  return done(issues, value, warnings);
};

// ---------------------------------------------------------------------------------------------
// Grids (网格): the units of grid-based management inside a community, each with its buildings
// and its grid worker (网格员).
// ---------------------------------------------------------------------------------------------

export const gridSchema = z.object({
  communityCode: z.string().check(z.regex(COMMUNITY_CODE)),
  /** Short code within the community, e.g. `01`. */
  code: z.string().check(z.regex(/^[0-9A-Za-z-]{1,20}$/)),
  name: z.string().check(z.minLength(1), z.maxLength(50)),
  /** Numbers of the buildings the grid covers (each building belongs to at most one grid of the community). */
  buildings: z.array(z.string().check(z.minLength(1), z.maxLength(20))).check(z.maxLength(300)),
  workerName: z.optional(z.string().check(z.maxLength(50))),
  /** The grid worker's staff username, when they have a Linli account. */
  workerUsername: z.optional(z.string().check(z.maxLength(128))),
  description: z.optional(z.string().check(z.maxLength(200))),
});
export type Grid = z.infer<typeof gridSchema>;

export const validateGrid = (input: Loose, opts: ValidateOptions = {}): Validated<Grid> => {
  const issues = new Issues('GRID');
  const community = communityCode(issues, input, opts);
  const code = str(input.code);
  if (!code)
    issues.add('code', 'GRID_CODE_REQUIRED', { zh: '网格编号必填', en: 'The grid code is required' });
  else if (!/^[0-9A-Za-z-]{1,20}$/.test(code))
    issues.add('code', 'GRID_CODE_INVALID', {
      zh: '网格编号为 1–20 位字母、数字或连字符',
      en: 'The grid code is 1–20 letters, digits or hyphens',
    });
  const name = str(input.name);
  if (!name)
    issues.add('name', 'GRID_NAME_REQUIRED', { zh: '网格名称必填', en: 'The grid name is required' });
  else if (Array.from(name).length > 50)
    issues.add('name', 'GRID_NAME_INVALID', {
      zh: '网格名称最多 50 字',
      en: 'The grid name has at most 50 characters',
    });
  const raw = input.buildings === undefined ? [] : input.buildings;
  const buildings: string[] = [];
  if (!Array.isArray(raw) || raw.length > 300)
    issues.add('buildings', 'GRID_BUILDINGS_INVALID', {
      zh: '楼栋应为最多 300 个楼栋号的列表',
      en: 'Buildings is a list of at most 300 building numbers',
    });
  else
    for (const b of raw) {
      const s = str(b);
      if (!s || s.length > 20) {
        issues.add('buildings', 'GRID_BUILDINGS_INVALID', {
          zh: '楼栋号应为 1–20 个字符',
          en: 'A building number has 1–20 characters',
        });
        break;
      }
      if (!buildings.includes(s)) buildings.push(s);
    }
  const value = compact({
    communityCode: community!,
    code: code!,
    name: name!,
    buildings,
    workerName: optText(issues, input, 'workerName', 50),
    workerUsername: optText(issues, input, 'workerUsername', 128),
    description: optText(issues, input, 'description', 200),
  }) as Grid;
  return done(issues, value);
};
