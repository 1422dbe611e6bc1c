/**
 * The staff inbox (待办): one partition of inbox entries per scope and status — the desk a case
 * waits at, or everything of my community / street / department / the whole district — read in
 * due order (soonest first: sorted by remaining time), narrowed by service, channel, assignee and
 * due (overdue / due soon), paged with signed cursors. Never a Scan. Also: assign a case to a
 * colleague, and accept many at once (one result per case).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize, listConstraint, type RequestContext } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import { canSee, chinaDate, type InboxScope, WorkCalendar } from '@linli/services';
import { appendTenantAudit } from '@linli/tenancy';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, pageOf, problems, security } from '../../openapi.ts';
import { staffCase, staffDetail } from './cases.ts';
import { inboxOut } from './cases-present.ts';
import { CaseId, Channel, InboxItem, StaffCase, Status } from './cases-schemas.ts';
import { type CasesContext, notification, staffActor } from './cases-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429, 503]);
const SCOPES = ['desk', 'community', 'street', 'department', 'district'] as const;

const list = createRoute({
  method: 'get',
  path: '/api/t/cases',
  summary:
    'The inbox: cases of a scope (`desk`: waiting for me; my community, street, department, or the district) by status, soonest due first',
  security,
  middleware: [permit('requests:read')] as const,
  request: {
    query: z.object({
      scope: z.enum(SCOPES).optional(),
      /** A community, street or department inside the caller's grant (default: their own). */
      unit: z
        .string()
        .regex(/^(\d{9}|\d{12}|[a-z][a-z-]{1,31})$/)
        .optional(),
      status: Status.default('pending'),
      service: z
        .string()
        .regex(/^[a-z][a-z0-9-]{1,47}$/)
        .optional(),
      channel: Channel.optional(),
      due: z
        .enum(['overdue', 'soon', 'escalated'])
        .optional()
        .openapi({ description: '`escalated`: overdue steps escalated (督办) by the daily sweep' }),
      assignee: z.enum(['me']).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
      cursor: z.string().max(2000).optional(),
    }),
  },
  responses: { 200: json(pageOf(InboxItem)), ...errors },
});

const assign = createRoute({
  method: 'post',
  path: '/api/t/cases/{id}/assign',
  summary: 'Assign an open case to a colleague who can see it (or `null` to clear)',
  security,
  middleware: [permit('requests:handle')] as const,
  request: {
    params: CaseId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              assignee: z
                .string()
                .regex(/^[0-9a-zA-Z-]{8,64}$/)
                .nullable(),
            })
            .strict(),
        },
      },
    },
  },
  responses: { 200: json(StaffCase), ...errors },
});

const assignees = createRoute({
  method: 'get',
  path: '/api/t/cases/{id}/assignees',
  summary:
    'The colleagues an open case can be assigned to: staff of the district who can see it (its community, street or department, or the district), by name',
  security,
  middleware: [permit('requests:handle')] as const,
  request: { params: CaseId },
  responses: {
    200: json(
      z.object({
        items: z.array(z.object({ sub: z.string(), name: z.string(), roles: z.array(z.string()) })),
      }),
    ),
    ...errors,
  },
});

const bulk = createRoute({
  method: 'post',
  path: '/api/t/cases/bulk-accept',
  summary:
    'Accept several cases at their current steps; one result per case (an error does not stop the rest)',
  security,
  middleware: [permit('requests:handle')] as const,
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              items: z
                .array(z.object({ id: CaseId.shape.id, step: z.number().int().min(0).max(7) }).strict())
                .min(1)
                .max(50),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: json(
      z.object({
        items: z.array(
          z.object({
            id: z.string(),
            ok: z.boolean(),
            status: Status.optional(),
            code: z.string().optional(),
          }),
        ),
      }),
    ),
    ...errors,
  },
});

/** The caller's desk: the level their primary handling role acts at, and their unit there. */
const deskScope = (ctx: RequestContext): InboxScope => {
  const s = ctx.scope;
  if (ctx.roles.includes('district-admin')) return { kind: 'desk', level: 'district', unit: 'ALL' };
  if (ctx.roles.includes('department-staff') && s.department)
    return { kind: 'desk', level: 'department', unit: s.department };
  if (ctx.roles.includes('street-staff') && s.streetCode)
    return { kind: 'desk', level: 'street', unit: s.streetCode };
  if (ctx.roles.includes('community-worker') && s.communityCode)
    return { kind: 'desk', level: 'community', unit: s.communityCode };
  throw Errors.forbidden({ zh: '您没有待办环节', en: 'You have no desk' });
};

/** The inbox partition asked for, inside the caller's grant (403 outside it). */
const scopeOf = (
  ctx: RequestContext,
  kind: (typeof SCOPES)[number] | undefined,
  unit?: string,
): InboxScope => {
  const wide = listConstraint(ctx, 'requests:read') === 'tenant';
  const k = kind ?? (ctx.roles.some((r) => r !== 'call-centre-operator') ? 'desk' : 'district');
  switch (k) {
    case 'desk':
      return deskScope(ctx);
    case 'district':
      if (!wide) throw Errors.forbidden({ zh: '仅限全区县权限', en: 'district-wide access only' });
      return { kind: 'district' };
    case 'community': {
      const u = unit ?? ctx.scope.communityCode;
      if (!u || !/^\d{12}$/.test(u)) throw Errors.forbidden();
      authorize(ctx, 'requests:read', { communityCode: u, streetCode: u.slice(0, 9) });
      return { kind: 'community', unit: u };
    }
    case 'street': {
      const u = unit ?? ctx.scope.streetCode ?? ctx.scope.communityCode?.slice(0, 9);
      if (!u || !/^\d{9}$/.test(u)) throw Errors.forbidden();
      authorize(ctx, 'requests:read', { streetCode: u });
      return { kind: 'street', unit: u };
    }
    default: {
      const u = unit ?? ctx.scope.department;
      if (!u || /^\d/.test(u)) throw Errors.forbidden();
      authorize(ctx, 'requests:read', { department: u });
      return { kind: 'department', unit: u };
    }
  }
};

