/**
 * The evaluator. `compileFlags` validates a flag set once and turns every condition into a closure
 * and every possible outcome into a frozen, pre-built result, so evaluation allocates nothing but
 * the container `evaluateAll` returns.
 *
 * Order: kill switch → prerequisites → district override → targeting rules (first match wins) →
 * flag-level percentage rollout → default.
 */
import { Errors, type FieldIssue, parseOrThrow } from '@linli/core';
import type { Tier } from '@linli/tables';
import { BUCKETS, bucketOf } from './murmur3.ts';
import {
  type Condition,
  type FlagDefinition,
  type FlagSet,
  type FlagSetInput,
  flagSetSchema,
  type Serve,
  type TenantContext,
  type Variant,
} from './schema.ts';
import {
  CATEGORY_DIMENSIONS,
  type CategoryDimension,
  type Labels,
  TIER_LABELS,
  tierRank,
  waveLabel,
} from './vocabulary.ts';

/** OpenFeature resolution reasons used by the engine. */
export type Reason = 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DEFAULT' | 'DISABLED' | 'ERROR';

type Json = Variant['payload'];

/** One flag's value for one district, with the reason and a bilingual tooltip explaining it. */
export interface FlagEvaluation {
  readonly flagKey: string;
  readonly value: boolean;
  readonly variant?: string;
  readonly payload?: Json;
  readonly reason: Reason;
  /** The rule that decided: a rule id, `district-override`, `prerequisite:<key>` or `rollout`. */
  readonly ruleId?: string;
  readonly detail: Labels;
}

/** All flags of one district at one instant. */
export interface EvaluatedFlags {
  /** Version of the flag set evaluated; caches compare it. */
  readonly version: number;
  readonly flags: Readonly<Record<string, FlagEvaluation>>;
}

type Test = (ctx: TenantContext, now: number) => boolean;

interface CompiledRule {
  readonly test: Test;
  /** Bucket threshold (pct × 100), or -1 when the rule has no percentage. */
  readonly threshold: number;
  readonly result: FlagEvaluation;
}

interface CompiledFlag {
  readonly key: string;
  readonly index: number;
  readonly enabled: boolean;
  readonly killed: FlagEvaluation;
  readonly prereqs: readonly CompiledFlag[];
  readonly prereqFailed: readonly FlagEvaluation[];
  readonly optIn: { readonly test: Test; readonly result: FlagEvaluation } | null;
  readonly optOut: { readonly test: Test; readonly result: FlagEvaluation } | null;
  readonly rules: readonly CompiledRule[];
  readonly rollout: { readonly threshold: number; readonly result: FlagEvaluation } | null;
  readonly fallback: FlagEvaluation;
}

/** A validated, compiled flag set; build once per version, evaluate many times. */
export interface CompiledFlagSet {
  readonly version: number;
  /** Flag keys in definition order. */
  readonly keys: readonly string[];
  /** The validated definitions (defaults applied) the set was compiled from. */
  readonly definitions: FlagSet;
  /** @internal */
  readonly byKey: ReadonlyMap<string, CompiledFlag>;
  /** @internal prerequisites before dependants */
  readonly order: readonly CompiledFlag[];
}

const freeze = <T extends object>(o: T): T => Object.freeze(o);

// ---------------------------------------------------------------------------------------------
// Tooltip text

const CN_OFFSET_MS = 8 * 3600_000; // China Standard Time, no DST: dates are meant in Beijing time.
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `{ zh: '2027年3月1日', en: '1 Mar 2027' }` in Beijing time. */
export const formatDate = (ms: number): Labels => {
  const d = new Date(ms + CN_OFFSET_MS);
  const [y, mo, day] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()];
  return { zh: `${y}年${mo + 1}月${day}日`, en: `${day} ${MONTHS[mo]} ${y}` };
};

