/**
 * A service's form as code: the zod schema a submission is checked against (built from the
 * definition's typed fields), the prefill from the applicant's resident record, eligibility, and
 * the masking of the stored answers by field kind (as the database masks residents).
 */
import {
  ageOn,
  type FieldKind,
  maskValue,
  normalizeMobile,
  type Resident,
  validateCitizenId,
} from '@linli/population';
import { z } from 'zod';
import type { EligibilityRule, FormField, PrefillField, ServiceDefinition } from './catalogue.ts';
import type { IsoDate } from './workdays.ts';

/** Free text may not carry markup: what a resident types is shown to staff and in notices. */
const NO_MARKUP = /<\s*[a-z!/?]/i;
const text = (max: number, min = 0) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !NO_MARKUP.test(s), { message: 'HTML is not allowed' });

/** A material uploaded through the signed-upload flow, referenced by its upload id. */
export const uploadRefSchema = z.object({
  uploadId: z.string().regex(/^[0-9A-Z]{26}$/),
  name: text(120, 1),
  type: z.string().max(100),
  size: z.number().int().min(1),
});
export type UploadRef = z.infer<typeof uploadRefSchema>;

const fieldSchema = (f: FormField, today: IsoDate): z.ZodType => {
  switch (f.type) {
    case 'text':
      return text(f.maxLength, f.minLength ?? (f.required ? 1 : 0));
    case 'number': {
      let n = z.number();
      if (f.integer) n = n.int();
      if (f.min !== undefined) n = n.min(f.min);
      if (f.max !== undefined) n = n.max(f.max);
      return n;
    }
    case 'date':
      return z
        .string()
        .regex(/^\d{4}-\d{2}-\d{2}$/)
        .refine(
          (d) => !Number.isNaN(Date.parse(d)) && new Date(d).toISOString().slice(0, 10) === d,
          'no such date',
        )
        .refine((d) => f.range !== 'past' || d <= today, 'must not be in the future')
        .refine((d) => f.range !== 'future' || d >= today, 'must not be in the past');
    case 'choice': {
      const values = f.options.map((o) => o.value) as [string, ...string[]];
      return f.multiple
        ? z
            .array(z.enum(values))
            .min(f.required ? 1 : 0)
            .max(values.length)
        : z.enum(values);
    }
    case 'idNumber':
      return z
        .string()
        .trim()
        .max(30)
        .refine((v) => validateCitizenId(v).ok, 'not a valid citizen ID number')
        .transform((v) => v.toUpperCase());
    case 'mobile':
      return z
        .string()
        .max(20)
        .transform(normalizeMobile)
        .refine((v) => /^1[3-9]\d{9}$/.test(v), 'not a mainland mobile number');
    case 'address':
      return text(f.maxLength, f.required ? 2 : 0);
    case 'file':
      return z
        .array(
          uploadRefSchema
            .refine((u) => (f.accept as readonly string[]).includes(u.type), 'file type not accepted')
            .refine((u) => u.size <= f.maxBytes, 'file too large'),
        )
        .min(f.required ? 1 : 0)
        .max(f.maxFiles);
  }
};

/** The strict zod schema of a submission's `form` (unknown keys refused). */
export const formSchemaOf = (def: ServiceDefinition, today: IsoDate) =>
  z.strictObject(
    Object.fromEntries(
      def.fields.map((f) => {
        const s = fieldSchema(f, today);
        return [f.key, f.required ? s : s.optional()];
      }),
    ),
  );

export type FormData = Record<string, unknown>;

/** What the resident record can answer, e.g. the address from community + building + room. */
export interface ResidentFacts {
  readonly resident?: Resident & { readonly address?: string };
}

/** Prefill values for a form from the applicant's resident record (only fields it knows). */
export const prefillOf = (def: ServiceDefinition, facts: ResidentFacts): FormData => {
  const r = facts.resident;
  if (!r) return {};
  const source: Partial<Record<PrefillField, unknown>> = {
    name: r.name,
    idNumber: r.idNumber,
    sex: r.sex,
    birthDate: r.birthDate,
    mobile: r.mobile,
    registration: r.registration,
    communityCode: r.communityCode,
    address: r.address,
  };
  const out: FormData = {};
  for (const f of def.fields) {
    const v = f.prefill ? source[f.prefill] : undefined;
    if (v !== undefined && v !== '') out[f.key] = v;
  }
  return out;
};

export interface EligibilityIssue {
  readonly rule: EligibilityRule['kind'];
  readonly message: { zh: string; en: string };
}

/** Rules the applicant does not meet (empty: eligible). Without a record, record rules fail. */
export const checkEligibility = (
  def: ServiceDefinition,
  facts: ResidentFacts,
  today: IsoDate,
): EligibilityIssue[] => {
  const r = facts.resident;
  const issues: EligibilityIssue[] = [];
  for (const rule of def.eligibility) {
    switch (rule.kind) {
      case 'minAge':
        if (!r || ageOn(r.birthDate, today) < rule.age)
          issues.push({
            rule: rule.kind,
            message: { zh: `须年满${rule.age}周岁`, en: `Must be at least ${rule.age}` },
          });
        break;
      case 'maxAge':
        if (!r || ageOn(r.birthDate, today) > rule.age)
          issues.push({
            rule: rule.kind,
            message: { zh: `须不超过${rule.age}周岁`, en: `Must be at most ${rule.age}` },
          });
        break;
      case 'registration':
        if (!r || !rule.values.includes(r.registration))
          issues.push({
            rule: rule.kind,
            message: rule.values.includes('local')
              ? { zh: '须为本地户籍居民', en: 'Must hold local household registration' }
              : { zh: '仅限流动人口办理', en: 'For people registered elsewhere only' },
          });
        break;
      case 'registeredResident':
        if (!r)
          issues.push({
            rule: rule.kind,
            message: { zh: '须为本区县已登记居民', en: 'Must be registered as a resident of the district' },
          });
        break;
      case 'tag':
        if (!r?.tags.includes(rule.tag as Resident['tags'][number]))
          issues.push({
            rule: rule.kind,
            message: { zh: '不符合申请条件', en: 'Does not meet the conditions' },
          });
        break;
    }
  }
  return issues;
};

/** The masking kind of a form field, or `undefined` for a field shown as is. */
export const fieldMaskKind = (f: FormField): FieldKind | undefined => {
  if (f.type === 'idNumber') return 'idNumber';
  if (f.type === 'mobile') return 'mobile';
  if (f.type === 'address') return 'address';
  if (f.prefill === 'name') return 'name';
  if (f.type === 'file') return undefined;
  return f.sensitive ? 'sensitive' : undefined;
};

/** Keys of the fields sealed at rest: every field with a mask kind. */
export const sealedKeys = (def: ServiceDefinition): Set<string> =>
  new Set(def.fields.filter((f) => fieldMaskKind(f) !== undefined).map((f) => f.key));

/** The form as staff see it by default: personal fields masked, the rest as answered. */
export const maskForm = (def: ServiceDefinition, form: FormData): FormData => {
  const out: FormData = {};
  for (const [k, v] of Object.entries(form)) {
    const f = def.fields.find((x) => x.key === k);
    const kind = f ? fieldMaskKind(f) : 'personal';
    out[k] = kind ? maskValue(kind, v) : v;
  }
  return out;
};
