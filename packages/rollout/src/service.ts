/**
 * Distribution: each function keeps the compiled flag set and every district's own choices in
 * memory, checks the stored version at most every `refreshMs` (one GetItem of the pointer) and
 * evaluates per tenant through an `EvaluatedSetCache`. No DynamoDB read per request for flags.
 */
import {
  applyDueChanges,
  type ChangeRecord,
  type CompiledFlagSet,
  compileFlags,
  diffFlagSets,
  type EvaluatedFlags,
  EvaluatedSetCache,
  evaluateAll,
  type FlagEvaluation,
  isModuleKey,
  MODULE_KEYS,
} from '@linli/flags';
import type { Tenant } from '@linli/tenancy';
import { tenantCacheKey, tenantContextOf } from './context.ts';
import { type FlagState, type FlagStore, initialState, type Pointer } from './store.ts';

type TenantLike = Pick<Tenant, 'id' | 'divisionCode' | 'tier' | 'category' | 'wave'>;

export interface FlagServiceOptions {
  /** How often at most the stored version is checked. @default 10_000 (Lambda: 30_000) */
  readonly refreshMs?: number;
  /** TTL of a tenant's evaluated set (date conditions move with time). @default 30_000 */
  readonly cacheTtlMs?: number;
  /** @default Date.now */
  readonly clock?: () => number;
  /** Where a refresh that failed is reported. `createDeps` and `awsFlags` (`@linli/adapters`) pass
   * the Powertools logger; @default one JSON line on stderr (this package loads no logger). */
  readonly log?: (msg: string, extra: Record<string, unknown>) => void;
}

const defaultLog = (msg: string, extra: Record<string, unknown>) =>
  console.error(JSON.stringify({ level: 'WARN', msg, ...extra }));

export class FlagService {
  readonly store: FlagStore;
  readonly refreshMs: number;
  readonly #clock: () => number;
  readonly #log: (msg: string, extra: Record<string, unknown>) => void;
  readonly #cache: EvaluatedSetCache;
  /** Until the first load answers, the tier defaults (the set the store is seeded with), built on
   * first use: a Lambda's first request loads the stored set before it evaluates anything, so a
   * cold start never validates and compiles the built-in set only to replace it. */
  #state: FlagState | undefined;
  #compiled: CompiledFlagSet | undefined;
  #overrides = new Map<string, Record<string, boolean>>();
  #pointer: Pointer | undefined;
  /** Bumped on every reload of the set or of the overrides; the cache's version. */
  #generation = 0;
  #checkedAt = Number.NEGATIVE_INFINITY;
  #inflight: Promise<void> | undefined;

  constructor(store: FlagStore, options: FlagServiceOptions = {}) {
    this.store = store;
    this.refreshMs = options.refreshMs ?? 10_000;
    this.#clock = options.clock ?? Date.now;
    this.#log = options.log ?? defaultLog;
    this.#cache = new EvaluatedSetCache({ ttlMs: options.cacheTtlMs ?? 30_000, clock: this.#clock });
  }

