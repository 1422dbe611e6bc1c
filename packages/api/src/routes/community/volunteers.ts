/**
 * Civil organizations and volunteers (社区民间组织, module `civil-organizations`): the community's
 * volunteer teams and civil organizations are the base data's organization records; a volunteer is
 * a resident record joined to one or more of them. Every route checks the module and
 * `volunteers:manage` by community (community worker: theirs; street: its communities; district: all).
 * A volunteer's person is the resident record as the caller's role sees residents (masked; the
 * clear view is the audited reveal of the resident record).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  changeVolunteer,
  communityEntries,
  createVolunteer,
  getTeam,
  listTeams,
  listVolunteers,
  periodRange,
  TEAM_TYPES,
  totalsOf,
  VolunteerErrors,
  volunteerEntries,
} from '@linli/community';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { actorOf, type C, type PopulationContext, roleOf } from '../population/shared.ts';
import { assertCommunity, communitiesInScope, errors, IdParam, mayOn } from './shared.ts';
import {
  CommunityQuery,
  HoursEntrySchema,
  managedVolunteer,
  PeriodRange,
  peopleOf,
  presentVolunteer,
  VolunteerChangeSchema,
  VolunteerInputSchema,
  VolunteerSchema,
} from './volunteer-schemas.ts';

const OrganizationRow = z
  .object({
    id: z.string(),
    communityCode: z.string(),
    name: z.string(),
    type: z.enum(TEAM_TYPES),
    memberCount: z.number().int().optional(),
    /** Volunteers registered here who joined it. */
    volunteers: z.number().int(),
  })
  .openapi('CivilOrganization');

const VolunteerRow = VolunteerSchema.extend({
  /** Minutes this calendar year (records and corrections summed). */
  minutesThisYear: z.number().int(),
}).openapi('VolunteerRow');

const Totals = z.object({ year: z.number().int(), last12Months: z.number().int(), all: z.number().int() });

/** The communities a list covers: the one asked for (in scope), else all in the caller's scope. */
export const listScope = async (c: C, community: string | undefined): Promise<string[]> =>
  community
    ? [await assertCommunity(c, 'volunteers:manage', community)]
    : communitiesInScope(c, 'volunteers:manage');

/** Every team id must be a team or civil organization of the volunteer's community. */
const assertTeams = async (c: C, community: string, ids: readonly string[]) => {
  for (const id of new Set(ids)) {
    const o = await getTeam(c.get('store'), id);
    if (o?.communityCode !== community) throw VolunteerErrors.teamInvalid();
  }
};

export const registerVolunteerRoutes = (
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  pop: PopulationContext,
): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'civil-organizations');

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/civil-organizations',
      summary: 'The volunteer teams and civil organizations of the communities in scope (base data)',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: { query: CommunityQuery },
      responses: { 200: json(z.object({ items: z.array(OrganizationRow) })), ...errors },
    }),
    async (c) => {
      const communities = await listScope(c as C, c.req.valid('query').community);
      const items = [];
      for (const community of communities) {
        const [orgs, volunteers] = await Promise.all([
          listTeams(c.get('store'), community),
          listVolunteers(c.get('store'), community),
        ]);
        for (const o of orgs)
          items.push({
            ...o,
            volunteers: volunteers.filter((v) => v.teams.includes(o.id)).length,
          });
      }
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/volunteers',
      summary: 'Volunteers of the communities in scope, with their hours this year (names masked by role)',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: { query: CommunityQuery },
      responses: { 200: json(z.object({ items: z.array(VolunteerRow) })), ...errors },
    }),
    async (c) => {
      const store = c.get('store');
      const communities = await listScope(c as C, c.req.valid('query').community);
      const year = periodRange('year', now());
      const people = await pop.popOf(c as C);
      const items = [];
      for (const community of communities) {
        const [vs, entries] = await Promise.all([
          listVolunteers(store, community),
          communityEntries(store, community, year),
        ]);
        const totals = totalsOf(entries).byVolunteer;
        const persons = await peopleOf(
          people,
          roleOf(c as C),
          vs.map((v) => v.residentId),
        );
        for (const v of vs)
          items.push({
            ...presentVolunteer(v, persons.get(v.residentId)),
            minutesThisYear: totals.get(v.id) ?? 0,
          });
      }
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/volunteers',
      summary: 'Register a resident record as a volunteer of one or more of its community’s teams',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: {
        body: { content: { 'application/json': { schema: VolunteerInputSchema } }, required: true },
      },
      responses: { 201: json(VolunteerSchema), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const people = await pop.popOf(c as C);
      const r = await people.getItem(body.residentId, true);
      // Outside the caller's scope a record is as good as absent (no disclosure of where it lives).
      if (r?.status !== 'active' || !mayOn(c.get('ctx'), 'volunteers:manage', r.communityCode))
        throw VolunteerErrors.residentInvalid();
      await assertTeams(c as C, r.communityCode, body.teams);
      const v = await createVolunteer(
        c.get('store'),
        { residentId: r.id, communityCode: r.communityCode, teams: body.teams, skills: body.skills },
        actorOf(c as C),
        now(),
      );
      const persons = await peopleOf(people, roleOf(c as C), [v.residentId]);
      return c.json(presentVolunteer(v, persons.get(v.residentId)), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/volunteers/{id}',
      summary: 'One volunteer: the person (masked), every hours entry (corrections too) and the totals',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: { params: IdParam },
      responses: {
        200: json(
          z
            .object({
              volunteer: VolunteerSchema,
              entries: z.array(HoursEntrySchema),
              totals: Totals,
              periods: z.object({ year: PeriodRange, last12Months: PeriodRange }),
            })
            .openapi('VolunteerDetail'),
        ),
        ...errors,
      },
    }),
    async (c) => {
      const v = await managedVolunteer(c as C, c.req.valid('param').id);
      const entries = await volunteerEntries(c.get('store'), v.id);
      const at = now();
      const year = periodRange('year', at);
      const last = periodRange('12m', at);
      const within = (r: { from: string; to: string }) =>
        totalsOf(entries.filter((e) => e.date >= r.from && e.date <= r.to)).minutes;
      const persons = await peopleOf(await pop.popOf(c as C), roleOf(c as C), [v.residentId]);
      return c.json(
        {
          volunteer: presentVolunteer(v, persons.get(v.residentId)),
          entries: entries.map((e) => ({ ...e })),
          totals: { year: within(year), last12Months: within(last), all: totalsOf(entries).minutes },
          periods: {
            year: { period: 'year' as const, ...year },
            last12Months: { period: '12m' as const, ...last },
          },
        },
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/t/community/volunteers/{id}',
      summary: 'Change a volunteer’s teams, skills or status (conditional on `expectedVersion`)',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: {
        params: IdParam,
        body: { content: { 'application/json': { schema: VolunteerChangeSchema } }, required: true },
      },
      responses: { 200: json(VolunteerSchema), ...errors },
    }),
    async (c) => {
      const v = await managedVolunteer(c as C, c.req.valid('param').id);
      const { expectedVersion, ...change } = c.req.valid('json');
      if (change.teams) await assertTeams(c as C, v.communityCode, change.teams);
      const next = await changeVolunteer(c.get('store'), v, change, expectedVersion, actorOf(c as C), now());
      const persons = await peopleOf(await pop.popOf(c as C), roleOf(c as C), [v.residentId]);
      return c.json(presentVolunteer(next, persons.get(v.residentId)), 200);
    },
  );
};
