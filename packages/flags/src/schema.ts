/**
 * Flag definitions as zod schemas: what the control plane stores and the console edits. Validated
 * once by `compileFlags`; the evaluator never re-checks them. Written with `zod/mini` (functions
 * instead of methods): the scheduled functions that read the stored set load ~30 KiB of zod instead
 * of ~150 KiB, and build these schemas several times faster (docs/benchmarks.md). The API's routes
 * embed them in their `@hono/zod-openapi` schemas as they are (`named` in `@linli/api/openapi`).
 */
import { TIERS } from '@linli/tables';
import * as z from 'zod/mini';
import { CATEGORY_DIMENSION_KEYS, CATEGORY_DIMENSIONS, type CategoryDimension } from './vocabulary.ts';

const text = z.string().check(z.minLength(1));
const labels = z.strictObject({ zh: text, en: text });
const key = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(80),
    z.regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case key: a-z, 0-9, ".", "_", "-"'),
  );
/** Rule ids may carry a namespace, e.g. `plan:wave-2`. */
const ruleId = z
  .string()
  .check(
    z.minLength(1),
    z.maxLength(80),
    z.regex(/^[a-z0-9][a-z0-9._:-]*$/, 'lower-case id: a-z, 0-9, ".", "_", ":", "-"'),
  );
const isoDate = z.iso.datetime({ offset: true });
export const percentage = z.number().check(z.gte(0), z.lte(100));
const divisionCode = z.string().check(z.regex(/^\d{6}$/, '6-digit division code'));

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
  .strictObject({
    attribute: z.enum(SET_ATTRIBUTES),
    operator: z._default(z.enum(['in', 'notIn']), 'in'),
    values: z.array(text).check(z.minLength(1)),
    negate: z._default(z.boolean(), false),
  })
  .check(
    z.superRefine((c, ctx) => {
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
    }),
  );

const dateCondition = z.strictObject({
  attribute: z.literal('now'),
  operator: z.enum(['before', 'after']),
  /** ISO 8601 with offset. `after` includes the instant itself ("from 1 March"), `before` excludes it. */
  value: isoDate,
  negate: z._default(z.boolean(), false),
});

export const conditionSchema = z.union([dateCondition, setCondition]);
export type Condition = z.output<typeof conditionSchema>;
export type ConditionInput = z.input<typeof conditionSchema>;

/** What a matching rule serves: on, off, or a named variant (which is on). */
export const serveSchema = z.union([z.literal('on'), z.literal('off'), z.strictObject({ variant: key })]);
export type Serve = z.output<typeof serveSchema>;

export const ruleSchema = z.strictObject({
  id: ruleId,
  /** Tooltip text; generated from the conditions when absent. */
  description: z.optional(labels),
  /** ANDed. An empty list matches everyone. */
  conditions: z._default(z.array(conditionSchema), []),
  serve: z._default(serveSchema, 'on'),
  /** Gradual rollout within the rule's cohort; a tenant outside it falls through to the next rule. */
  percentage: z.optional(percentage),
});
export type TargetingRule = z.output<typeof ruleSchema>;
export type TargetingRuleInput = z.input<typeof ruleSchema>;

/** A variant's payload: any JSON value. */
export const jsonValueSchema = z.json();
export const variantSchema = z.strictObject({
  key,
  labels: z.optional(labels),
  payload: z.optional(jsonValueSchema),
});
export type Variant = z.output<typeof variantSchema>;

const overrideBound = z.strictObject({
  /** Lowest tier allowed to make this choice, e.g. only `standard` and above may opt in. */
  minTier: z.optional(z.enum(TIERS)),
  /** Extra conditions (ANDed) the district must meet, e.g. `areaType in [urban-core]`. */
  conditions: z._default(z.array(conditionSchema), []),
});

/** Whether a district may switch this flag itself, and within which bounds. Absent = fixed. */
export const districtOverrideSchema = z.strictObject({
  optIn: z.optional(overrideBound),
  optOut: z.optional(overrideBound),
});
export type DistrictOverridePolicy = z.output<typeof districtOverrideSchema>;

export const FLAG_KINDS = ['module', 'release', 'operational', 'kill-switch'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

export const flagDefinitionSchema = z
  .strictObject({
    key,
    labels,
    kind: z.enum(FLAG_KINDS),
    /** `false` = killed: evaluates off with reason DISABLED before anything else. */
    enabled: z._default(z.boolean(), true),
    /** Keys of flags that must evaluate on; cycles are rejected at compile time. */
    prerequisites: z._default(z.array(key), []),
    variants: z._default(z.array(variantSchema), []),
    districtOverride: z.optional(districtOverrideSchema),
    rules: z._default(z.array(ruleSchema), []),
    /** Flag-level gradual rollout, applied after the rules when none matched. */
    rollout: z.optional(z.strictObject({ percentage, serve: z._default(serveSchema, 'on') })),
    default: z._default(serveSchema, 'off'),
  })
  .check(
    z.superRefine((f, ctx) => {
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
    }),
  );
export type FlagDefinition = z.output<typeof flagDefinitionSchema>;
export type FlagDefinitionInput = z.input<typeof flagDefinitionSchema>;

/** A whole, versioned set: what the control plane stores and distributes. */
export const flagSetSchema = z.strictObject({
  version: z._default(z.int().check(z.nonnegative()), 0),
  /** Named, explicit tenant-id lists, targeted by `segment` conditions. */
  segments: z._default(z.record(key, z.array(text)), {}),
  flags: z.array(flagDefinitionSchema),
});
export type FlagSet = z.output<typeof flagSetSchema>;
export type FlagSetInput = z.input<typeof flagSetSchema>;

/** What the engine knows about a district when it evaluates. */
export const tenantContextSchema = z.strictObject({
  tenantId: text,
  divisionCode,
  tier: z.enum(TIERS),
  category: z.strictObject({
    areaType: z.enum(['urban-core', 'suburban', 'county-rural']),
    development: z.enum(['developed', 'developing', 'underdeveloped']),
    migrantShare: z.enum(['high', 'normal']),
    infrastructure: z.enum(['strong', 'weak']),
    hardship: z.enum(['high', 'normal']),
  }),
  wave: z.optional(text),
  /** The district's own choices (flag key → on/off); honoured only where the policy allows. */
  overrides: z.optional(z.record(z.string(), z.boolean())),
});
export type TenantContext = z.output<typeof tenantContextSchema>;
