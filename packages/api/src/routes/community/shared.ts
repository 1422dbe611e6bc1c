/** What the community-work routes share: scope helpers, params and the schemas of their answers. */
import { z } from '@hono/zod-openapi';
import { type Action, allows, authorize, listConstraint, type RequestContext } from '@linli/auth';
import { Errors, isCommunityCode } from '@linli/core';
import { listCommunities, type TenantStore } from '@linli/tenancy';
import { problems } from '../../openapi.ts';
import { type C, knownCommunity, targetOf } from '../population/shared.ts';

export const errors = problems([400, 401, 403, 404, 409, 429]);
export const ULID_RE = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const IdParam = z.object({ id: z.string().regex(ULID_RE) });
export const CommunityParam = z.object({
  id: z.string().regex(ULID_RE),
  community: z.string().regex(/^\d{12}$/),
});

/** True when the caller may act with `action` on the community. */
export const mayOn = (ctx: RequestContext, action: Action, communityCode: string) =>
  allows(ctx, action, targetOf(communityCode));

/** The records of the communities the caller may act on with `action`; the others do not exist for them. */
export const inScope = <T extends { readonly communityCode: string }>(
  c: C,
  action: Action,
  items: readonly T[],
): T[] => items.filter((x) => mayOn(c.get('ctx'), action, x.communityCode));

/**
 * The reader of one record the caller may act on with `action`: outside the caller's scope the
 * record answers its own 404, so an id never tells that a record exists or where it lives.
 */
export const managedBy =
  <T extends { readonly communityCode: string }>(
    action: Action,
    get: (store: TenantStore, id: string) => Promise<T>,
    notFound: () => Error,
  ) =>
  async (c: C, id: string): Promise<T> => {
    const x = await get(c.get('store'), id);
    if (!mayOn(c.get('ctx'), action, x.communityCode)) throw notFound();
    return x;
  };

/** A community named in a write: well-formed, inside the caller's grant and of this district. */
export const assertCommunity = async (c: C, action: Action, code: unknown): Promise<string> => {
  if (!isCommunityCode(code)) throw Errors.scopeTargetInvalid();
  authorize(c.get('ctx'), action, targetOf(code));
  await knownCommunity(c, code);
  return code;
};

/** The district's communities inside the caller's grant for `action`. */
export const communitiesInScope = async (c: C, action: Action): Promise<string[]> => {
  const limit = listConstraint(c.get('ctx'), action);
  const all = (await listCommunities(c.get('store'))).map((x) => x.code);
  if (limit === 'tenant') return all;
  if (limit.communityCode) return all.filter((x) => x === limit.communityCode);
  if (limit.streetCode) return all.filter((x) => x.startsWith(limit.streetCode!));
  return [];
};

export const Label = z.object({ zh: z.string(), en: z.string() });

export const TemplateFieldSchema = z
  .object({
    key: z.string(),
    label: Label,
    bind: z.string().optional(),
    kind: z.enum(['number', 'text']),
    section: z.string().optional(),
  })
  .openapi('ReportTemplateField');

export const TemplateSchema = z
  .object({
    code: z.string(),
    name: Label,
    period: z.enum(['monthly', 'quarterly']),
    fields: z.array(TemplateFieldSchema),
    version: z.number().int(),
    builtIn: z.boolean(),
    updatedAt: z.string(),
    updatedBy: z.string(),
    share: z.object({ bound: z.number().int(), typed: z.number().int(), total: z.number().int() }),
  })
  .openapi('ReportTemplate');

export const Binding = z
  .object({ key: z.string(), label: Label, basis: z.enum(['cutoff', 'current']) })
  .openapi('ReportBinding');

export const FillCounts = z
  .object({
    fromDatabase: z.number().int(),
    adjusted: z.number().int(),
    typed: z.number().int(),
    empty: z.number().int(),
    total: z.number().int(),
  })
  .openapi('ReportFillCounts');

export const ReportValueSchema = z
  .object({
    value: z.union([z.number(), z.string(), z.null()]),
    source: z.enum(['database', 'typed']),
    prefill: z.number().optional(),
    adjustment: z.object({ from: z.number(), reason: z.string(), by: z.string(), at: z.string() }).optional(),
  })
  .openapi('ReportValue');

export const ReportStatus = z.enum(['not-started', 'draft', 'submitted', 'returned', 'accepted']);

export const ReportSchema = z
  .object({
    cycleId: z.string(),
    communityCode: z.string(),
    status: ReportStatus,
    values: z.record(z.string(), ReportValueSchema),
    cutoff: z.string(),
    prefilledAt: z.string().optional(),
    returnReason: z.string().optional(),
    events: z.array(
      z.object({
        at: z.string(),
        action: z.enum(['prefill', 'edit', 'submit', 'return', 'accept']),
        by: z.string(),
        reason: z.string().optional(),
      }),
    ),
    version: z.number().int(),
    counts: FillCounts,
  })
  .openapi('CommunityReport');

export const CycleScopeSchema = z.union([
  z.object({ kind: z.literal('district') }),
  z.object({ kind: z.literal('street'), streetCode: z.string() }),
]);

export const CycleSchema = z
  .object({
    id: z.string(),
    templateCode: z.string(),
    templateVersion: z.number().int(),
    name: Label,
    fields: z.array(TemplateFieldSchema),
    period: z.string(),
    cutoff: z.string(),
    due: z.string(),
    scope: CycleScopeSchema,
    communities: z.array(z.string()),
    status: z.enum(['open', 'closed']),
    createdAt: z.string(),
    createdBy: z.string(),
    version: z.number().int(),
  })
  .openapi('ReportCycle');

export const AssignmentSchema = z
  .object({
    taskId: z.string(),
    communityCode: z.string(),
    title: z.string(),
    deadline: z.string(),
    status: z.enum(['assigned', 'accepted', 'reported', 'returned', 'done']),
    feedback: z.string().optional(),
    reportedAt: z.string().optional(),
    acceptedAt: z.string().optional(),
    doneAt: z.string().optional(),
    returnReason: z.string().optional(),
    version: z.number().int(),
    overdue: z.boolean(),
  })
  .openapi('TaskAssignment');

export const TaskSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    deadline: z.string(),
    feedbackRequired: z.string(),
    issuer: z.union([
      z.object({ level: z.literal('district') }),
      z.object({ level: z.enum(['street', 'department']), unit: z.string() }),
    ]),
    communities: z.array(z.string()),
    streets: z.array(z.string()),
    createdAt: z.string(),
    createdBy: z.string(),
  })
  .openapi('CommunityTask');

export const TaskCounts = z
  .object({
    assigned: z.number().int(),
    accepted: z.number().int(),
    reported: z.number().int(),
    returned: z.number().int(),
    done: z.number().int(),
    overdue: z.number().int(),
  })
  .openapi('TaskCounts');

/** Deep copy into plain JSON (stored readonly arrays and nested objects become fresh values). */
export const plain = <T>(v: T): Mutable<T> => JSON.parse(JSON.stringify(v)) as Mutable<T>;
export type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;
