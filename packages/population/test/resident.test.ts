import { describe, expect, it } from 'vitest';
import {
  ETHNICITIES,
  makeCitizenId,
  makeCreditCode,
  RELATIONSHIPS,
  validateBuilding,
  validateHousehold,
  validateHousingUnit,
  validateOrganization,
  validateResident,
} from '../src/index.ts';

const now = new Date('2026-06-01T00:00:00Z');
const base = {
  name: '张三',
  idNumber: '11010519491231002X',
  registration: '户籍',
  communityCode: '110105001001',
};
const codes = (r: { ok: boolean; issues?: readonly { code: string }[] }) =>
  r.ok ? [] : r.issues!.map((i) => i.code);

describe('code lists', () => {
  it('GB/T 3304 has the 56 ethnic groups 01..56', () => {
    const main = ETHNICITIES.filter((e) => Number(e.code) <= 56);
    expect(main.map((e) => e.code)).toEqual(
      Array.from({ length: 56 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(new Set(main.map((e) => e.zh)).size).toBe(56);
  });
  it('GB/T 4761 codes are unique two-digit codes', () => {
    expect(new Set(RELATIONSHIPS.map((r) => r.code)).size).toBe(RELATIONSHIPS.length);
    expect(RELATIONSHIPS.every((r) => /^\d{2}$/.test(r.code))).toBe(true);
  });
});

describe('validateResident', () => {
  it('normalises labels to codes and derives sex, birth date and elderly', () => {
    const r = validateResident(
      {
        ...base,
        ethnicity: '汉',
        mobile: '+86 138 1234 5678',
        education: '本科',
        politicalStatus: '中共党员',
        tags: '低保、残疾人',
        relationship: '户主',
        building: ' 3 ',
        room: '',
      },
      { now },
    );
    expect(r).toEqual({
      ok: true,
      warnings: [],
      value: {
        ...base,
        registration: 'local',
        sex: 'female',
        birthDate: '1949-12-31',
        ethnicity: '01',
        mobile: '13812345678',
        education: 'bachelor',
        politicalStatus: '01',
        tags: ['elderly', 'disabled', 'low-income', 'party-member'],
        building: '3',
        relationship: '02',
      },
    });
  });

  it('is idempotent: a normalised record validates to itself', () => {
    const first = validateResident({ ...base, ethnicity: '回族', tags: ['veteran'] }, { now });
    expect(first.ok).toBe(true);
    if (first.ok) expect(validateResident(first.value, { now })).toEqual(first);
  });

  it('derives elderly from the age on the reference date, ignoring the input', () => {
    const turning = makeCitizenId('110105', '1966-06-01', 11);
    expect(validateResident({ ...base, idNumber: turning, tags: [] }, { now })).toMatchObject({
      value: { tags: ['elderly'] },
    });
    const young = makeCitizenId('110105', '1966-06-02', 11);
    expect(validateResident({ ...base, idNumber: young, tags: ['elderly'] }, { now })).toMatchObject({
      value: { tags: [] },
    });
  });

  it('cross-checks a given sex and birth date against the ID number', () => {
    expect(codes(validateResident({ ...base, sex: '女', birthDate: '1949/12/31' }, { now }))).toEqual([]);
    expect(codes(validateResident({ ...base, sex: '男', birthDate: '1949-12-30' }, { now }))).toEqual([
      'RESIDENT_SEX_MISMATCH',
      'RESIDENT_BIRTHDATE_MISMATCH',
    ]);
    expect(codes(validateResident({ ...base, birthDate: '1949-02-30' }, { now }))).toEqual([
      'RESIDENT_BIRTHDATE_INVALID',
    ]);
  });

  it('reports every bad field with a stable code and both languages', () => {
    const r = validateResident(
      {
        name: '',
        idNumber: '110105491231002',
        registration: '常住',
        mobile: '12345',
        ethnicity: '火星族',
        education: '幼儿园大班',
        politicalStatus: '99',
        tags: 'vip',
        communityCode: '1101050010',
        relationship: '邻居',
        room: 'x'.repeat(21),
      },
      { now },
    );
    expect(codes(r)).toEqual([
      'RESIDENT_NAME_REQUIRED',
      'RESIDENT_ID_LEGACY_15',
      'RESIDENT_ETHNICITY_INVALID',
      'RESIDENT_REGISTRATION_INVALID',
      'RESIDENT_MOBILE_INVALID',
      'RESIDENT_EDUCATION_INVALID',
      'RESIDENT_POLITICAL_STATUS_INVALID',
      'RESIDENT_TAGS_INVALID',
      'RESIDENT_COMMUNITY_CODE_INVALID',
      'RESIDENT_ROOM_INVALID',
      'RESIDENT_RELATIONSHIP_INVALID',
    ]);
    if (!r.ok) for (const i of r.issues) expect(i.message.zh && i.message.en).toBeTruthy();
  });

  it('refuses a community outside the tenant district and a party-member tag against the status', () => {
    expect(
      codes(validateResident({ ...base, communityCode: '110101001001' }, { now, districtCode: '110105' })),
    ).toEqual(['COMMUNITY_OUTSIDE_DISTRICT']);
    expect(codes(validateResident({ ...base, tags: '党员', politicalStatus: '群众' }, { now }))).toEqual([
      'RESIDENT_TAG_CONFLICT',
    ]);
  });
});

describe('households, buildings, housing units', () => {
  const head = makeCitizenId('110105', '1980-03-04', 11);
  const wife = makeCitizenId('110105', '1982-05-06', 22);
  it('needs exactly one head and no duplicate member', () => {
    expect(
      validateHousehold({
        householdRef: 'H1',
        communityCode: '110105001001',
        members: [
          { idNumber: head, relationship: '户主' },
          { idNumber: wife, relationship: '10' },
        ],
      }),
    ).toMatchObject({
      ok: true,
      value: { type: 'family', members: [{ relationship: '02' }, { relationship: '10' }] },
    });
    expect(
      codes(
        validateHousehold({
          householdRef: 'H1',
          communityCode: '110105001001',
          members: [
            { idNumber: head, relationship: '10' },
            { idNumber: head, relationship: '20' },
          ],
        }),
      ),
    ).toEqual(['HOUSEHOLD_DUPLICATE_MEMBER', 'HOUSEHOLD_HEAD_COUNT']);
  });

  it('buildings and housing units validate numbers and enums', () => {
    expect(validateBuilding({ communityCode: '110105001001', number: '3', floors: '18' })).toMatchObject({
      ok: true,
      value: { floors: 18, use: 'residential' },
    });
    expect(
      codes(
        validateBuilding({ communityCode: '110105001001', number: '3', floors: 0, yearBuilt: 2099 }, { now }),
      ),
    ).toEqual(['BUILDING_FLOORS_INVALID', 'BUILDING_YEAR_BUILT_INVALID']);
    expect(
      codes(
        validateHousingUnit({
          communityCode: '110105001001',
          building: '3',
          room: '501',
          tenure: 'borrowed',
          occupancy: 'occupied',
          areaSqm: '-3',
        }),
      ),
    ).toEqual(['HOUSING_UNIT_AREA_SQM_INVALID', 'HOUSING_UNIT_TENURE_INVALID']);
  });
});

describe('community organizations', () => {
  it('keeps a credit code that fails its check, with a warning', () => {
    const r = validateOrganization({
      communityCode: '110105001001',
      name: '光华里社区志愿服务队',
      type: 'volunteer-team',
      creditCode: '53100000500021676J',
    });
    expect(r).toMatchObject({ ok: true, value: { creditCode: '53100000500021676J' } });
    expect(r.warnings.map((w) => w.code)).toEqual(['CREDIT_CODE_CHECKSUM']);
  });
  it('accepts a valid civil-affairs code without warnings and rejects a bad type', () => {
    const code = '53100000500021676K'; // a national foundation registered by civil affairs
    expect(makeCreditCode(code.slice(0, 17))).toBe(code);
    expect(
      validateOrganization({
        communityCode: '110105001001',
        name: '阳光社工',
        type: 'civil-organization',
        creditCode: code,
      }).warnings,
    ).toEqual([]);
    expect(codes(validateOrganization({ communityCode: '110105001001', name: 'x', type: 'club' }))).toEqual([
      'ORGANIZATION_TYPE_INVALID',
    ]);
  });
});
