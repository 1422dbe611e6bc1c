/**
 * The resident's own cases: the list, one case with its timeline and what to do next, the answer
 * to a return for materials (补正: the corrected form and materials) and withdrawal. Another
 * resident's case answers 404 as if it did not exist.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type CaseStore,
  type CaseView,
  CLOSED_STATUSES,
  maskForm,
  nextForApplicant,
  ServiceErrors,
} from '@linli/services';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, pageOf, problems, security } from '../../openapi.ts';
import { checkForm, today, verifyUploads } from './cases-file.ts';
import { clockNow, fieldsOf, formOut, notesOut, stepsOf, summaryOf, timelineOut } from './cases-present.ts';
import { CaseId, CaseSummary, ResidentCase } from './cases-schemas.ts';
import { assertModule, type C, type CasesContext, notification, residentOf } from './cases-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429, 503], {
  404: 'no such case of yours, or its module is not enabled (MODULE_NOT_ENABLED)',
  409: 'CASE_WRONG_STEP: the case is not in a state that allows this',
});

const Paging = z.object({
  limit: z.coerce.number().int().min(1).max(50).default(20),
  cursor: z.string().max(2000).optional(),
});

const list = createRoute({
  method: 'get',
  path: '/api/t/resident/cases',
  summary: "The signed-in resident's cases, newest first",
  security,
  middleware: [permit('requests:read')] as const,
  request: { query: Paging },
  responses: { 200: json(pageOf(CaseSummary)), ...errors },
});

const one = createRoute({
  method: 'get',
  path: '/api/t/resident/cases/{id}',
  summary: 'One of my cases: timeline, notes meant for me, current step, due date, what to do next',
  security,
  middleware: [permit('requests:read')] as const,
  request: { params: CaseId },
  responses: { 200: json(ResidentCase), ...errors },
});

const resubmit = createRoute({
  method: 'post',
  path: '/api/t/resident/cases/{id}/resubmit',
  summary:
    'Answer a return for materials (补正): the corrected or added answers and materials (answers left out stay as filed)',
  security,
  middleware: [permit('requests:create')] as const,
  request: {
    params: CaseId,
    body: {
      required: true,
      content: {
        'application/json': { schema: z.object({ form: z.record(z.string(), z.unknown()) }).strict() },
      },
    },
  },
  responses: { 200: json(ResidentCase), ...errors },
});

const withdraw = createRoute({
  method: 'post',
  path: '/api/t/resident/cases/{id}/withdraw',
  summary: 'Withdraw one of my open cases',
  security,
  middleware: [permit('requests:create')] as const,
  request: { params: CaseId },
  responses: { 200: json(ResidentCase), ...errors },
});

/** One of the resident's cases with its definition version, else 404; the module must be on. */
const ownCase = async (ctx: CasesContext, c: C, cases: CaseStore, id: string) => {
  const { applicant } = residentOf(c);
  const found = await cases.read(id);
  if (!found || !cases.isApplicant(found, applicant)) throw ServiceErrors.caseNotFound();
  const def = await cases.definition(found.serviceCode, found.serviceVersion);
  await assertModule(ctx.deps, c, def);
  return { found, def };
};

const detail = async (ctx: CasesContext, cases: CaseStore, found: CaseView) => {
  const def = await cases.definition(found.serviceCode, found.serviceVersion);
  const [events, notes] = await Promise.all([cases.timeline(found.id), cases.notes(found.id, 'resident')]);
  return {
    ...summaryOf(def, found),
    form: formOut(maskForm(def, found.form)),
    fields: fieldsOf(def),
    steps: stepsOf(def),
    timeline: timelineOut(events, 'resident'),
    notes: notesOut(notes, 'resident'),
    ...clockNow(found, new Date(ctx.deps.now?.() ?? Date.now())),
    next: nextForApplicant(found.status),
    canResubmit: found.status === 'returned',
    canWithdraw: !CLOSED_STATUSES.includes(found.status),
  };
};

export const registerMyCaseRoutes = (app: OpenAPIHono<AppEnv>, ctx: CasesContext) => {
  app.openapi(list, async (c) => {
    const { applicant } = residentOf(c);
    const q = c.req.valid('query');
    const cases = await ctx.casesOf(c);
    const page = await cases.ofApplicant(applicant, {
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    const items = [];
    for (const it of page.items)
      items.push(summaryOf(await cases.definition(it.serviceCode, it.serviceVersion), it));
    return c.json({ items, ...(page.cursor ? { cursor: page.cursor } : {}) }, 200);
  });

  app.openapi(one, async (c) => {
    const cases = await ctx.casesOf(c);
    const { found } = await ownCase(ctx, c, cases, c.req.valid('param').id);
    return c.json(await detail(ctx, cases, found), 200);
  });

  app.openapi(resubmit, async (c) => {
    const { applicant, actor } = residentOf(c);
    const { id } = c.req.valid('param');
    const cases = await ctx.casesOf(c);
    const { found, def } = await ownCase(ctx, c, cases, id);
    if (found.status !== 'returned') throw ServiceErrors.wrongStep();
    // Answers left out keep what the case holds: the resident sends what they correct or add.
    const form = checkForm(def, { ...found.form, ...c.req.valid('json').form }, today(ctx));
    const attach = await verifyUploads(ctx, c, def, form, `R.${applicant.id}`, id);
    const note = notification(ctx.deps, c, cases, def);
    const next = await cases.actAsApplicant(id, applicant, 'resubmit', actor, {
      form,
      extraOps: note.ops('resubmit', {}, attach(id)),
    });
    await note.send();
    return c.json(await detail(ctx, cases, next), 200);
  });

  app.openapi(withdraw, async (c) => {
    const { applicant, actor } = residentOf(c);
    const { id } = c.req.valid('param');
    const cases = await ctx.casesOf(c);
    const { def } = await ownCase(ctx, c, cases, id);
    const note = notification(ctx.deps, c, cases, def);
    const next = await cases.actAsApplicant(id, applicant, 'withdraw', actor, {
      extraOps: note.ops('withdraw'),
    });
    await note.send();
    return c.json(await detail(ctx, cases, next), 200);
  });
};
