/**
 * The district's upcoming events as the anonymous TV reads them (`GET /api/public/districts/{slug}/
 * events`, control app) on DynamoDB Local + cognito-local: the next 60 days from now, soonest
 * first, with the community's name and the seats left; nobody's personal data; only the district
 * named by the slug; 404 MODULE_NOT_ENABLED without `culture-education-sports`.
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
const control = withContract(apps.control);
afterAll(() => {
  expect(app.violations).toEqual([]);
  expect(control.violations).toEqual([]);
});

type District = Awaited<ReturnType<typeof makeDistrict>>;
let a: District;
let b: District;
let basic: District;
const t = { a: '', b: '', adminA: '' };
let resident = { token: '', mobile: '' };
let residentId = '';
const day = 86_400_000;
const at = (ms: number) => new Date(Date.now() + ms).toISOString();

const publish = async (
  token: string,
  communityCode: string,
  title: string,
  startsAt: string,
  capacity = 10,
) => {
  const res = await call(app, 'POST', '/api/t/community/events', token, {
    communityCode,
    title,
    description: '社区活动室，欢迎参加',
    place: '社区活动室',
    startsAt,
    capacity,
    waitlist: true,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body.id as string;
};
const publicEvents = (d: District) => call(control, 'GET', `/api/public/districts/${d.tenant.slug}/events`);

beforeAll(async () => {
  [a, b, basic] = await Promise.all([
    makeDistrict(env, { tier: 'standard' }),
    makeDistrict(env, { tier: 'standard' }),
    makeDistrict(env, { tier: 'basic' }),
  ]);
  const worker = async (d: District) =>
    (
      await makeStaff(env, {
        kind: 'staff',
        tenantId: d.tenant.id,
        roles: ['community-worker'],
        scope: { communityCode: d.communities[0]!, streetCode: d.communities[0]!.slice(0, 9) },
      })
    ).accessToken;
  [t.a, t.b] = await Promise.all([worker(a), worker(b)]);
  t.adminA = (
    await makeStaff(env, { kind: 'staff', tenantId: a.tenant.id, roles: ['district-admin'], scope: {} })
  ).accessToken;
  resident = await makeResident(env, apps.control, a.tenant.slug);
  const rec = await call(app, 'POST', '/api/t/residents', t.adminA, {
    name: '欧阳秀英',
    idNumber: makeCitizenId('110101', '1948-10-09', 731),
    registration: '户籍',
    mobile: resident.mobile,
    communityCode: a.communities[0],
  });
  expect(rec.status).toBe(201);
  residentId = rec.body.id;
}, 180_000);

describe('public events (TV)', () => {
  it('lists the district’s upcoming events soonest first, with the community and seats left, and no personal data', async () => {
    const later = await publish(t.a, a.communities[0]!, '亲子绘本共读', at(6 * day), 15);
    const soon = await publish(t.a, a.communities[0]!, '重阳敬老茶话会', at(3 * day), 2);
    await publish(t.a, a.communities[0]!, '已开始的讲座', at(-3_600_000));
    await publish(t.a, a.communities[0]!, '明年春游', at(90 * day));
    const mine = await publish(t.b, b.communities[0]!, '乙区的活动', at(2 * day));
    const sign = await call(app, 'POST', `/api/t/resident/community/events/${soon}/sign-up`, resident.token);
    expect(sign.body.mine).toBe('confirmed');

    const res = await publicEvents(a);
    expect(res.status).toBe(200);
    const items = res.body.items as Json[];
    expect(items.map((e) => e.id)).toEqual([soon, later]);
    expect(items[0]).toMatchObject({
      title: '重阳敬老茶话会',
      communityCode: a.communities[0],
      place: '社区活动室',
      capacity: 2,
      seatsLeft: 1,
      waitlist: true,
    });
    expect(items[0]!.communityName).toMatch(/\S/);
    // Who signed up, who published it: none of it leaves the district.
    const text = JSON.stringify(res.body);
    for (const secret of [residentId, resident.mobile, '欧阳', 'createdBy', 'confirmed', 'residentId'])
      expect(text).not.toContain(secret);
    expect(Object.keys(items[0]!).sort()).toEqual(
      [
        'capacity',
        'communityCode',
        'communityName',
        'description',
        'id',
        'place',
        'seatsLeft',
        'startsAt',
        'title',
        'waitlist',
      ].sort(),
    );

    // Another district's slug sees only its own.
    const other = await publicEvents(b);
    expect((other.body.items as Json[]).map((e) => e.id)).toEqual([mine]);
  });

  it('answers 404 MODULE_NOT_ENABLED without the module, and 404 for an unknown district', async () => {
    const off = await publicEvents(basic);
    expect(off.status).toBe(404);
    expect(off.body.code).toBe('MODULE_NOT_ENABLED');
    // The module by the name residents know, not its key.
    expect(off.body.message).toEqual({
      zh: '本区县未开通该功能模块：文化教育体育',
      en: 'This module is not enabled for the district: Culture, education and sports',
    });
    const none = await call(control, 'GET', '/api/public/districts/no-such-district/events');
    expect(none.status).toBe(404);
    const bad = await call(control, 'GET', '/api/public/districts/BAD_SLUG!/events');
    expect(bad.status).toBe(400);
  });
});
