/**
 * A team's activities and the hours its volunteers gave (module `civil-organizations`): an activity
 * is recorded with the hours of the volunteers who took part (one transaction); a volunteer added
 * later gets their hours once; a correction is a new entry of the difference with a reason, never
 * an overwrite. Totals over a period: per community, per team, per volunteer and a top list.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  activityHours,
  communityEntries,
  correctHours,
  createActivity,
  getActivity,
  getTeam,
  getVolunteer,
  listActivities,
  listVolunteers,
  periodRange,
  plainTextOf,
  recordHours,
  topOf,
  totalsOf,
  type VolunteerActivity,
  VolunteerErrors,
} from '@linli/community';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { actorOf, type C, type PopulationContext, roleOf } from '../population/shared.ts';
import { errors, IdParam, managedBy, mayOn, plain, ULID_RE } from './shared.ts';
import {
  ActivityInputSchema,
  ActivitySchema,
  CommunityQuery,
  HoursEntrySchema,
  Minutes,
  Period,
  PeriodRange,
  Person,
  peopleOf,
} from './volunteer-schemas.ts';
import { listScope } from './volunteers.ts';

const VolunteerParam = z.object({ id: z.string().regex(ULID_RE), volunteerId: z.string().regex(ULID_RE) });

const Participant = z
  .object({
    volunteerId: z.string(),
    residentId: z.string(),
    person: Person,
    minutes: z.number().int(),
    /** The version a correction is conditional on. */
    version: z.number().int(),
  })
  .openapi('VolunteerParticipant');

const ActivityDetail = z
  .object({ activity: ActivitySchema, participants: z.array(Participant) })
  .openapi('VolunteerActivityDetail');

const chinaToday = (now: Date) => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

