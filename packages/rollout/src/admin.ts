/**
 * Governance of the stored flags: every change is dry-run against every district, recorded
 * (who, when, why, diff), and either saved or — when it affects more than `threshold` districts —
 * parked until a different ministry admin approves it. The kill switch skips approval.
 */
import { Errors, LinliError, newId, parseOrThrow } from '@linli/core';
import {
  applyDueChanges,
  applyPlan,
  approveChange,
  type ChangeKind,
  type ChangeRecord,
  compileFlags,
  type DryRunResult,
  dryRun,
  evaluate,
  type FlagDefinition,
  type FlagDefinitionInput,
  flagDefinitionSchema,
  isApproved,
  killSwitch,
  type PromotionGuard,
  promoteWave,
  type RolloutPlan,
  type RolloutPlanInput,
  recordChange,
  rolloutPlanSchema,
  type ScheduledChangeInput,
  TIER_LABELS,
  tierRank,
} from '@linli/flags';
import type { Tenant, TenantRegistry } from '@linli/tenancy';
import { ROLLOUT_STATUSES, tenantContextOf } from './context.ts';
import type { FlagService } from './service.ts';
import { type FlagState, type FlagStore, type PendingChange, versionConflict } from './store.ts';

export interface Actor {
  /** Stable id of the ministry admin (the Cognito `sub`), compared for four eyes. */
  readonly id: string;
  /** Shown in history. */
  readonly name: string;
}

export interface DryRunRow {
  readonly tenantId: string;
  readonly name: string;
  readonly flagKey: string;
  readonly before: string;
  readonly after: string;
}

/** A dry run as the console shows it: named districts, and whether four eyes will be needed. */
export interface DryRunSummary {
  readonly gains: readonly DryRunRow[];
  readonly losses: readonly DryRunRow[];
  readonly affectedTenants: number;
  readonly threshold: number;
  readonly needsSecondApproval: boolean;
}

export interface ChangeOutcome {
  readonly status: 'applied' | 'pending';
  readonly version: number;
  readonly change: ChangeRecord;
  readonly pending?: PendingChange;
  readonly dryRun: DryRunSummary;
}

export interface FlagAdminOptions {
  /** Changes affecting more districts than this need a second admin. @default 2 */
  readonly threshold?: number;
  /** The ministry console's indicators hook; without it promotion needs a written justification. */
  readonly guard?: PromotionGuard;
  readonly clock?: () => number;
}

const notFound = (key: string) => Errors.notFound({ zh: `开关 ${key} 不存在`, en: `no flag ${key}` });

const overrideRefused = (zh: string, en: string) =>
  new LinliError('OVERRIDE_NOT_ALLOWED', 409, {
    zh: `不能自行调整该模块：${zh}`,
    en: `This module cannot be switched by the district: ${en}`,
  });

/** Ministry-side operations on the stored flags, plus the district's bounded opt-in / opt-out. */
export class FlagAdmin {
  readonly threshold: number;
  readonly #clock: () => number;
  readonly #guard: PromotionGuard | undefined;

  constructor(
    private readonly store: FlagStore,
    private readonly service: FlagService,
    private readonly registry: Pick<TenantRegistry, 'list'>,
    options: FlagAdminOptions = {},
  ) {
    this.threshold = options.threshold ?? 2;
    this.#clock = options.clock ?? Date.now;
    this.#guard = options.guard;
  }

  /** Districts the rollout reaches, with their own choices. */
  async districts(): Promise<Tenant[]> {
    return (await this.registry.list()).filter((t) => ROLLOUT_STATUSES.has(t.status));
  }

