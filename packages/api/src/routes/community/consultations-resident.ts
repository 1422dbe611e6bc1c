/**
 * Consultations for the signed-in resident (`/api/t/resident/community/*`): the open ones of their
 * community, building or grid, whether they have voted (online or on paper), and the vote itself.
 * The resident is their community's record with the same verified mobile number.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CommunityErrors,
  type Consultation,
  castVote,
  eligibleFor,
  getConsultation,
  isOpen,
  listConsultations,
  voteOf,
} from '@linli/community';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { type C, populationContext } from '../population/shared.ts';
import { ConsultationOption, ConsultationScope } from './consultations.ts';
import { residentRecordOf } from './resident-record.ts';
import { errors, IdParam } from './shared.ts';

const ResidentConsultation = z
  .object({
    id: z.string(),
    title: z.string(),
    description: z.string(),
    scope: ConsultationScope,
    options: z.array(ConsultationOption),
    anonymous: z.boolean(),
    quorumPercent: z.number().int(),
    closesAt: z.string(),
    status: z.enum(['open', 'closed']),
    /** How the resident voted: online, on paper (recorded by the worker), or not yet. */
    voted: z.enum(['online', 'paper']).nullable(),
    /** The tally once closed (never while voting runs). */
    tally: z.record(z.string(), z.number().int()).optional(),
    result: z
      .object({
        votes: z.number().int(),
        eligible: z.number().int(),
        turnoutPercent: z.number(),
        quorumReached: z.boolean(),
        winner: z.string().optional(),
        tie: z.boolean(),
      })
      .optional(),
  })
  .openapi('ResidentConsultation');

const List = z
  .object({
    /** False when no single active record of the community carries the resident's verified mobile. */
    recordFound: z.boolean(),
    items: z.array(ResidentConsultation),
  })
  .openapi('ResidentConsultations');

const present = (x: Consultation, voted: 'online' | 'paper' | null) => ({
  id: x.id,
  title: x.title,
  description: x.description,
  scope: JSON.parse(JSON.stringify(x.scope)) as z.infer<typeof ConsultationScope>,
  options: x.options.map((o) => ({ ...o })),
  anonymous: x.anonymous,
  quorumPercent: x.quorumPercent,
  closesAt: x.closesAt,
  status: x.status,
  voted,
  ...(x.status === 'closed' ? { tally: { ...x.tally } } : {}),
  ...(x.status === 'closed' && x.result ? { result: { ...x.result } } : {}),
});

export const registerResidentConsultationRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const pop = populationContext(deps);
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'self-governance');

  /** The resident's record (one active record with their verified mobile), or undefined. */
  const voterOf = residentRecordOf(deps, pop);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/resident/community/consultations',
      summary:
        'Consultations open to the resident (their community, building or grid), and the ones closed with results',
      security,
      middleware: [permit('self-governance:vote'), mod] as const,
      responses: { 200: json(List), ...errors },
    }),
    async (c) => {
      const v = await voterOf(c as C);
      if (!v) return c.json({ recordFound: false, items: [] }, 200);
      const store = c.get('store');
      const mine = (await listConsultations(store)).filter((x) => eligibleFor(x, v)).slice(0, 30);
      const items = await Promise.all(
        mine.map(async (x) => present(x, (await voteOf(store, x.id, v.residentId))?.channel ?? null)),
      );
      return c.json({ recordFound: true, items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/resident/community/consultations/{id}/vote',
      summary: 'Vote (once: a second vote, or one after a paper vote, is refused)',
      security,
      middleware: [permit('self-governance:vote'), mod] as const,
      request: {
        params: IdParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ option: z.string().regex(/^o\d{1,2}$/) })
                .strict()
                .openapi('ResidentVote'),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(ResidentConsultation), ...errors },
    }),
    async (c) => {
      const v = await voterOf(c as C);
      if (!v) throw CommunityErrors.residentUnknown();
      const store = c.get('store');
      const x = await getConsultation(store, c.req.valid('param').id);
      if (!eligibleFor(x, v)) throw CommunityErrors.notEligible();
      if (!isOpen(x, now())) throw CommunityErrors.consultationClosed();
      const ctx = c.get('ctx');
      await castVote(
        store,
        x,
        v,
        c.req.valid('json').option,
        'online',
        {
          id: ctx.sub,
          name: ctx.username,
          role: 'resident',
          channel: c.get('channel'),
        },
        now(),
      );
      return c.json(present(await getConsultation(store, x.id), 'online'), 201);
    },
  );
};
