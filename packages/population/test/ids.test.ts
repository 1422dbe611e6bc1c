import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkCreditCode,
  citizenIdCheckChar,
  creditCodeCheckChar,
  ID_MESSAGES,
  makeCitizenId,
  makeCreditCode,
  upgradeLegacyId,
  validateCitizenId,
} from '../src/index.ts';

const now = new Date('2026-06-01T00:00:00Z');

describe('GB 11643 citizen ID numbers', () => {
  it('accepts the standard worked example and derives birth date and sex', () => {
    expect(validateCitizenId('11010519491231002X', { now })).toEqual({
      ok: true,
      id: '11010519491231002X',
      addressCode: '110105',
      birthDate: '1949-12-31',
      sex: 'female',
    });
  });

  it('accepts numbers whose check characters were computed by hand', () => {
    // 440305 19900228 001: Σ = 244, 244 mod 11 = 2 → X; 17th digit 1 is odd → male.
    expect(validateCitizenId('44030519900228001X', { now })).toMatchObject({
      ok: true,
      sex: 'male',
      birthDate: '1990-02-28',
    });
    // 320102 19800101 001: Σ = 127, 127 mod 11 = 6 → 6.
    expect(validateCitizenId('320102198001010016', { now })).toMatchObject({ ok: true, sex: 'male' });
  });

  it('normalises a lower-case x, spaces and full-width digits', () => {
    expect(validateCitizenId(' 110105 19491231 002x ', { now })).toMatchObject({
      ok: true,
      id: '11010519491231002X',
    });
    expect(validateCitizenId('１１０１０５１９４９１２３１００２Ｘ', { now })).toMatchObject({ ok: true });
  });

  it.each([
    ['11010519491231002Y', 'RESIDENT_ID_FORMAT'],
    ['1101051949123100', 'RESIDENT_ID_FORMAT'],
    ['X10105194912310020', 'RESIDENT_ID_FORMAT'],
    ['110105194912310021', 'RESIDENT_ID_CHECKSUM'],
    ['11010519491231003X', 'RESIDENT_ID_CHECKSUM'],
    ['110105491231002', 'RESIDENT_ID_LEGACY_15'],
    ['1.10105E+17', 'RESIDENT_ID_SCIENTIFIC'],
    ['', 'RESIDENT_ID_REQUIRED'],
  ])('refuses %s with %s', (id, code) => {
    const r = validateCitizenId(id, { now });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.code).toBe(code);
      expect(r.message).toEqual(ID_MESSAGES[r.code]);
    }
  });

  const withCheck = (first17: string) => first17 + citizenIdCheckChar(first17);

  it('refuses impossible, future and >130-year birth dates even with a correct check character', () => {
    for (const d of ['19000229', '19990230', '20011345', '20260602', '18900101']) {
      expect(validateCitizenId(withCheck(`110105${d}001`), { now })).toMatchObject({
        code: 'RESIDENT_ID_BIRTHDATE',
      });
    }
    expect(validateCitizenId(withCheck('11010520000229001'), { now })).toMatchObject({
      ok: true,
      birthDate: '2000-02-29',
    });
    expect(validateCitizenId(withCheck('11010520260601001'), { now })).toMatchObject({ ok: true });
  });

  it('refuses an implausible address code', () => {
    expect(validateCitizenId(withCheck('99010519491231002'), { now })).toMatchObject({
      code: 'RESIDENT_ID_ADDRESS',
    });
    expect(validateCitizenId(withCheck('11000019491231002'), { now })).toMatchObject({
      code: 'RESIDENT_ID_ADDRESS',
    });
  });

  it('upgrades a 15-digit legacy number with the 19xx century', () => {
    expect(upgradeLegacyId('110105491231002', { now })).toMatchObject({ ok: true, id: '11010519491231002X' });
    expect(upgradeLegacyId('110105490231002', { now })).toMatchObject({
      ok: false,
      code: 'RESIDENT_ID_BIRTHDATE',
    });
    expect(upgradeLegacyId('11010549123100', { now })).toMatchObject({
      ok: false,
      code: 'RESIDENT_ID_FORMAT',
    });
  });

  it('makeCitizenId builds valid numbers whose sex follows the sequence parity (property)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('110105', '440305', '510104', '650102'),
        fc.date({ min: new Date('1900-01-01'), max: new Date('2026-05-31'), noInvalidDate: true }),
        fc.integer({ min: 0, max: 999 }),
        (addr, date, seq) => {
          const id = makeCitizenId(addr, date, seq);
          const r = validateCitizenId(id, { now });
          expect(r.ok).toBe(true);
          if (r.ok) {
            expect(r.sex).toBe(seq % 2 === 1 ? 'male' : 'female');
            expect(r.birthDate).toBe(date.toISOString().slice(0, 10));
          }
        },
      ),
    );
  });

  it('detects every single-character substitution in the first 17 digits (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 16 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const id = '11010519491231002X';
        const d = (Number(id[pos]) + delta) % 10;
        const mutated = id.slice(0, pos) + d + id.slice(pos + 1);
        expect(validateCitizenId(mutated, { now }).ok).toBe(false);
      }),
    );
  });

  it('makeCitizenId refuses bad input', () => {
    expect(() => makeCitizenId('11010', '1990-01-01', 1)).toThrow(RangeError);
    expect(() => makeCitizenId('110105', '1990-02-30', 1)).toThrow(RangeError);
    expect(() => makeCitizenId('110105', '1990-01-01', 1000)).toThrow(RangeError);
  });
});