const valueLabel = (attribute: string, v: string): Labels => {
  if (attribute === 'tier') return TIER_LABELS[v as Tier] ?? { zh: v, en: v };
  if (attribute in CATEGORY_DIMENSIONS) {
    const values = CATEGORY_DIMENSIONS[attribute as CategoryDimension].values as Record<string, Labels>;
    return values[v] ?? { zh: v, en: v };
  }
  if (attribute === 'wave') return waveLabel(v);
  if (attribute === 'province') return { zh: `省份${v}`, en: `province ${v}` };
  if (attribute === 'city') return { zh: `城市${v}`, en: `city ${v}` };
  if (attribute === 'segment') return { zh: `名单“${v}”`, en: `list “${v}”` };
  return { zh: `区县${v}`, en: `district ${v}` };
};

/** Human text of one condition, e.g. `{ zh: '非标准版', en: 'not Standard' }`. */
export const describeCondition = (c: Condition): Labels => {
  if (c.attribute === 'now') {
    const d = formatDate(Date.parse(c.value));
    const after = (c.operator === 'after') !== c.negate;
    return after ? { zh: `${d.zh}起`, en: `from ${d.en}` } : { zh: `${d.zh}前`, en: `before ${d.en}` };
  }
  const ls = c.values.map((v) => valueLabel(c.attribute, v));
  const zh = ls.map((l) => l.zh).join('或');
  const en = ls.map((l) => l.en).join(' or ');
  const negated = (c.operator === 'notIn') !== c.negate;
  return negated ? { zh: `非${zh}`, en: `not ${en}` } : { zh, en };
};

/** Conditions joined: `标准版且外来人口较多`. */
export const describeConditions = (cs: readonly Condition[]): Labels =>
  cs.length === 0
    ? { zh: '所有区县', en: 'all districts' }
    : {
        zh: cs.map((c) => describeCondition(c).zh).join('且'),
        en: cs.map((c) => describeCondition(c).en).join(' and '),
      };

const serveLabel = (s: Serve): Labels =>
  s === 'on'
    ? { zh: '开启', en: 'on' }
    : s === 'off'
      ? { zh: '关闭', en: 'off' }
      : { zh: `变体 ${s.variant}`, en: `variant ${s.variant}` };

// ---------------------------------------------------------------------------------------------
// Compilation

const compileCondition = (c: Condition, segments: Readonly<Record<string, readonly string[]>>): Test => {
  if (c.attribute === 'now') {
    const at = Date.parse(c.value);
    const after = c.operator === 'after';
    if (after !== c.negate) return (_ctx, now) => now >= at;
    return (_ctx, now) => now < at;
  }
  const neg = (c.operator === 'notIn') !== c.negate;
  const vs = c.values;
  let member: (ctx: TenantContext) => boolean;
  switch (c.attribute) {
    case 'tier': {
      const v0 = vs[0];
      member = vs.length === 1 ? (ctx) => ctx.tier === v0 : (ctx) => vs.includes(ctx.tier);
      break;
    }
    case 'province':
    case 'city': {
      const prefixes = vs.map((v) => v.slice(0, c.attribute === 'province' ? 2 : 4));
      member = (ctx) => {
        for (const p of prefixes) if (ctx.divisionCode.startsWith(p)) return true;
        return false;
      };
      break;
    }
    case 'wave':
      member = (ctx) => ctx.wave !== undefined && vs.includes(ctx.wave);
      break;
    case 'segment': {
      const ids = new Set<string>();
      for (const name of vs) for (const id of segments[name] ?? []) ids.add(id);
      member = (ctx) => ids.has(ctx.tenantId);
      break;
    }
    case 'tenantId': {
      const ids = new Set(vs);
      member = (ctx) => ids.has(ctx.tenantId);
      break;
    }
    default: {
      const dim = c.attribute;
      const v0 = vs[0];
      member = vs.length === 1 ? (ctx) => ctx.category[dim] === v0 : (ctx) => vs.includes(ctx.category[dim]);
    }
  }
  return neg ? (ctx) => !member(ctx) : member;
};

