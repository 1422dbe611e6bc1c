/**
 * Residents' meetings (居民会议, module `self-governance`) for staff: plan a meeting with its agenda,
 * record who attended (resident records, masked by role when shown, and a head count), mark it held
 * (a 居民会议 only with its quorum), write the minutes per agenda item, publish them — optionally as
 * a community notice — and correct them after publication with a reason.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  correctMinutes,
  getConsultation,
  getMeeting,
  holdMeeting,
  listMeetings,
  type Meeting,
  MeetingErrors,
  passed,
  planMeeting,
  presentOf,
  publishMinutes,
  quorumOf,
  recordAttendance,
  writeMinutes,
} from '@linli/community';
import { LinliError } from '@linli/core';
import { popKeys } from '@linli/population';
import { appendTenantAudit } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import {
  actorOf,
  type C,
  populationContext,
  present as presentResident,
  roleOf,
} from '../population/shared.ts';
import {
  AttendanceInput,
  CorrectionInput,
  MeetingDetail,
  MeetingInput,
  MeetingSchema,
  MinutesInput,
  PublishInput,
  VersionInput,
} from './meetings-schemas.ts';
import { assertCommunity, errors, IdParam, inScope, managedBy, plain } from './shared.ts';

const ACTION = 'self-governance:manage';

/** The meeting as the API shows it: counts and quorum, never who attended (see the detail). */
const present = (m: Meeting) => {
  const { attendees, ...rest } = plain(m);
  const count = presentOf(m);
  const q = quorumOf(m);
  return {
    ...rest,
    recorded: attendees.length,
    present: count,
    ...(q ? { quorum: q } : {}),
    minutes: rest.minutes.map((i) => {
      const p = passed(i.votes, count);
      return p === undefined ? i : { ...i, passed: p };
    }),
  };
};

const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

