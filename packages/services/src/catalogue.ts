/**
 * The service catalogue's vocabulary as zod schemas: what a service is (names, owning department,
 * module, channels), who may use it (eligibility), what the applicant fills in (typed form fields,
 * prefilled from the resident's record), what they bring (materials) and how staff handle it
 * (an ordered workflow with a time limit in working days).
 *
 * A definition is data: the national templates (`templates.ts`) are definitions, and a district's
 * adapted copy is a new version of one. A case keeps the version it was filed under.
 */
import { z } from 'zod';
import { plainText } from './text.ts';

export const bilingualSchema = z.object({ zh: plainText(200), en: plainText(200) });

/** Channels a service is offered through (a worker at the desk files through `counter`). */
export const CHANNELS = ['portal', 'call-centre', 'kiosk', 'sms', 'open311', 'counter'] as const;
export type Channel = (typeof CHANNELS)[number];

/** The organisational level that acts at a workflow step. */
export const SCOPE_LEVELS = ['community', 'street', 'department', 'district'] as const;
export type ScopeLevel = (typeof SCOPE_LEVELS)[number];

/** The staff role that acts at each scope level. */
export const ROLE_OF_LEVEL = {
  community: 'community-worker',
  street: 'street-staff',
  department: 'department-staff',
  district: 'district-admin',
} as const satisfies Record<ScopeLevel, string>;

/**
 * Staff actions on a case: `accept` (受理 / pass to the next step), `return` (退回补正, the
 * applicant adds materials), `approve` (办结, granted), `reject` (不予办理, with a reason),
 * `transfer` (转办 to another department at the same step).
 */
export const STAFF_ACTIONS = ['accept', 'return', 'approve', 'reject', 'transfer'] as const;
export type StaffAction = (typeof STAFF_ACTIONS)[number];

/** Departments that own services (keys; labels live with the tenant's configuration). */
export const DEPARTMENTS = {
  community: { zh: '社区居委会', en: 'Community committee' },
  'civil-affairs': { zh: '民政局', en: 'Civil affairs bureau' },
  labour: { zh: '人力资源和社会保障局', en: 'Human resources and social security bureau' },
  health: { zh: '卫生健康局', en: 'Health commission' },
  'public-security': { zh: '公安分局', en: 'Public security bureau' },
  'disabled-persons-federation': { zh: '残疾人联合会', en: 'Disabled Persons’ Federation' },
  'housing-management': { zh: '住房和城乡建设局', en: 'Housing and urban–rural development bureau' },
  'judicial-affairs': { zh: '司法局', en: 'Justice bureau' },
} as const;
export type Department = keyof typeof DEPARTMENTS;
const departmentSchema = z.enum(Object.keys(DEPARTMENTS) as [Department, ...Department[]]);

const key = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/, 'lower-case letters, digits and hyphens');
const optionValue = z.string().regex(/^[a-z0-9][a-z0-9-]{0,47}$/, 'lower-case letters, digits and hyphens');

/** Fields of the resident record a form field may be prefilled from. */
export const PREFILL_FIELDS = [
  'name',
  'idNumber',
  'sex',
  'birthDate',
  'mobile',
  'registration',
  'communityCode',
  'address',
] as const;
export type PrefillField = (typeof PREFILL_FIELDS)[number];

const fieldBase = {
  key,
  label: bilingualSchema,
  required: z.boolean().default(true),
  help: bilingualSchema.optional(),
  /** Prefill from the applicant's resident record when the database knows the answer. */
  prefill: z.enum(PREFILL_FIELDS).optional(),
  /** Sealed at rest and masked on display, like the database's personal fields. */
  sensitive: z.boolean().default(false),
};

export const formFieldSchema = z.discriminatedUnion('type', [
  z.object({
    ...fieldBase,
    type: z.literal('text'),
    minLength: z.number().int().min(0).max(2000).optional(),
    maxLength: z.number().int().min(1).max(2000).default(200),
    multiline: z.boolean().default(false),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('number'),
    min: z.number().optional(),
    max: z.number().optional(),
    integer: z.boolean().default(false),
    unit: bilingualSchema.optional(),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('date'),
    /** `past`: not after the filing date; `future`: not before it. */
    range: z.enum(['any', 'past', 'future']).default('any'),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('choice'),
    options: z
      .array(z.object({ value: optionValue, label: bilingualSchema }))
      .min(2)
      .max(50),
    multiple: z.boolean().default(false),
  }),
  z.object({ ...fieldBase, type: z.literal('idNumber') }),
  z.object({ ...fieldBase, type: z.literal('mobile') }),
  z.object({
    ...fieldBase,
    type: z.literal('address'),
    maxLength: z.number().int().min(10).max(200).default(120),
  }),
  z.object({
    ...fieldBase,
    type: z.literal('file'),
    accept: z
      .array(z.enum(['image/jpeg', 'image/png', 'application/pdf']))
      .min(1)
      .default(['image/jpeg', 'image/png', 'application/pdf']),
    maxBytes: z
      .number()
      .int()
      .min(1024)
      .max(20 * 1024 * 1024)
      .default(10 * 1024 * 1024),
    maxFiles: z.number().int().min(1).max(10).default(3),
  }),
]);
export type FormField = z.infer<typeof formFieldSchema>;
export type FormFieldInput = z.input<typeof formFieldSchema>;
export const FIELD_TYPES = [
  'text',
  'number',
  'date',
  'choice',
  'idNumber',
  'mobile',
  'address',
  'file',
] as const;