  async #dryRun(
    before: FlagState['set'],
    after: FlagState['set'],
    at: number,
  ): Promise<{
    raw: DryRunResult;
    summary: DryRunSummary;
  }> {
    const tenants = await this.districts();
    const names = new Map(tenants.map((t) => [t.id, t.name]));
    const ctxs = tenants.map((t) => tenantContextOf(t, this.service.overridesOf(t.id)));
    const raw = dryRun(before, after, ctxs, at);
    const row = (c: DryRunResult['gains'][number]): DryRunRow => ({
      tenantId: c.tenantId,
      name: names.get(c.tenantId) ?? c.tenantId,
      flagKey: c.flagKey,
      before: c.before?.detail.zh ?? '',
      after: c.after?.detail.zh ?? '',
    });
    return {
      raw,
      summary: {
        gains: raw.gains.map(row),
        losses: raw.losses.map(row),
        affectedTenants: raw.affectedTenants.length,
        threshold: this.threshold,
        needsSecondApproval: raw.affectedTenants.length > this.threshold,
      },
    };
  }

  #def(state: FlagState, key: string): FlagDefinition {
    const def = state.set.flags.find((f) => f.key === key);
    if (!def) throw notFound(key);
    return def;
  }

  #withDefinition(state: FlagState, key: string, input: FlagDefinitionInput): FlagState {
    const def = parseOrThrow(flagDefinitionSchema, input);
    if (def.key !== key)
      throw Errors.validation({ zh: `定义的 key 应为 ${key}`, en: `the definition's key must be ${key}` });
    const exists = state.set.flags.some((f) => f.key === key);
    const flags = exists ? state.set.flags.map((f) => (f.key === key ? def : f)) : [...state.set.flags, def];
    const set = { ...state.set, flags };
    compileFlags(set); // validate the whole set (prerequisite cycles) before anything is stored
    return { ...state, set };
  }

  async #current(expectedVersion: number | undefined): Promise<FlagState> {
    const state = await this.store.current();
    if (expectedVersion !== undefined && expectedVersion !== state.version)
      throw versionConflict(expectedVersion, state.version);
    return state;
  }

  /** Preview a definition: who gains or loses what, and whether four eyes will be needed. */
  async previewDefinition(
    key: string,
    input: FlagDefinitionInput,
  ): Promise<DryRunSummary & { version: number }> {
    const state = await this.store.current();
    const next = this.#withDefinition(state, key, input);
    return { version: state.version, ...(await this.#dryRun(state.set, next.set, this.#clock())).summary };
  }

  /**
   * The one pipeline: dry run at `at`, record, then save or park for a second admin. A kill switch
   * is saved at once (approval `none`).
   */
  async #propose(input: {
    readonly before: FlagState;
    readonly after: Omit<FlagState, 'version'>;
    readonly kind: ChangeKind;
    readonly flagKey: string;
    readonly actor: Actor;
    readonly why: string;
    readonly at?: number;
  }): Promise<ChangeOutcome> {
    const now = this.#clock();
    const { raw, summary } = await this.#dryRun(input.before.set, input.after.set, input.at ?? now);
    const change = recordChange({
      before: input.before.set,
      after: input.after.set,
      dryRun: raw,
      kind: input.kind,
      who: input.actor.id,
      why: input.why,
      now,
      threshold: this.threshold,
    });
    if (isApproved(change)) {
      const saved = await this.store.save(input.before.version, input.after, change);
      await this.service.refresh(true);
      return {
        status: 'applied',
        version: saved.version,
        change: { ...change, version: saved.version },
        dryRun: summary,
      };
    }
    const pending: PendingChange = {
      id: newId(),
      status: 'pending',
      baseVersion: input.before.version,
      flagKey: input.flagKey,
      record: change,
      byFlag: raw.byFlag,
      proposed: input.after,
    };
    await this.store.putPending(pending);
    return { status: 'pending', version: input.before.version, change, pending, dryRun: summary };
  }

  /** Save a definition (new or changed) with its reason. */
  async putDefinition(
    key: string,
    input: FlagDefinitionInput,
    opts: { expectedVersion: number; actor: Actor; why: string },
  ): Promise<ChangeOutcome> {
    const before = await this.#current(opts.expectedVersion);
    const next = this.#withDefinition(before, key, input);
    return this.#propose({
      before,
      after: next,
      kind: 'edit',
      flagKey: key,
      actor: opts.actor,
      why: opts.why,
    });
  }

  /** Second admin approves: must differ from the author; the set must not have moved since. */
  async approve(id: string, actor: Actor, note?: string): Promise<ChangeOutcome> {
    const p = await this.store.getPending(id);
    if (p?.status !== 'pending')
      throw Errors.notFound({ zh: `待审批变更 ${id}`, en: `pending change ${id}` });
    const record = approveChange(p.record, actor.id, this.#clock());
    const state = await this.store.current();
    if (state.version !== p.baseVersion) {
      await this.store.decidePending(
        { ...p, decidedBy: actor.id, decidedAt: new Date(this.#clock()).toISOString() },
        'stale',
      );
      throw new LinliError('CHANGE_STALE', 409, {
        zh: `提交后开关配置已更新（版本 ${p.baseVersion} → ${state.version}），请重新提交该变更`,
        en: `The flags changed since this was proposed (version ${p.baseVersion} → ${state.version}); propose it again`,
      });
    }
    if (!isApproved(record))
      throw new LinliError('CHANGE_NOT_APPROVED', 409, { zh: '仍需审批', en: 'still needs approval' });
    const decided = {
      ...p,
      record,
      decidedBy: actor.id,
      decidedAt: new Date(this.#clock()).toISOString(),
      ...(note ? { decisionNote: note } : {}),
    };
    await this.store.decidePending(decided, 'approved');
    const saved = await this.store.save(p.baseVersion, p.proposed, record);
    await this.service.refresh(true);
    const dryRun: DryRunSummary = {
      gains: [],
      losses: [],
      affectedTenants: record.affectedTenants,
      threshold: this.threshold,
      needsSecondApproval: true,
    };
    return {
      status: 'applied',
      version: saved.version,
      change: { ...record, version: saved.version },
      dryRun,
    };
  }

  async reject(id: string, actor: Actor, note: string): Promise<PendingChange> {
    const p = await this.store.getPending(id);
    if (p?.status !== 'pending')
      throw Errors.notFound({ zh: `待审批变更 ${id}`, en: `pending change ${id}` });
    if (!note.trim()) throw Errors.validation({ zh: '请填写驳回理由', en: 'a reason is required' });
    const decided = {
      ...p,
      decidedBy: actor.id,
      decidedAt: new Date(this.#clock()).toISOString(),
      decisionNote: note,
    };
    await this.store.decidePending(decided, 'rejected');
    return { ...decided, status: 'rejected' };
  }

  /** Kill switch: instant, no approval, audited by the caller; retried over concurrent saves. */
  async kill(key: string, actor: Actor, why: string): Promise<ChangeOutcome> {
    for (let attempt = 0; ; attempt++) {
      const before = await this.store.current();
      this.#def(before, key);
      const set = killSwitch(before.set, key);
      try {
        return await this.#propose({
          before,
          after: { ...before, set: { ...set, version: before.version } },
          kind: 'kill-switch',
          flagKey: key,
          actor,
          why,
        });
      } catch (err) {
        if (attempt < 3 && err instanceof LinliError && err.code === 'VERSION_CONFLICT') continue;
        throw err;
      }
    }
  }

  /** A flag's plan (or an empty one). */
  planOf(state: FlagState, key: string): RolloutPlan | undefined {
    return state.plans[key];
  }

  /**
   * Save a module's waves. Promotions already confirmed stay with their wave (same id); the
   * flag's `plan:*` rules are regenerated, so editing a promoted wave's cohort is a real change.
   */
  async savePlan(
    key: string,
    input: RolloutPlanInput,
    opts: { expectedVersion: number; actor: Actor; why: string },
  ): Promise<ChangeOutcome> {
    const before = await this.#current(opts.expectedVersion);
    const def = this.#def(before, key);
    const old = before.plans[key];
    const promotions = new Map(old?.waves.map((w) => [w.id, w.promotion]) ?? []);
    const incoming = parseOrThrow(rolloutPlanSchema, { ...input, flagKey: key });
    const plan: RolloutPlan = {
      ...incoming,
      // A plan saved without thresholds (the flag console's wave editor) keeps the ones it had.
      ...(incoming.thresholds === undefined && old?.thresholds ? { thresholds: old.thresholds } : {}),
      waves: incoming.waves.map(({ promotion: _ignored, ...w }) => {
        const kept = promotions.get(w.id);
        return kept ? { ...w, promotion: kept } : w;
      }),
    };
    const nextDef = applyPlan(def, plan);
    const next = this.#withDefinition(before, key, nextDef);
    return this.#propose({
      before,
      after: { ...next, plans: { ...before.plans, [key]: plan } },
      kind: 'edit',
      flagKey: key,
      actor: opts.actor,
      why: opts.why,
    });
  }

  /** Guarded promotion of one wave (justification until indicators exist), then the usual pipeline. */
  async promote(
    key: string,
    waveId: string,
    opts: {
      expectedVersion: number;
      actor: Actor;
      justification?: string;
      indicators?: Readonly<Record<string, number>>;
      /** The guard of this promotion (the plan's thresholds over the measured indicators). */
      guard?: PromotionGuard;
      /** Recorded as the change's reason (e.g. an override and who approved it). */
      why?: string;
    },
  ): Promise<ChangeOutcome> {
    const before = await this.#current(opts.expectedVersion);
    const def = this.#def(before, key);
    const plan = before.plans[key];
    if (!plan) throw Errors.notFound({ zh: `${key} 尚无推广计划`, en: `${key} has no rollout plan` });
    const index = plan.waves.findIndex((w) => w.id === waveId);
    const promoted = promoteWave(plan, index, {
      confirmedBy: opts.actor.id,
      now: this.#clock(),
      ...(opts.justification !== undefined ? { justification: opts.justification } : {}),
      ...(opts.indicators ? { indicators: opts.indicators } : {}),
      ...((opts.guard ?? this.#guard) ? { guard: (opts.guard ?? this.#guard)! } : {}),
    });
    const next = this.#withDefinition(before, key, applyPlan(def, promoted));
    const wave = promoted.waves[index];
    // The wave may start later: the dry run looks at its start, when its districts really gain it.
    const at = Math.max(this.#clock(), Date.parse(wave?.startsAt ?? '') || 0);
    return this.#propose({
      before,
      after: { ...next, plans: { ...before.plans, [key]: promoted } },
      kind: 'promotion',
      flagKey: key,
      actor: opts.actor,
      why: opts.why ?? (opts.justification?.trim() || `推进 ${waveId} / promote ${waveId}`),
      at,
    });
  }

  /**
   * Schedule a change for later. Its dry run is taken at its time, so a scheduled change that will
   * affect many districts needs four eyes now, not never.
   */
  async schedule(
    key: string,
    input: Omit<ScheduledChangeInput, 'id' | 'flagKey'>,
    opts: { expectedVersion: number; actor: Actor; why: string },
  ): Promise<ChangeOutcome> {
    const before = await this.#current(opts.expectedVersion);
    this.#def(before, key);
    const change = { ...input, id: newId(), flagKey: key } as ScheduledChangeInput;
    const at = Date.parse(String(input.at));
    if (!(at > this.#clock()))
      throw Errors.validation({ zh: '计划时间须在将来', en: 'the scheduled time must be in the future' });
    const preview = applyDueChanges(before.set, [change], at); // validates the change
    const scheduled = preview.applied[0];
    if (!scheduled) throw Errors.validation({ zh: '计划变更无效', en: 'invalid scheduled change' });
    const afterAt = { ...before, set: preview.set };
    const { raw, summary } = await this.#dryRun(before.set, afterAt.set, at);
    const record = recordChange({
      before: before.set,
      after: afterAt.set,
      dryRun: raw,
      kind: 'scheduled',
      who: opts.actor.id,
      why: opts.why,
      now: this.#clock(),
      threshold: this.threshold,
    });
    const after = { set: before.set, plans: before.plans, schedule: [...before.schedule, scheduled] };
    if (isApproved(record)) {
      const saved = await this.store.save(before.version, after, record);
      await this.service.refresh(true);
      return { status: 'applied', version: saved.version, change: record, dryRun: summary };
    }
    const pending: PendingChange = {
      id: newId(),
      status: 'pending',
      baseVersion: before.version,
      flagKey: key,
      record,
      byFlag: raw.byFlag,
      proposed: after,
    };
    await this.store.putPending(pending);
    return { status: 'pending', version: before.version, change: record, pending, dryRun: summary };
  }

  // ---------------------------------------------------------------------------------------------
  // District opt-in / opt-out

  /**
   * Whether the district may switch `key` on (`optIn`) / off (`optOut`), and why not. The bounds
   * are the definition's `districtOverride`: minimum tier plus extra conditions.
   */
  overrideBounds(
    tenant: Tenant,
    key: string,
  ): { readonly optIn: boolean; readonly optOut: boolean; readonly why: { zh: string; en: string } } {
    const state = this.service.state;
    const def = state.set.flags.find((f) => f.key === key);
    if (!def) throw notFound(key);
    const policy = def.districtOverride;
    if (!policy)
      return {
        optIn: false,
        optOut: false,
        why: {
          zh: '由民政部统一配置，区县不能自行调整',
          en: 'set by the ministry; districts cannot switch it',
        },
      };
    const fits = (
      bound: NonNullable<typeof policy.optIn> | undefined,
    ): { ok: boolean; zh: string; en: string } => {
      if (!bound) return { ok: false, zh: '规则不允许', en: 'not allowed by the rule' };
      if (bound.minTier && tierRank(tenant.tier) < tierRank(bound.minTier))
        return {
          ok: false,
          zh: `需${TIER_LABELS[bound.minTier].zh}及以上`,
          en: `needs ${TIER_LABELS[bound.minTier].en} tier or above`,
        };
      if (bound.conditions.length === 0) return { ok: true, zh: '', en: '' };
      // Reuse the engine for the extra conditions: a one-rule probe flag.
      const probe = compileFlags({
        segments: state.set.segments,
        flags: [
          {
            key: 'probe',
            labels: { zh: 'probe', en: 'probe' },
            kind: 'operational',
            rules: [{ id: 'bound', conditions: bound.conditions }],
          },
        ],
      });
      const r = evaluate(probe, 'probe', tenantContextOf(tenant), this.#clock());
      return r.value
        ? { ok: true, zh: '', en: '' }
        : { ok: false, zh: `仅限：${r.detail.zh}`, en: `only for: ${r.detail.en}` };
    };
    const i = fits(policy.optIn);
    const o = fits(policy.optOut);
    const why =
      i.ok || o.ok
        ? { zh: '规则允许本区县自行调整', en: 'the rule lets the district choose' }
        : { zh: policy.optIn ? i.zh : o.zh, en: policy.optIn ? i.en : o.en };
    return { optIn: i.ok, optOut: o.ok, why };
  }

  /** The district's own choice for one module (`null` clears it), within the definition's bounds. */
  async setOverride(
    tenant: Tenant,
    key: string,
    enabled: boolean | null,
    actor: Actor,
  ): Promise<Readonly<Record<string, boolean>>> {
    await this.service.refresh(true);
    const bounds = this.overrideBounds(tenant, key);
    if (enabled === true && !bounds.optIn) throw overrideRefused(bounds.why.zh, bounds.why.en);
    if (enabled === false && !bounds.optOut) throw overrideRefused(bounds.why.zh, bounds.why.en);
    const current = { ...this.service.overridesOf(tenant.id) };
    if (enabled === null) delete current[key];
    else current[key] = enabled;
    await this.store.putOverrides({
      tenantId: tenant.id,
      overrides: current,
      updatedBy: actor.id,
      updatedAt: new Date(this.#clock()).toISOString(),
    });
    await this.service.refresh(true);
    return current;
  }
}
