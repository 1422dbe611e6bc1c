import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import {
  CHECKLIST_KEYS,
  checklistFor,
  INVITABLE_ROLES,
  invitationInputSchema,
  markChecklistStep,
} from '@linli/onboarding';
import { readStats } from '@linli/population';
import { scopeSchema } from '@linli/tenancy';
import { auditActor } from '../audit.ts';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { permit } from '../middleware.ts';
import { arrayOf, Bilingual, json, Ok, problems, security } from '../openapi.ts';
import { servicesOf } from './onboarding-services.ts';

const errors = problems([400, 401, 403, 404, 429]);

const Checklist = z
  .object({
    items: arrayOf(
      z.object({
        key: z.enum(CHECKLIST_KEYS),
        done: z.boolean(),
        label: Bilingual,
        detail: Bilingual,
        /** Where in the workspace the item is done. */
        link: z.string(),
      }),
    ),
    done: z.number().int(),
    total: z.number().int(),
  })
  .openapi('OnboardingChecklist');

const Invitation = z
  .object({
    id: z.string(),
    name: z.string(),
    channel: z.enum(['sms', 'email']),
    to: z.string(),
    role: z.enum(INVITABLE_ROLES),
    scope: scopeSchema,
    status: z.enum(['pending', 'accepted', 'expired']),
    validUntil: z.string(),
    createdAt: z.string(),
    acceptedAt: z.string().optional(),
  })
  .openapi('Invitation');

const InvitationCreated = Invitation.extend({
  /** The code itself, only where no notifier delivers it (local development). */
  code: z.string().optional(),
}).openapi('InvitationCreated');

/** The district admin's getting-started checklist and staff invitations (`/api/t/*`). */
export const registerTenantOnboardingRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  if (!deps.onboarding) return;
  const svc = () => servicesOf(deps);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/onboarding/checklist',
      summary: 'Getting-started checklist; each item ticks itself from real state',
      security,
      middleware: [permit('members:invite')] as const,
      responses: { 200: json(Checklist), ...errors },
    }),
    async (c) => {
      const tenant = c.get('ctx').tenant!;
      const members = await deps.registry.listMembers(tenant.id);
      // Residents who registered through the portal are members too, but not staff.
      const staff = members.filter((m) => m.kind !== 'resident').length;
      // residents come from the population module's counters (what an import updates)
      const residents = async (store: Parameters<typeof readStats>[0]) =>
        (await readStats(store, {})).residents;
      return c.json(await checklistFor(tenant, c.get('store'), svc().invitations, staff, residents), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/onboarding/checklist/review-org',
      summary: 'Confirm the imported streets and communities have been reviewed',
      security,
      middleware: [permit('org:write')] as const,
      responses: { 200: json(Ok), ...errors },
    }),
    async (c) => {
      await markChecklistStep(c.get('store'), 'review-org', auditActor(c));
      return c.json({ ok: true as const }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/onboarding/checklist/choose-modules',
      summary: 'Record the optional modules the district will use (within what its tier offers)',
      security,
      middleware: [permit('modules:configure')] as const,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({ modules: z.array(z.string().max(40)).max(40) }).strict(),
            },
          },
          required: true,
        },
      },
      responses: {
        200: json(z.object({ ok: z.literal(true), modules: arrayOf(z.string()) }).openapi('ModulesChosen')),
        ...errors,
      },
    }),
    async (c) => {
      const tenant = c.get('ctx').tenant!;
      const offered = new Set(deps.modulesFor(tenant));
      const { modules } = c.req.valid('json');
      const outside = modules.filter((m) => !offered.has(m));
      if (outside.length)
        throw Errors.validation(undefined, {
          issues: outside.map((m) => ({
            field: 'modules',
            code: 'MODULE_NOT_OFFERED',
            message: { zh: `本区县当前层级未提供：${m}`, en: `Not offered to this district's tier: ${m}` },
          })),
        });
      await markChecklistStep(c.get('store'), 'choose-modules', auditActor(c), { modules });
      return c.json({ ok: true as const, modules }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/invitations',
      summary: 'Invitations of the district',
      security,
      middleware: [permit('members:invite')] as const,
      responses: { 200: json(arrayOf(Invitation)), ...errors },
    }),
    async (c) => c.json(await svc().invitations.list(c.get('ctx').tenant!.id), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/invitations',
      summary: 'Invite a staff member by mobile or e-mail with a role and scope',
      security,
      middleware: [permit('members:invite')] as const,
      request: {
        body: { content: { 'application/json': { schema: invitationInputSchema } }, required: true },
      },
      responses: { 201: json(InvitationCreated, 'invited'), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const out = await svc().invitations.create(
        ctx.tenant!,
        c.get('store'),
        { sub: ctx.sub, role: ctx.roles[0] ?? 'district-admin' },
        c.req.valid('json'),
      );
      return c.json(out, 201);
    },
  );
};
