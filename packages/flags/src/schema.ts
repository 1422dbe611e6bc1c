/**
 * Flag definitions as zod schemas: what the control plane stores and the console edits. Validated
 * once by `compileFlags`; the evaluator never re-checks them.
 */
import { TIERS } from '@linli/tables';
import { z } from 'zod';
import { CATEGORY_DIMENSION_KEYS, CATEGORY_DIMENSIONS, type CategoryDimension } from './vocabulary.ts';

const labels = z.object({ zh: z.string().min(1), en: z.string().min(1) }).strict();
const key = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case key: a-z, 0-9, ".", "_", "-"');
/** Rule ids may carry a namespace, e.g. `plan:wave-2`. */
const ruleId = z
  .string()
  .min(1)
  .max(80)
  .regex(/^[a-z0-9][a-z0-9._:-]*$/, 'lower-case id: a-z, 0-9, ".", "_", ":", "-"');
const isoDate = z.iso.datetime({ offset: true });
const percentage = z.number().min(0).max(100);
const divisionCode = z.string().regex(/^\d{6}$/, '6-digit division code');

/** Attributes a set-membership condition may test. */
export const SET_ATTRIBUTES = [
  'tier',
  ...CATEGORY_DIMENSION_KEYS,
  'province',
  'city',
  'wave',
  'segment',
  'tenantId',
] as const;
export type SetAttribute = (typeof SET_ATTRIBUTES)[number];

const setCondition = z
  .object({
    attribute: z.enum(SET_ATTRIBUTES),
    operator: z.enum(['in', 'notIn']).default('in'),
    values: z.array(z.string().min(1)).min(1),
    negate: z.boolean().default(false),
  })
  .strict()
  .superRefine((c, ctx) => {
    const bad = (v: string, why: string) =>
      ctx.addIssue({
        code: 'custom',
        path: ['values'],
        message: `${v}: ${why}`,
        params: { code: 'INVALID_CONDITION_VALUE', zh: `${v}：取值无效`, en: `${v}: ${why}` },
      });
    for (const v of c.values) {
      if (c.attribute === 'tier' && !(TIERS as readonly string[]).includes(v)) bad(v, 'unknown tier');
      else if (c.attribute in CATEGORY_DIMENSIONS) {
        const dim = CATEGORY_DIMENSIONS[c.attribute as CategoryDimension].values;
        if (!(v in dim)) bad(v, `not a ${c.attribute} value`);
      } else if (c.attribute === 'province' && !/^\d{2}0000$/.test(v)) bad(v, 'province code is NN0000');
      else if (c.attribute === 'city' && !/^\d{4}00$/.test(v)) bad(v, 'city code is NNNN00');
    }
  });

const dateCondition = z
  .object({
    attribute: z.literal('now'),
    operator: z.enum(['before', 'after']),
    /** ISO 8601 with offset. `after` includes the instant itself ("from 1 March"), `before` excludes it. */
    value: isoDate,
    negate: z.boolean().default(false),
  })
  .strict();

export const conditionSchema = z.union([dateCondition, setCondition]);
export type Condition = z.output<typeof conditionSchema>;
export type ConditionInput = z.input<typeof conditionSchema>;

/** What a matching rule serves: on, off, or a named variant (which is on). */
export const serveSchema = z.union([z.literal('on'), z.literal('off'), z.object({ variant: key }).strict()]);
export type Serve = z.output<typeof serveSchema>;

export const ruleSchema = z
  .object({
    id: ruleId,
    /** Tooltip text; generated from the conditions when absent. */
    description: labels.optional(),
    /** ANDed. An empty list matches everyone. */
    conditions: z.array(conditionSchema).default([]),
    serve: serveSchema.default('on'),
    /** Gradual rollout within the rule's cohort; a tenant outside it falls through to the next rule. */
    percentage: percentage.optional(),
  })
  .strict();
export type TargetingRule = z.output<typeof ruleSchema>;
export type TargetingRuleInput = z.input<typeof ruleSchema>;

export const variantSchema = z
  .object({ key, labels: labels.optional(), payload: z.json().optional() })
  .strict();
export type Variant = z.output<typeof variantSchema>;

