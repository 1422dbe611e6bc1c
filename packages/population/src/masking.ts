/**
 * De-identification for display (PIPL arts. 28, 51): every personal field is shown masked by
 * default, to everyone. Seeing a field in clear is a separate, explicit act — a reveal with a
 * stated reason, which the caller writes to the audit log. Ministry roles never receive personal
 * fields at all, masked or not: they work with aggregates only.
 *
 * One exception, by field and role: the `demographic` fields a district's own staff need to do
 * their work — sex (which the masked ID number's tail already tells), household registration type
 * and ethnicity (both on the ID card and the household register they keep) — are shown in clear to
 * the district admin, street staff and community workers, within their scope. Departments see them
 * masked, the hotline and the ministry not at all.
 */
import { Errors, maskMobile, visibleLength } from '@linli/core';
import type { Role } from '@linli/tables';

/** Every kind of personal field, in the order the policies below name them. */
const FIELD_KINDS = [
  'idNumber',
  'mobile',
  'name',
  'address',
  'birthDate',
  'sensitive',
  'demographic',
  'personal',
] as const;

export type FieldKind = (typeof FIELD_KINDS)[number];

const MASK = '*';
const stars = (n: number) => MASK.repeat(Math.max(0, n));

/** `110105********002X`: first 6 and last 4 kept, length preserved. Short input is fully masked. */
export const maskIdNumber = (id: string): string =>
  id.length < 11 ? stars(id.length) : id.slice(0, 6) + stars(id.length - 10) + id.slice(-4);

/** The one mobile mask (`138****5678`), shared with onboarding and the web client. */
export { maskMobile };

const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '轩辕',
  '令狐',
  '端木',
]);

/**
 * `张*`, `欧阳**`: the surname kept (both characters of a known compound surname), every other
 * character masked; the middle dot of transliterated names (`·`) is kept. A one-character name is
 * masked entirely, otherwise the mask would show the whole name.
 */
export const maskName = (name: string): string => {
  const chars = Array.from(name);
  if (chars.length <= 1) return stars(chars.length);
  const keep = chars.length > 2 && COMPOUND_SURNAMES.has(chars[0]! + chars[1]!) ? 2 : 1;
  return chars.map((c, i) => (i < keep || c === '·' || c === '•' ? c : MASK)).join('');
};

// The last administrative/residential unit that is still public knowledge; what follows
// (building, unit, house number) identifies a household.
const AREA_END = /(社区居委会|居委会|村委会|社区|小区|花园|家园|苑|村|街道|镇|乡)/g;
const HOUSE_CHARS = /[0-9A-Za-z０-９Ａ-Ｚａ-ｚ一二三四五六七八九十百零〇甲乙丙丁-]/g;

/**
 * Keep an address up to its community (or estate), mask the house number after it:
 * `东城区多福巷社区3号楼2单元501室` → `东城区多福巷社区*号楼*单元***室`.
 */
export const maskAddress = (address: string): string => {
  let cut = -1;
  for (const m of address.matchAll(AREA_END)) cut = m.index + m[0].length;
  if (cut >= 0) return address.slice(0, cut) + address.slice(cut).replace(HOUSE_CHARS, MASK);
  // No recognisable community: keep at most the first half, up to the first digit.
  const chars = Array.from(address);
  const firstDigit = chars.findIndex((c) => /[0-9０-９]/.test(c));
  const keep = Math.min(firstDigit < 0 ? chars.length : firstDigit, Math.floor(chars.length / 2));
  return chars.slice(0, keep).join('') + stars(chars.length - keep);
};

/** `1949-**-**`: the year stays (age bands are needed at work), month and day go. */
export const maskBirthDate = (date: string): string => {
  const year = /^\d{4}/.exec(date)?.[0] ?? '';
  return year + date.slice(year.length).replace(/[^-/.年月日]/g, MASK);
};

/** Mask one value by kind. `sensitive`/`personal` values become a fixed placeholder. */
export const maskValue = (kind: FieldKind, value: unknown): unknown => {
  if (value === undefined || value === null || value === '') return value;
  const s = String(value);
  switch (kind) {
    case 'idNumber':
      return maskIdNumber(s);
    case 'mobile':
      return maskMobile(s);
    case 'name':
      return maskName(s);
    case 'address':
      return maskAddress(s);
    case 'birthDate':
      return maskBirthDate(s);
    default:
      return Array.isArray(value) ? value.map(() => '***') : '***';
  }
};

/**
 * Personal fields of the base records and their kind. Any field not listed here and not in
 * {@link NON_PERSONAL_FIELDS} is treated as `personal` — a new field is masked until classified.
 */
export const PERSONAL_FIELDS: Readonly<Record<string, FieldKind>> = {
  name: 'name',
  idNumber: 'idNumber',
  legacyIdNumber: 'idNumber',
  mobile: 'mobile',
  contactMobile: 'mobile',
  contactName: 'name',
  address: 'address',
  room: 'address',
  birthDate: 'birthDate',
  // Disability, low income and political views are sensitive personal information (PIPL art. 28).
  tags: 'sensitive',
  politicalStatus: 'sensitive',
  ethnicity: 'demographic',
  sex: 'demographic',
  registration: 'demographic',
  education: 'personal',
  relationship: 'personal',
  householdRef: 'personal',
  building: 'personal',
  unit: 'personal',
};

/** Fields that carry no personal information (codes, record metadata). */
export const NON_PERSONAL_FIELDS: ReadonlySet<string> = new Set([
  'id',
  'kind',
  'tenantId',
  'communityCode',
  'streetCode',
  'version',
  'createdAt',
  'updatedAt',
  'lastVerifiedAt',
  // Why to check a record against the papers (`legacy-id`): a fact about the record, not the person.
  'verify',
]);

