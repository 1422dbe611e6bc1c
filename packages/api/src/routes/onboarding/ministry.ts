/**
 * The ministry's side of onboarding: approval policy, the applications queue and decisions,
 * provisioning status and retry, tenant lifecycle (suspend / resume / offboard / erase).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { APPLICATION_STATUSES, approvalPolicySchema } from '@linli/onboarding';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { arrayOf, json, named, problems, security } from '../../openapi.ts';
import { servicesOf } from '../onboarding-services.ts';
import { ApplicationDetail, Decided, LifecycleOutcome, Provisioning, QueuedApplication } from './schemas.ts';
import { body, Id, ministry, TenantIdParam } from './shared.ts';

const errors = problems([400, 401, 403, 404, 409], {
  403: 'not ministry / not allowed',
  409: 'conflict / wrong state',
});
const Policy = named(approvalPolicySchema, 'ApprovalPolicy');

export const registerOnboardingMinistryRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const svc = () => servicesOf(deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/approval-policy',
      summary: 'Which tiers need ministry approval',
      security,
      responses: { 200: json(Policy, 'policy'), ...errors },
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
      security,
      request: body(approvalPolicySchema),
      responses: { 200: json(Policy, 'policy'), ...errors },
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
      security,
      request: { query: z.object({ status: z.enum(APPLICATION_STATUSES).optional() }) },
      responses: { 200: json(arrayOf(QueuedApplication), 'applications'), ...errors },
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
      security,
      request: { params: Id },
      responses: { 200: json(ApplicationDetail, 'application'), ...errors },
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
      security,
      request: { params: Id },
      responses: { 200: json(Decided, 'application'), ...errors },
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
      security,
      request: { params: Id, ...body(Reason) },
      responses: { 200: json(Decided, 'application'), ...errors },
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
      security,
      request: { params: Id, ...body(Message) },
      responses: { 200: json(Decided, 'application'), ...errors },
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

  // --- provisioning and lifecycle --------------------------------------------------------------

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/ministry/provisioning/{tenantId}',
      summary: "A tenant's provisioning steps: status, attempts, error",
      security,
      request: { params: TenantIdParam },
      responses: { 200: json(Provisioning, 'provisioning'), ...errors },
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
      security,
      request: { params: TenantIdParam },
      responses: { 202: json(Provisioning, 'provisioning'), ...errors },
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
        security,
        request: {
          params: Id,
          body: { content: { 'application/json': { schema: OptionalReason } }, required: false },
        },
        responses: { 200: json(LifecycleOutcome, 'tenant'), ...errors },
      }),
      async (c) => {
        const actor = ministry(c.get('ctx'), 'tenants:manage');
        const id = c.req.valid('param').id;
        const { reason } = c.req.valid('json');
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