describe('GB 32100 unified social credit codes', () => {
  // Published codes of real organizations (Alibaba, Xiaomi, Tencent, a Fuzhou company with letters,
  // two Beijing companies registered at province level, a national social organization).
  it.each([
    '91330100716105852F',
    '91110108551385082Q',
    '9144030071526726XG',
    '91350100M000100Y43',
    '911100001000044477',
    '91110000802100433B',
    '53100000500021676K',
  ])('accepts %s without warnings', (code) => {
    expect(checkCreditCode(code)).toMatchObject({ ok: true, code, warnings: [] });
  });

  it('knows the civil-affairs department at position 1', () => {
    expect(checkCreditCode('53100000500021676K').department).toBe('5');
  });

  it('warns (and keeps the code) on a wrong check character', () => {
    const r = checkCreditCode('91330100716105852G');
    expect(r.ok).toBe(false);
    expect(r.code).toBe('91330100716105852G');
    expect(r.warnings.map((w) => w.code)).toContain('CREDIT_CODE_CHECKSUM');
    expect(r.warnings[0]!.message.zh).toMatch(/校验/);
  });

  it('detects every single-character substitution (property)', () => {
    const charset = '0123456789ABCDEFGHJKLMNPQRTUWXY';
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 17 }), fc.integer({ min: 1, max: 30 }), (pos, delta) => {
        const code = '91330100716105852F';
        const c = charset[(charset.indexOf(code[pos]!) + delta) % 31]!;
        const mutated = code.slice(0, pos) + c + code.slice(pos + 1);
        expect(checkCreditCode(mutated).warnings.map((w) => w.code)).toContain('CREDIT_CODE_CHECKSUM');
      }),
    );
  });

  it('reports format problems without a code', () => {
    for (const bad of [
      '9133010071610585',
      '91330100716105852FF',
      '9133010071610585IF',
      'O1330100716105852F',
    ]) {
      expect(checkCreditCode(bad)).toMatchObject({ ok: false, warnings: [{ code: 'CREDIT_CODE_FORMAT' }] });
      expect(checkCreditCode(bad).code).toBeUndefined();
    }
  });

  it('warns on an unknown department, a type the department cannot issue, and a bad area', () => {
    expect(checkCreditCode(makeCreditCode('01330100716105852')).warnings.map((w) => w.code)).toContain(
      'CREDIT_CODE_DEPARTMENT',
    );
    expect(checkCreditCode(makeCreditCode('95330100716105852')).warnings.map((w) => w.code)).toContain(
      'CREDIT_CODE_ORG_TYPE',
    );
    expect(checkCreditCode(makeCreditCode('91990100716105852')).warnings.map((w) => w.code)).toContain(
      'CREDIT_CODE_ADDRESS',
    );
    expect(checkCreditCode(makeCreditCode('91330100716105853')).warnings.map((w) => w.code)).toEqual([
      'CREDIT_CODE_ORG_CHECKSUM',
    ]);
  });

  it('creditCodeCheckChar refuses characters outside the charset', () => {
    expect(() => creditCodeCheckChar('9133010071610585I')).toThrow(RangeError);
  });
});
