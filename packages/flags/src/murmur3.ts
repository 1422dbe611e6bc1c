/**
 * MurmurHash3 x86 32-bit over the UTF-8 bytes of a string, as Unleash hashes `groupId:userId`.
 * Written here (no dependency) because it sits on the hot path of every percentage rollout.
 */

let scratch = new Uint8Array(256);

/** UTF-8 encode into a reused buffer; returns the byte length. Avoids an allocation per hash. */
const encode = (s: string): number => {
  if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 3);
  const buf = scratch;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      buf[n++] = c;
    } else if (c < 0x800) {
      buf[n++] = 0xc0 | (c >> 6);
      buf[n++] = 0x80 | (c & 0x3f);
    } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo < 0xe000) {
        i++;
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        buf[n++] = 0xf0 | (c >> 18);
        buf[n++] = 0x80 | ((c >> 12) & 0x3f);
        buf[n++] = 0x80 | ((c >> 6) & 0x3f);
        buf[n++] = 0x80 | (c & 0x3f);
      } else {
        // Lone surrogate: U+FFFD, as TextEncoder does.
        buf[n++] = 0xef;
        buf[n++] = 0xbf;
        buf[n++] = 0xbd;
      }
    } else if (c >= 0xd800 && c < 0xe000) {
      buf[n++] = 0xef;
      buf[n++] = 0xbf;
      buf[n++] = 0xbd;
    } else {
      buf[n++] = 0xe0 | (c >> 12);
      buf[n++] = 0x80 | ((c >> 6) & 0x3f);
      buf[n++] = 0x80 | (c & 0x3f);
    }
  }
  return n;
};

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

/** MurmurHash3 x86 32-bit of the UTF-8 bytes of `input`; unsigned result. */
export const murmur3_32 = (input: string, seed = 0): number => {
  const len = encode(input);
  const b = scratch;
  let h = seed >>> 0;
  const blocks = len & ~3;
  let i = 0;
  for (; i < blocks; i += 4) {
    let k =
      (b[i] as number) |
      ((b[i + 1] as number) << 8) |
      ((b[i + 2] as number) << 16) |
      ((b[i + 3] as number) << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  switch (len & 3) {
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: the tail bytes fall through by design
    case 3:
      k ^= (b[i + 2] as number) << 16;
    // biome-ignore lint/suspicious/noFallthroughSwitchClause: the tail bytes fall through by design
    case 2:
      k ^= (b[i + 1] as number) << 8;
    case 1:
      k ^= b[i] as number;
      k = Math.imul(k, C1);
      k = (k << 15) | (k >>> 17);
      k = Math.imul(k, C2);
      h ^= k;
  }
  h ^= len;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
};

/** Number of rollout buckets: a percentage has a resolution of 0.01 %. */
export const BUCKETS = 10_000;

/**
 * Deterministic bucket 0..9999 of a tenant for a flag: murmur3(`${flagKey}:${tenantId}`, 0) mod 10 000.
 * A tenant is in a rollout of `pct` % iff `bucket < pct * 100`, so growing the percentage only adds
 * tenants.
 */
export const bucketOf = (flagKey: string, tenantId: string): number =>
  murmur3_32(`${flagKey}:${tenantId}`, 0) % BUCKETS;

/** True iff the tenant falls inside a `pct` % rollout (0..100) of `flagKey`. */
export const inRollout = (flagKey: string, tenantId: string, pct: number): boolean =>
  bucketOf(flagKey, tenantId) < Math.round(pct * 100);
