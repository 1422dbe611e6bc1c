/** Request and response schemas of the request lifecycle (办件) routes. */
import { z } from '@hono/zod-openapi';
import { CASE_STATUSES, CHANNELS, DEPARTMENTS, STAFF_ACTIONS } from '@linli/services';
import { Bilingual } from '../../openapi.ts';

export const CaseId = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
export const ServiceCode = z.object({ code: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/) });

/** Free text staff or residents type: no markup (it is shown to others). */
export const plainText = (max: number, min = 1) =>
  z
    .string()
    .trim()
    .min(min)
    .max(max)
    .refine((s) => !/<\s*[a-z!/?]/i.test(s), { message: 'HTML is not allowed' })
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters
    .refine((s) => !/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(s), {
      message: 'control characters are not allowed',
    });

export const IdempotencyHeader = z.object({
  'idempotency-key': z
    .string()
    .regex(/^[A-Za-z0-9_-]{8,64}$/)
    .openapi({ description: 'Client-chosen key: a retry with the same key and body returns the same case' }),
});

export const UploadRefOut = z
  .object({ uploadId: z.string(), name: z.string(), type: z.string(), size: z.number() })
  .openapi('CaseUploadRef');
const FormValue = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.array(UploadRefOut)]);
export const FormValues = z.record(z.string(), FormValue).openapi('CaseFormValues');

export const Clock = z
  .object({
    stepDue: z.string(),
    due: z.string(),
    remaining: z.number().int(),
    overdue: z.boolean(),
    soonDue: z.boolean(),
    provisional: z.boolean(),
  })
  .openapi('CaseClock');

export const Status = z.enum(CASE_STATUSES);
export const Channel = z.enum(CHANNELS);
export const Action = z.enum(STAFF_ACTIONS);

export const Step = z
  .object({
    index: z.number().int(),
    key: z.string(),
    name: Bilingual,
    level: z.enum(['community', 'street', 'department', 'district']),
    timeLimitDays: z.number().int(),
  })
  .openapi('CaseStep');

export const ServiceRef = z.object({ code: z.string(), name: Bilingual, version: z.number().int() });

const summaryShape = {
  id: z.string(),
  number: z.string(),
  service: ServiceRef,
  status: Status,
  stepIndex: z.number().int(),
  step: Step,
  channel: Channel,
  filedOn: z.string(),
  due: z.string(),
  provisional: z.boolean(),
  closedOn: z.string().optional(),
  updatedAt: z.string(),
};
export const CaseSummary = z.object(summaryShape).openapi('CaseSummary');

export const TimelineEntry = z
  .object({
    at: z.string(),
    action: z.enum(['submit', 'resubmit', 'withdraw', 'escalate', ...STAFF_ACTIONS]),
    role: z.string(),
    actor: z.string().optional(),
    fromStep: z.number().int(),
    toStep: z.number().int(),
    status: Status,
    reason: z.string().optional(),
    to: z.string().optional(),
  })
  .openapi('CaseTimelineEntry');

export const Note = z
  .object({
    id: z.string(),
    at: z.string(),
    author: z.string().optional(),
    visibility: z.enum(['internal', 'resident']),
    text: z.string(),
  })
  .openapi('CaseNote');

export const FieldInfo = z
  .object({
    key: z.string(),
    label: Bilingual,
    type: z.enum(['text', 'number', 'date', 'choice', 'idNumber', 'mobile', 'address', 'file']),
    required: z.boolean(),
    /** Masked by default; a staff member may reveal it with a reason. */
    sealed: z.boolean(),
  })
  .openapi('CaseFieldInfo');

export const ResidentCase = z
  .object({
    ...summaryShape,
    form: FormValues,
    fields: z.array(FieldInfo),
    steps: z.array(Step),
    timeline: z.array(TimelineEntry),
    notes: z.array(Note),
    clock: Clock.optional(),
    next: Bilingual,
    canResubmit: z.boolean(),
    canWithdraw: z.boolean(),
  })
  .openapi('ResidentCase');

export const StaffCase = z
  .object({
    ...summaryShape,
    version: z.number().int(),
    communityCode: z.string(),
    streetCode: z.string(),
    department: z.enum(Object.keys(DEPARTMENTS) as [string, ...string[]]).optional(),
    applicant: z.object({ kind: z.enum(['resident', 'caller']) }),
    filedBy: z.string().optional(),
    assignee: z.string().optional(),
    form: FormValues,
    fields: z.array(FieldInfo),
    steps: z.array(Step),
    timeline: z.array(TimelineEntry),
    notes: z.array(Note),
    clock: Clock.optional(),
    allowedActions: z.array(Action),
    transferTargets: z.array(z.object({ key: z.string(), name: Bilingual })),
  })
  .openapi('StaffCase');

export const InboxItem = z
  .object({
    caseId: z.string(),
    number: z.string(),
    serviceCode: z.string(),
    serviceName: Bilingual,
    status: Status,
    stepIndex: z.number().int(),
    stepDue: z.string(),
    due: z.string(),
    channel: Channel,
    communityCode: z.string(),
    department: z.string().optional(),
    filedOn: z.string(),
    provisional: z.boolean(),
    assignee: z.string().optional(),
    escalated: z
      .enum(['street', 'district'])
      .optional()
      .openapi({ description: '督办: the current step ran over and was escalated to this level' }),
    remaining: z.number().int().optional(),
    overdue: z.boolean(),
    soonDue: z.boolean(),
  })
  .openapi('InboxItem');

export const Message = z
  .object({
    id: z.string(),
    at: z.string(),
    caseId: z.string(),
    number: z.string(),
    action: z.string(),
    text: Bilingual,
    sms: z.enum(['pending', 'sent', 'failed', 'none']),
  })
  .openapi('PortalMessage');

export const Eligibility = z
  .object({
    eligible: z.boolean(),
    issues: z.array(z.object({ rule: z.string(), message: Bilingual })),
  })
  .openapi('Eligibility');

export const Prefill = z
  .object({
    service: ServiceRef,
    /** Whether the district's database knows the signed-in resident. */
    known: z.boolean(),
    communityCode: z.string().optional(),
    /** Prefilled answers, masked: omit these keys when submitting and the server fills them. */
    form: FormValues,
    prefilled: z.array(z.string()),
    eligibility: Eligibility,
  })
  .openapi('CasePrefill');

export const UploadForm = z
  .object({
    uploadId: z.string(),
    upload: z.object({ url: z.string(), fields: z.record(z.string(), z.string()), expiresAt: z.string() }),
    maxBytes: z.number().int(),
    /** What to put in the form's file field once the file is uploaded. */
    ref: UploadRefOut,
  })
  .openapi('CaseUploadForm');

export const UploadRequest = z.object({
  service: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/),
  field: z.string().regex(/^[a-z][a-z0-9-]{1,47}$/),
  name: plainText(120),
  type: z.string().min(3).max(100),
  size: z.number().int().min(1),
});
