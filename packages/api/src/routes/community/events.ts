/**
 * Community events (module `culture-education-sports`): staff publish an event with a capacity and
 * check people in; residents of the community sign up on the portal (a waiting list past the
 * capacity) and cancel (the first waiting resident moves up).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import {
  type CommunityEvent,
  cancelEvent,
  cancelSignUp,
  checkIn,
  createEvent,
  EventErrors,
  getEvent,
  listEvents,
  listSignUps,
  plainTextOf,
  signUp,
  signUpOf,
} from '@linli/community';
import { popKeys } from '@linli/population';
import { listCommunities } from '@linli/tenancy';
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
import { residentRecordOf } from './resident-record.ts';
import { assertCommunity, errors, IdParam, inScope, managedBy, plain, ULID_RE } from './shared.ts';

const EventSchema = z
  .object({
    id: z.string(),
    communityCode: z.string(),
    title: z.string(),
    description: z.string(),
    place: z.string(),
    startsAt: z.string(),
    capacity: z.number().int(),
    waitlist: z.boolean(),
    communityName: z.string().optional(),
    status: z.enum(['open', 'cancelled']),
    confirmed: z.number().int(),
    waiting: z.number().int(),
    checkedIn: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
    version: z.number().int(),
    cancelledAt: z.string().optional(),
    cancelledBy: z.string().optional(),
    cancelReason: z.string().optional(),
  })
  .openapi('CommunityEvent');

const Cancelled = z
  .object({
    event: EventSchema,
    /** The residents who had a seat or a place on the waiting list, and how each was told. */
    told: z.object({ texted: z.number().int(), failed: z.number().int(), noMobile: z.number().int() }),
  })
  .openapi('CancelledEvent');

const SignUpSchema = z
  .object({
    residentId: z.string(),
    status: z.enum(['confirmed', 'waiting']),
    at: z.string(),
    checkedInAt: z.string().optional(),
    /** The resident's name and mobile as the caller's role sees them (masked); absent if erased. */
    name: z.string().optional(),
    mobile: z.string().optional(),
  })
  .openapi('EventSignUp');

const ResidentEvent = z
  .object({ event: EventSchema, mine: z.enum(['confirmed', 'waiting']).nullable() })
  .openapi('ResidentEvent');

const Input = z
  .object({
    communityCode: z.string(),
    title: plainTextOf(100),
    description: plainTextOf(2000),
    place: plainTextOf(100),
    startsAt: z.iso.datetime({ offset: true }),
    capacity: z.number().int().min(1).max(5000),
    waitlist: z.boolean().default(true),
  })
  .strict()
  .openapi('CommunityEventInput');

const present = (e: CommunityEvent) => plain(e);