export const registerVolunteerActivityRoutes = (
  app: OpenAPIHono<AppEnv>,
  deps: ApiDeps,
  pop: PopulationContext,
): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'civil-organizations');
  const managed = managedBy('volunteers:manage', getActivity, VolunteerErrors.activityNotFound);
  /** A volunteer of the activity's community (another community's is refused, not disclosed). */
  const volunteerFor = async (c: C, a: VolunteerActivity, id: string) => {
    const v = await getVolunteer(c.get('store'), id).catch(() => undefined);
    if (!v || !mayOn(c.get('ctx'), 'volunteers:manage', v.communityCode)) throw VolunteerErrors.notFound();
    if (v.communityCode !== a.communityCode) throw VolunteerErrors.otherCommunity();
    return v;
  };
  const detail = async (c: C, a: VolunteerActivity) => {
    const rows = await activityHours(c.get('store'), a.id);
    const vs = await Promise.all(rows.map((r) => getVolunteer(c.get('store'), r.volunteerId)));
    const persons = await peopleOf(
      await pop.popOf(c),
      roleOf(c),
      vs.map((v) => v.residentId),
    );
    return {
      activity: plain(a),
      participants: rows.map((r, i) => ({
        ...r,
        residentId: vs[i]!.residentId,
        person: persons.get(vs[i]!.residentId) ?? { active: false },
      })),
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/volunteer-activities',
      summary: 'Activities of the teams of the communities in scope, newest first',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: { query: CommunityQuery },
      responses: { 200: json(z.object({ items: z.array(ActivitySchema) })), ...errors },
    }),
    async (c) => {
      const communities = await listScope(c as C, c.req.valid('query').community);
      const lists = await Promise.all(communities.map((x) => listActivities(c.get('store'), x)));
      const items = lists
        .flat()
        .sort((a, b) => b.date.localeCompare(a.date) || b.id.localeCompare(a.id))
        .map((a) => plain(a));
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/volunteer-activities',
      summary: 'Record a team’s activity with the hours of the volunteers who took part',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: {
        body: { content: { 'application/json': { schema: ActivityInputSchema } }, required: true },
      },
      responses: { 201: json(ActivityDetail), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const org = await getTeam(c.get('store'), body.orgId);
      if (!org || !mayOn(c.get('ctx'), 'volunteers:manage', org.communityCode))
        throw VolunteerErrors.teamInvalid();
      if (body.date > chinaToday(now())) throw VolunteerErrors.futureDate();
      const ids = body.hours.map((h) => h.volunteerId);
      if (new Set(ids).size !== ids.length) throw VolunteerErrors.hoursExist();
      const draft = { communityCode: org.communityCode } as VolunteerActivity;
      const hours = await Promise.all(
        body.hours.map(async (h) => ({
          volunteer: await volunteerFor(c as C, draft, h.volunteerId),
          minutes: h.minutes,
        })),
      );
      const a = await createActivity(
        c.get('store'),
        {
          communityCode: org.communityCode,
          orgId: org.id,
          orgName: org.name,
          date: body.date,
          title: body.title,
          place: body.place,
          description: body.description ?? '',
          participants: Math.max(body.participants, hours.length),
          hours,
        },
        actorOf(c as C),
        now(),
      );
      return c.json(await detail(c as C, a), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/volunteer-activities/{id}',
      summary: 'One activity with the volunteers who took part and their current hours',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: { params: IdParam },
      responses: { 200: json(ActivityDetail), ...errors },
    }),
    async (c) => c.json(await detail(c as C, await managed(c as C, c.req.valid('param').id)), 200),
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/volunteer-activities/{id}/hours',
      summary: 'Add a volunteer’s hours to a recorded activity (once; afterwards a correction)',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: {
        params: IdParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ volunteerId: z.string().regex(ULID_RE), minutes: Minutes })
                .strict()
                .openapi('VolunteerHoursInput'),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(ActivityDetail), ...errors },
    }),
    async (c) => {
      const a = await managed(c as C, c.req.valid('param').id);
      const body = c.req.valid('json');
      const v = await volunteerFor(c as C, a, body.volunteerId);
      await recordHours(c.get('store'), a, v, body.minutes, actorOf(c as C), now());
      return c.json(await detail(c as C, a), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/volunteer-activities/{id}/hours/{volunteerId}/correction',
      summary:
        'Correct a volunteer’s hours for the activity: a new entry of the difference with the reason (never an overwrite)',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: {
        params: VolunteerParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({
                  minutes: z
                    .number()
                    .int()
                    .min(0)
                    .max(24 * 60)
                    .multipleOf(6),
                  reason: plainTextOf(200),
                  expectedVersion: z.number().int().min(1),
                })
                .strict()
                .openapi('VolunteerHoursCorrection'),
            },
          },
          required: true,
        },
      },
      responses: { 201: json(HoursEntrySchema), ...errors },
    }),
    async (c) => {
      const { id, volunteerId } = c.req.valid('param');
      const a = await managed(c as C, id);
      await volunteerFor(c as C, a, volunteerId);
      const entry = await correctHours(
        c.get('store'),
        a,
        volunteerId,
        c.req.valid('json'),
        actorOf(c as C),
        now(),
      );
      return c.json({ ...entry }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/volunteer-hours',
      summary:
        'Hours totalled over a period (this year or the last 12 months): per community, per team, the top volunteers',
      security,
      middleware: [permit('volunteers:manage'), mod] as const,
      request: { query: CommunityQuery.extend({ period: Period }) },
      responses: {
        200: json(
          z
            .object({
              range: PeriodRange,
              minutes: z.number().int(),
              entries: z.number().int(),
              volunteers: z.number().int(),
              communities: z.array(z.object({ communityCode: z.string(), minutes: z.number().int() })),
              teams: z.array(
                z.object({
                  orgId: z.string(),
                  orgName: z.string(),
                  communityCode: z.string(),
                  minutes: z.number().int(),
                }),
              ),
              top: z.array(
                z.object({
                  volunteerId: z.string(),
                  communityCode: z.string(),
                  person: Person,
                  minutes: z.number().int(),
                }),
              ),
            })
            .openapi('VolunteerHoursTotals'),
        ),
        ...errors,
      },
    }),
    async (c) => {
      const q = c.req.valid('query');
      const store = c.get('store');
      const communities = await listScope(c as C, q.community);
      const range = periodRange(q.period, now());
      const entries = (await Promise.all(communities.map((x) => communityEntries(store, x, range)))).flat();
      const totals = totalsOf(entries);
      const team = new Map(
        entries.map((e) => [e.orgId, { orgName: e.orgName, communityCode: e.communityCode }]),
      );
      const top = topOf(totals.byVolunteer, 10);
      const owners = new Map(entries.map((e) => [e.volunteerId, e.communityCode]));
      const vs = new Map(
        (
          await Promise.all(
            [...new Set(top.map((t) => owners.get(t.key)!))].map((x) => listVolunteers(store, x)),
          )
        )
          .flat()
          .map((v) => [v.id, v]),
      );
      const persons = await peopleOf(
        await pop.popOf(c as C),
        roleOf(c as C),
        top.map((t) => vs.get(t.key)?.residentId).filter((x): x is string => !!x),
      );
      return c.json(
        {
          range: { period: q.period, ...range },
          minutes: totals.minutes,
          entries: totals.entries,
          volunteers: [...totals.byVolunteer.values()].filter((m) => m > 0).length,
          communities: communities.map((x) => ({
            communityCode: x,
            minutes: totals.byCommunity.get(x) ?? 0,
          })),
          teams: [...totals.byTeam]
            .map(([orgId, minutes]) => ({ orgId, ...team.get(orgId)!, minutes }))
            .sort((a, b) => b.minutes - a.minutes || a.orgId.localeCompare(b.orgId)),
          top: top.map((t) => {
            const rid = vs.get(t.key)?.residentId;
            return {
              volunteerId: t.key,
              communityCode: owners.get(t.key)!,
              person: (rid && persons.get(rid)) || { active: false },
              minutes: t.minutes,
            };
          }),
        },
        200,
      );
    },
  );
};
