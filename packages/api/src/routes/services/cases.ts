/**
 * A case as staff work it: the detail (form masked by role, timeline, internal and resident-visible
 * notes, the actions the caller may take now), the reveal of a sealed answer with a reason (logged
 * like a resident's reveal), the workflow actions and notes. Outside the caller's scope a case
 * answers 404; a step that is not theirs 403; a stale or wrong step 409.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import {
  allowedActions,
  type CaseStore,
  DEPARTMENTS,
  decisionNoticeOps,
  decisionSourceOfCase,
  deskOf,
  fieldMaskKind,
  type StaffActionInput,
} from '@linli/services';
import { appendTenantAudit } from '@linli/tenancy';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import { clockNow, fieldsOf, formOut, notesOut, stepsOf, summaryOf, timelineOut } from './cases-present.ts';
import { CaseId, FormValues, Note, plainText, StaffCase } from './cases-schemas.ts';
import { assertModule, type C, type CasesContext, notification, staffActor } from './cases-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429, 503], {
  403: 'not allowed, or CASE_NOT_YOUR_STEP: the current step is handled by another role or unit',
  404: 'no such case in your scope, or its module is not enabled (MODULE_NOT_ENABLED)',
  409: 'CASE_WRONG_STEP: the case is not at that step or status (reload)',
});

const key = z.string().regex(/^[a-z][a-z0-9-]{1,47}$/);
const step = z.number().int().min(0).max(7);
const ActionBody = z.discriminatedUnion('action', [
  z.object({ action: z.enum(['accept', 'approve']), step }).strict(),
  z
    .object({
      action: z.literal('return'),
      step,
      reason: plainText(500, 2),
      /** Keys of the missing materials (or their file fields), named in the message to the applicant. */
      missing: z.array(key).max(30).optional(),
    })
    .strict(),
  z.object({ action: z.literal('reject'), step, reason: plainText(500, 2) }).strict(),
  z
    .object({
      action: z.literal('transfer'),
      step,
      to: z.enum(Object.keys(DEPARTMENTS) as [string, ...string[]]),
      reason: plainText(500, 2),
    })
    .strict(),
]);

const one = createRoute({
  method: 'get',
  path: '/api/t/cases/{id}',
  summary: 'A case in the caller’s scope: form masked by role, timeline, notes, allowed actions, clock',
  security,
  middleware: [permit('requests:read')] as const,
  request: { params: CaseId },
  responses: { 200: json(StaffCase), ...errors },
});

const reveal = createRoute({
  method: 'post',
  path: '/api/t/cases/{id}/reveal',
  summary: 'Show sealed answers of a case in clear, with a reason; the view is written to the audit log',
  security,
  middleware: [permit('requests:handle')] as const,
  request: {
    params: CaseId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ fields: z.array(key).min(1).max(20), reason: plainText(200, 2) }).strict(),
        },
      },
    },
  },
  responses: {
    200: json(z.object({ form: FormValues, revealed: z.array(z.string()), reason: z.string() })),
    ...errors,
  },
});

const act = createRoute({
  method: 'post',
  path: '/api/t/cases/{id}/actions',
  summary:
    'A workflow action at the case’s current step: accept, return for materials (补正, with what is missing), approve, reject (reason), transfer (department, reason)',
  security,
  middleware: [permit('requests:handle')] as const,
  request: {
    params: CaseId,
    body: { required: true, content: { 'application/json': { schema: ActionBody } } },
  },
  responses: { 200: json(StaffCase), ...errors },
});

const note = createRoute({
  method: 'post',
  path: '/api/t/cases/{id}/notes',
  summary: 'A note on a case: `internal` (staff only) or `resident` (shown to the applicant)',
  security,
  middleware: [permit('requests:handle')] as const,
  request: {
    params: CaseId,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z.object({ text: plainText(1000), visibility: z.enum(['internal', 'resident']) }).strict(),
        },
      },
    },
  },
  responses: { 201: json(Note), ...errors },
});

/** The case as the caller may see it (else 404), its module on. */
export const staffCase = async (ctx: CasesContext, c: C, cases: CaseStore, id: string) => {
  const found = await cases.getFor(id, staffActor(c));
  await assertModule(ctx.deps, c, found.definition);
  return found;
};

