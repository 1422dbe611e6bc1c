/**
 * Rollout plans (试点 → 推开): a module's ordered waves, each a cohort with a start date and a
 * percentage, compiled into targeting rules; scheduled changes; guarded promotion of a wave.
 */
import { Errors, LinliError, parseOrThrow } from '@linli/core';
import * as z from 'zod/mini';
import { describeConditions, formatDate } from './engine.ts';
import {
  conditionSchema,
  type FlagDefinition,
  type FlagSet,
  flagSetSchema,
  percentage,
  ruleSchema,
  type Serve,
  serveSchema,
  type TargetingRule,
} from './schema.ts';
import { type Labels, waveLabel } from './vocabulary.ts';

const promotionSchema = z.strictObject({
  confirmedBy: z.string().check(z.minLength(1)),
  at: z.iso.datetime({ offset: true }),
  justification: z.optional(z.string()),
  indicators: z.optional(z.record(z.string(), z.number())),
});
export type Promotion = z.output<typeof promotionSchema>;

export const planWaveSchema = z.strictObject({
  /** e.g. `wave-2`; also the suffix of the generated rule id `plan:wave-2`. */
  id: z.string().check(z.regex(/^[a-z0-9][a-z0-9._-]*$/)),
  /** Who is in the cohort (ANDed), e.g. tier standard and migrant share high. */
  cohort: z._default(z.array(conditionSchema), []),
  startsAt: z.iso.datetime({ offset: true }),
  percentage: z._default(percentage, 100),
  /** Set by `promoteWave`; a wave without it does not reach anyone. */
  promotion: z.optional(promotionSchema),
});

/** A plan's evidence bar: indicator code → the previous wave must reach `gte` (or stay `lte`). */
export const planThresholdsSchema = z.record(
  z.string().check(z.regex(/^[a-z][a-z0-9_]{1,39}$/)),
  z.union([z.strictObject({ gte: z.number() }), z.strictObject({ lte: z.number() })]),
);
export type PlanThresholds = z.output<typeof planThresholdsSchema>;

export const rolloutPlanSchema = z
  .strictObject({
    flagKey: z.string().check(z.minLength(1)),
    waves: z.array(planWaveSchema).check(z.minLength(1)),
    /**
     * Thresholds the previous wave's indicators must meet before the next wave is promoted (the
     * ministry console's evidence); absent or empty: a written justification is asked instead.
     */
    thresholds: z.optional(planThresholdsSchema),
  })
  .check(
    z.superRefine((p, ctx) => {
      const ids = new Set(p.waves.map((w) => w.id));
      if (ids.size !== p.waves.length)
        ctx.addIssue({ code: 'custom', path: ['waves'], message: 'duplicate wave id' });
      for (let i = 1; i < p.waves.length; i++)
        if (Date.parse(p.waves[i]?.startsAt ?? '') < Date.parse(p.waves[i - 1]?.startsAt ?? ''))
          ctx.addIssue({
            code: 'custom',
            path: ['waves', i, 'startsAt'],
            message: 'waves must start in order',
          });
    }),
  );
export type RolloutPlan = z.output<typeof rolloutPlanSchema>;
export type RolloutPlanInput = z.input<typeof rolloutPlanSchema>;
export type PlanWave = z.output<typeof planWaveSchema>;

/** Rule ids generated from a plan start with this prefix; `applyPlan` replaces exactly those. */
export const PLAN_RULE_PREFIX = 'plan:';

/** Tooltip of a wave: `标准版且外来人口较多 → 第2批 2027年3月1日起`. */
export const describeWave = (w: PlanWave): Labels => {
  const who = describeConditions(w.cohort);
  const wave = waveLabel(w.id);
  const date = formatDate(Date.parse(w.startsAt));
  const pct =
    w.percentage < 100 ? { zh: `（${w.percentage}%）`, en: ` (${w.percentage}%)` } : { zh: '', en: '' };
  return {
    zh: `${who.zh} → ${wave.zh} ${date.zh}起${pct.zh}`,
    en: `${who.en} → ${wave.en} from ${date.en}${pct.en}`,
  };
};

/** The targeting rules of the promoted waves, in wave order. Unpromoted waves reach no one. */
export const planRules = (planInput: RolloutPlanInput): TargetingRule[] => {
  const plan = parseOrThrow(rolloutPlanSchema, planInput);
  return plan.waves
    .filter((w) => w.promotion !== undefined)
    .map((w) =>
      ruleSchema.parse({
        id: `${PLAN_RULE_PREFIX}${w.id}`,
        description: describeWave(w),
        conditions: [...w.cohort, { attribute: 'now', operator: 'after', value: w.startsAt }],
        serve: 'on',
        ...(w.percentage < 100 ? { percentage: w.percentage } : {}),
      }),
    );
};