export const registerEventRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const now = () => new Date(deps.now?.() ?? Date.now());
  const mod = requireModule(deps, 'culture-education-sports');
  const pop = populationContext(deps);
  const recordOf = residentRecordOf(deps, pop);
  const managed = managedBy('events:manage', getEvent, EventErrors.notFound);
  const residentActor = (c: C) => {
    const ctx = c.get('ctx');
    return { id: ctx.sub, name: ctx.username, role: 'resident', channel: c.get('channel') };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/events',
      summary: 'Events of the communities the caller manages, newest first',
      security,
      middleware: [permit('events:manage'), mod] as const,
      responses: { 200: json(z.object({ items: z.array(EventSchema) })), ...errors },
    }),
    async (c) => {
      const items = inScope(c as C, 'events:manage', await listEvents(c.get('store')));
      return c.json({ items: items.map(present) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/events',
      summary: 'Publish a community event (place, time, capacity, waiting list)',
      security,
      middleware: [permit('events:manage'), mod] as const,
      request: { body: { content: { 'application/json': { schema: Input } }, required: true } },
      responses: { 201: json(EventSchema), ...errors },
    }),
    async (c) => {
      const body = c.req.valid('json');
      const communityCode = await assertCommunity(c as C, 'events:manage', body.communityCode);
      // The public calendar (the TV) names the community; the name is kept with the event.
      const communityName = (await listCommunities(c.get('store'), communityCode.slice(0, 9))).find(
        (x) => x.code === communityCode,
      )?.name;
      return c.json(
        present(
          await createEvent(
            c.get('store'),
            { ...body, communityCode, communityName },
            actorOf(c as C),
            now(),
          ),
        ),
        201,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/events/{id}',
      summary: 'One event with its sign-ups (confirmed first come, then the waiting list in order)',
      security,
      middleware: [permit('events:manage'), mod] as const,
      request: { params: IdParam },
      responses: { 200: json(z.object({ event: EventSchema, signUps: z.array(SignUpSchema) })), ...errors },
    }),
    async (c) => {
      const e = await managed(c as C, c.req.valid('param').id);
      const signUps = await listSignUps(c.get('store'), e.id);
      // Who signed up, as the caller's role sees residents (masked names and mobiles), so staff can
      // find them at the door; read 25 at a time (an event holds at most 5,000 seats).
      const people = await pop.popOf(c as C);
      const role = roleOf(c as C);
      const rows = [];
      for (let at = 0; at < signUps.length; at += 25)
        rows.push(
          ...(await Promise.all(
            signUps.slice(at, at + 25).map(async (s) => {
              const v = await people.get(s.residentId);
              const p = v ? presentResident(v, role) : undefined;
              return {
                ...s,
                ...(p?.name ? { name: p.name } : {}),
                ...(p?.mobile ? { mobile: p.mobile } : {}),
              };
            }),
          )),
        );
      return c.json({ event: present(e), signUps: rows }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/events/{id}/check-in',
      summary: 'Check a signed-up resident in at the event (once)',
      security,
      middleware: [permit('events:manage'), mod] as const,
      request: {
        params: IdParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ residentId: z.string().regex(ULID_RE) })
                .strict()
                .openapi('EventCheckIn'),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(EventSchema), ...errors },
    }),
    async (c) => {
      const e = await managed(c as C, c.req.valid('param').id);
      await checkIn(c.get('store'), e, c.req.valid('json').residentId, actorOf(c as C), now());
      return c.json(present(await getEvent(c.get('store'), e.id)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/community/events/{id}/cancel',
      summary:
        'Cancel an event before it starts, with the reason: sign-ups stop, it leaves the public calendar, and everyone who signed up (seat or waiting list) is texted the reason',
      security,
      middleware: [permit('events:manage'), mod] as const,
      request: {
        params: IdParam,
        body: {
          content: {
            'application/json': {
              schema: z
                .object({ reason: plainTextOf(200, 2) })
                .strict()
                .openapi('EventCancel'),
            },
          },
          required: true,
        },
      },
      responses: { 200: json(Cancelled), ...errors },
    }),
    async (c) => {
      const e = await managed(c as C, c.req.valid('param').id);
      const reason = c.req.valid('json').reason.trim();
      const store = c.get('store');
      const done = await cancelEvent(store, e, reason, actorOf(c as C), now());
      // After the commit: text each resident who signed up; a failed text never undoes the cancel,
      // and every text is in the district's SMS log with its state.
      const people = await pop.popOf(c as C);
      // The SMS log's store is loaded on first use: a cancel is rare, every cold start is not.
      const { SmsStore } = await import('@linli/services/channels');
      const sms = new SmsStore(store, people.cipher, now);
      const district = c.get('ctx').tenant?.name ?? '邻里';
      const start = new Date(e.startsAt).toLocaleString('zh-CN', {
        timeZone: 'Asia/Shanghai',
        month: 'numeric',
        day: 'numeric',
        hour: '2-digit',
        minute: '2-digit',
      });
      const text = `您报名的“${e.title}”（${start}，${e.place}）已取消：${reason}。给您带来不便，敬请谅解。`;
      const told = { texted: 0, failed: 0, noMobile: 0 };
      const signUps = await listSignUps(store, e.id);
      for (let at = 0; at < signUps.length; at += 25)
        await Promise.all(
          signUps.slice(at, at + 25).map(async (s) => {
            const mobile = (await people.get(s.residentId))?.mobile;
            if (!mobile) {
              told.noMobile += 1;
              return;
            }
            if (!deps.notifier) {
              told.failed += 1;
              return;
            }
            let state: 'sent' | 'failed' = 'failed';
            try {
              await deps.notifier.send({
                channel: 'sms',
                to: `+86${mobile}`,
                text: `【${district}】${text}`,
              });
              state = 'sent';
              told.texted += 1;
            } catch {
              told.failed += 1;
            }
            await sms.log(mobile, { direction: 'out', kind: 'notice', text, state }).catch(() => undefined);
          }),
        );
      return c.json({ event: present(done), told }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/resident/community/events',
      summary: 'Events of the resident’s community and whether they signed up (seat or waiting list)',
      security,
      middleware: [permit('events:sign-up'), mod] as const,
      responses: {
        200: json(z.object({ recordFound: z.boolean(), items: z.array(ResidentEvent) })),
        ...errors,
      },
    }),
    async (c) => {
      const r = await recordOf(c as C);
      if (!r) return c.json({ recordFound: false, items: [] }, 200);
      const store = c.get('store');
      const mine = (await listEvents(store)).filter((e) => e.communityCode === r.communityCode).slice(0, 30);
      const items = await Promise.all(
        mine.map(async (e) => ({
          event: present(e),
          mine: (await signUpOf(store, e.id, r.residentId))?.status ?? null,
        })),
      );
      return c.json({ recordFound: true, items }, 200);
    },
  );

  for (const action of ['sign-up', 'cancel'] as const)
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/t/resident/community/events/{id}/${action}`,
        summary:
          action === 'sign-up'
            ? 'Sign up: a seat while there is one, else the waiting list'
            : 'Cancel a sign-up (a freed seat goes to the first on the waiting list)',
        security,
        middleware: [permit('events:sign-up'), mod] as const,
        request: { params: IdParam },
        responses: { 200: json(ResidentEvent), ...errors },
      }),
      async (c) => {
        const r = await recordOf(c as C);
        const store = c.get('store');
        const e = await getEvent(store, c.req.valid('param').id);
        if (!r || r.communityCode !== e.communityCode) throw EventErrors.notEligible();
        // The record must still be active in the community (popKeys: read the item, not the index).
        const item = await store.get<{ status?: string }>(popKeys(store).resident(r.residentId), 'CUR', true);
        if (item?.status !== 'active') throw EventErrors.notEligible();
        if (action === 'sign-up') await signUp(store, e, r.residentId, residentActor(c as C), now());
        else await cancelSignUp(store, e, r.residentId, residentActor(c as C));
        const fresh = await getEvent(store, e.id);
        return c.json(
          { event: present(fresh), mine: (await signUpOf(store, e.id, r.residentId))?.status ?? null },
          200,
        );
      },
    );
};
