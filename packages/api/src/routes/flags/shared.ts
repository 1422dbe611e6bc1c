/**
 * What the ministry flag routes share: the runtime guard, the ministry check, the audit entry and
 * the response schemas of the flag console (`/api/ministry/flags/*`) and the district's modules.
 */
import { z } from '@hono/zod-openapi';
import type { RequestContext } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import {
  districtOverrideSchema,
  FLAG_KINDS,
  flagDefinitionSchema,
  jsonValueSchema,
  MODULE_GROUPS,
  type Reason,
  rolloutPlanSchema,
  scheduledChangeSchema,
} from '@linli/flags';
import type { Actor, FlagRuntime, ChangeOutcome as Outcome } from '@linli/rollout';
import { TIERS } from '@linli/tables';
import { appendControlAudit, categorySchema } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import { arrayOf, Bilingual, named, orNull, problems } from '../../openapi.ts';

export const flagProblems = problems([400, 401, 403, 404, 409, 503], {
  404: 'unknown flag / change',
  409: 'version conflict, refused promotion, same approver, not approvable',
  503: 'the flag service is not configured',
});
export const flagKey = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,79}$/);
export const why = z.string().trim().min(1).max(2000);

export const runtime = (deps: ApiDeps): FlagRuntime => {
  if (!deps.flags)
    throw new LinliError('FLAGS_UNAVAILABLE', 503, {
      zh: '开关服务未启用',
      en: 'The flag service is not configured',
    });
  return deps.flags;
};

export const ministry = (ctx: RequestContext) => {
  if (ctx.kind !== 'ministry') throw Errors.forbidden();
};

/** Four eyes compares this id: the immutable, unique Cognito username of the admin. */
export const actorOf = (ctx: RequestContext): Actor => ({ id: ctx.username, name: ctx.name || ctx.username });

export const audit = (
  deps: ApiDeps,
  ctx: RequestContext,
  action: string,
  target: string,
  reason: string | undefined,
  detail: Record<string, unknown>,
) =>
  appendControlAudit(deps.doc, deps.controlTable, {
    actor: ctx.sub,
    actorName: ctx.username,
    role: ctx.roles.join(','),
    action,
    target,
    channel: 'web',
    ...(reason ? { reason } : {}),
    // JSON round trip: diffs hold `undefined` (a field absent before) that DynamoDB cannot store.
    detail: JSON.parse(JSON.stringify(detail)) as Record<string, unknown>,
  });

export const outcomeDetail = (o: Outcome) => ({
  status: o.status,
  version: o.version,
  affectedTenants: o.dryRun.affectedTenants,
  approval: o.change.approval,
  ...(o.pending ? { pendingId: o.pending.id } : {}),
  diff: o.change.diff,
});

/** A change outcome as the API answers it: the pending change without the whole proposed set. */
export const outcomeView = ({ pending, ...o }: Outcome) => {
  if (!pending) return o;
  const { proposed: _p, ...rest } = pending;
  return { ...o, pending: rest };
};

// --- response schemas ----------------------------------------------------------------------------

const REASONS = [
  'STATIC',
  'TARGETING_MATCH',
  'SPLIT',
  'DEFAULT',
  'DISABLED',
  'ERROR',
] as const satisfies readonly Reason[];
export const FlagReason = z.enum(REASONS).openapi('FlagReason');
export const ModuleGroup = z.enum(Object.keys(MODULE_GROUPS) as [keyof typeof MODULE_GROUPS]);
export const Tier = z.enum(TIERS).openapi('Tier');
// A variant's payload is `z.json()`, which refers to itself: named, the document can `$ref` it.
named(jsonValueSchema, 'JsonValue');
export const Category = named(categorySchema, 'TenantCategory');
export const FlagDefinition = named(flagDefinitionSchema, 'FlagDefinition');
export const RolloutPlan = named(rolloutPlanSchema, 'RolloutPlan');
export const ScheduledChange = named(scheduledChangeSchema, 'ScheduledChange');