export const staffDetail = async (ctx: CasesContext, c: C, cases: CaseStore, id: string) => {
  const actor = staffActor(c);
  const found = await staffCase(ctx, c, cases, id);
  const def = found.definition;
  const [events, notes] = await Promise.all([cases.timeline(id), cases.notes(id, 'staff')]);
  const actions = allowedActions(def, found, actor);
  const desk = found.status === 'pending' ? deskOf(def, found).unit : undefined;
  return {
    ...summaryOf(def, found),
    version: found.version,
    communityCode: found.communityCode,
    streetCode: found.streetCode,
    ...(found.department ? { department: found.department } : {}),
    applicant: { kind: found.applicantRef.startsWith('R.') ? ('resident' as const) : ('caller' as const) },
    ...(found.filedBy ? { filedBy: found.filedBy } : {}),
    ...(found.assignee ? { assignee: found.assignee } : {}),
    form: formOut(found.form),
    fields: fieldsOf(def),
    steps: stepsOf(def),
    timeline: timelineOut(events, 'staff'),
    notes: notesOut(notes, 'staff'),
    ...clockNow(found, new Date(ctx.deps.now?.() ?? Date.now())),
    allowedActions: actions,
    transferTargets: actions.includes('transfer')
      ? Object.entries(DEPARTMENTS)
          .filter(([k]) => k !== desk)
          .map(([k, name]) => ({ key: k, name }))
      : [],
  };
};

export const registerCaseRoutes = (app: OpenAPIHono<AppEnv>, ctx: CasesContext) => {
  app.openapi(one, async (c) => {
    const cases = await ctx.casesOf(c);
    return c.json(await staffDetail(ctx, c, cases, c.req.valid('param').id), 200);
  });

  app.openapi(reveal, async (c) => {
    const { id } = c.req.valid('param');
    const { fields, reason } = c.req.valid('json');
    const actor = staffActor(c);
    const cases = await ctx.casesOf(c);
    const found = await staffCase(ctx, c, cases, id);
    const clear = await cases.read(id);
    const def = found.definition;
    const sealed = fields.filter((k) => {
      const f = def.fields.find((x) => x.key === k);
      return f && fieldMaskKind(f) !== undefined && clear?.form[k] !== undefined;
    });
    if (!sealed.length)
      throw Errors.validation(undefined, {
        issues: [
          {
            field: 'fields',
            code: 'NOTHING_TO_REVEAL',
            message: { zh: '所选字段没有需要显示的加密内容', en: 'None of the fields holds a sealed answer' },
          },
        ],
      });
    await appendTenantAudit(c.get('store'), {
      actor: actor.id,
      actorName: actor.name,
      role: actor.role,
      action: 'case.reveal',
      target: `case:${id}`,
      channel: actor.channel,
      reason,
      detail: { number: found.number, fields: sealed },
    });
    const form = formOut(Object.fromEntries(sealed.map((k) => [k, clear?.form[k]])));
    return c.json({ form, revealed: sealed, reason }, 200);
  });

  app.openapi(act, async (c) => {
    const { id } = c.req.valid('param');
    const body = c.req.valid('json');
    const actor = staffActor(c);
    const cases = await ctx.casesOf(c);
    const found = await staffCase(ctx, c, cases, id);
    const def = found.definition;
    let input: StaffActionInput;
    let reason: string | undefined;
    if (body.action === 'return') {
      const names = (body.missing ?? []).map(
        (k) =>
          def.materials.find((m) => m.key === k)?.name.zh ??
          def.fields.find((f) => f.key === k)?.label.zh ??
          k,
      );
      reason = names.length ? `${body.reason}（缺少：${names.join('、')}）` : body.reason;
      input = { action: 'return', step: body.step, reason };
    } else if (body.action === 'reject') {
      reason = body.reason;
      input = body;
    } else input = body;
    const message = notification(ctx.deps, c, cases, def);
    const messageOps = message.ops(body.action, {
      ...(reason ? { reason } : {}),
      ...(body.action === 'transfer' ? { to: body.to } : {}),
    });
    await cases.act(id, actor, input, {
      extraOps: (next) => [
        ...messageOps(next),
        // 公示: an approval of a service marked for publicity publishes its masked decision notice
        // in the approval's own transaction (both or neither).
        ...(next.status === 'approved' && def.publishDecision
          ? decisionNoticeOps(cases.store, def, decisionSourceOfCase(next), actor, new Date(next.updatedAt))
          : []),
      ],
    });
    await message.send();
    return c.json(await staffDetail(ctx, c, cases, id), 200);
  });

  app.openapi(note, async (c) => {
    const { id } = c.req.valid('param');
    const cases = await ctx.casesOf(c);
    await staffCase(ctx, c, cases, id);
    const n = await cases.addNote(id, staffActor(c), c.req.valid('json'));
    return c.json(notesOut([n], 'staff')[0]!, 201);
  });
};
