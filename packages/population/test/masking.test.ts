import { ROLES } from '@linli/tables';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  fieldKind,
  MASKING_POLICY,
  makeCitizenId,
  maskAddress,
  maskBirthDate,
  maskIdNumber,
  maskMobile,
  maskName,
  maskRecord,
  PERSONAL_FIELDS,
  revealRecord,
} from '../src/index.ts';

const idArb = fc
  .tuple(
    fc.constantFrom('110105', '440305', '510104'),
    fc.date({ min: new Date('1920-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([a, d, s]) => makeCitizenId(a, d, s));
const mobileArb = fc
  .tuple(fc.constantFrom('138', '159', '186', '199'), fc.integer({ min: 0, max: 99_999_999 }))
  .map(([p, n]) => p + String(n).padStart(8, '0'));

describe('masking by kind', () => {
  it('masks the examples', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('张三丰')).toBe('张**');
    expect(maskName('欧阳娜娜')).toBe('欧阳**');
    expect(maskName('阿依古丽·买买提')).toBe('阿***·***');
    expect(maskName('王')).toBe('*');
    expect(maskAddress('北京市朝阳区建外街道光华里社区3号楼2单元501室')).toBe(
      '北京市朝阳区建外街道光华里社区*号楼*单元***室',
    );
    expect(maskAddress('朝阳路12号')).toBe('朝阳路***');
    expect(maskAddress('东四十条胡同')).toBe('东四十***');
    expect(maskBirthDate('1949-12-31')).toBe('1949-**-**');
  });

  it('ID numbers: length kept, the 8 middle characters hidden, ends kept, idempotent (property)', () => {
    fc.assert(
      fc.property(idArb, (id) => {
        const m = maskIdNumber(id);
        expect(m).toHaveLength(id.length);
        expect(m.slice(6, 14)).toBe('********');
        expect(m.includes(id.slice(6, 14))).toBe(false);
        expect(m.slice(0, 6) + m.slice(14)).toBe(id.slice(0, 6) + id.slice(14));
        expect(maskIdNumber(m)).toBe(m);
      }),
    );
  });

  it('mobiles: length kept, the 4 middle digits hidden, idempotent (property)', () => {
    fc.assert(
      fc.property(mobileArb, (mobile) => {
        const m = maskMobile(mobile);
        expect(m).toHaveLength(11);
        expect(m.slice(3, 7)).toBe('****');
        expect(m.slice(0, 3) + m.slice(7)).toBe(mobile.slice(0, 3) + mobile.slice(7));
        expect(maskMobile(m)).toBe(m);
      }),
    );
  });

  it('names: surname kept, everything else hidden, idempotent (property)', () => {
    const han = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
    fc.assert(
      fc.property(fc.array(han, { minLength: 2, maxLength: 6 }), (chars) => {
        const name = chars.join('');
        const m = maskName(name);
        expect(Array.from(m)).toHaveLength(chars.length);
        expect(m.startsWith(chars[0]!)).toBe(true);
        const kept = Array.from(m).filter((c) => c !== '*').length;
        expect(kept).toBeLessThanOrEqual(2);
        expect(maskName(m)).toBe(m);
      }),
    );
  });

  it('addresses: no digit survives after the community, idempotent (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('东城区多福巷社区', '朝阳区光华里社区', '昌平区回龙观村'),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 1, max: 9 }),
        fc.integer({ min: 101, max: 3304 }),
        (area, b, u, r) => {
          const address = `${area}${b}号楼${u}单元${r}室`;
          const m = maskAddress(address);
          expect(m.startsWith(area)).toBe(true);
          expect(m.slice(area.length)).not.toMatch(/\d/);
          expect(m).toHaveLength(address.length);
          expect(maskAddress(m)).toBe(m);
        },
      ),
    );
  });
});

