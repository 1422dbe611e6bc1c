/** Residents, write: register, change (four-eyes review of sensitive fields), verify. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { PopErrors } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { IdParam, MaskedResident, Parked, ResidentInput } from './schemas.ts';
import {
  actorOf,
  errors,
  knownCommunity,
  loadResident,
  needsReview,
  type PopulationContext,
  present,
  roleOf,
  targetOf,
} from './shared.ts';

const create = createRoute({
  method: 'post',
  path: '/api/t/residents',
  summary:
    'Register a resident (validated: GB 11643 ID, sex/birth date cross-checked); 409 RESIDENT_EXISTS on a known ID',
  security,
  middleware: [permit('residents:write')] as const,
  request: { body: { content: { 'application/json': { schema: ResidentInput } } } },
  responses: { 201: json(MaskedResident, 'the masked resident'), ...errors },
});

const change = createRoute({
  method: 'patch',
  path: '/api/t/residents/{id}',
  summary:
    'Change fields (`version` = the version you saw). Sensitive changes by staff without review rights are parked for four-eyes review (202)',
  security,
  middleware: [permit('residents:write')] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: ResidentInput.extend({ version: z.number().int().min(1).optional() }),
        },
      },
    },
  },
  responses: {
    200: json(MaskedResident, 'changed'),
    202: json(Parked, 'parked for review'),
    ...errors,
  },
});

const verify = createRoute({
  method: 'post',
  path: '/api/t/residents/{id}/verify',
  summary: 'Mark the record as checked with the resident today (last-verified date)',
  security,
  middleware: [permit('residents:write')] as const,
  request: { params: IdParam },
  responses: { 200: json(MaskedResident), ...errors },
});

export const registerResidentWriteRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    const pop = await popOf(c);
    const r = pop.validate(body);
    authorize(c.get('ctx'), 'residents:write', targetOf(r.communityCode));
    await knownCommunity(c, r.communityCode);
    const v = await pop.create(r, actorOf(c));
    return c.json(present(v, roleOf(c)), 201);
  });

  app.openapi(change, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...patch } = c.req.valid('json');
    const ctx = c.get('ctx');
    const pop = await popOf(c);
    const current = await loadResident(c, pop, id, 'residents:write');
    if (version !== undefined && version !== current.version) throw PopErrors.versionConflict();
    if (current.status !== 'active') throw PopErrors.notActive(current.status);
    const next = pop.merged(current, patch);
    if (next.communityCode !== current.communityCode) {
      authorize(ctx, 'residents:write', targetOf(next.communityCode));
      await knownCommunity(c, next.communityCode);
    }
    const after: Record<string, unknown> = { ...next };
    // The same rule as move-in: the community is a reviewable field too.
    const changed = pop.changedFields(current, next);
    const settings = await pop.settings();
    if (
      needsReview(c, settings, current.communityCode) &&
      changed.some((f) => settings.reviewFields.includes(f))
    ) {
      const review = await pop.propose(current, 'update', after, changed, actorOf(c));
      return c.json({ review }, 202);
    }
    const v = await pop.apply(current, next, { action: 'update', actor: actorOf(c) });
    return c.json(present(v, roleOf(c)), 200);
  });

  app.openapi(verify, async (c) => {
    const { id } = c.req.valid('param');
    const pop = await popOf(c);
    const current = await loadResident(c, pop, id, 'residents:write');
    const v = await pop.apply(current, pop.view(current), {
      action: 'verify',
      actor: actorOf(c),
      verified: true,
    });
    return c.json(present(v, roleOf(c)), 200);
  });
};