export const FlagSummary = z
  .object({
    key: z.string(),
    labels: Bilingual,
    kind: z.enum(FLAG_KINDS),
    group: ModuleGroup.nullable(),
    enabled: z.boolean(),
    rules: z.number().int(),
    prerequisites: arrayOf(z.string()),
    districtOverride: z.nullable(districtOverrideSchema),
    hasPlan: z.boolean(),
    scheduled: z.number().int(),
    onCount: z.number().int(),
  })
  .openapi('FlagSummary');

export const FlagList = z
  .object({
    version: z.number().int(),
    districtCount: z.number().int(),
    threshold: z.number().int(),
    pending: z.number().int(),
    flags: arrayOf(FlagSummary),
  })
  .openapi('FlagList');

/** One flag of one district: on/off, why, and the tooltip. */
export const FlagCell = z
  .object({ value: z.boolean(), reason: FlagReason, ruleId: z.string().nullable(), detail: Bilingual })
  .openapi('FlagCell');

export const FlagMatrix = z
  .object({
    version: z.number().int(),
    modules: arrayOf(z.object({ key: z.string(), labels: Bilingual, group: ModuleGroup })),
    districts: arrayOf(
      z.object({
        id: z.string(),
        name: z.string(),
        slug: z.string(),
        divisionCode: z.string(),
        tier: Tier,
        wave: z.string().nullable(),
        category: Category,
        overrides: z.record(z.string(), z.boolean()),
        cells: z.record(z.string(), FlagCell),
      }),
    ),
  })
  .openapi('FlagMatrix');

export const FlagDetail = z
  .object({
    version: z.number().int(),
    definition: FlagDefinition,
    plan: orNull(RolloutPlan),
    schedule: arrayOf(ScheduledChange),
    segments: z.record(z.string(), arrayOf(z.string())),
  })
  .openapi('FlagDetail');

export const ChangeRecord = z
  .object({
    version: z.number().int(),
    previousVersion: z.number().int(),
    kind: z.enum(['edit', 'kill-switch', 'scheduled', 'promotion']),
    who: z.string(),
    at: z.string(),
    why: z.string(),
    diff: z.object({
      added: arrayOf(z.string()),
      removed: arrayOf(z.string()),
      changed: arrayOf(
        z.object({
          key: z.string(),
          fields: arrayOf(
            z.object({ field: z.string(), before: z.unknown().optional(), after: z.unknown().optional() }),
          ),
        }),
      ),
      segmentsChanged: arrayOf(z.string()),
    }),
    affectedTenants: z.number().int(),
    approval: z.enum(['none', 'single', 'four-eyes']),
    approvals: arrayOf(z.object({ by: z.string(), at: z.string() })),
  })
  .openapi('FlagChangeRecord');

export const PendingChange = z
  .object({
    id: z.string(),
    status: z.enum(['pending', 'approved', 'rejected', 'stale']),
    baseVersion: z.number().int(),
    flagKey: z.string(),
    record: ChangeRecord,
    byFlag: z.record(z.string(), z.object({ gained: arrayOf(z.string()), lost: arrayOf(z.string()) })),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    decisionNote: z.string().optional(),
  })
  .openapi('FlagPendingChange');

const DryRunRow = z.object({
  tenantId: z.string(),
  name: z.string(),
  flagKey: z.string(),
  before: z.string(),
  after: z.string(),
});
const DryRunSummary = z.object({
  gains: arrayOf(DryRunRow),
  losses: arrayOf(DryRunRow),
  affectedTenants: z.number().int(),
  threshold: z.number().int(),
  needsSecondApproval: z.boolean(),
});
export const DryRun = DryRunSummary.extend({ version: z.number().int() }).openapi('FlagDryRun');

export const ChangeOutcome = z
  .object({
    status: z.enum(['applied', 'pending']),
    version: z.number().int(),
    change: ChangeRecord,
    pending: PendingChange.optional(),
    dryRun: DryRunSummary,
  })
  .openapi('FlagChangeOutcome');

export const VersionEntry = z
  .object({ version: z.number().int(), change: ChangeRecord })
  .openapi('FlagVersion');
