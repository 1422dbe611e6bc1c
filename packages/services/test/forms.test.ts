import { makeCitizenId } from '@linli/population';
import { describe, expect, it } from 'vitest';
import {
  checkEligibility,
  formatCaseNumber,
  formSchemaOf,
  maskForm,
  parseCaseNumber,
  prefillOf,
  sealedKeys,
} from '../src/index.ts';
import { templateByCode } from '../src/templates.ts';

const def = templateByCode('elderly-allowance')!;
const id = makeCitizenId('110101', '1940-03-02', 7);
const resident = {
  name: '张桂兰',
  idNumber: id,
  sex: 'female' as const,
  birthDate: '1940-03-02',
  registration: 'local' as const,
  mobile: '13912345678',
  tags: ['elderly' as const],
  communityCode: '110101001001',
  address: '东城区多福巷社区3号楼2单元501室',
};
const upload = { uploadId: '01JD0000000000000000000000', name: 'id.jpg', type: 'image/jpeg', size: 2048 };

describe('forms from the definition', () => {
  it('prefills from the resident record and accepts a complete submission', () => {
    const pre = prefillOf(def, { resident });
    expect(pre).toEqual({
      'applicant-name': '张桂兰',
      'id-number': id,
      mobile: '13912345678',
      address: resident.address,
    });
    const ok = formSchemaOf(def, '2026-12-02').safeParse({
      ...pre,
      'bank-account': '6222000011112222',
      'id-card-scan': [upload],
    });
    expect(ok.success).toBe(true);
  });

  it('refuses a bad ID, markup, a wrong file type, an oversize file, unknown keys, missing fields', () => {
    const schema = formSchemaOf(def, '2026-12-02');
    const good: Record<string, unknown> = {
      ...prefillOf(def, { resident }),
      'bank-account': '6222',
      'id-card-scan': [upload],
    };
    const paths = (v: unknown) => (schema.safeParse(v).error?.issues ?? []).map((i) => i.path.join('.'));
    expect(paths({ ...good, 'id-number': '110101194003020000' })).toEqual(['id-number']);
    expect(paths({ ...good, address: '<script>alert(1)</script>' })).toEqual(['address']);
    expect(paths({ ...good, 'id-card-scan': [{ ...upload, type: 'text/html' }] })).toEqual([
      'id-card-scan.0',
    ]);
    expect(paths({ ...good, 'id-card-scan': [{ ...upload, size: 50 * 1024 * 1024 }] })).toEqual([
      'id-card-scan.0',
    ]);
    expect(paths({ ...good, extra: 1 })).toEqual(['']);
    const { mobile: _m, ...missing } = good;
    expect(paths(missing)).toEqual(['mobile']);
    expect(paths({ ...good, mobile: 13912345678 })).toEqual(['mobile']);
  });

  it('date ranges are checked against the filing day', () => {
    const venue = formSchemaOf(templateByCode('venue-booking')!, '2026-12-02');
    const base = {
      'applicant-name': '李四',
      mobile: '13800001111',
      venue: 'meeting-room',
      slot: 'am',
      attendees: 12,
      purpose: '议事会',
    };
    expect(venue.safeParse({ ...base, date: '2026-12-03' }).success).toBe(true);
    expect(venue.safeParse({ ...base, date: '2026-12-01' }).success).toBe(false);
    expect(venue.safeParse({ ...base, date: '2026-02-30' }).success).toBe(false);
  });

  it('eligibility: age 80 and local registration', () => {
    expect(checkEligibility(def, { resident }, '2026-12-02')).toEqual([]);
    const young = { ...resident, birthDate: '1950-01-01' };
    expect(checkEligibility(def, { resident: young }, '2026-12-02').map((i) => i.rule)).toEqual(['minAge']);
    const migrant = { ...resident, registration: 'migrant' as const };
    expect(checkEligibility(def, { resident: migrant }, '2026-12-02').map((i) => i.rule)).toEqual([
      'registration',
    ]);
    expect(checkEligibility(def, {}, '2026-12-02').map((i) => i.rule)).toEqual(['minAge', 'registration']);
  });

  it('masks personal answers like the database does, and seals them', () => {
    const masked = maskForm(def, { ...prefillOf(def, { resident }), 'bank-account': '6222000011112222' });
    expect(masked).toEqual({
      'applicant-name': '张**',
      'id-number': `110101********${id.slice(-4)}`,
      mobile: '139****5678',
      address: '东城区多福巷社区*号楼*单元***室',
      'bank-account': '***',
    });
    expect([...sealedKeys(def)].sort()).toEqual([
      'address',
      'applicant-name',
      'bank-account',
      'id-number',
      'mobile',
    ]);
  });
});

describe('case numbers', () => {
  it('format and parse <district6>-<yyyymmdd>-<nnnn>', () => {
    expect(formatCaseNumber('110101', '2026-12-02', 7)).toBe('110101-20261202-0007');
    expect(parseCaseNumber('110101-20261202-0007')).toEqual({ district: '110101', date: '2026-12-02', n: 7 });
    expect(parseCaseNumber('110101-2026122-0007')).toBeUndefined();
    expect(() => formatCaseNumber('110101', '2026-12-02', 10_000)).toThrow(RangeError);
    expect(() => formatCaseNumber('1101', '2026-12-02', 1)).toThrow(RangeError);
  });
});
