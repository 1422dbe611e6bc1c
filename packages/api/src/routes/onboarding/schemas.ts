/** Response schemas of the join flow and the ministry's onboarding routes. */
import { z } from '@hono/zod-openapi';
import { APPLICATION_STATUSES, INVITABLE_ROLES, profileSchema, STEPS } from '@linli/onboarding';
import { scopeSchema, TENANT_STATUSES } from '@linli/tenancy';
import { arrayOf, Bilingual, named, orNull } from '../../openapi.ts';
import { Category, Tier } from '../flags/shared.ts';

export const Profile = named(profileSchema, 'DistrictProfile');
const AdminContact = z.object({ name: z.string(), mobile: z.string(), email: z.string() });
const ApplicationStatus = z.enum(APPLICATION_STATUSES).openapi('ApplicationStatus');
const CategoryRuleLine = z
  .object({
    dimension: z.enum(['areaType', 'development', 'migrantShare', 'infrastructure', 'hardship']),
    value: z.string(),
    message: Bilingual,
  })
  .openapi('CategoryRuleLine');

export const DraftView = z
  .object({
    id: z.string(),
    divisionCode: z.string().optional(),
    district: z.object({ name: z.string(), province: z.string(), city: z.string() }).optional(),
    profile: z.optional(Profile),
    category: z.optional(Category),
    categoryRules: arrayOf(CategoryRuleLine).optional(),
    tierRequested: Tier.optional(),
    modulesPreview: z
      .object({ modules: arrayOf(z.string()), source: z.literal('tier-defaults'), note: Bilingual })
      .optional(),
    /** Masked: the form keeps what the applicant typed. */
    admin: AdminContact.optional(),
    verified: z.boolean(),
    complete: z.object({
      district: z.boolean(),
      profile: z.boolean(),
      tier: z.boolean(),
      admin: z.boolean(),
      verified: z.boolean(),
    }),
    needsApproval: z.boolean().optional(),
    /** Epoch seconds. */
    expiresAt: z.number(),
  })
  .openapi('JoinDraft');

export const DraftCreated = DraftView.extend({
  /** Shown once: every later call on the draft sends it as `x-linli-draft-secret`. */
  secret: z.string(),
}).openapi('JoinDraftCreated');

export const CodeSent = z.object({ to: z.string(), validUntil: z.string() }).openapi('JoinCodeSent');

export const Submitted = z
  .object({
    id: z.string(),
    status: ApplicationStatus,
    /** Shown once: the applicant's key to the status page. */
    statusToken: z.string(),
    adminUsername: z.string(),
    tenantId: z.string(),
  })
  .openapi('JoinSubmitted');

export const Provisioning = z
  .object({
    tenantId: z.string(),
    status: z.enum(['pending', 'running', 'failed', 'succeeded']),
    steps: arrayOf(
      z.object({
        name: z.string().openapi({ description: `one of ${STEPS.join(', ')}` }),
        status: z.enum(['pending', 'running', 'succeeded', 'failed']),
        attempts: z.number().int(),
        error: z.string().optional(),
        startedAt: z.string().optional(),
        finishedAt: z.string().optional(),
        durationMs: z.number().optional(),
      }),
    ),
    outputs: z.object({
      streets: z.number().int().nullable(),
      communities: z.number().int().nullable(),
      catalogue: z.number().int().nullable(),
      modules: arrayOf(z.string()).nullable(),
      dataTable: z.string().nullable(),
    }),
    updatedAt: z.string(),
  })
  .openapi('Provisioning');

const Decision = z
  .object({
    by: z.string(),
    at: z.string(),
    reason: z.union([Bilingual, z.string()]).optional(),
    kind: z.string(),
  })
  .nullable();
const History = arrayOf(
  z.object({ at: z.string(), status: ApplicationStatus, by: z.string(), note: z.string().optional() }),
);

/** What the applicant sees on the status page. */
export const ApplicationStatusView = z
  .object({
    id: z.string(),
    status: ApplicationStatus,
    districtName: z.string(),
    divisionCode: z.string(),
    tierRequested: Tier,
    category: Category,
    categoryRules: arrayOf(CategoryRuleLine),
    needsApproval: z.boolean(),
    adminUsername: z.string(),
    decision: Decision,
    history: History,
    provisioning: orNull(Provisioning),
    submittedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('JoinApplicationStatus');

/** An application in the ministry's queue: the administrator's contact masked. */
export const QueuedApplication = z
  .object({
    id: z.string(),
    tenantId: z.string(),
    divisionCode: z.string(),
    districtName: z.string(),
    province: z.string(),
    city: z.string(),
    tierRequested: Tier,
    category: Category,
    categoryRules: arrayOf(CategoryRuleLine),
    profile: Profile,
    status: ApplicationStatus,
    needsApproval: z.boolean(),
    admin: AdminContact,
    decision: Decision,
    submittedAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('QueuedApplication');

export const ApplicationDetail = QueuedApplication.extend({
  history: History,
  provisioning: orNull(Provisioning),
}).openapi('ApplicationDetail');

export const Decided = z
  .object({ id: z.string(), status: ApplicationStatus, tenantId: z.string().optional() })
  .openapi('ApplicationDecided');

export const InvitationPreview = z
  .object({
    id: z.string(),
    tenantName: z.string(),
    name: z.string(),
    role: z.enum(INVITABLE_ROLES),
    scope: scopeSchema,
    validUntil: z.string(),
  })
  .openapi('InvitationPreview');

export const InvitationAccepted = z
  .object({ username: z.string(), tenantName: z.string(), role: z.enum(INVITABLE_ROLES) })
  .openapi('InvitationAccepted');

/** The outcome of a lifecycle action: the tenant's new status, and what offboarding or erasure did. */
export const LifecycleOutcome = z
  .object({
    tenant: z.object({ id: z.string(), status: z.enum(TENANT_STATUSES) }),
    offboarding: z
      .object({
        tenantId: z.string(),
        requestedBy: z.string(),
        exportedAt: z.string(),
        eraseAfter: z.string(),
        items: z.number().int(),
        chunks: z.number().int(),
        sha256: z.string(),
        erasedAt: z.string().optional(),
      })
      .optional(),
    erasedItems: z.number().int().optional(),
  })
  .openapi('TenantLifecycleOutcome');
