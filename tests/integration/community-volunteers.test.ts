/**
 * Civil organizations and volunteers (issue 15, `civil-organizations`) on DynamoDB Local and
 * cognito-local: volunteers linked to resident records and joined to the base data's teams, an
 * activity recorded with hours, a correction as a new entry (never an overwrite, conditional on the
 * version), totals per volunteer, team and community over a period, every role's scope, the module
 * flag, and the resident's own hours.
 */
import { createLocalApps } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { makeDistrict, makeStaff } from '../support/fixtures.ts';
import { makeResident } from '../support/services.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));

let C1: string;
let C2: string;
let C3: string;
const t: Record<string, string> = {};
const res: Record<string, string> = {};
const org: Record<string, string> = {};
let residentToken = '';
let seq = 700;
let basic: Awaited<ReturnType<typeof makeDistrict>>;
let basicAdmin = '';

const resident = async (community: string, mobile?: string) => {
  const r = await call(app, 'POST', '/api/t/residents', t.admin, {
    name: '李志远',
    idNumber: makeCitizenId('110101', '1980-04-05', seq++),
    registration: '户籍',
    mobile: mobile ?? `139${String(10_000_000 + seq * 7919).slice(-8)}`,
    communityCode: community,
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
};
const team = async (community: string, name: string, type = 'volunteer-team') => {
  const r = await call(app, 'POST', '/api/t/organizations', t.admin, {
    communityCode: community,
    name,
    type,
  });
  expect(r.status).toBe(201);
  return r.body.id as string;
};
const today = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

beforeAll(async () => {
  const district = await makeDistrict(env, { tier: 'standard' });
  [C1, C2, C3] = district.communities as [string, string, string];
  const mk = async (tenantId: string, roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId, roles, scope })).accessToken;
  const id = district.tenant.id;
  [t.admin, t.street, t.worker, t.workerC3, t.civil, t.hotline] = await Promise.all([
    mk(id, ['district-admin'], {}),
    mk(id, ['street-staff'], { streetCode: C1.slice(0, 9) }),
    mk(id, ['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk(id, ['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
    mk(id, ['department-staff'], { department: 'civil-affairs' }),
    mk(id, ['call-centre-operator'], {}),
  ]);
  const acc = await makeResident(env, apps.control, district.tenant.slug);
  residentToken = acc.token;
  res.a = await resident(C1, acc.mobile);
  res.b = await resident(C1);
  res.c = await resident(C2);
  res.x = await resident(C3);
  org.c1 = await team(C1, '邻里守望志愿服务队');
  org.c1civil = await team(C1, '社区书画协会', 'civil-organization');
  org.c1biz = await team(C1, '便民超市', 'business');
  org.c2 = await team(C2, '环保志愿服务队');
  org.c3 = await team(C3, '助老志愿服务队');
  basic = await makeDistrict(env, { tier: 'basic' });
  basicAdmin = await mk(basic.tenant.id, ['district-admin'], {});
}, 180_000);

const volunteer = (token: string, residentId: string, teams: string[], skills: string[] = []) =>
  call(app, 'POST', '/api/t/community/volunteers', token, { residentId, teams, skills });

describe('civil organizations and volunteers', () => {
  const v: Record<string, string> = {};
  let activity = '';

  it('registers resident records as volunteers of their community’s teams (once each)', async () => {
    const a = await volunteer(t.worker!, res.a!, [org.c1!, org.c1civil!], ['急救', '摄影']);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ communityCode: C1, residentId: res.a, status: 'active', version: 1 });
    // The person is the resident record as the worker's role sees residents: masked.
    expect(a.body.person).toMatchObject({ name: '李**', active: true });
    expect(a.body.person.mobile).toMatch(/^1\d{2}\*{4}\d{4}$/);
    v.a = a.body.id;
    expect((await volunteer(t.worker!, res.a!, [org.c1!])).body.code).toBe('VOLUNTEER_EXISTS');
    const b = await volunteer(t.street!, res.b!, [org.c1!]);
    expect(b.body).toMatchObject({ status: 'active' });
    v.b = b.body.id;
    v.c = (await volunteer(t.admin!, res.c!, [org.c2!])).body.id;
    // A business is not a team; another community's team is not this volunteer's.
    expect((await volunteer(t.worker!, res.b!, [org.c1biz!])).body.code).toBe('VOLUNTEER_TEAM_INVALID');
    const other = await volunteer(t.admin!, res.x!, [org.c1!]);
    expect(other.body.code).toBe('VOLUNTEER_TEAM_INVALID');
    v.x = (await volunteer(t.workerC3!, res.x!, [org.c3!])).body.id;
  });

  it('lists the community’s teams from the base data with their volunteers', async () => {
    const r = await call(app, 'GET', `/api/t/community/civil-organizations`, t.worker);
    expect(r.status).toBe(200);
    const names = (r.body.items as Json[]).map((o) => o.name).sort();
    expect(names).toEqual(['社区书画协会', '邻里守望志愿服务队']);
    expect((r.body.items as Json[]).find((o) => o.id === org.c1)?.volunteers).toBe(2);
  });

  it('records an activity with hours, and a correction as a new entry with a reason', async () => {
    const bad = await call(app, 'POST', '/api/t/community/volunteer-activities', t.worker, {
      orgId: org.c1,
      date: today(),
      title: '楼道清洁',
      place: '3 号楼',
      participants: 5,
      hours: [{ volunteerId: v.a, minutes: 100 }],
    });
    expect(bad.status).toBe(400); // not a tenth of an hour
    const r = await call(app, 'POST', '/api/t/community/volunteer-activities', t.worker, {
      orgId: org.c1,
      date: today(),
      title: '楼道清洁',
      place: '3 号楼',
      description: '清理楼道杂物',
      participants: 5,
      hours: [
        { volunteerId: v.a, minutes: 150 },
        { volunteerId: v.b, minutes: 90 },
      ],
    });
    expect(r.body).toMatchObject({ activity: { title: '楼道清洁' } });
    activity = r.body.activity.id;
    expect(r.body.activity).toMatchObject({
      orgName: '邻里守望志愿服务队',
      communityCode: C1,
      participants: 5,
    });
    expect(r.body.participants).toHaveLength(2);
    // Another community's volunteer cannot be recorded on this community's activity.
    const cross = await call(
      app,
      'POST',
      `/api/t/community/volunteer-activities/${activity}/hours`,
      t.admin,
      {
        volunteerId: v.c,
        minutes: 60,
      },
    );
    expect(cross.body.code).toBe('VOLUNTEER_OTHER_COMMUNITY');
    // Hours are recorded once; afterwards only a correction.
    const twice = await call(
      app,
      'POST',
      `/api/t/community/volunteer-activities/${activity}/hours`,
      t.worker,
      {
        volunteerId: v.a,
        minutes: 60,
      },
    );
    expect(twice.body.code).toBe('VOLUNTEER_HOURS_EXIST');
    const corr = (minutes: number, expectedVersion: number) =>
      call(
        app,
        'POST',
        `/api/t/community/volunteer-activities/${activity}/hours/${v.a}/correction`,
        t.worker,
        {
          minutes,
          reason: '签到表核对：实际服务 2 小时',
          expectedVersion,
        },
      );
    const fixed = await corr(120, 1);
    expect(fixed.status).toBe(201);
    expect(fixed.body).toMatchObject({
      kind: 'correction',
      minutes: -30,
      reason: '签到表核对：实际服务 2 小时',
    });
    // A second correction from the same stale page is refused, not applied on top.
    expect((await corr(108, 1)).body.code).toBe('VOLUNTEER_HOURS_CHANGED');
    const detail = await call(app, 'GET', `/api/t/community/volunteer-activities/${activity}`, t.worker);
    expect(detail.body.participants.find((p: Json) => p.volunteerId === v.a)).toMatchObject({
      minutes: 120,
      version: 2,
    });
    const mine = await call(app, 'GET', `/api/t/community/volunteers/${v.a}`, t.worker);
    expect(mine.body.entries.map((e: Json) => [e.kind, e.minutes])).toEqual([
      ['record', 150],
      ['correction', -30],
    ]);
    expect(mine.body.totals).toEqual({ year: 120, last12Months: 120, all: 120 });
  });

  it('totals per volunteer, team and community, summed exactly', async () => {
    await call(app, 'POST', '/api/t/community/volunteer-activities', t.admin, {
      orgId: org.c2,
      date: today(),
      title: '垃圾分类宣传',
      place: '小区广场',
      participants: 3,
      hours: [{ volunteerId: v.c, minutes: 42 }],
    });
    await call(app, 'POST', '/api/t/community/volunteer-activities', t.workerC3, {
      orgId: org.c3,
      date: today(),
      title: '探访独居老人',
      place: '各楼栋',
      participants: 2,
      hours: [{ volunteerId: v.x, minutes: 600 }],
    });
    const worker = await call(app, 'GET', '/api/t/community/volunteer-hours?period=year', t.worker);
    expect(worker.body).toMatchObject({ minutes: 210, entries: 3, volunteers: 2 });
    expect(worker.body.communities).toEqual([{ communityCode: C1, minutes: 210 }]);
    expect(worker.body.top.map((x: Json) => [x.volunteerId, x.minutes])).toEqual([
      [v.a, 120],
      [v.b, 90],
    ]);
    expect(worker.body.top[0].person.name).toBe('李**');
    const street = await call(app, 'GET', '/api/t/community/volunteer-hours?period=12m', t.street);
    expect(street.body.minutes).toBe(252);
    expect(street.body.communities).toEqual([
      { communityCode: C1, minutes: 210 },
      { communityCode: C2, minutes: 42 },
    ]);
    expect(street.body.teams.map((x: Json) => [x.orgName, x.minutes])).toEqual([
      ['邻里守望志愿服务队', 210],
      ['环保志愿服务队', 42],
    ]);
    const district = await call(app, 'GET', '/api/t/community/volunteer-hours', t.admin);
    expect(district.body.minutes).toBe(852);
    const list = await call(app, 'GET', `/api/t/community/volunteers?community=${C1}`, t.admin);
    expect(Object.fromEntries((list.body.items as Json[]).map((x) => [x.id, x.minutesThisYear]))).toEqual({
      [v.a!]: 120,
      [v.b!]: 90,
    });
  });

  it('keeps every role to its scope; other roles and residents are refused', async () => {
    // Another community's worker: the volunteer and the activity do not exist for them.
    expect((await call(app, 'GET', `/api/t/community/volunteers/${v.a}`, t.workerC3)).status).toBe(404);
    expect(
      (await call(app, 'GET', `/api/t/community/volunteer-activities/${activity}`, t.workerC3)).status,
    ).toBe(404);
    expect((await call(app, 'GET', `/api/t/community/volunteers?community=${C1}`, t.workerC3)).status).toBe(
      403,
    );
    const own = await call(app, 'GET', '/api/t/community/volunteers', t.workerC3);
    expect((own.body.items as Json[]).map((x) => x.id)).toEqual([v.x]);
    // The street sees its two communities, not the third.
    const street = await call(app, 'GET', '/api/t/community/volunteers', t.street);
    expect((street.body.items as Json[]).map((x) => x.id).sort()).toEqual([v.a, v.b, v.c].sort());
    expect((await call(app, 'GET', `/api/t/community/volunteers/${v.x}`, t.street)).status).toBe(404);
    const patch = await call(app, 'PATCH', `/api/t/community/volunteers/${v.a}`, t.workerC3, {
      status: 'inactive',
      expectedVersion: 1,
    });
    expect(patch.status).toBe(404);
    // A resident of another community cannot be registered by this worker.
    expect((await volunteer(t.worker!, res.x!, [org.c1!])).body.code).toBe('VOLUNTEER_RESIDENT_INVALID');
    for (const token of [t.civil, t.hotline, residentToken])
      expect((await call(app, 'GET', '/api/t/community/volunteers', token)).status).toBe(403);
  });

  it('an inactive volunteer gets no new hours; a change is conditional on the version', async () => {
    const off = await call(app, 'PATCH', `/api/t/community/volunteers/${v.b}`, t.worker, {
      status: 'inactive',
      skills: ['理发'],
      expectedVersion: 1,
    });
    expect(off.body).toMatchObject({ status: 'inactive', version: 2, skills: ['理发'] });
    const stale = await call(app, 'PATCH', `/api/t/community/volunteers/${v.b}`, t.worker, {
      status: 'active',
      expectedVersion: 1,
    });
    expect(stale.body.code).toBe('VOLUNTEER_CHANGED');
    const r = await call(app, 'POST', '/api/t/community/volunteer-activities', t.worker, {
      orgId: org.c1,
      date: today(),
      title: '义务理发',
      place: '活动室',
      participants: 10,
      hours: [{ volunteerId: v.b, minutes: 60 }],
    });
    expect(r.body.code).toBe('VOLUNTEER_INACTIVE');
  });

  it('the resident sees their own hours on the portal API', async () => {
    const r = await call(app, 'GET', '/api/t/resident/community/volunteer-hours', residentToken);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ recordFound: true, totals: { year: 120, all: 120 } });
    expect(r.body.volunteer.teams.map((x: Json) => x.name).sort()).toEqual([
      '社区书画协会',
      '邻里守望志愿服务队',
    ]);
    expect(r.body.entries.map((e: Json) => e.kind)).toEqual(['correction', 'record']);
    expect((await call(app, 'GET', '/api/t/resident/community/volunteer-hours', t.worker)).status).toBe(403);
  });

  it('every route answers MODULE_NOT_ENABLED where the district does not have the module', async () => {
    for (const path of [
      '/api/t/community/civil-organizations',
      '/api/t/community/volunteers',
      '/api/t/community/volunteer-activities',
      '/api/t/community/volunteer-hours',
    ]) {
      const r = await call(app, 'GET', path, basicAdmin);
      expect(r.status, path).toBe(404);
      expect(r.body.code).toBe('MODULE_NOT_ENABLED');
    }
    const w = await call(app, 'POST', '/api/t/community/volunteers', basicAdmin, {
      residentId: res.a,
      teams: [org.c1],
    });
    expect(w.body.code).toBe('MODULE_NOT_ENABLED');
  });
});
