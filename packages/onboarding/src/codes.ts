import { createHmac, randomInt, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes (admin verification, staff invitations). Only an HMAC of a code is stored, so a
 * read of the control table does not reveal a usable code; comparison is constant-time.
 */
export const hashCode = (pepper: string, code: string): string =>
  createHmac('sha256', pepper).update(code.trim().toUpperCase()).digest('hex');

export const codeMatches = (pepper: string, code: string, storedHash: string): boolean => {
  const a = Buffer.from(hashCode(pepper, code), 'hex');
  const b = Buffer.from(storedHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
};

/** A numeric code (SMS-friendly). */
export const numericCode = (digits = 6): string =>
  Array.from({ length: digits }, () => String(randomInt(10))).join('');

const ALPHABET = 'ABCDEFGHJKMNPQRSTVWXYZ23456789';
/** An invite code without look-alike characters (no 0/O, 1/I/L, U). */
export const inviteCode = (length = 10): string =>
  Array.from({ length }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');

export type CodeCheck = 'ok' | 'expired' | 'mismatch' | 'used' | 'too-many-attempts';

export interface StoredCode {
  readonly hash: string;
  /** Epoch milliseconds after which the code is refused. */
  readonly validUntil: number;
  readonly attempts: number;
  readonly usedAt?: string;
}

export const MAX_CODE_ATTEMPTS = 5;

/** Decide on a presented code; order matters: a used or expired code says so even when it matches. */
export const checkCode = (pepper: string, stored: StoredCode, code: string, now: number): CodeCheck => {
  if (stored.usedAt) return 'used';
  if (now > stored.validUntil) return 'expired';
  if (stored.attempts >= MAX_CODE_ATTEMPTS) return 'too-many-attempts';
  return codeMatches(pepper, code, stored.hash) ? 'ok' : 'mismatch';
};
