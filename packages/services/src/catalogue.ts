/**
 * The service catalogue's vocabulary as zod schemas: what a service is (names, owning department,
 * module, channels), who may use it (eligibility), what the applicant fills in (typed form fields,
 * prefilled from the resident's record), what they bring (materials) and how staff handle it
 * (an ordered workflow with a time limit in working days).
 *
 * A definition is data: the national templates (`templates.ts`) are definitions, and a district's
 * adapted copy is a new version of one. A case keeps the version it was filed under.
 *
 * Written with `zod/mini`: the scheduled functions (督办, the indicators) read stored services, and
 * `zod` would be a third of what they load (docs/benchmarks.md). The routes embed these as they are.
 */
import { intBetween } from '@linli/core';
import * as z from 'zod/mini';
import {
  CHANNELS,
  DEPARTMENTS,
  type Department,
  PREFILL_FIELDS,
  SCOPE_LEVELS,
  STAFF_ACTIONS,
} from './catalogue-vocabulary.ts';
import { plainText } from './text.ts';

export * from './catalogue-vocabulary.ts';

export const bilingualSchema = z.object({ zh: plainText(200), en: plainText(200) });

const departmentSchema = z.enum(Object.keys(DEPARTMENTS) as [Department, ...Department[]]);

const key = z.string().check(z.regex(/^[a-z][a-z0-9-]{1,47}$/, 'lower-case letters, digits and hyphens'));
const optionValue = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lower-case letters, digits and hyphens'));

const fieldBase = {
  key,
  label: bilingualSchema,
  required: z._default(z.boolean(), true),
  help: z.optional(bilingualSchema),
  /** Prefill from the applicant's resident record when the database knows the answer. */
  prefill: z.optional(z.enum(PREFILL_FIELDS)),
  /** Sealed at rest and masked on display, like the database's personal fields. */
  sensitive: z._default(z.boolean(), false),
};

export const formFieldSchema = z.discriminatedUnion('type', [
  z.object({
    ...fieldBase,
    type: z.literal('text'),
    minLength: z.optional(intBetween(0, 2000)),
    maxLength: z._default(intBetween(1, 2000), 200),
    multiline: z._default(z.boolean(), false),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('number'),
    min: z.optional(z.number()),
    max: z.optional(z.number()),
    integer: z._default(z.boolean(), false),
    unit: z.optional(bilingualSchema),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('date'),
    /** `past`: not after the filing date; `future`: not before it. */
    range: z._default(z.enum(['any', 'past', 'future']), 'any'),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('choice'),
    options: z
      .array(z.object({ value: optionValue, label: bilingualSchema }))
      .check(z.minLength(2), z.maxLength(50)),
    multiple: z._default(z.boolean(), false),
  }),
  z.object({ ...fieldBase, type: z.literal('idNumber') }),
  z.object({ ...fieldBase, type: z.literal('mobile') }),
  z.object({
    ...fieldBase,
    type: z.literal('address'),
    maxLength: z._default(intBetween(10, 200), 120),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('file'),
    accept: z._default(
      z.array(z.enum(['image/jpeg', 'image/png', 'application/pdf'])).check(z.minLength(1)),
      ['image/jpeg', 'image/png', 'application/pdf'],
    ),
    maxBytes: z._default(intBetween(1024, 20 * 1024 * 1024), 10 * 1024 * 1024),
    maxFiles: z._default(intBetween(1, 10), 3),
  }),
]);
export type FormField = z.infer<typeof formFieldSchema>;
export type FormFieldInput = z.input<typeof formFieldSchema>;
/** Who may apply. Checked against the applicant's resident record when there is one. */
export const eligibilityRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('minAge'), age: intBetween(0, 150) }),
  z.object({ kind: z.literal('maxAge'), age: intBetween(0, 150) }),
  /** Household registration: `local` (本地户籍) or `migrant` (流动人口). */
  z.object({
    kind: z.literal('registration'),
    values: z.array(z.enum(['local', 'migrant'])).check(z.minLength(1)),
  }),
  /** The applicant must be in the district's database (a registered resident). */
  z.object({ kind: z.literal('registeredResident') }),
  /** The applicant's record must carry a tag (e.g. `disabled`). */
  z.object({ kind: z.literal('tag'), tag: z.string().check(z.minLength(1), z.maxLength(40)) }),
]);
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;

export const materialSchema = z.object({
  key,
  name: bilingualSchema,
  required: z._default(z.boolean(), true),
  /** Original (原件) to be shown at the counter, or a copy / scan uploaded. */
  original: z._default(z.boolean(), false),
  /** The form field of type `file` that carries the upload, if any. */
  field: z.optional(key),
});
export type Material = z.infer<typeof materialSchema>;

