/**
 * Per-tenant evaluated flag sets kept in a function's memory: a short TTL plus a version check, so
 * request handlers never read the control plane per request.
 */
import type { EvaluatedFlags } from './engine.ts';

export interface EvaluatedSetCacheOptions {
  /** @default 30_000 */
  readonly ttlMs?: number;
  /** Oldest entries are dropped beyond this. @default 1_000 */
  readonly maxEntries?: number;
  /** @default Date.now */
  readonly clock?: () => number;
}

interface Entry {
  readonly version: number;
  readonly expires: number;
  readonly value: EvaluatedFlags;
}

export class EvaluatedSetCache {
  readonly #entries = new Map<string, Entry>();
  readonly #ttl: number;
  readonly #max: number;
  readonly #clock: () => number;

  constructor(options: EvaluatedSetCacheOptions = {}) {
    this.#ttl = options.ttlMs ?? 30_000;
    this.#max = options.maxEntries ?? 1_000;
    this.#clock = options.clock ?? Date.now;
  }

  /** The cached set when fresh and of `version`; otherwise `compute()`, stored and returned. */
  get(tenantId: string, version: number, compute: () => EvaluatedFlags): EvaluatedFlags {
    const now = this.#clock();
    const hit = this.#entries.get(tenantId);
    if (hit && hit.version === version && hit.expires > now) return hit.value;
    const value = compute();
    this.#entries.delete(tenantId);
    if (this.#entries.size >= this.#max) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(tenantId, { version, expires: now + this.#ttl, value });
    return value;
  }

  /** Drop one tenant, or everything. */
  invalidate(tenantId?: string): void {
    if (tenantId === undefined) this.#entries.clear();
    else this.#entries.delete(tenantId);
  }

  get size(): number {
    return this.#entries.size;
  }
}