const compileConditions = (cs: readonly Condition[], segments: Record<string, readonly string[]>): Test => {
  const tests = cs.map((c) => compileCondition(c, segments));
  const [a, b, c] = tests;
  if (tests.length === 0 || !a) return () => true;
  if (tests.length === 1) return a;
  if (tests.length === 2 && b) return (ctx, now) => a(ctx, now) && b(ctx, now);
  if (tests.length === 3 && b && c) return (ctx, now) => a(ctx, now) && b(ctx, now) && c(ctx, now);
  return (ctx, now) => {
    for (const t of tests) if (!t(ctx, now)) return false;
    return true;
  };
};

const makeResult = (
  def: FlagDefinition,
  serve: Serve,
  reason: Reason,
  detail: Labels,
  ruleId?: string,
): FlagEvaluation => {
  const base: { -readonly [K in keyof FlagEvaluation]: FlagEvaluation[K] } = {
    flagKey: def.key,
    value: serve !== 'off',
    reason,
    detail: freeze({ ...detail }),
  };
  // A flag with variants serves its first variant when simply "on".
  const variant =
    typeof serve === 'object' ? serve.variant : serve === 'on' ? def.variants[0]?.key : undefined;
  if (variant !== undefined) {
    base.variant = variant;
    const payload = def.variants.find((v) => v.key === variant)?.payload;
    if (payload !== undefined) base.payload = payload;
  }
  if (ruleId !== undefined) base.ruleId = ruleId;
  return freeze(base);
};

const threshold = (pct: number): number => Math.round(pct * 100);

const issue = (field: string, code: string, zh: string, en: string): FieldIssue => ({
  field,
  code,
  message: { zh, en },
});