/**
 * Put a plan's rules into its flag: earlier `plan:*` rules are replaced; the plan's rules go first,
 * the flag's other rules (e.g. tier defaults) keep their order after them.
 */
export const applyPlan = (def: FlagDefinition, plan: RolloutPlanInput): FlagDefinition => {
  if (plan.flagKey !== def.key)
    throw Errors.validation({ zh: `计划属于 ${plan.flagKey}`, en: `the plan is for ${plan.flagKey}` });
  return {
    ...def,
    rules: [...planRules(plan), ...def.rules.filter((r) => !r.id.startsWith(PLAN_RULE_PREFIX))],
  };
};

// ---------------------------------------------------------------------------------------------
// Guarded promotion

/** One indicator of the previous wave against its threshold. */
export interface IndicatorCheck {
  readonly indicator: string;
  readonly value: number | undefined;
  readonly threshold: number;
  readonly comparator: 'gte' | 'lte';
  readonly pass: boolean;
}

/**
 * The ministry console's hook: judge the previous wave's evaluation indicators (adoption,
 * complaint rate, …) against thresholds before the next wave may start.
 */
export interface PromotionGuard {
  check(input: {
    readonly plan: RolloutPlan;
    readonly waveIndex: number;
    readonly indicators: Readonly<Record<string, number>>;
  }): { readonly pass: boolean; readonly checks: readonly IndicatorCheck[] };
}

/** A simple guard from fixed thresholds, e.g. `{ adoption: { gte: 0.6 }, complaints: { lte: 0.02 } }`. */
export const thresholdGuard = (
  thresholds: Readonly<Record<string, { readonly gte: number } | { readonly lte: number }>>,
): PromotionGuard => ({
  check: ({ indicators }) => {
    const checks = Object.entries(thresholds).map(([indicator, t]): IndicatorCheck => {
      const value = indicators[indicator];
      const comparator = 'gte' in t ? 'gte' : 'lte';
      const threshold = 'gte' in t ? t.gte : t.lte;
      const pass = value !== undefined && (comparator === 'gte' ? value >= threshold : value <= threshold);
      return { indicator, value, threshold, comparator, pass };
    });
    return { pass: checks.every((c) => c.pass), checks };
  },
});

/** Minimum length of the written justification required while no indicators guard exists. */
export const MIN_JUSTIFICATION = 20;

export interface PromoteInput {
  readonly confirmedBy: string;
  readonly justification?: string;
  readonly indicators?: Readonly<Record<string, number>>;
  /** When the promotion is confirmed (recorded on the wave). */
  readonly now: number | Date;
  /** The indicators hook; without it a written justification is required. */
  readonly guard?: PromotionGuard;
}

const promotionRefused = (zh: string, en: string, cause?: unknown) =>
  new LinliError(
    'PROMOTION_REFUSED',
    409,
    { zh: `不能推进该批次：${zh}`, en: `The wave cannot be promoted: ${en}` },
    {
      cause,
    },
  );

/**
 * Confirm a wave (returns a new plan; the input is not changed). A wave advances only after the
 * previous one was promoted, and — with a guard — only when the previous wave's indicators pass;
 * without a guard, only with a written justification of at least `MIN_JUSTIFICATION` characters.
 * Throws `PROMOTION_REFUSED` (409) otherwise.
 */
