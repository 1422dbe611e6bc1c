/**
 * 社区党建 (module `party-building`): a community's party branches, their meetings (三会一课) and
 * activities with attendance, and the yearly overview of 三会一课 held against the usual cadence.
 * The caller's scope decides which branches exist for them (community / street / district).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  branchOverview,
  chinaDate,
  createBranch,
  listBranches,
  listPartyMeetings,
  type PartyBranch,
  recordPartyMeeting,
} from '@linli/community';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { actorOf, type C } from '../population/shared.ts';
import {
  BranchInput,
  BranchParam,
  BranchSchema,
  branchFor,
  MeetingInput,
  MeetingSchema,
  OverviewSchema,
  PARTY,
  partyOn,
  YearQuery,
} from './party-schemas.ts';
import { assertCommunity, errors, plain } from './shared.ts';

const byCommunityThenName = (a: PartyBranch, b: PartyBranch) =>
  a.communityCode.localeCompare(b.communityCode) || a.name.localeCompare(b.name, 'zh-CN');

export const registerPartyBranchRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'party-building');
  const inScope = async (c: C, community?: string) =>
    (await listBranches(c.get('store'))).filter(
      (b) => partyOn(c, b.communityCode) && (!community || b.communityCode === community),
    );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/party/branches',
      summary: 'Party branches of the communities in the caller’s scope (optionally one community)',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: {
        query: z.object({
          community: z
            .string()
            .regex(/^\d{12}$/)
            .optional(),
        }),
      },
      responses: { 200: json(z.object({ items: z.array(BranchSchema) })), ...errors },
    }),
    async (c) => {
      const items = await inScope(c as C, c.req.valid('query').community);
      return c.json({ items: items.sort(byCommunityThenName).map(plain) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/party/branches',
      summary: 'Record a party branch (党支部 / 党总支) of a community',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: { body: { content: { 'application/json': { schema: BranchInput } }, required: true } },
      responses: { 201: json(BranchSchema), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const communityCode = await assertCommunity(c as C, PARTY, body.communityCode);
      return c.json(
        plain(await createBranch(c.get('store'), { ...body, communityCode }, actorOf(c as C), now())),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/party/branches/{id}',
      summary: 'One party branch',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: { params: BranchParam },
      responses: { 200: json(BranchSchema), ...errors },
    }),
    async (c) => c.json(plain(await branchFor(c as C, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/party/branches/{id}/meetings',
      summary: 'The branch’s meetings (三会一课) and activities of a year (default: this year), newest first',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: { params: BranchParam, query: YearQuery },
      responses: {
        200: json(z.object({ year: z.number().int(), items: z.array(MeetingSchema) })),
        ...errors,
      },
    }),
    async (c) => {
      const b = await branchFor(c as C, c.req.valid('param').id);
      const year = c.req.valid('query').year ?? Number(chinaDate(now()).slice(0, 4));
      return c.json({ year, items: (await listPartyMeetings(c.get('store'), b.id, year)).map(plain) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/party/branches/{id}/meetings',
      summary: 'Record a meeting or activity that was held, with its attendance (present / absent and why)',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: {
        params: BranchParam,
        body: { content: { 'application/json': { schema: MeetingInput } }, required: true },
      },
      responses: { 201: json(MeetingSchema), ...errors },
    }),
    async (c) => {
      const b = await branchFor(c as C, c.req.valid('param').id);
      const at = now();
      const m = await recordPartyMeeting(
        c.get('store'),
        b,
        c.req.valid('json'),
        actorOf(c as C),
        chinaDate(at),
        at,
      );
      return c.json(plain(m), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/party/overview',
      summary:
        'The year’s 三会一课 per branch in scope: held against the cadence (党员大会 and 党课 quarterly, 支委会 and 党小组会 monthly), periods missed',
      security,
      middleware: [permit(PARTY), mod] as const,
      request: { query: YearQuery },
      responses: { 200: json(OverviewSchema), ...errors },
    }),
    async (c) => {
      const today = chinaDate(now());
      const year = c.req.valid('query').year ?? Number(today.slice(0, 4));
      const branches = (await inScope(c as C)).sort(byCommunityThenName);
      const out = [];
      // One key range per branch; ten at a time (a street has tens of branches, a district hundreds).
      for (let at = 0; at < branches.length; at += 10)
        out.push(
          ...(await Promise.all(
            branches.slice(at, at + 10).map(async (b) => {
              const meetings = await listPartyMeetings(c.get('store'), b.id, year);
              return { branch: plain(b), ...plain(branchOverview(meetings, year, today, b.foundedOn)) };
            }),
          )),
        );
      return c.json({ year, branches: out.map(({ year: _y, ...rest }) => rest) }, 200);
    },
  );
};