/** Find a prerequisite cycle, returned as the path `a → b → … → a`, or null. */
const findCycle = (flags: readonly FlagDefinition[]): string[] | null => {
  const byKey = new Map(flags.map((f) => [f.key, f]));
  const state = new Map<string, 1 | 2>(); // 1 = on the stack, 2 = done
  const stack: string[] = [];
  const visit = (k: string): string[] | null => {
    const s = state.get(k);
    if (s === 2) return null;
    if (s === 1) return [...stack.slice(stack.indexOf(k)), k];
    state.set(k, 1);
    stack.push(k);
    for (const p of byKey.get(k)?.prerequisites ?? []) {
      const cycle = visit(p);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(k, 2);
    return null;
  };
  for (const f of flags) {
    const cycle = visit(f.key);
    if (cycle) return cycle;
  }
  return null;
};

/** Cross-flag checks zod cannot express: unique keys, known prerequisites and segments, no cycles. */
const checkSet = (set: FlagSet): void => {
  const issues: FieldIssue[] = [];
  const keys = new Set<string>();
  set.flags.forEach((f, i) => {
    if (keys.has(f.key))
      issues.push(
        issue(`flags.${i}.key`, 'DUPLICATE_FLAG', `重复的开关 ${f.key}`, `duplicate flag ${f.key}`),
      );
    keys.add(f.key);
  });
  set.flags.forEach((f, i) => {
    for (const p of f.prerequisites)
      if (!keys.has(p))
        issues.push(
          issue(
            `flags.${i}.prerequisites`,
            'UNKNOWN_PREREQUISITE',
            `前置开关 ${p} 不存在`,
            `prerequisite ${p} is not a flag`,
          ),
        );
    const conds = [
      ...f.rules.flatMap((r) => r.conditions),
      ...(f.districtOverride?.optIn?.conditions ?? []),
      ...(f.districtOverride?.optOut?.conditions ?? []),
    ];
    for (const c of conds)
      if (c.attribute === 'segment')
        for (const s of c.values)
          if (!(s in set.segments))
            issues.push(
              issue(`flags.${i}`, 'UNKNOWN_SEGMENT', `名单 ${s} 不存在`, `segment ${s} is not defined`),
            );
  });
  if (issues.length === 0) {
    const cycle = findCycle(set.flags);
    if (cycle) {
      const i = set.flags.findIndex((f) => f.key === cycle[0]);
      const path = cycle.join(' → ');
      issues.push(
        issue(
          `flags.${i}.prerequisites`,
          'PREREQUISITE_CYCLE',
          `前置条件成环：${path}`,
          `prerequisite cycle: ${path}`,
        ),
      );
    }
  }
  if (issues.length > 0) throw Errors.validation(undefined, { issues });
};

const overrideTest = (
  bound: NonNullable<FlagDefinition['districtOverride']>['optIn'],
  segments: Record<string, readonly string[]>,
): Test | null => {
  if (!bound) return null;
  const conds = compileConditions(bound.conditions, segments);
  if (bound.minTier === undefined) return conds;
  const min = tierRank(bound.minTier);
  return (ctx, now) => tierRank(ctx.tier) >= min && conds(ctx, now);
};

/**
 * Validate (zod → `VALIDATION_FAILED` with field issues; prerequisite cycles listed as
 * `PREREQUISITE_CYCLE`) and compile a flag set. Accepts a whole set or just its flags.
 */
export const compileFlags = (input: FlagSetInput | FlagSetInput['flags']): CompiledFlagSet => {
  const set = parseOrThrow(flagSetSchema, Array.isArray(input) ? { flags: input } : input);
  checkSet(set);
  const byKey = new Map<string, CompiledFlag>();
  const defs = new Map(set.flags.map((f) => [f.key, f]));
  const order: CompiledFlag[] = [];
  const build = (def: FlagDefinition): CompiledFlag => {
    const done = byKey.get(def.key);
    if (done) return done;
    const prereqs = def.prerequisites.map((k) => build(defs.get(k) as FlagDefinition));
    const dynamic = def.rules.length > 0 || def.rollout !== undefined || def.districtOverride !== undefined;
    const optIn = overrideTest(def.districtOverride?.optIn, set.segments);
    const optOut = overrideTest(def.districtOverride?.optOut, set.segments);
    const compiled: CompiledFlag = {
      key: def.key,
      index: set.flags.indexOf(def),
      enabled: def.enabled,
      killed: makeResult(def, 'off', 'DISABLED', {
        zh: '已紧急关闭（熔断）',
        en: 'switched off by the kill switch',
      }),
      prereqs,
      prereqFailed: prereqs.map((p) => {
        const label = defs.get(p.key)?.labels ?? { zh: p.key, en: p.key };
        return makeResult(
          def,
          'off',
          'TARGETING_MATCH',
          { zh: `前置功能“${label.zh}”未开启`, en: `prerequisite “${label.en}” is off` },
          `prerequisite:${p.key}`,
        );
      }),
      optIn: optIn && {
        test: optIn,
        result: makeResult(
          def,
          'on',
          'TARGETING_MATCH',
          { zh: '本区县自行开通（规则允许）', en: 'opted in by the district (allowed)' },
          'district-override',
        ),
      },
      optOut: optOut && {
        test: optOut,
        result: makeResult(
          def,
          'off',
          'TARGETING_MATCH',
          { zh: '本区县自行关闭（规则允许）', en: 'opted out by the district (allowed)' },
          'district-override',
        ),
      },
      rules: def.rules.map((r) => {
        const pct = r.percentage !== undefined && r.percentage < 100 ? r.percentage : undefined;
        let detail = r.description;
        if (!detail) {
          const who = describeConditions(r.conditions);
          const what = serveLabel(r.serve);
          detail = { zh: `${who.zh} → ${what.zh}`, en: `${who.en} → ${what.en}` };
          if (pct !== undefined)
            detail = { zh: `${detail.zh}（${pct}% 灰度）`, en: `${detail.en} (${pct}% rollout)` };
        }
        return {
          test: compileConditions(r.conditions, set.segments),
          threshold: pct === undefined ? -1 : threshold(pct),
          result: makeResult(def, r.serve, pct === undefined ? 'TARGETING_MATCH' : 'SPLIT', detail, r.id),
        };
      }),
      rollout: def.rollout
        ? {
            threshold: threshold(def.rollout.percentage),
            result: makeResult(
              def,
              def.rollout.serve,
              'SPLIT',
              {
                zh: `按 ${def.rollout.percentage}% 灰度${serveLabel(def.rollout.serve).zh}`,
                en: `gradual rollout: ${serveLabel(def.rollout.serve).en} for ${def.rollout.percentage}%`,
              },
              'rollout',
            ),
          }
        : null,
      fallback: dynamic
        ? makeResult(def, def.default, 'DEFAULT', {
            zh: `未命中任何规则，默认${serveLabel(def.default).zh}`,
            en: `no rule matched; default ${serveLabel(def.default).en}`,
          })
        : makeResult(def, def.default, 'STATIC', {
            zh: `固定${serveLabel(def.default).zh}`,
            en: `always ${serveLabel(def.default).en}`,
          }),
    };
    byKey.set(def.key, compiled);
    order.push(compiled);
    return compiled;
  };
  for (const f of set.flags) build(f);
  return {
    version: set.version,
    keys: set.flags.map((f) => f.key),
    definitions: set,
    byKey,
    order,
  };
};

// ---------------------------------------------------------------------------------------------
// Evaluation

type Memo = (FlagEvaluation | undefined)[];

const evalFlag = (f: CompiledFlag, ctx: TenantContext, now: number, memo: Memo | null): FlagEvaluation => {
  if (!f.enabled) return f.killed;
  const ps = f.prereqs;
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i] as CompiledFlag;
    const pr = (memo ? memo[p.index] : undefined) ?? evalFlag(p, ctx, now, memo);
    if (!pr.value) return f.prereqFailed[i] as FlagEvaluation;
  }
  const own = ctx.overrides?.[f.key];
  if (own === true && f.optIn?.test(ctx, now)) return f.optIn.result;
  if (own === false && f.optOut?.test(ctx, now)) return f.optOut.result;
  let bucket = -1;
  const rules = f.rules;
  for (let i = 0; i < rules.length; i++) {
    const r = rules[i] as CompiledRule;
    if (!r.test(ctx, now)) continue;
    if (r.threshold < 0) return r.result;
    if (bucket < 0) bucket = bucketOf(f.key, ctx.tenantId);
    if (bucket < r.threshold) return r.result;
  }
  if (f.rollout) {
    if (bucket < 0) bucket = bucketOf(f.key, ctx.tenantId);
    if (bucket < f.rollout.threshold) return f.rollout.result;
  }
  return f.fallback;
};

