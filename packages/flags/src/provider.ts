/**
 * OpenFeature server provider over the engine: `targetingKey` is the tenant id; tier, division
 * code, wave and the category dimensions come from the evaluation context.
 */
import {
  ErrorCode,
  type EvaluationContext,
  type JsonValue,
  OpenFeatureEventEmitter,
  type Provider,
  ProviderEvents,
  type ResolutionDetails,
} from '@openfeature/server-sdk';
import { type CompiledFlagSet, compileFlags, evaluate, type FlagEvaluation } from './engine.ts';
import { diffFlagSets } from './governance.ts';
import { type FlagSetInput, type TenantContext, tenantContextSchema } from './schema.ts';
import { CATEGORY_DIMENSION_KEYS } from './vocabulary.ts';

type Resolution<T> = ResolutionDetails<T>;

/**
 * Read a tenant context from an OpenFeature context. Category dimensions may be top-level
 * (`migrantShare: 'high'`) or under `category`. Returns null when it does not describe a district.
 */
export const tenantContextFrom = (ctx: EvaluationContext): TenantContext | null => {
  const nested = (ctx.category ?? {}) as Record<string, unknown>;
  const category: Record<string, unknown> = {};
  for (const d of CATEGORY_DIMENSION_KEYS) category[d] = ctx[d] ?? nested[d];
  const parsed = tenantContextSchema.safeParse({
    tenantId: ctx.targetingKey,
    divisionCode: ctx.divisionCode,
    tier: ctx.tier,
    category,
    ...(ctx.wave !== undefined ? { wave: ctx.wave } : {}),
    ...(ctx.overrides !== undefined ? { overrides: ctx.overrides } : {}),
  });
  return parsed.success ? parsed.data : null;
};

export interface LinliFlagProviderOptions {
  /** Clock for date conditions; defaults to `Date.now`. */
  readonly clock?: () => number;
}

export class LinliFlagProvider implements Provider {
  readonly metadata = { name: 'linli-flags' } as const;
  readonly runsOn = 'server' as const;
  readonly events = new OpenFeatureEventEmitter();
  #set: CompiledFlagSet;
  readonly #clock: () => number;

  constructor(flags: FlagSetInput | CompiledFlagSet, options: LinliFlagProviderOptions = {}) {
    this.#set = 'byKey' in flags ? flags : compileFlags(flags);
    this.#clock = options.clock ?? Date.now;
  }

  /** The compiled set currently served. */
  get flags(): CompiledFlagSet {
    return this.#set;
  }

  /**
   * Swap in a new flag set (validated first: an invalid set throws and the old one stays) and emit
   * `ConfigurationChanged` with the keys that changed.
   */
  setFlags(flags: FlagSetInput | CompiledFlagSet): void {
    const next = 'byKey' in flags ? flags : compileFlags(flags);
    const diff = diffFlagSets(this.#set, next);
    this.#set = next;
    this.events.emit(ProviderEvents.ConfigurationChanged, {
      flagsChanged: [...diff.added, ...diff.removed, ...diff.changed.map((c) => c.key)],
    });
  }

  #resolve<T>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
    pick: (e: FlagEvaluation) => { value: T } | 'mismatch' | 'default',
  ): Resolution<T> {
    if (!this.#set.byKey.has(flagKey))
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: ErrorCode.FLAG_NOT_FOUND,
        errorMessage: `unknown flag ${flagKey}`,
      };
    if (typeof context.targetingKey !== 'string' || context.targetingKey === '')
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: ErrorCode.TARGETING_KEY_MISSING,
        errorMessage: 'targetingKey (the tenant id) is required',
      };
    const tenant = tenantContextFrom(context);
    if (!tenant)
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: ErrorCode.INVALID_CONTEXT,
        errorMessage: 'context needs divisionCode, tier and the five category dimensions',
      };
    const e = evaluate(this.#set, flagKey, tenant, this.#clock());
    const picked = pick(e);
    if (picked === 'mismatch')
      return {
        value: defaultValue,
        reason: 'ERROR',
        errorCode: ErrorCode.TYPE_MISMATCH,
        errorMessage: `flag ${flagKey} does not hold that type`,
      };
    const flagMetadata: Record<string, string> = { detailZh: e.detail.zh, detailEn: e.detail.en };
    if (e.ruleId) flagMetadata.ruleId = e.ruleId;
    return {
      value: picked === 'default' ? defaultValue : picked.value,
      reason: e.reason,
      ...(e.variant !== undefined ? { variant: e.variant } : {}),
      flagMetadata,
    };
  }

  async resolveBooleanEvaluation(flagKey: string, defaultValue: boolean, context: EvaluationContext) {
    return this.#resolve(flagKey, defaultValue, context, (e) => ({ value: e.value }));
  }

  /** The served variant's key; a flag without variants is a TYPE_MISMATCH; off → the default. */
  async resolveStringEvaluation(flagKey: string, defaultValue: string, context: EvaluationContext) {
    const hasVariants =
      (this.#set.definitions.flags.find((f) => f.key === flagKey)?.variants.length ?? 0) > 0;
    return this.#resolve(flagKey, defaultValue, context, (e) =>
      !hasVariants ? 'mismatch' : e.variant !== undefined ? { value: e.variant } : 'default',
    );
  }

  /** Only numeric variant payloads resolve as numbers. */
  async resolveNumberEvaluation(flagKey: string, defaultValue: number, context: EvaluationContext) {
    return this.#resolve(flagKey, defaultValue, context, (e) =>
      typeof e.payload === 'number' ? { value: e.payload } : e.value ? 'mismatch' : 'default',
    );
  }

  /** The served variant's payload; a flag without object payloads is a TYPE_MISMATCH; off → the default. */
  async resolveObjectEvaluation<T extends JsonValue>(
    flagKey: string,
    defaultValue: T,
    context: EvaluationContext,
  ) {
    const hasPayloads = this.#set.definitions.flags
      .find((f) => f.key === flagKey)
      ?.variants.some((v) => v.payload !== undefined && typeof v.payload === 'object');
    return this.#resolve(flagKey, defaultValue, context, (e) =>
      !hasPayloads
        ? 'mismatch'
        : e.payload !== undefined && typeof e.payload === 'object'
          ? { value: e.payload as T }
          : 'default',
    );
  }
}
