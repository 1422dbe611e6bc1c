import { describe, expect, it } from 'vitest';
import {
  checkCode,
  hashCode,
  inviteCode,
  MAX_CODE_ATTEMPTS,
  maskEmail,
  maskMobile,
  numericCode,
  passwordSchema,
} from '../src/index.ts';

const pepper = 'test-pepper';

describe('one-time codes', () => {
  it('stores only an HMAC: the hash is not the code and depends on the pepper', () => {
    const code = numericCode();
    expect(code).toMatch(/^\d{6}$/);
    const h = hashCode(pepper, code);
    expect(h).toMatch(/^[0-9a-f]{64}$/);
    expect(h).not.toContain(code);
    expect(hashCode('other', code)).not.toBe(h);
  });

  it('invite codes avoid look-alike characters and compare case-insensitively', () => {
    const code = inviteCode();
    expect(code).toMatch(/^[A-HJKMNP-TV-Z2-9]{10}$/);
    const stored = { hash: hashCode(pepper, code), validUntil: 2_000, attempts: 0 };
    expect(checkCode(pepper, stored, code.toLowerCase(), 1_000)).toBe('ok');
  });

  it('expires, counts attempts and is single-use', () => {
    const stored = { hash: hashCode(pepper, '123456'), validUntil: 10_000, attempts: 0 };
    expect(checkCode(pepper, stored, '123456', 9_999)).toBe('ok');
    expect(checkCode(pepper, stored, '123456', 10_001)).toBe('expired');
    expect(checkCode(pepper, stored, '654321', 5_000)).toBe('mismatch');
    expect(checkCode(pepper, { ...stored, attempts: MAX_CODE_ATTEMPTS }, '123456', 5_000)).toBe(
      'too-many-attempts',
    );
    expect(checkCode(pepper, { ...stored, usedAt: 'x' }, '123456', 5_000)).toBe('used');
  });
});

describe('masking and password policy', () => {
  it('masks contacts', () => {
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskEmail('zhang.san@yuhang.gov.cn')).toBe('z***@yuhang.gov.cn');
  });

  it('needs ≥ 10 characters with letters and digits', () => {
    expect(passwordSchema.safeParse('short1A').success).toBe(false);
    expect(passwordSchema.safeParse('onlyletterspassword').success).toBe(false);
    expect(passwordSchema.safeParse('linli-2026-ok').success).toBe(false);
    expect(passwordSchema.safeParse('Linli20260ok').success).toBe(false);
    expect(passwordSchema.safeParse('Linli-2026-ok').success).toBe(true);
  });
});