const toMs = (now: number | Date): number => (typeof now === 'number' ? now : now.getTime());

const notFound = (key: string): FlagEvaluation =>
  freeze({
    flagKey: key,
    value: false,
    reason: 'ERROR',
    detail: freeze({ zh: `未定义的开关 ${key}`, en: `unknown flag ${key}` }),
  });

/** Evaluate one flag (and, transitively, its prerequisites). Unknown key → value off, reason ERROR. */
export const evaluate = (
  set: CompiledFlagSet,
  flagKey: string,
  ctx: TenantContext,
  now: number | Date,
): FlagEvaluation => {
  const f = set.byKey.get(flagKey);
  return f ? evalFlag(f, ctx, toMs(now), null) : notFound(flagKey);
};

/** Evaluate every flag of the set for one district; each prerequisite is evaluated once. */
export const evaluateAll = (set: CompiledFlagSet, ctx: TenantContext, now: number | Date): EvaluatedFlags => {
  const ms = toMs(now);
  const memo: Memo = new Array(set.order.length);
  const flags: Record<string, FlagEvaluation> = {};
  for (const f of set.order) {
    const r = evalFlag(f, ctx, ms, memo);
    memo[f.index] = r;
    flags[f.key] = r;
  }
  return { version: set.version, flags };
};

/** Keys of the flags that evaluated on, e.g. the modules the web client may show. */
export const enabledKeys = (evaluated: EvaluatedFlags): string[] =>
  Object.values(evaluated.flags)
    .filter((e) => e.value)
    .map((e) => e.flagKey);

export { BUCKETS };
