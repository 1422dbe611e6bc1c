import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { RequestContext } from '@linli/auth';
import { authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import {
  APPLICATION_STATUSES,
  acceptSchema,
  approvalPolicySchema,
  draftPatchSchema,
  profileSchema,
  submitSchema,
  tierSchema,
  verifyCheckSchema,
  verifySendSchema,
} from '@linli/onboarding';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../http.ts';
import { servicesOf } from './onboarding-services.ts';

const Any = z.object({}).passthrough();
const ok = (description = 'ok', schema: z.ZodType = Any) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <S extends z.ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema } }, required: true as const },
});
const problems = {
  400: problemResponse('invalid input (field-level errors)'),
  404: problemResponse('not found'),
  409: problemResponse('conflict / wrong state'),
};
const ministryProblems = {
  ...problems,
  401: problemResponse('not signed in'),
  403: problemResponse('not ministry / not allowed'),
};
const Id = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
const TenantIdParam = z.object({ tenantId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
const TokenQuery = z.object({ token: z.string().min(16).max(64).optional() });

/** Ministry guard: a ministry account holding the action (never a district account). */
const ministry = (ctx: RequestContext, action: 'applications:review' | 'tenants:manage' | 'tenants:list') => {
  if (ctx.kind !== 'ministry') throw Errors.forbidden();
  authorize(ctx, action);
  return { sub: ctx.sub, role: ctx.roles[0] ?? 'ministry-admin' };
};

/** The join draft's secret (returned once at creation) travels in a header, never in the URL. */
const draftSecret = (c: { req: { header(n: string): string | undefined } }) =>
  c.req.header('x-linli-draft-secret');

/** The status token travels in a header (not logged in URLs); `?token=` for shared links. */
const statusToken = (c: { req: { header(n: string): string | undefined } }, q?: string) =>
  c.req.header('x-linli-status-token') ?? q ?? '';

/**
 * Join flow (public), applications queue and approval policy, provisioning status and retry,
 * tenant lifecycle (suspend / resume / offboard / erase), invitation acceptance, archive download.
 */
export const registerOnboardingRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  if (!deps.onboarding) return;
  const svc = () => servicesOf(deps);

  // --- join: drafts, verification, submission, status -----------------------------------------

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/drafts',
      summary: 'Start a join draft (saved server-side between steps)',
      request: { body: { content: { 'application/json': { schema: draftPatchSchema } }, required: false } },
      responses: { 201: ok('draft'), ...problems },
    }),
    async (c) => {
      const patch = (await c.req.json().catch(() => ({}))) as unknown;
      const parsed = draftPatchSchema.parse(patch ?? {});
      return c.json(await svc().onboarding.createDraft(parsed), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/join/drafts/{id}',
      summary: 'A join draft with its computed category, rule lines and module preview',
      request: { params: Id },
      responses: { 200: ok('draft'), ...problems },
    }),
    async (c) => c.json(await svc().onboarding.getDraft(c.req.valid('param').id, draftSecret(c)), 200),
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/join/drafts/{id}',
      summary: 'Save one or more steps of a draft; each given step is validated whole',
      request: { params: Id, ...body(draftPatchSchema) },
      responses: { 200: ok('draft'), ...problems },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.patchDraft(c.req.valid('param').id, draftSecret(c), c.req.valid('json')),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/drafts/{id}/code',
      summary: "Send a verification code to the administrator's mobile (or e-mail)",
      request: { params: Id, ...body(verifySendSchema) },
      responses: { 200: ok('sent'), 429: problemResponse('resend too soon'), ...problems },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.sendCode(c.req.valid('param').id, draftSecret(c), c.req.valid('json').channel),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/drafts/{id}/verify',
      summary: 'Verify the code; the draft remembers the verified contact',
      request: { params: Id, ...body(verifyCheckSchema) },
      responses: { 200: ok('verified'), 410: problemResponse('code expired'), ...problems },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.verifyCode(c.req.valid('param').id, draftSecret(c), c.req.valid('json').code),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/applications',
      summary: 'Submit a complete, verified draft with the administrator password',
      request: body(submitSchema),
      responses: { 201: ok('application'), ...problems },
    }),
    async (c) => {
      const { draftId, password } = c.req.valid('json');
      return c.json(await svc().onboarding.submit(draftId, draftSecret(c), password), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/join/applications/{id}',
      summary: "The applicant's status page (needs the status token)",
      request: { params: Id, query: TokenQuery },
      responses: { 200: ok('status'), 403: problemResponse('wrong token'), ...problems },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.statusFor(c.req.valid('param').id, statusToken(c, c.req.valid('query').token)),
        200,
      ),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/join/applications/{id}',
      summary: 'Resubmit after the ministry requested changes',
      request: {
        params: Id,
        query: TokenQuery,
        ...body(
          z.object({ profile: profileSchema.optional(), tierRequested: tierSchema.optional() }).strict(),
        ),
      },
      responses: { 200: ok('status'), 403: problemResponse('wrong token'), ...problems },
    }),
    async (c) =>
      c.json(
        await svc().onboarding.resubmit(
          c.req.valid('param').id,
          statusToken(c, c.req.valid('query').token),
          c.req.valid('json'),
        ),
        200,
      ),
  );

  // --- invitations (public side) ----------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/join/invitations/{id}',
      summary: 'What an invitation is for (code required, not consumed)',
      request: { params: Id, query: z.object({ code: z.string().min(6).max(20) }) },
      responses: { 200: ok('invitation'), 410: problemResponse('expired'), ...problems },
    }),
    async (c) =>
      c.json(await svc().invitations.preview(c.req.valid('param').id, c.req.valid('query').code), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/join/invitations/accept',
      summary: 'Accept an invitation: choose username and password (single use)',
      request: body(acceptSchema),
      responses: { 201: ok('account'), 410: problemResponse('expired'), ...problems },
    }),
    async (c) => c.json(await svc().invitations.accept(c.req.valid('json')), 201),
  );

  // --- offboarding archive (district admin, by the token sent to them) --------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/offboarding/{tenantId}/archive',
      summary: "The offboarded district's data export (JSON Lines), for its administrator",
      request: { params: TenantIdParam, query: z.object({ token: z.string().min(16).max(64) }) },
      responses: {
        200: { description: 'archive', content: { 'application/x-ndjson': { schema: { type: 'string' } } } },
        403: problemResponse('bad token'),
      },
    }),
    async (c) => {
      const a = await svc().lifecycle.archive(c.req.valid('param').tenantId, c.req.valid('query').token);
      return c.body(a.body, 200, {
        'content-type': 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="${a.name}"`,
        'x-linli-sha256': a.sha256,
        'cache-control': 'no-store',
      }) as never;
    },
  );

  // --- ministry: approval policy and applications ---------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/approval-policy',
      summary: 'Which tiers need ministry approval',
      security: [{ bearer: [] }],
      responses: { 200: ok('policy', approvalPolicySchema), ...ministryProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'), 'tenants:list');
      return c.json(await svc().onboarding.getPolicy(), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/ministry/approval-policy',
      summary: 'Set which tiers need approval (audited)',
      security: [{ bearer: [] }],
      request: body(approvalPolicySchema),
      responses: { 200: ok('policy', approvalPolicySchema), ...ministryProblems },
    }),
    async (c) => {
      const actor = ministry(c.get('ctx'), 'applications:review');
      return c.json(await svc().onboarding.putPolicy(c.req.valid('json'), actor), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/applications',
      summary: 'Applications queue (newest first); administrator contact masked',
      security: [{ bearer: [] }],
      request: { query: z.object({ status: z.enum(APPLICATION_STATUSES).optional() }) },
      responses: { 200: ok('applications', z.array(Any)), ...ministryProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'), 'tenants:list');
      return c.json(await svc().onboarding.listApplications(c.req.valid('query').status), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/applications/{id}',
      summary: 'One application with its history and provisioning status',
      security: [{ bearer: [] }],
      request: { params: Id },
      responses: { 200: ok('application'), ...ministryProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'), 'tenants:list');
      return c.json(await svc().onboarding.getApplication(c.req.valid('param').id), 200);
    },
  );

  const Reason = z.object({ reason: z.string().trim().min(2).max(500) }).strict();
  const Message = z.object({ message: z.string().trim().min(2).max(500) }).strict();

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/applications/{id}/approve',
      summary: 'Approve: provisioning starts',
      security: [{ bearer: [] }],
      request: { params: Id },
      responses: { 200: ok('application'), ...ministryProblems },
    }),
    async (c) => {
      const actor = ministry(c.get('ctx'), 'applications:review');
      const a = await svc().onboarding.approve(c.req.valid('param').id, actor);
      return c.json({ id: a.id, status: a.status, tenantId: a.tenantId }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/applications/{id}/reject',
      summary: 'Reject with a reason: the division becomes free again',
      security: [{ bearer: [] }],
      request: { params: Id, ...body(Reason) },
      responses: { 200: ok('application'), ...ministryProblems },
    }),
    async (c) => {
      const actor = ministry(c.get('ctx'), 'applications:review');
      const a = await svc().onboarding.reject(c.req.valid('param').id, actor, c.req.valid('json').reason);
      return c.json({ id: a.id, status: a.status }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/applications/{id}/request-changes',
      summary: 'Ask the applicant to change the application',
      security: [{ bearer: [] }],
      request: { params: Id, ...body(Message) },
      responses: { 200: ok('application'), ...ministryProblems },
    }),
    async (c) => {
      const actor = ministry(c.get('ctx'), 'applications:review');
      const a = await svc().onboarding.requestChanges(
        c.req.valid('param').id,
        actor,
        c.req.valid('json').message,
      );
      return c.json({ id: a.id, status: a.status }, 200);
    },
  );

  // --- ministry: provisioning and lifecycle ---------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/provisioning/{tenantId}',
      summary: "A tenant's provisioning steps: status, attempts, error",
      security: [{ bearer: [] }],
      request: { params: TenantIdParam },
      responses: { 200: ok('provisioning'), ...ministryProblems },
    }),
    async (c) => {
      ministry(c.get('ctx'), 'tenants:list');
      return c.json(await svc().onboarding.provisioningStatus(c.req.valid('param').tenantId), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/ministry/provisioning/{tenantId}/retry',
      summary: 'Operator retry of the failed step (resumes where it stopped)',
      security: [{ bearer: [] }],
      request: { params: TenantIdParam },
      responses: { 202: ok('provisioning'), ...ministryProblems },
    }),
    async (c) => {
      const actor = ministry(c.get('ctx'), 'tenants:manage');
      return c.json(await svc().onboarding.retryProvisioning(c.req.valid('param').tenantId, actor), 202);
    },
  );

  const OptionalReason = z.object({ reason: z.string().trim().max(500).optional() }).strict();
  for (const action of ['suspend', 'resume', 'offboard', 'erase'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/ministry/tenants/{id}/${action}`,
        summary: {
          suspend: 'Suspend: the district becomes read-only',
          resume: 'Resume a suspended district',
          offboard: 'Offboard: export to the district admin, erase after the grace period',
          erase: 'Erase an offboarded district after its grace period (registry record stays)',
        }[action],
        security: [{ bearer: [] }],
        request: {
          params: Id,
          body: { content: { 'application/json': { schema: OptionalReason } }, required: false },
        },
        responses: { 200: ok('tenant'), ...ministryProblems },
      }),
      async (c) => {
        const actor = ministry(c.get('ctx'), 'tenants:manage');
        const id = c.req.valid('param').id;
        const raw = (await c.req.json().catch(() => ({}))) as unknown;
        const reason = OptionalReason.parse(raw ?? {}).reason;
        const life = svc().lifecycle;
        const out =
          action === 'suspend'
            ? { tenant: await life.suspend(id, actor, reason) }
            : action === 'resume'
              ? { tenant: await life.resume(id, actor) }
              : action === 'offboard'
                ? await life.offboard(id, actor, reason)
                : await life.erase(id, actor);
        deps.resolver.invalidate('', id);
        return c.json({ ...out, tenant: { id: out.tenant.id, status: out.tenant.status } }, 200);
      },
    );
  }
};