export const workflowStepSchema = z
  .object({
    key,
    name: bilingualSchema,
    level: z.enum(SCOPE_LEVELS),
    /** For `department` steps: the department that acts (default: the owning department). */
    department: z.optional(departmentSchema),
    actions: z.array(z.enum(STAFF_ACTIONS)).check(z.minLength(1)),
    /** Time limit of this step in working days. */
    timeLimitDays: intBetween(1, 90),
  })
  .check(
    z.refine((s) => !(s.actions.includes('transfer') && s.level !== 'department'), {
      message: 'transfer is a department step action',
      path: ['actions'],
    }),
  );
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

export const serviceCodeSchema = key;

export const serviceDefinitionSchema = z
  .object({
    code: serviceCodeSchema,
    name: bilingualSchema,
    summary: bilingualSchema,
    department: departmentSchema,
    /** The module flag it belongs to; `null`: a community service offered in every tier. */
    module: z.nullable(z.string().check(z.regex(/^[a-z][a-z-]+$/))),
    channels: z.array(z.enum(CHANNELS)).check(z.minLength(1)),
    eligibility: z._default(z.array(eligibilityRuleSchema), []),
    fields: z.array(formFieldSchema).check(z.maxLength(60)),
    materials: z._default(z.array(materialSchema).check(z.maxLength(30)), []),
    workflow: z.array(workflowStepSchema).check(z.minLength(1), z.maxLength(8)),
    /** The promised time limit (承诺时限) of the whole service, in working days. */
    timeLimitDays: intBetween(1, 180),
    /** Decisions published as a masked public notice (公示), e.g. 低保 approvals. */
    publishDecision: z._default(z.boolean(), false),
    version: z._default(z.number().check(z.int(), z.gte(1)), 1),
    /** Pinyin initials of the Chinese name (`dbsq` for 低保申请), computed on save. */
    initials: z.optional(z.string().check(z.maxLength(60))),
  })
  .check(
    z.superRefine((d, ctx) => {
      // Each rule's issue carries its stable code and both languages (read by `issuesFromZod`).
      const issue = (path: (string | number)[], code: string, zh: string, en: string) =>
        ctx.addIssue({ code: 'custom', path, message: en, params: { code, zh, en } });
      const unique = (items: readonly { key: string }[], path: string, what: string) => {
        const seen = new Set<string>();
        for (const [i, it] of items.entries()) {
          if (seen.has(it.key))
            issue(
              [path, i, 'key'],
              'DUPLICATE_KEY',
              `${what}的标识 ${it.key} 重复`,
              `The key ${it.key} is used twice`,
            );
          seen.add(it.key);
        }
      };
      unique(d.fields, 'fields', '表单项');
      unique(d.materials, 'materials', '材料');
      unique(d.workflow, 'workflow', '办理环节');
      const fileFields = new Set(d.fields.filter((f) => f.type === 'file').map((f) => f.key));
      for (const [i, m] of d.materials.entries())
        if (m.field && !fileFields.has(m.field))
          issue(
            ['materials', i, 'field'],
            'MATERIAL_NOT_FILE_FIELD',
            `材料对应的表单项 ${m.field} 不是文件上传项`,
            `The form field ${m.field} of this material is not a file field`,
          );
      const last = d.workflow.at(-1);
      if (last && !last.actions.includes('approve'))
        issue(
          ['workflow'],
          'WORKFLOW_LAST_MUST_APPROVE',
          '最后一个办理环节须能办结（批准）',
          'The last step must be able to approve',
        );
      for (const [i, s] of d.workflow.entries()) {
        if (i < d.workflow.length - 1 && !s.actions.includes('accept'))
          issue(
            ['workflow', i, 'actions'],
            'WORKFLOW_STEP_MUST_ACCEPT',
            '最后一个环节之前的每个环节须能受理（转下一环节）',
            'A step before the last must accept (pass the case on)',
          );
      }
      const steps = d.workflow.reduce((n, s) => n + s.timeLimitDays, 0);
      if (steps > d.timeLimitDays)
        issue(
          ['timeLimitDays'],
          'WORKFLOW_OVER_TIME_LIMIT',
          `各环节时限合计 ${steps} 个工作日，超过承诺时限 ${d.timeLimitDays} 个工作日`,
          `The steps add up to ${steps} working days, more than the promised ${d.timeLimitDays}`,
        );
    }),
  );
export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;
export type ServiceDefinitionInput = z.input<typeof serviceDefinitionSchema>;
