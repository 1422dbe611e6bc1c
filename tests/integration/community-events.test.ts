/**
 * Community events (issue 15) on DynamoDB Local + cognito-local: a capacity that concurrent
 * sign-ups never overfill, a waiting list that moves up when someone cancels, check-in once, and
 * sign-up only for the community's own residents.
 */
import { createLocalApps, Outbox } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { makeDistrict, makeStaff } from '../support/fixtures.ts';
import { makeResident } from '../support/services.ts';

const env = testEnv();
const outbox = new Outbox(env.dataDir);
const apps = createLocalApps(env, { throttle: false, outbox });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));

let C1: string;
let C3: string;
const t: Record<string, string> = {};
const r: Record<string, string> = {};
const ids: Record<string, string> = {};
let seq = 600;
let slug = '';
const mobiles: Record<string, string> = {};

beforeAll(async () => {
  const district = await makeDistrict(env, { tier: 'standard' });
  [C1, , C3] = district.communities as [string, string, string];
  slug = district.tenant.slug;
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: district.tenant.id, roles, scope })).accessToken;
  [t.admin, t.worker, t.workerC3] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
  ]);
  for (const [name, community] of [
    ['a', C1],
    ['b', C1],
    ['c', C1],
    ['x', C3],
  ] as const) {
    const acc = await makeResident(env, apps.control, district.tenant.slug);
    r[name] = acc.token;
    mobiles[name] = acc.mobile;
    const rec = await call(app, 'POST', '/api/t/residents', t.admin, {
      name: '王芳',
      idNumber: makeCitizenId('110101', '1966-02-03', seq++),
      registration: '户籍',
      mobile: acc.mobile,
      communityCode: community,
    });
    ids[name] = rec.body.id;
  }
}, 180_000);

const event = async (capacity: number, waitlist: boolean) => {
  const res = await call(app, 'POST', '/api/t/community/events', t.worker, {
    communityCode: C1,
    title: `社区书法班${capacity}${waitlist ? 'W' : ''}`,
    description: '每周六上午，社区活动室',
    place: '社区活动室',
    startsAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    capacity,
    waitlist,
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};
const signUp = (who: string, id: string) =>
  call(app, 'POST', `/api/t/resident/community/events/${id}/sign-up`, r[who]);

describe('community events', () => {
  it('only the community’s own worker publishes; only its residents sign up', async () => {
    const bad = await call(app, 'POST', '/api/t/community/events', t.workerC3, {
      communityCode: C1,
      title: '越权活动',
      description: '—',
      place: '—',
      startsAt: new Date(Date.now() + 86_400_000).toISOString(),
      capacity: 5,
    });
    expect(bad.status).toBe(403);
    const id = await event(5, true);
    const other = await signUp('x', id);
    expect(other.status).toBe(403);
    expect(other.body.code).toBe('EVENT_NOT_ELIGIBLE');
    expect((await call(app, 'GET', `/api/t/community/events/${id}`, t.workerC3)).status).toBe(404);
  });

  it('fills the seats, then the waiting list; a cancellation moves the first waiting resident up', async () => {
    const id = await event(2, true);
    expect((await signUp('a', id)).body.mine).toBe('confirmed');
    expect((await signUp('b', id)).body.mine).toBe('confirmed');
    const c = await signUp('c', id);
    expect(c.body).toMatchObject({ mine: 'waiting', event: { confirmed: 2, waiting: 1 } });
    expect((await signUp('a', id)).body.code).toBe('EVENT_ALREADY_SIGNED_UP');
    const cancel = await call(app, 'POST', `/api/t/resident/community/events/${id}/cancel`, r.a);
    expect(cancel.body).toMatchObject({ mine: null, event: { confirmed: 2, waiting: 0 } });
    const mine = await call(app, 'GET', '/api/t/resident/community/events', r.c);
    expect(mine.body.items.find((x: Json) => x.event.id === id).mine).toBe('confirmed');
    const detail = await call(app, 'GET', `/api/t/community/events/${id}`, t.worker);
    expect(detail.body.signUps.map((s: Json) => s.residentId).sort()).toEqual([ids.b, ids.c].sort());
    // Staff find people at the door by name and mobile, masked as their role sees residents.
    for (const s of detail.body.signUps as Json[]) {
      expect(s.name).toBe('王*');
      expect(s.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
    }
    const inn = await call(app, 'POST', `/api/t/community/events/${id}/check-in`, t.worker, {
      residentId: ids.b,
    });
    expect(inn.body.checkedIn).toBe(1);
    expect(
      (await call(app, 'POST', `/api/t/community/events/${id}/check-in`, t.worker, { residentId: ids.b }))
        .status,
    ).toBe(409);
    expect(
      (await call(app, 'POST', `/api/t/community/events/${id}/check-in`, t.worker, { residentId: ids.a }))
        .status,
    ).toBe(409);
  });

  it('never overfills: three residents at once for one seat without a waiting list', async () => {
    const id = await event(1, false);
    const tries = await Promise.all(['a', 'b', 'c'].map((w) => signUp(w, id)));
    expect(tries.filter((x) => x.status === 200)).toHaveLength(1);
    expect(tries.filter((x) => x.body.code === 'EVENT_FULL')).toHaveLength(2);
    const detail = await call(app, 'GET', `/api/t/community/events/${id}`, t.worker);
    expect(detail.body.event).toMatchObject({ confirmed: 1, waiting: 0 });
    expect(detail.body.signUps).toHaveLength(1);
  });

  it('staff cancel an event with a reason: sign-ups stop, the public calendar drops it, everyone signed up is texted', async () => {
    const id = await event(1, true);
    expect((await signUp('a', id)).body.mine).toBe('confirmed');
    expect((await signUp('b', id)).body.mine).toBe('waiting');
    const listed = async () =>
      ((await call(apps.control, 'GET', `/api/public/districts/${slug}/events`)).body.items as Json[]).map(
        (x) => x.id,
      );
    expect(await listed()).toContain(id);
    // Another community's worker cannot; a reason is required.
    expect(
      (await call(app, 'POST', `/api/t/community/events/${id}/cancel`, t.workerC3, { reason: '下雨' }))
        .status,
    ).toBe(404);
    const empty = await call(app, 'POST', `/api/t/community/events/${id}/cancel`, t.worker, { reason: ' ' });
    expect(empty.status).toBe(400);
    const before = outbox.list().length;
    const res = await call(app, 'POST', `/api/t/community/events/${id}/cancel`, t.worker, {
      reason: '活动室漏水维修',
    });
    expect(res.status).toBe(200);
    expect(res.body.event).toMatchObject({ status: 'cancelled', cancelReason: '活动室漏水维修' });
    expect(res.body.told).toEqual({ texted: 2, failed: 0, noMobile: 0 });
    const texts = outbox.list().slice(before);
    for (const who of ['a', 'b'])
      expect(
        texts.some((m) => m.to === `+86${mobiles[who]}` && m.text.includes('已取消：活动室漏水维修')),
      ).toBe(true);
    expect(await listed()).not.toContain(id);
    // Nobody signs up any more; a second cancel is refused; the resident sees it cancelled.
    expect((await signUp('c', id)).body.code).toBe('EVENT_CLOSED');
    const again = await call(app, 'POST', `/api/t/community/events/${id}/cancel`, t.worker, {
      reason: '重复',
    });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('EVENT_NOT_CANCELLABLE');
    const mine = await call(app, 'GET', '/api/t/resident/community/events', r.a);
    expect(mine.body.items.find((x: Json) => x.event.id === id).event.status).toBe('cancelled');
  });
});