export type Visibility = 'clear' | 'masked' | 'hidden';

/** Every field kind with the same visibility: the base a role's policy starts from. */
const everyKind = (v: Visibility) =>
  Object.fromEntries(FIELD_KINDS.map((k) => [k, v])) as Record<FieldKind, Visibility>;
const allMasked = () => everyKind('masked');
const allHidden = () => everyKind('hidden');

/**
 * What a role sees of each field kind by default. Nothing identifying (name, ID number, mobile,
 * address, birth date, sensitive tags) is in clear for anyone; only the district's own staff see the
 * `demographic` kind in clear (see the module comment).
 */
export const MASKING_POLICY: Readonly<Record<Role, Readonly<Record<FieldKind, Visibility>>>> = {
  'ministry-admin': allHidden(),
  'ministry-analyst': allHidden(),
  'district-admin': { ...allMasked(), demographic: 'clear' },
  'street-staff': { ...allMasked(), demographic: 'clear' },
  'community-worker': { ...allMasked(), demographic: 'clear' },
  // Departments work on their own cases; the base record's sensitive tags are not theirs to see.
  'department-staff': { ...allMasked(), sensitive: 'hidden' },
  // The hotline identifies a caller by name and mobile; nothing else of the record.
  'call-centre-operator': {
    ...allHidden(),
    name: 'masked',
    mobile: 'masked',
    idNumber: 'masked',
  },
  resident: allMasked(),
};

/** Which field kinds a role may reveal in clear — always with a reason, always audited. */
export const REVEAL_POLICY: Readonly<Record<Role, ReadonlySet<FieldKind>>> = {
  'ministry-admin': new Set(),
  'ministry-analyst': new Set(),
  'district-admin': new Set(FIELD_KINDS),
  'street-staff': new Set(FIELD_KINDS),
  'community-worker': new Set(FIELD_KINDS),
  'department-staff': new Set(FIELD_KINDS.filter((k) => k !== 'sensitive')),
  'call-centre-operator': new Set(['mobile', 'name']),
  // A resident sees their own record; the caller checks ownership.
  resident: new Set(FIELD_KINDS),
};

export const fieldKind = (field: string): FieldKind | undefined =>
  NON_PERSONAL_FIELDS.has(field) ? undefined : (PERSONAL_FIELDS[field] ?? 'personal');

/**
 * The record as `role` sees it by default: personal fields masked or dropped per
 * {@link MASKING_POLICY}; non-personal fields as they are.
 */
export const maskRecord = <T extends Record<string, unknown>>(record: T, role: Role): Partial<T> => {
  const policy = MASKING_POLICY[role];
  if (!policy) throw Errors.forbidden();
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(record)) {
    const kind = fieldKind(key);
    if (!kind || policy[kind] === 'clear') out[key] = value;
    else if (policy[kind] === 'masked') out[key] = maskValue(kind, value);
  }
  return out as Partial<T>;
};

/**
 * Filters and sorts obey the same masking as fields: a role may narrow a list by a field only when
 * the field is shown to it (masked is shown; hidden is not). Otherwise the list itself would tell
 * the hotline who is disabled or a party member.
 */
export const mayFilterBy = (role: Role, field: string): boolean => {
  const kind = fieldKind(field);
  if (!kind) return true;
  const shown = MASKING_POLICY[role]?.[kind];
  return shown === 'masked' || shown === 'clear';
};

/** Throws 403 FILTER_NOT_ALLOWED naming the first field `role` may not filter by. */
export const assertMayFilter = (role: Role, fields: readonly string[]): void => {
  for (const field of fields)
    if (!mayFilterBy(role, field))
      throw Errors.filterNotAllowed(
        { zh: field, en: field },
        {
          issues: [
            {
              field,
              code: 'FILTER_NOT_ALLOWED',
              message: {
                zh: '您的角色看不到该字段，也不能按它筛选',
                en: 'Your role may not filter by this field',
              },
            },
          ],
        },
      );
};

export interface RevealRequest {
  readonly fields: readonly string[];
  /** Why the clear value is needed (PIPL purpose limitation); logged with the access. */
  readonly reason: string;
}

export interface RevealResult<T> {
  readonly record: Partial<T>;
  /** The fields actually shown in clear — the caller writes these and the reason to the audit log. */
  readonly revealed: readonly string[];
  readonly reason: string;
}

/**
 * The masked record with the requested fields in clear. Refuses (FORBIDDEN) without a reason of
 * at least 4 characters or when the role may not reveal one of the fields.
 */
export const revealRecord = <T extends Record<string, unknown>>(
  record: T,
  role: Role,
  request: RevealRequest,
): RevealResult<T> => {
  const reason = request.reason.trim();
  // Four zero-width spaces or NUL characters are not a reason: count what a person can read.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what is refused
  if (visibleLength(reason) < 4 || /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/.test(reason))
    throw Errors.forbidden({ zh: '查看明文须填写理由', en: 'a reason is required to view clear values' });
  const allowed = REVEAL_POLICY[role] ?? new Set();
  const out = maskRecord(record, role) as Record<string, unknown>;
  const revealed: string[] = [];
  for (const field of request.fields) {
    const kind = fieldKind(field);
    if (!kind || !(field in record)) continue;
    if (!allowed.has(kind))
      throw Errors.forbidden({ zh: `无权查看 ${field} 明文`, en: `may not reveal ${field}` });
    out[field] = record[field];
    revealed.push(field);
  }
  return { record: out as Partial<T>, revealed, reason };
};