const errorCode = (err: unknown) => (err instanceof LinliError ? err.code : 'INTERNAL');

export const registerInboxRoutes = (app: OpenAPIHono<AppEnv>, ctx: CasesContext) => {
  const cal = new WorkCalendar();
  const now = () => new Date(ctx.deps.now?.() ?? Date.now());

  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const rctx = c.get('ctx');
    staffActor(c);
    const scope = scopeOf(rctx, q.scope, q.unit);
    if (q.due && q.status !== 'pending')
      throw Errors.validation(undefined, {
        issues: [
          {
            field: 'due',
            code: 'DUE_NEEDS_PENDING',
            message: { zh: '只有办理中的办件有期限', en: 'Only pending cases have a due date' },
          },
        ],
      });
    const today = chinaDate(now());
    const dueRange =
      q.due === 'overdue'
        ? { dueTo: previousDay(today) }
        : q.due === 'escalated'
          ? { dueTo: previousDay(today), escalated: true }
          : q.due === 'soon'
            ? { dueFrom: today, dueTo: cal.addWorkingDays(today, 1).due }
            : {};
    const cases = await ctx.casesOf(c);
    const page = await cases.inbox(scope, q.status, {
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
      ...(q.service ? { service: q.service } : {}),
      ...(q.channel ? { channel: q.channel } : {}),
      ...(q.assignee ? { assignee: rctx.sub } : {}),
      ...dueRange,
    });
    const at = now();
    return c.json(
      { items: page.items.map((e) => inboxOut(e, at, cal)), ...(page.cursor ? { cursor: page.cursor } : {}) },
      200,
    );
  });

  app.openapi(assign, async (c) => {
    const { id } = c.req.valid('param');
    const { assignee } = c.req.valid('json');
    const actor = staffActor(c);
    const cases = await ctx.casesOf(c);
    const found = await staffCase(ctx, c, cases, id);
    if (assignee) {
      const m = await ctx.deps.registry.getMembership(assignee);
      const ok =
        !!m &&
        m.kind === 'staff' &&
        m.tenantId === c.get('ctx').tenant!.id &&
        canSee(found.definition, found, { id: m.sub, roles: m.roles, scope: m.scope });
      if (!ok)
        throw Errors.validation(undefined, {
          issues: [
            {
              field: 'assignee',
              code: 'ASSIGNEE_INVALID',
              message: {
                zh: '只能分派给能看到该办件的同事',
                en: 'Assign only to a colleague who can see the case',
              },
            },
          ],
        });
    }
    await cases.assign(id, actor, assignee);
    return c.json(await staffDetail(ctx, c, cases, id), 200);
  });

  app.openapi(assignees, async (c) => {
    const { id } = c.req.valid('param');
    const cases = await ctx.casesOf(c);
    const found = await staffCase(ctx, c, cases, id);
    // The district's members: one Query of the control table's member index (a district has
    // hundreds of staff, not millions); only staff who can see this case are offered.
    const members = await ctx.deps.registry.listMembers(c.get('ctx').tenant!.id);
    const items = members
      .filter(
        (m) =>
          m.kind === 'staff' &&
          canSee(found.definition, found, { id: m.sub, roles: m.roles, scope: m.scope }),
      )
      .map((m) => ({ sub: m.sub, name: m.name || m.username, roles: [...m.roles] }))
      .sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
    return c.json({ items }, 200);
  });

  app.openapi(bulk, async (c) => {
    const actor = staffActor(c);
    const cases = await ctx.casesOf(c);
    const items: { id: string; ok: boolean; status?: (typeof Status)['options'][number]; code?: string }[] =
      [];
    for (const it of c.req.valid('json').items) {
      try {
        const found = await staffCase(ctx, c, cases, it.id);
        const message = notification(ctx.deps, c, cases, found.definition);
        const next = await cases.act(
          it.id,
          actor,
          { action: 'accept', step: it.step },
          {
            extraOps: message.ops('accept'),
          },
        );
        await message.send();
        items.push({ id: it.id, ok: true, status: next.status });
      } catch (err) {
        if (errorCode(err) === 'INTERNAL') throw err;
        items.push({ id: it.id, ok: false, code: errorCode(err) });
      }
    }
    // The batch itself is on record (each accepted case has its own entry too).
    await appendTenantAudit(c.get('store'), {
      actor: actor.id,
      actorName: actor.name,
      role: actor.role,
      action: 'case.bulk-accept',
      target: 'cases',
      channel: actor.channel,
      detail: { accepted: items.filter((i) => i.ok).length, refused: items.filter((i) => !i.ok).length },
    });
    return c.json({ items }, 200);
  });
};

/** The calendar day before `d` (`YYYY-MM-DD`): a step due yesterday or earlier is overdue. */
const previousDay = (d: string) => {
  const t = new Date(`${d}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() - 1);
  return t.toISOString().slice(0, 10);
};
