/**
 * Consultations (议事协商) for staff: a community worker (or the street, the district) opens one for
 * the community or one building / grid, records paper votes for residents without a phone, and
 * closes it: the result, with its quorum, is published as a community notice.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  CommunityErrors,
  type Consultation,
  castVote,
  closeConsultation,
  getConsultation,
  listConsultations,
  openConsultation,
  plainTextOf,
} from '@linli/community';
import { popKeys } from '@linli/population';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { actorOf, type C } from '../population/shared.ts';
import { assertCommunity, errors, IdParam, inScope, managedBy, plain, ULID_RE } from './shared.ts';

const Result = z
  .object({
    votes: z.number().int(),
    eligible: z.number().int(),
    turnoutPercent: z.number(),
    quorumReached: z.boolean(),
    winner: z.string().optional(),
    tie: z.boolean(),
  })
  .openapi('ConsultationResult');

export const ConsultationScope = z
  .union([
    z.object({ kind: z.literal('community') }),
    z.object({ kind: z.literal('building'), building: z.string() }),
    z.object({ kind: z.literal('grid'), grid: z.string(), buildings: z.array(z.string()) }),
  ])
  .openapi('ConsultationScope');

export const ConsultationOption = z
  .object({ id: z.string(), label: z.string() })
  .openapi('ConsultationOption');

const ConsultationSchema = z
  .object({
    id: z.string(),
    communityCode: z.string(),
    scope: ConsultationScope,
    title: z.string(),
    description: z.string(),
    options: z.array(ConsultationOption),
    anonymous: z.boolean(),
    quorumPercent: z.number().int(),
    eligible: z.number().int(),
    closesAt: z.string(),
    status: z.enum(['open', 'closed']),
    tally: z.record(z.string(), z.number().int()),
    votes: z.number().int(),
    paperVotes: z.number().int(),
    result: Result.optional(),
    noticeId: z.string().optional(),
    createdAt: z.string(),
    createdBy: z.string(),
    closedAt: z.string().optional(),
    version: z.number().int(),
  })
  .openapi('Consultation');

const Input = z
  .object({
    communityCode: z.string(),
    title: plainTextOf(100),
    description: plainTextOf(4000),
    options: z.array(plainTextOf(60)).min(2).max(10),
    anonymous: z.boolean().default(true),
    quorumPercent: z.number().int().min(1).max(100).default(50),
    closesAt: z.iso.datetime({ offset: true }),
    building: plainTextOf(20).optional(),
    grid: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,20}$/)
      .optional(),
  })
  .strict()
  .refine((v) => !(v.building && v.grid), { path: ['grid'], message: 'a building or a grid, not both' })
  .openapi('ConsultationInput');

const PaperVote = z
  .object({ residentId: z.string().regex(ULID_RE), option: z.string().regex(/^o\d{1,2}$/) })
  .strict()
  .openapi('PaperVote');

const present = (c: Consultation) => plain(c);

export const registerConsultationRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'self-governance');

  /** The consultation, if the caller manages its community (404 otherwise). */
  const managed = managedBy('self-governance:manage', getConsultation, CommunityErrors.consultationNotFound);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/consultations',
      summary: 'Consultations of the communities the caller manages, newest first',
      security,
      middleware: [permit('self-governance:manage'), mod] as const,
      responses: { 200: json(z.object({ items: z.array(ConsultationSchema) })), ...errors },
    }),
    async (c) => {
      const items = inScope(c as C, 'self-governance:manage', await listConsultations(c.get('store')));
      return c.json({ items: items.map(present) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/consultations',
      summary:
        'Open a consultation for the community, or one building or grid of it (anonymous or named, a quorum)',
      security,
      middleware: [permit('self-governance:manage'), mod] as const,
      request: { body: { content: { 'application/json': { schema: Input } }, required: true } },
      responses: { 201: json(ConsultationSchema), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const communityCode = await assertCommunity(c as C, 'self-governance:manage', body.communityCode);
      const x = await openConsultation(c.get('store'), { ...body, communityCode }, actorOf(c as C), now());
      return c.json(present(x), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/consultations/{id}',
      summary: 'One consultation with its tally (the count of votes, never who chose what when anonymous)',
      security,
      middleware: [permit('self-governance:manage'), mod] as const,
      request: { params: IdParam },
      responses: { 200: json(ConsultationSchema), ...errors },
    }),
    async (c) => c.json(present(await managed(c as C, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/consultations/{id}/paper-votes',
      summary: 'Record a resident’s paper vote (the resident then cannot vote online; one vote per resident)',
      security,
      middleware: [permit('self-governance:manage'), mod] as const,
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: PaperVote } }, required: true },
      },
      responses: { 201: json(ConsultationSchema), ...errors },
    }),
    async (c) => {
      const x = await managed(c as C, c.req.valid('param').id);
      const body = c.req.valid('json');
      const store = c.get('store');
      const r = await store.get<{ id: string; communityCode: string; building?: string; status: string }>(
        popKeys(store).resident(body.residentId),
        'CUR',
        true,
      );
      // A resident of another community is not among this consultation's voters (nor visible).
      if (!r || r.communityCode !== x.communityCode) throw CommunityErrors.notEligible();
      await castVote(
        store,
        x,
        { residentId: r.id, communityCode: r.communityCode, building: r.building, status: r.status },
        body.option,
        'paper',
        actorOf(c as C),
        now(),
      );
      return c.json(present(await getConsultation(store, x.id)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/consultations/{id}/close',
      summary: 'Close the consultation: the result against the quorum, published as a community notice',
      security,
      middleware: [permit('self-governance:manage'), mod] as const,
      request: {
        params: IdParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ version: z.number().int().min(1) })
                .strict()
                .openapi('ConsultationClose'),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(ConsultationSchema), ...errors },
    }),
    async (c) => {
      const x = await managed(c as C, c.req.valid('param').id);
      const out = await closeConsultation(c.get('store'), x, actorOf(c as C), {
        version: c.req.valid('json').version,
        now: now(),
      });
      return c.json(present(out), 200);
    },
  );
};
