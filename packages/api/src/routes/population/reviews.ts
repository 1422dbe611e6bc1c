/** Four-eyes review: the queue, one parked change, approve (applied with the close) or reject. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize, listConstraint } from '@linli/auth';
import { Errors } from '@linli/core';
import { auditPut, maskRecord, nameOf, PopErrors, type PopulationStore } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import {
  cursorQ,
  limitQ,
  MaskedResident,
  REVIEW_STATUSES,
  ReviewDetail,
  ReviewPage,
  STREET,
} from './schemas.ts';
import {
  actorOf,
  applyStateChange,
  type C,
  errors,
  inScope,
  maskedValues,
  type PopulationContext,
  page,
  present,
  roleOf,
  targetOf,
} from './shared.ts';

const ReviewId = z.object({ id: z.string().max(60) });
const Note = z.object({ note: z.string().trim().max(500).optional() });

const queue = createRoute({
  method: 'get',
  path: '/api/t/reviews',
  summary: "Review queue of sensitive changes: the caller's street (street staff) or the district (admin)",
  security,
  middleware: [permit('residents:review')] as const,
  request: {
    query: z.object({
      status: z.enum(REVIEW_STATUSES).default('pending'),
      street: z.optional(STREET),
      limit: limitQ,
      cursor: cursorQ,
    }),
  },
  responses: { 200: json(ReviewPage), ...errors },
});

const one = createRoute({
  method: 'get',
  path: '/api/t/reviews/{id}',
  summary: 'One parked change with the proposed values (masked; reveal the resident for clear values)',
  security,
  middleware: [permit('residents:review')] as const,
  request: { params: ReviewId },
  responses: { 200: json(ReviewDetail), ...errors },
});

const approve = createRoute({
  method: 'post',
  path: '/api/t/reviews/{id}/approve',
  summary:
    'Approve a parked change: it is applied in the same transaction that closes the review (not by its author)',
  security,
  middleware: [permit('residents:review')] as const,
  request: { params: ReviewId, body: { content: { 'application/json': { schema: Note } } } },
  responses: {
    200: json(
      z
        .union([
          z.object({ id: z.string(), status: z.literal('approved'), erased: z.literal(true) }),
          z.object({ id: z.string(), status: z.literal('approved'), resident: MaskedResident }),
        ])
        .openapi('ReviewApproved'),
      'approved: the erasure done, or the resident as changed',
    ),
    ...errors,
  },
});

const reject = createRoute({
  method: 'post',
  path: '/api/t/reviews/{id}/reject',
  summary: 'Reject a parked change with a note',
  security,
  middleware: [permit('residents:review')] as const,
  request: { params: ReviewId, body: { content: { 'application/json': { schema: Note } } } },
  responses: {
    200: json(z.object({ id: z.string(), status: z.literal('rejected') }).openapi('ReviewRejected')),
    ...errors,
  },
});

/** A pending review the caller may decide (not their own). */
const decidable = async (c: C, pop: PopulationStore, id: string) => {
  const ctx = c.get('ctx');
  const r = await pop.getReview(id);
  if (!r || !inScope(ctx, 'residents:review', r.communityCode)) throw Errors.notFound();
  authorize(ctx, 'residents:review', targetOf(r.communityCode));
  if (r.status !== 'pending') throw PopErrors.reviewClosed();
  if (r.proposer.id === ctx.sub || r.proposedBy === ctx.username) throw PopErrors.selfReview();
  return r;
};

export const registerReviewRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(queue, async (c) => {
    const q = c.req.valid('query');
    const ctx = c.get('ctx');
    const limit = listConstraint(ctx, 'residents:review');
    const street = q.street ?? (limit === 'tenant' ? 'ALL' : limit.streetCode);
    if (!street) throw Errors.forbidden();
    if (street !== 'ALL') authorize(ctx, 'residents:review', { streetCode: street });
    const pop = await popOf(c);
    const r = await pop.listReviews(street, q.status, q.limit, q.cursor);
    return c.json(page(r.items, r.cursor), 200);
  });

  app.openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    const pop = await popOf(c);
    const r = await pop.getReview(id);
    if (!r || !inScope(c.get('ctx'), 'residents:review', r.communityCode)) throw Errors.notFound();
    const { payload, ...rest } = r;
    return c.json({ ...rest, proposed: maskedValues(maskRecord(payload, roleOf(c))) }, 200);
  });

  app.openapi(approve, async (c) => {
    const { id } = c.req.valid('param');
    const { note } = c.req.valid('json');
    const pop = await popOf(c);
    const r = await decidable(c, pop, id);
    const reviewer = actorOf(c);
    const current = await pop.getItem(r.residentId, true);
    if (!current) throw PopErrors.notFound();
    if (current.version !== r.baseVersion) throw PopErrors.versionConflict();
    // The change is the proposer's; the reviewer is recorded with it.
    const proposer = r.proposer;
    const close = pop.closeReviewOp(r, 'approved', nameOf(reviewer), note);
    const extra = { reviewedBy: nameOf(reviewer), reviewId: id, extraOps: [close] };
    if (r.action === 'erase') {
      await pop.erase(current, proposer, String(r.payload.reason ?? ''), extra);
      return c.json({ id, status: 'approved' as const, erased: true as const }, 200);
    }
    const v =
      r.action === 'update'
        ? await pop.apply(current, pop.merged(current, r.payload), {
            action: 'update',
            actor: proposer,
            ...extra,
          })
        : r.action === 'move-in'
          ? await pop.applyMoveIn(current, pop.merged(current, r.payload), proposer, extra)
          : await applyStateChange(
              pop,
              current,
              r.action,
              { date: String(r.payload.date), ...destinationOf(r.payload) },
              proposer,
              extra,
            );
    return c.json({ id, status: 'approved' as const, resident: present(v, roleOf(c)) }, 200);
  });

  app.openapi(reject, async (c) => {
    const { id } = c.req.valid('param');
    const { note } = c.req.valid('json');
    const pop = await popOf(c);
    const r = await decidable(c, pop, id);
    const reviewer = actorOf(c);
    await pop.store.transact([
      pop.closeReviewOp(r, 'rejected', nameOf(reviewer), note),
      auditPut(pop.store, reviewer, 'residents.review.reject', r.residentId, {
        ...(note ? { reason: note } : {}),
        detail: { reviewId: id },
      }),
    ]);
    return c.json({ id, status: 'rejected' as const }, 200);
  });
};

const destinationOf = (payload: Record<string, unknown>) =>
  typeof payload.destination === 'string' ? { destination: payload.destination } : {};
