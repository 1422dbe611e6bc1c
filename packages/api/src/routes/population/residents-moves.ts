/** Residents' state changes: move in, move out, death, erasure on request. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { allows } from '@linli/auth';
import { Errors } from '@linli/core';
import { PopErrors } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { DATE, Erased, IdParam, MaskedResident, Parked, ResidentInput, reasonS } from './schemas.ts';
import {
  actorOf,
  applyStateChange,
  assertWrite,
  errors,
  loadResident,
  needsReview,
  type PopulationContext,
  present,
  roleOf,
  targetOf,
} from './shared.ts';

const moveIn = createRoute({
  method: 'post',
  path: '/api/t/residents/move-in',
  summary:
    'Move in: a person unknown to the district is registered as moved in from outside (201). A resident of another community (found by ID number) is transferred only when the caller may review the source community (200); otherwise the transfer is a `move-in` review the source street confirms (202), as are changes of reviewed fields',
  security,
  middleware: [permit('residents:write')] as const,
  request: {
    body: {
      content: {
        'application/json': { schema: ResidentInput.extend({ from: z.string().max(100).optional() }) },
      },
    },
  },
  responses: {
    200: json(MaskedResident, 'transferred'),
    201: json(MaskedResident, 'registered'),
    202: json(Parked, 'a transfer the source community’s street confirms, or reviewed fields parked'),
    ...errors,
  },
});

const stateChange = (kind: 'move-out' | 'death') =>
  createRoute({
    method: 'post',
    path: `/api/t/residents/{id}/${kind}`,
    summary:
      kind === 'move-out'
        ? 'Move out of the district or community (state change, not a delete)'
        : 'Record a death (state change, not a delete); reviewed by the street by default',
    security,
    middleware: [permit('residents:write')] as const,
    request: {
      params: IdParam,
      body: {
        content: {
          'application/json': {
            schema: z.object({
              date: DATE,
              destination: z.string().trim().max(100).optional(),
              version: z.number().int().min(1).optional(),
            }),
          },
        },
      },
    },
    responses: {
      200: json(MaskedResident),
      202: json(Parked, 'parked for review'),
      ...errors,
    },
  });

const erase = createRoute({
  method: 'post',
  path: '/api/t/residents/{id}/erase',
  summary:
    'Erase a person on request (PIPL art. 47): all personal items deleted, counters corrected, a tombstone and the audit entry remain',
  security,
  middleware: [permit('residents:write')] as const,
  request: {
    params: IdParam,
    body: { content: { 'application/json': { schema: z.object({ reason: reasonS }) } } },
  },
  responses: { 200: json(Erased), 202: json(Parked, 'parked for review'), ...errors },
});

export const registerResidentMoveRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(moveIn, async (c) => {
    const { from, ...input } = c.req.valid('json');
    const ctx = c.get('ctx');
    const pop = await popOf(c);
    // The target: the community the person moves into, exactly as sent (400 when not a code).
    await assertWrite(c, input.communityCode);
    const settings = await pop.settings();
    // A transfer out of another community is that community's to confirm: done at once only by
    // someone with review rights over the source (its street, the district); otherwise a
    // `move-in` review waits in the source street's queue. Reviewed fields are reviewed here as
    // they are on PATCH.
    const r = await pop.moveIn(input, actorOf(c), {
      confirmsSource: (source) => allows(ctx, 'residents:review', targetOf(source)),
      reviewFields: needsReview(c, settings, String(input.communityCode)) ? settings.reviewFields : [],
      ...(from ? { from } : {}),
    });
    if (r.status === 202) return c.json({ review: r.review }, 202);
    return c.json(present(r.resident, roleOf(c)), r.status);
  });

  for (const kind of ['move-out', 'death'] as const) {
    app.openapi(stateChange(kind), async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const pop = await popOf(c);
      const current = await loadResident(c, pop, id, 'residents:write');
      if (body.version !== undefined && body.version !== current.version) throw PopErrors.versionConflict();
      if (current.status !== 'active') throw PopErrors.notActive(current.status);
      if (body.date > pop.now().toISOString().slice(0, 10))
        throw Errors.validation(undefined, {
          issues: [
            {
              field: 'date',
              code: 'DATE_IN_FUTURE',
              message: { zh: '日期不能晚于今天', en: 'The date is in the future' },
            },
          ],
        });
      const settings = await pop.settings();
      if (needsReview(c, settings, current.communityCode) && settings.reviewActions.includes(kind)) {
        const review = await pop.propose(current, kind, body, ['status'], actorOf(c));
        return c.json({ review }, 202);
      }
      const v = await applyStateChange(pop, current, kind, body, actorOf(c));
      return c.json(present(v, roleOf(c)), 200);
    });
  }

  app.openapi(erase, async (c) => {
    const { id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const pop = await popOf(c);
    const current = await loadResident(c, pop, id, 'residents:write');
    const settings = await pop.settings();
    if (needsReview(c, settings, current.communityCode) && settings.reviewActions.includes('erase')) {
      const review = await pop.propose(current, 'erase', { reason }, ['*'], actorOf(c));
      return c.json({ review }, 202);
    }
    await pop.erase(current, actorOf(c), reason);
    return c.json({ id, erased: true as const }, 200);
  });
};