describe('maskRecord and revealRecord', () => {
  const resident = {
    id: '01J0000000000000000000000A',
    name: '张三丰',
    idNumber: '11010519491231002X',
    mobile: '13812345678',
    birthDate: '1949-12-31',
    sex: 'female',
    tags: ['low-income', 'disabled'],
    communityCode: '110105001001',
    room: '501',
    somethingNew: 'unclassified value',
  };

  it('ministry roles receive no personal field at all', () => {
    for (const role of ['ministry-admin', 'ministry-analyst'] as const) {
      expect(maskRecord(resident, role)).toEqual({ id: resident.id, communityCode: '110105001001' });
    }
  });

  it('no role sees an ID number, mobile or name in clear by default', () => {
    for (const role of ROLES) {
      const out = maskRecord(resident, role);
      const text = JSON.stringify(out);
      expect(text).not.toContain('11010519491231002X');
      expect(text).not.toContain('13812345678');
      expect(text).not.toContain('张三丰');
      expect(text).not.toContain('low-income');
      expect(text).not.toContain('unclassified value');
    }
  });

  it('staff see masked values; departments do not see sensitive tags; the hotline sees little', () => {
    expect(maskRecord(resident, 'community-worker')).toMatchObject({
      name: '张**',
      idNumber: '110105********002X',
      mobile: '138****5678',
      birthDate: '1949-**-**',
      tags: ['***', '***'],
    });
    expect(maskRecord(resident, 'department-staff')).not.toHaveProperty('tags');
    expect(Object.keys(maskRecord(resident, 'call-centre-operator')).sort()).toEqual(
      ['communityCode', 'id', 'idNumber', 'mobile', 'name'].sort(),
    );
  });

  it('never leaks personal values for any role and any record (property)', () => {
    const personal = Object.keys(PERSONAL_FIELDS);
    fc.assert(
      fc.property(
        fc.constantFrom(...ROLES),
        fc.dictionary(
          fc.constantFrom(...personal, 'extra1', 'extra2'),
          fc.stringMatching(/^[0-9A-Za-z\u4e00-\u4e20]{12,30}$/),
        ),
        (role, record) => {
          const out = maskRecord(record, role) as Record<string, unknown>;
          for (const [k, v] of Object.entries(record)) {
            // only the demographic kind is ever in clear, and only for the district's own staff
            const clear = MASKING_POLICY[role][fieldKind(k)!] === 'clear';
            if (k in out && !clear) expect(out[k]).not.toBe(v);
          }
        },
      ),
    );
  });

  it("shows sex, registration and ethnicity in clear to the district's own staff only", () => {
    const r = { ...resident, registration: 'migrant', ethnicity: '06', education: 'bachelor' };
    for (const role of ['district-admin', 'street-staff', 'community-worker'] as const) {
      expect(maskRecord(r, role)).toMatchObject({ sex: 'female', registration: 'migrant', ethnicity: '06' });
      expect(maskRecord(r, role).education).toBe('***');
    }
    expect(maskRecord(r, 'department-staff')).toMatchObject({
      sex: '***',
      registration: '***',
      ethnicity: '***',
    });
    const hotline = maskRecord(r, 'call-centre-operator');
    expect(hotline).not.toHaveProperty('sex');
    expect(hotline).not.toHaveProperty('ethnicity');
    expect(Object.values(PERSONAL_FIELDS).filter((k) => k === 'demographic')).toHaveLength(3);
    for (const role of ROLES)
      for (const [kind, shown] of Object.entries(MASKING_POLICY[role]))
        if (shown === 'clear') expect(kind).toBe('demographic');
  });

  it('reveals only with a reason and only what the role may reveal', () => {
    const r = revealRecord(resident, 'community-worker', {
      fields: ['idNumber'],
      reason: '核对低保申请材料',
    });
    expect(r.record.idNumber).toBe('11010519491231002X');
    expect(r.record.mobile).toBe('138****5678');
    expect(r.revealed).toEqual(['idNumber']);
    expect(() => revealRecord(resident, 'community-worker', { fields: ['idNumber'], reason: ' ' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(() =>
      revealRecord(resident, 'ministry-admin', { fields: ['name'], reason: '统计核对需要' }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() =>
      revealRecord(resident, 'call-centre-operator', { fields: ['idNumber'], reason: '来电核实身份' }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() =>
      revealRecord(resident, 'department-staff', { fields: ['tags'], reason: '业务办理需要' }),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
  });
});