const overrideBound = z
  .object({
    /** Lowest tier allowed to make this choice, e.g. only `standard` and above may opt in. */
    minTier: z.enum(TIERS).optional(),
    /** Extra conditions (ANDed) the district must meet, e.g. `areaType in [urban-core]`. */
    conditions: z.array(conditionSchema).default([]),
  })
  .strict();

/** Whether a district may switch this flag itself, and within which bounds. Absent = fixed. */
export const districtOverrideSchema = z
  .object({ optIn: overrideBound.optional(), optOut: overrideBound.optional() })
  .strict();
export type DistrictOverridePolicy = z.output<typeof districtOverrideSchema>;

export const FLAG_KINDS = ['module', 'release', 'operational', 'kill-switch'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const flagDefinitionSchema = z
  .object({
    key,
    labels,
    kind: z.enum(FLAG_KINDS),
    /** `false` = killed: evaluates off with reason DISABLED before anything else. */
    enabled: z.boolean().default(true),
    /** Keys of flags that must evaluate on; cycles are rejected at compile time. */
    prerequisites: z.array(key).default([]),
    variants: z.array(variantSchema).default([]),
    districtOverride: districtOverrideSchema.optional(),
    rules: z.array(ruleSchema).default([]),
    /** Flag-level gradual rollout, applied after the rules when none matched. */
    rollout: z
      .object({ percentage, serve: serveSchema.default('on') })
      .strict()
      .optional(),
    default: serveSchema.default('off'),
  })
  .strict()
  .superRefine((f, ctx) => {
    const variantKeys = new Set(f.variants.map((v) => v.key));
    if (variantKeys.size !== f.variants.length)
      ctx.addIssue({ code: 'custom', path: ['variants'], message: 'duplicate variant key' });
    const ruleIds = new Set(f.rules.map((r) => r.id));
    if (ruleIds.size !== f.rules.length)
      ctx.addIssue({ code: 'custom', path: ['rules'], message: 'duplicate rule id' });
    const checkServe = (s: Serve, path: (string | number)[]) => {
      if (typeof s === 'object' && !variantKeys.has(s.variant))
        ctx.addIssue({
          code: 'custom',
          path,
          message: `unknown variant ${s.variant}`,
          params: {
            code: 'UNKNOWN_VARIANT',
            zh: `未定义的变体 ${s.variant}`,
            en: `unknown variant ${s.variant}`,
          },
        });
    };
    for (const [i, r] of f.rules.entries()) checkServe(r.serve, ['rules', i, 'serve']);
    if (f.rollout) checkServe(f.rollout.serve, ['rollout', 'serve']);
    checkServe(f.default, ['default']);
    if (f.prerequisites.includes(f.key))
      ctx.addIssue({ code: 'custom', path: ['prerequisites'], message: 'a flag cannot require itself' });
  });
export type FlagDefinition = z.output<typeof flagDefinitionSchema>;
export type FlagDefinitionInput = z.input<typeof flagDefinitionSchema>;

/** A whole, versioned set: what the control plane stores and distributes. */
export const flagSetSchema = z
  .object({
    version: z.number().int().nonnegative().default(0),
    /** Named, explicit tenant-id lists, targeted by `segment` conditions. */
    segments: z.record(key, z.array(z.string().min(1))).default({}),
    flags: z.array(flagDefinitionSchema),
  })
  .strict();
export type FlagSet = z.output<typeof flagSetSchema>;
export type FlagSetInput = z.input<typeof flagSetSchema>;

/** What the engine knows about a district when it evaluates. */
export const tenantContextSchema = z
  .object({
    tenantId: z.string().min(1),
    divisionCode,
    tier: z.enum(TIERS),
    category: z
      .object({
        areaType: z.enum(['urban-core', 'suburban', 'county-rural']),
        development: z.enum(['developed', 'developing', 'underdeveloped']),
        migrantShare: z.enum(['high', 'normal']),
        infrastructure: z.enum(['strong', 'weak']),
        hardship: z.enum(['high', 'normal']),
      })
      .strict(),
    wave: z.string().min(1).optional(),
    /** The district's own choices (flag key → on/off); honoured only where the policy allows. */
    overrides: z.record(z.string(), z.boolean()).optional(),
  })
  .strict();
export type TenantContext = z.output<typeof tenantContextSchema>;