  /** Seed the store when empty and load it. Call once at start (local runner, Lambda init). */
  async start(): Promise<this> {
    await this.store.ensureSeeded(this.#clock());
    await this.refresh(true);
    return this;
  }

  get version(): number {
    return this.#state?.version ?? 0;
  }

  /** The state this process evaluates (definitions, plans, schedule). */
  get state(): FlagState {
    this.#state ??= { version: 0, ...initialState() };
    return this.#state;
  }

  get compiled(): CompiledFlagSet {
    this.#compiled ??= compileFlags(this.state.set);
    return this.#compiled;
  }

  overridesOf(tenantId: string): Readonly<Record<string, boolean>> {
    return this.#overrides.get(tenantId) ?? {};
  }

  /** Check the stored version when the last check is older than `refreshMs`. */
  ensureFresh(): Promise<void> {
    if (this.#clock() - this.#checkedAt < this.refreshMs) return Promise.resolve();
    return this.refresh();
  }

  /**
   * One GetItem of the pointer; the version item and the overrides are read only when they
   * moved, and scheduled changes whose time has come are applied. Concurrent callers share one
   * refresh.
   */
  refresh(force = false): Promise<void> {
    if (!force && this.#inflight) return this.#inflight;
    const run = this.#refresh().finally(() => {
      if (this.#inflight === run) this.#inflight = undefined;
    });
    this.#inflight = run;
    return run;
  }

  async #refresh(): Promise<void> {
    let p = await this.store.pointer();
    if (!p) p = await this.store.ensureSeeded(this.#clock());
    if (p.nextDueAt && Date.parse(p.nextDueAt) <= this.#clock()) {
      await this.applyDue();
      p = (await this.store.pointer()) ?? p;
    }
    this.#checkedAt = this.#clock();
    const prev = this.#pointer;
    let changed = false;
    if (!prev || prev.version !== p.version || this.#state?.version !== p.version) {
      const state = await this.store.load(p.version);
      this.#compiled = compileFlags(state.set);
      this.#state = state;
      changed = true;
    }
    if (!prev || prev.overridesRev !== p.overridesRev) {
      this.#overrides = await this.store.overrides();
      changed = true;
    }
    this.#pointer = p;
    if (changed) {
      this.#generation++;
      this.#cache.invalidate();
    }
  }

  /**
   * Apply the scheduled changes whose time has come as a new version (kind `scheduled`, by the
   * scheduler; they were approved when scheduled). Called on a timer and from the version check.
   * Returns the change record, or undefined when nothing was due or another function won the race.
   */
  async applyDue(now = this.#clock()): Promise<ChangeRecord | undefined> {
    const state = await this.store.current();
    const { set, applied, pending } = applyDueChanges(state.set, state.schedule, now);
    if (applied.length === 0) return undefined;
    const plans = { ...state.plans };
    for (const c of applied) if (c.change.type === 'apply-plan') plans[c.flagKey] = c.change.plan;
    const at = new Date(now).toISOString();
    const change: ChangeRecord = {
      version: state.version + 1,
      previousVersion: state.version,
      kind: 'scheduled',
      who: 'system:scheduler',
      at,
      why: applied.map((c) => `${c.flagKey}: ${c.change.type} @ ${c.at} (${c.id})`).join('; '),
      diff: diffFlagSets(state.set, set),
      affectedTenants: 0,
      approval: 'none',
      approvals: [],
    };
    try {
      await this.store.save(state.version, { set, plans, schedule: pending }, change);
      return change;
    } catch (err) {
      if ((err as { code?: string }).code === 'VERSION_CONFLICT') return undefined;
      throw err;
    }
  }

  /** Refresh in the background when stale: request paths stay synchronous and never wait for I/O. */
  #kick(): void {
    if (this.#clock() - this.#checkedAt < this.refreshMs || this.#inflight) return;
    this.refresh().catch((error) => this.#log('flag refresh failed', { error: String(error) }));
  }

  /** Every flag of a district, evaluated now (from the in-memory cache). */
  evaluated(tenant: TenantLike): EvaluatedFlags {
    this.#kick();
    const compiled = this.compiled;
    return this.#cache.get(tenantCacheKey(tenant), this.#generation, () =>
      evaluateAll(compiled, tenantContextOf(tenant, this.#overrides.get(tenant.id)), this.#clock()),
    );
  }

  /** The enabled modules of a district: `ApiDeps.modulesFor`. */
  modulesFor(tenant: TenantLike): string[] {
    const flags = this.evaluated(tenant).flags;
    return MODULE_KEYS.filter((k) => flags[k]?.value === true);
  }

  /** Each module's value, reason, rule and bilingual tooltip for a district. */
  explain(tenant: TenantLike): Record<string, FlagEvaluation> {
    const flags = this.evaluated(tenant).flags;
    const out: Record<string, FlagEvaluation> = {};
    for (const [k, v] of Object.entries(flags)) if (isModuleKey(k)) out[k] = v;
    return out;
  }
}
