/** Residents' state changes: move in, move out, death, erasure on request. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import { PopErrors } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { DATE, Erased, IdParam, MaskedResident, Parked, ResidentInput, reasonS } from './schemas.ts';
import {
  actorOf,
  applyStateChange,
  errors,
  knownCommunity,
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
    'Move in: a resident registered elsewhere in the district (found by ID number) is transferred to the community; otherwise registered as moved in from outside',
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
    const community = String(input.communityCode ?? '');
    if (!/^\d{12}$/.test(community)) pop.validate(input); // throws the field issues
    authorize(ctx, 'residents:write', targetOf(community));
    await knownCommunity(c, community);
    const existing =
      typeof input.idNumber === 'string' ? await pop.findByIdNumber(input.idNumber) : undefined;
    if (!existing) {
      const r = pop.validate(input);
      const v = await pop.create(r, actorOf(c), { movedInFrom: from?.trim() || 'outside' });
      return c.json(present(v, roleOf(c)), 201);
    }
    const current = await pop.getItem(existing.id, true);
    if (!current) throw PopErrors.notFound();
    if (current.status === 'deceased') throw PopErrors.notActive('deceased');
    const next = pop.merged(current, input);
    const v = await pop.apply(current, next, {
      action: 'move-in',
      actor: actorOf(c),
      status: 'active',
      verified: true,
      movedInFrom: current.communityCode,
    });
    return c.json(present(v, roleOf(c)), 200);
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