export const promoteWave = (
  planInput: RolloutPlanInput,
  waveIndex: number,
  input: PromoteInput,
): RolloutPlan => {
  const plan = parseOrThrow(rolloutPlanSchema, planInput);
  const wave = plan.waves[waveIndex];
  if (!wave) throw promotionRefused(`批次 ${waveIndex} 不存在`, `there is no wave ${waveIndex}`);
  if (wave.promotion) throw promotionRefused(`${wave.id} 已推进`, `${wave.id} is already promoted`);
  const previous = plan.waves[waveIndex - 1];
  if (previous && !previous.promotion)
    throw promotionRefused(
      `上一批 ${previous.id} 尚未推进`,
      `the previous wave ${previous.id} is not promoted yet`,
    );
  if (!input.confirmedBy) throw promotionRefused('缺少确认人', 'confirmedBy is required');
  const justification = input.justification?.trim() ?? '';
  if (input.guard && previous) {
    const verdict = input.guard.check({ plan, waveIndex, indicators: input.indicators ?? {} });
    if (!verdict.pass) {
      const failed = verdict.checks.filter((c) => !c.pass).map((c) => `${c.indicator}=${c.value ?? '—'}`);
      throw promotionRefused(
        `指标未达标（${failed.join('，')}）`,
        `indicators below threshold (${failed.join(', ')})`,
        verdict,
      );
    }
  } else if (justification.length < MIN_JUSTIFICATION) {
    throw promotionRefused(
      `请填写至少 ${MIN_JUSTIFICATION} 个字的书面理由`,
      `a written justification of at least ${MIN_JUSTIFICATION} characters is required`,
    );
  }
  const at = new Date(typeof input.now === 'number' ? input.now : input.now.getTime()).toISOString();
  const promotion: Promotion = {
    confirmedBy: input.confirmedBy,
    at,
    ...(justification ? { justification } : {}),
    ...(input.indicators ? { indicators: { ...input.indicators } } : {}),
  };
  return { ...plan, waves: plan.waves.map((w, i) => (i === waveIndex ? { ...w, promotion } : w)) };
};

// ---------------------------------------------------------------------------------------------
// Scheduled changes

/** One scheduled change to a flag, by its `type`. */
export const flagChangeSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('set-enabled'), enabled: z.boolean() }),
  z.strictObject({ type: z.literal('set-default'), serve: serveSchema }),
  z.strictObject({ type: z.literal('set-rollout'), percentage, serve: z.optional(serveSchema) }),
  z.strictObject({ type: z.literal('set-rule-percentage'), ruleId: z.string(), percentage }),
  z.strictObject({ type: z.literal('replace-rules'), rules: z.array(ruleSchema) }),
  z.strictObject({ type: z.literal('apply-plan'), plan: rolloutPlanSchema }),
]);
export const scheduledChangeSchema = z.strictObject({
  id: z.string().check(z.minLength(1)),
  flagKey: z.string().check(z.minLength(1)),
  at: z.iso.datetime({ offset: true }),
  change: flagChangeSchema,
});
export type ScheduledChange = z.output<typeof scheduledChangeSchema>;
export type ScheduledChangeInput = z.input<typeof scheduledChangeSchema>;

const applyOne = (def: FlagDefinition, c: ScheduledChange['change']): FlagDefinition => {
  switch (c.type) {
    case 'set-enabled':
      return { ...def, enabled: c.enabled };
    case 'set-default':
      return { ...def, default: c.serve };
    case 'set-rollout':
      return {
        ...def,
        rollout: { percentage: c.percentage, serve: c.serve ?? def.rollout?.serve ?? ('on' as Serve) },
      };
    case 'set-rule-percentage':
      if (!def.rules.some((r) => r.id === c.ruleId))
        throw Errors.validation({ zh: `规则 ${c.ruleId} 不存在`, en: `no rule ${c.ruleId}` });
      return {
        ...def,
        rules: def.rules.map((r) => (r.id === c.ruleId ? { ...r, percentage: c.percentage } : r)),
      };
    case 'replace-rules':
      return { ...def, rules: c.rules };
    case 'apply-plan':
      return applyPlan(def, c.plan);
  }
};

/**
 * Apply every change due at `now` (`at ≤ now`), oldest first, to a flag set; returns the new set
 * (version + 1 when anything changed) and which changes were applied and which remain pending.
 */
export const applyDueChanges = (
  setInput: z.input<typeof flagSetSchema>,
  changesInput: readonly ScheduledChangeInput[],
  now: number | Date,
): { set: FlagSet; applied: ScheduledChange[]; pending: ScheduledChange[] } => {
  const set = parseOrThrow(flagSetSchema, setInput);
  const changes = changesInput.map((c) => parseOrThrow(scheduledChangeSchema, c));
  const ms = typeof now === 'number' ? now : now.getTime();
  const due = changes
    .filter((c) => Date.parse(c.at) <= ms)
    .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
  const pending = changes.filter((c) => Date.parse(c.at) > ms);
  const flags = [...set.flags];
  for (const c of due) {
    const i = flags.findIndex((f) => f.key === c.flagKey);
    const def = flags[i];
    if (!def) throw Errors.validation({ zh: `开关 ${c.flagKey} 不存在`, en: `no flag ${c.flagKey}` });
    flags[i] = applyOne(def, c.change);
  }
  return {
    set: due.length > 0 ? { ...set, version: set.version + 1, flags } : set,
    applied: due,
    pending,
  };
};
