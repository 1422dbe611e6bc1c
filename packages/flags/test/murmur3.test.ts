import { createRequire } from 'node:module';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BUCKETS, bucketOf, murmur3_32 } from '../src/index.ts';

// Unleash's own dependency: the reference implementation (hashes char codes & 0xff, i.e. bytes).
const ref = createRequire(import.meta.url)('murmurhash3js') as {
  x86: { hash32(s: string, seed?: number): number };
};
const bytesAsBinaryString = (s: string) => String.fromCharCode(...new TextEncoder().encode(s));

describe('murmur3_32 (x86, 32-bit)', () => {
  it.each([
    ['', 0, 0],
    ['', 1, 0x514e28b7],
    ['hello', 0, 0x248bfa47],
    ['The quick brown fox jumps over the lazy dog', 0, 0x2e4ff723],
    ['a', 0, 0x3c2569b2],
    ['abc', 0, 0xb3dd93fa],
    ['abcd', 0, 0x43ed676a],
  ])('murmur3_32(%j, %i) = %i', (input, seed, expected) => {
    expect(murmur3_32(input, seed)).toBe(expected);
  });

  it('agrees with murmurhash3js (used by unleash-client) on ASCII strings and seeds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii', maxLength: 80 }), fc.nat(), (s, seed) => {
        expect(murmur3_32(s, seed)).toBe(ref.x86.hash32(s, seed));
      }),
    );
  });

  it('hashes the UTF-8 bytes of non-ASCII text (Chinese, emoji)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(murmur3_32(s)).toBe(ref.x86.hash32(bytesAsBinaryString(s), 0));
      }),
    );
    expect(murmur3_32('东城区')).toBe(ref.x86.hash32(bytesAsBinaryString('东城区'), 0));
  });

  it('works for inputs longer than the scratch buffer', () => {
    const long = 'x'.repeat(5000);
    expect(murmur3_32(long)).toBe(ref.x86.hash32(long, 0));
  });
});

describe('bucketOf', () => {
  it('is murmur3 of "flagKey:tenantId" modulo 10 000', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (f, t) => {
        const b = bucketOf(f, t);
        expect(b).toBe(murmur3_32(`${f}:${t}`, 0) % BUCKETS);
        expect(b).toBeGreaterThanOrEqual(0);
        expect(b).toBeLessThan(BUCKETS);
      }),
    );
  });
});