/** Who may apply. Checked against the applicant's resident record when there is one. */
export const eligibilityRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('minAge'), age: z.number().int().min(0).max(150) }),
  z.object({ kind: z.literal('maxAge'), age: z.number().int().min(0).max(150) }),
  /** Household registration: `local` (本地户籍) or `migrant` (流动人口). */
  z.object({ kind: z.literal('registration'), values: z.array(z.enum(['local', 'migrant'])).min(1) }),
  /** The applicant must be in the district's database (a registered resident). */
  z.object({ kind: z.literal('registeredResident') }),
  /** The applicant's record must carry a tag (e.g. `disabled`). */
  z.object({ kind: z.literal('tag'), tag: z.string().min(1).max(40) }),
]);
export type EligibilityRule = z.infer<typeof eligibilityRuleSchema>;

export const materialSchema = z.object({
  key,
  name: bilingualSchema,
  required: z.boolean().default(true),
  /** Original (原件) to be shown at the counter, or a copy / scan uploaded. */
  original: z.boolean().default(false),
  /** The form field of type `file` that carries the upload, if any. */
  field: key.optional(),
});
export type Material = z.infer<typeof materialSchema>;

export const workflowStepSchema = z
  .object({
    key,
    name: bilingualSchema,
    level: z.enum(SCOPE_LEVELS),
    /** For `department` steps: the department that acts (default: the owning department). */
    department: departmentSchema.optional(),
    actions: z.array(z.enum(STAFF_ACTIONS)).min(1),
    /** Time limit of this step in working days. */
    timeLimitDays: z.number().int().min(1).max(90),
  })
  .refine((s) => !(s.actions.includes('transfer') && s.level !== 'department'), {
    message: 'transfer is a department step action',
    path: ['actions'],
  });
export type WorkflowStep = z.infer<typeof workflowStepSchema>;

export const serviceCodeSchema = key;

export const serviceDefinitionSchema = z
  .object({
    code: serviceCodeSchema,
    name: bilingualSchema,
    summary: bilingualSchema,
    department: departmentSchema,
    /** The module flag it belongs to; `null`: a community service offered in every tier. */
    module: z
      .string()
      .regex(/^[a-z][a-z-]+$/)
      .nullable(),
    channels: z.array(z.enum(CHANNELS)).min(1),
    eligibility: z.array(eligibilityRuleSchema).default([]),
    fields: z.array(formFieldSchema).max(60),
    materials: z.array(materialSchema).max(30).default([]),
    workflow: z.array(workflowStepSchema).min(1).max(8),
    /** The promised time limit (承诺时限) of the whole service, in working days. */
    timeLimitDays: z.number().int().min(1).max(180),
    /** Decisions published as a masked public notice (公示), e.g. 低保 approvals. */
    publishDecision: z.boolean().default(false),
    version: z.number().int().min(1).default(1),
    /** Pinyin initials of the Chinese name (`dbsq` for 低保申请), computed on save. */
    initials: z.string().max(60).optional(),
  })
  .superRefine((d, ctx) => {
    const unique = (items: readonly { key: string }[], path: string) => {
      const seen = new Set<string>();
      for (const [i, it] of items.entries()) {
        if (seen.has(it.key))
          ctx.addIssue({ code: 'custom', path: [path, i, 'key'], message: 'duplicate key' });
        seen.add(it.key);
      }
    };
    unique(d.fields, 'fields');
    unique(d.materials, 'materials');
    unique(d.workflow, 'workflow');
    const fileFields = new Set(d.fields.filter((f) => f.type === 'file').map((f) => f.key));
    for (const [i, m] of d.materials.entries())
      if (m.field && !fileFields.has(m.field))
        ctx.addIssue({ code: 'custom', path: ['materials', i, 'field'], message: 'not a file field' });
    const last = d.workflow.at(-1);
    if (last && !last.actions.includes('approve'))
      ctx.addIssue({ code: 'custom', path: ['workflow'], message: 'the last step must be able to approve' });
    for (const [i, s] of d.workflow.entries()) {
      if (i < d.workflow.length - 1 && !s.actions.includes('accept'))
        ctx.addIssue({
          code: 'custom',
          path: ['workflow', i, 'actions'],
          message: 'a step before the last must accept',
        });
    }
    const steps = d.workflow.reduce((n, s) => n + s.timeLimitDays, 0);
    if (steps > d.timeLimitDays)
      ctx.addIssue({
        code: 'custom',
        path: ['timeLimitDays'],
        message: `steps add up to ${steps} working days, more than the promised ${d.timeLimitDays}`,
      });
  });
export type ServiceDefinition = z.infer<typeof serviceDefinitionSchema>;
export type ServiceDefinitionInput = z.input<typeof serviceDefinitionSchema>;

/** The department that acts at a step (a department step without one: the owning department). */
export const stepDepartment = (def: ServiceDefinition, step: WorkflowStep): Department | undefined =>
  step.level === 'department' ? (step.department ?? def.department) : undefined;