export const registerMeetingRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'self-governance');
  const pop = populationContext(deps);

  /** The meeting, if the caller manages its community (404 otherwise). */
  const managed = managedBy(ACTION, getMeeting, MeetingErrors.notFound);

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/meetings',
      summary: 'Residents’ meetings of the communities the caller manages, newest first',
      security,
      middleware: [permit(ACTION), mod] as const,
      responses: { 200: json(z.object({ items: z.array(MeetingSchema) })), ...errors },
    }),
    async (c) => {
      const items = inScope(c as C, ACTION, await listMeetings(c.get('store')));
      return c.json({ items: items.map(present) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/meetings',
      summary:
        'Plan a meeting (居民会议, 居民代表会议, 居民小组会议, 楼栋会议, 听证会/协调会) with its agenda; a 居民会议 names how many make it up, for its quorum',
      security,
      middleware: [permit(ACTION), mod] as const,
      request: body(MeetingInput),
      responses: { 201: json(MeetingSchema), ...errors },
    }),
    async (c) => {
      const input = c.req.valid('json');
      const communityCode = await assertCommunity(c as C, ACTION, input.communityCode);
      const store = c.get('store');
      if (Date.parse(input.startsAt) <= now().getTime()) throw MeetingErrors.startsPast();
      if (input.grid) {
        const g = await store.get(popKeys(store).grids(communityCode), `G#${input.grid}`, true);
        if (!g)
          throw new LinliError('MEETING_GRID_UNKNOWN', 400, {
            zh: '本社区没有该网格',
            en: 'No such grid in the community',
          });
      }
      if (input.consultationId) {
        const k = await getConsultation(store, input.consultationId).catch(() => undefined);
        if (!k || k.communityCode !== communityCode) throw MeetingErrors.consultationOutside();
      }
      const m = await planMeeting(store, { ...input, communityCode }, actorOf(c as C), now());
      return c.json(present(m), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/meetings/{id}',
      summary:
        'One meeting with its attendees, named as the caller’s role sees residents (masked); the view is audited',
      security,
      middleware: [permit(ACTION), mod] as const,
      request: { params: IdParam },
      responses: { 200: json(MeetingDetail), ...errors },
    }),
    async (c) => {
      const m = await managed(c as C, c.req.valid('param').id);
      const people = await pop.popOf(c as C);
      const role = roleOf(c as C);
      const attendees = [];
      // 25 at a time: a meeting records at most 1,000 attendees.
      for (let at = 0; at < m.attendees.length; at += 25)
        attendees.push(
          ...(await Promise.all(
            m.attendees.slice(at, at + 25).map(async (a) => {
              const v = await people.get(a.residentId);
              const name = v ? presentResident(v, role).name : undefined;
              return { residentId: a.residentId, as: a.as, ...(name ? { name } : {}) };
            }),
          )),
        );
      if (attendees.length) {
        // Who attended is personal data: the view is logged as resident views are.
        const ctx = c.get('ctx');
        await appendTenantAudit(c.get('store'), {
          actor: ctx.sub,
          actorName: ctx.username,
          role,
          action: 'meetings.attendance.view',
          target: `meeting:${m.id}`,
          channel: c.get('channel'),
          detail: { residents: attendees.length },
        });
      }
      return c.json({ meeting: present(m), attendees }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/community/meetings/{id}/attendance',
      summary:
        'Record the attendance before the meeting is marked held: residents of the community by record, and a head count of the others',
      security,
      middleware: [permit(ACTION), mod] as const,
      request: { params: IdParam, ...body(AttendanceInput) },
      responses: { 200: json(MeetingSchema), ...errors },
    }),
    async (c) => {
      const m = await managed(c as C, c.req.valid('param').id);
      const input = c.req.valid('json');
      const store = c.get('store');
      if (m.status !== 'planned') throw MeetingErrors.notPlanned();
      for (let at = 0; at < input.attendees.length; at += 25)
        await Promise.all(
          input.attendees.slice(at, at + 25).map(async (a) => {
            const r = await store.get<{ communityCode: string; status: string }>(
              popKeys(store).resident(a.residentId),
              'CUR',
              true,
            );
            // Another community's resident is not this meeting's attendee (nor shown to exist).
            if (r?.communityCode !== m.communityCode || r.status !== 'active')
              throw MeetingErrors.attendeeOutside();
          }),
        );
      return c.json(present(await recordAttendance(store, m, input, actorOf(c as C))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/meetings/{id}/hold',
      summary: 'Mark the meeting held (a 居民会议 or 居民代表会议 only with more than half present)',
      security,
      middleware: [permit(ACTION), mod] as const,
      request: { params: IdParam, ...body(VersionInput) },
      responses: { 200: json(MeetingSchema), ...errors },
    }),
    async (c) => {
      const m = await managed(c as C, c.req.valid('param').id);
      const out = await holdMeeting(c.get('store'), m, c.req.valid('json').version, actorOf(c as C), now());
      return c.json(present(out), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/community/meetings/{id}/minutes',
      summary: 'Write the minutes of a held meeting, per agenda item (until they are published)',
      security,
      middleware: [permit(ACTION), mod] as const,
      request: { params: IdParam, ...body(MinutesInput) },
      responses: { 200: json(MeetingSchema), ...errors },
    }),
    async (c) => {
      const m = await managed(c as C, c.req.valid('param').id);
      return c.json(
        present(await writeMinutes(c.get('store'), m, c.req.valid('json'), actorOf(c as C))),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/meetings/{id}/publish',
      summary:
        'Publish the minutes; with `notice`, as a notice to the community’s residents (masked: counts, no names, ID or mobile numbers), once',
      security,
      middleware: [permit(ACTION), mod] as const,
      request: { params: IdParam, ...body(PublishInput) },
      responses: { 200: json(MeetingSchema), ...errors },
    }),
    async (c) => {
      const m = await managed(c as C, c.req.valid('param').id);
      return c.json(
        present(await publishMinutes(c.get('store'), m, c.req.valid('json'), actorOf(c as C), now())),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/meetings/{id}/corrections',
      summary: 'Correct one agenda item of published minutes, with a reason (the replaced text is kept)',
      security,
      middleware: [permit(ACTION), mod] as const,
      request: { params: IdParam, ...body(CorrectionInput) },
      responses: { 200: json(MeetingSchema), ...errors },
    }),
    async (c) => {
      const m = await managed(c as C, c.req.valid('param').id);
      return c.json(
        present(await correctMinutes(c.get('store'), m, c.req.valid('json'), actorOf(c as C), now())),
        200,
      );
    },
  );
};
