/**
 * 好差评 through the tenant app on DynamoDB Local + cognito-local: a resident rates their completed
 * case once; a 非常不满意 rating opens a rectification for the owning department due in 15 working
 * days (counted across 中秋 and 国庆 2026 with the make-up Saturday) and a call-back; departments
 * see only their own items; the hotline records the call-back; the district's counters follow;
 * bad input on every endpoint writes nothing.
 */
import {
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTenantApp } from '@linli/api';
import { createLocalDeps, localKeys } from '@linli/local';
import { makeCitizenId, TenantCipher } from '@linli/population';
import { CaseStore, catalogueSeedItems, WorkCalendar } from '@linli/services';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff, PASSWORD, signIn } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);
// The rating is given on Thursday 24 September 2026, 10:00 in Beijing: the day before 中秋.
let clock = new Date('2026-09-24T02:00:00Z');
const deps = createLocalDeps(env, { throttle: false });
const app = withContract(createTenantApp({ ...deps, now: () => clock.getTime() }));
afterAll(() => expect(app.violations).toEqual([]));

let district: Awaited<ReturnType<typeof makeDistrict>>;
let cases: CaseStore;
let C1: string;
const ids: Record<string, string> = {};
const tokens: Record<string, string> = {};

/** A resident of the residents' pool with a membership of the district, signed in. */
const makeResident = async (tenantId: string) => {
  const phone = `+86137${String(Date.now() + Math.floor(Math.random() * 1e6)).slice(-8)}`;
  const { userPoolId, clientId } = env.pools.residents;
  await env.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: userPoolId,
      Username: phone,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: PASSWORD,
      UserAttributes: [{ Name: 'phone_number', Value: phone }],
    }),
  );
  await env.cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: userPoolId,
      Username: phone,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  const got = await env.cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: phone }));
  const sub = got.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? '';
  await new TenantRegistry(doc, env.tables.control).putMembership({
    sub,
    pool: 'residents',
    kind: 'resident',
    username: sub,
    name: '张桂兰',
    tenantId,
    roles: ['resident'],
    scope: {},
    createdAt: new Date().toISOString(),
  });
  return { sub, accessToken: await signIn(env, phone, PASSWORD, clientId) };
};

const rawOf = async (pks: string[]) => {
  const out: Json[] = [];
  for (const pk of pks) {
    const r = await doc.send(
      new QueryCommand({
        TableName: district.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#${pk}` },
      }),
    );
    out.push(...(r.Items ?? []));
  }
  return JSON.stringify(out);
};
const ratingState = () =>
  rawOf([
    'SVCSTATS',
    'SVCCB',
    'SVCRECT#civil-affairs',
    'SVCRECT#community',
    ...Object.values(ids).map((i) => `CASE#${i}`),
  ]);

const form = {
  'applicant-name': '张桂兰',
  'id-number': makeCitizenId('110101', '1940-03-02', 7),
  mobile: '13912345678',
  address: '东城区多福巷社区3号楼2单元501室',
  'bank-account': '6222000011112222',
  'id-card-scan': [
    { uploadId: '01JD0000000000000000000000', name: 'id.jpg', type: 'image/jpeg', size: 2048 },
  ],
};
const staffActor = (roles: string[], scope: Record<string, string>) => ({
  id: 'staff',
  role: roles[0]!,
  roles,
  scope,
});

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  C1 = district.communities[0]!;
  const store = new TenantStores(() => doc).for(district.tenant);
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, new Date().toISOString()));
  let caseClock = new Date('2026-09-14T02:00:00Z');
  cases = new CaseStore(store, await TenantCipher.forTenant(localKeys(env), district.tenant.id), {
    districtCode: district.tenant.divisionCode,
    now: () => caseClock,
  });
  const t = district.tenant.id;
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: t, roles, scope })).accessToken;
  const [resident, other] = await Promise.all([makeResident(t), makeResident(t)]);
  tokens.resident = resident.accessToken;
  tokens.other = other.accessToken;
  [tokens.admin, tokens.civil, tokens.labour, tokens.worker, tokens.hotline] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['department-staff'], { department: 'civil-affairs' }),
    mk(['department-staff'], { department: 'labour' }),
    mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk(['call-centre-operator'], {}),
  ]);
  const portal = { id: resident.sub, role: 'resident', channel: 'web' as const };
  const file = async (serviceCode: string, key: string, f: Json) =>
    (
      await cases.submit(
        {
          serviceCode,
          channel: 'portal',
          applicant: { kind: 'resident', id: resident.sub },
          communityCode: C1,
          form: f,
          idempotencyKey: key,
        },
        portal,
      )
    ).case.id;
  const s1 = C1.slice(0, 9);
  ids.elderly = await file('elderly-allowance', `rate-elderly-${Date.now()}`, form);
  ids.pending = await file('elderly-allowance', `rate-pending-${Date.now()}`, form);
  const certificateForm = { ...form, purpose: 'school' };
  delete (certificateForm as Json).mobile;
  delete (certificateForm as Json)['bank-account'];
  ids.certificate = await file('residence-certificate', `rate-cert-${Date.now()}`, certificateForm);
  caseClock = new Date('2026-09-15T02:00:00Z');
  await cases.act(ids.elderly, staffActor(['community-worker'], { communityCode: C1, streetCode: s1 }), {
    action: 'accept',
    step: 0,
  });
  await cases.act(ids.elderly, staffActor(['street-staff'], { streetCode: s1 }), {
    action: 'accept',
    step: 1,
  });
  await cases.act(ids.elderly, staffActor(['department-staff'], { department: 'civil-affairs' }), {
    action: 'approve',
    step: 2,
  });
  await cases.act(ids.certificate, staffActor(['community-worker'], { communityCode: C1, streetCode: s1 }), {
    action: 'approve',
    step: 0,
  });
});

const all = (level: string) => ({
  level,
  dimensions: { attitude: level, efficiency: level, convenience: level, standards: level, outcome: level },
});
const rate = (id: string, body: unknown, token = tokens.resident) =>
  call(app, 'POST', `/api/t/resident/cases/${id}/rating`, token, body);

describe('rating a completed case', () => {
  it('an open case cannot be rated yet', async () => {
    const state = await call(app, 'GET', `/api/t/resident/cases/${ids.pending}/rating`, tokens.resident);
    expect(state.status).toBe(200);
    expect(state.body).toEqual({ rating: null, open: false });
    const res = await rate(ids.pending!, all('satisfied'));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('RATING_NOT_OPEN');
  });

  it('only the applicant rates: another resident gets 404, staff 403', async () => {
    expect((await rate(ids.elderly!, all('satisfied'), tokens.other)).status).toBe(404);
    expect((await call(app, 'GET', `/api/t/resident/cases/${ids.elderly}/rating`, tokens.other)).status).toBe(
      404,
    );
    expect((await rate(ids.elderly!, all('satisfied'), tokens.civil)).status).toBe(403);
  });

  it('非常不满意 opens a rectification due in 15 working days across 中秋 and 国庆, and a call-back', async () => {
    expect(
      (await call(app, 'GET', `/api/t/resident/cases/${ids.elderly}/rating`, tokens.resident)).body.open,
    ).toBe(true);
    const res = await rate(ids.elderly!, { ...all('very-dissatisfied'), comment: '等了很久，窗口态度不好' });
    expect(res.status).toBe(201);
    expect(res.body.rating).toMatchObject({ level: 'very-dissatisfied', department: 'civil-affairs' });

    const rect = await call(app, 'GET', '/api/t/services/rectifications', tokens.civil);
    expect(rect.status).toBe(200);
    expect(rect.body.items).toHaveLength(1);
    const item = rect.body.items[0];
    // 25–27 Sep (中秋) and 1–7 Oct (国庆) are off, Saturday 10 Oct is a make-up working day:
    // 28, 29, 30 Sep, 8, 9, 10, 12–16, 19–22 Oct → the 15th working day is Thursday 22 October.
    expect(item).toMatchObject({
      caseId: ids.elderly,
      department: 'civil-affairs',
      level: 'very-dissatisfied',
      openedOn: '2026-09-24',
      due: '2026-10-22',
      provisional: false,
      status: 'open',
      version: 1,
    });
    // Counting weekdays only would have said 15 October.
    const weekdays = new WorkCalendar({ notices: [{ year: 2026, holidays: [], workdays: [] }] });
    expect(weekdays.addWorkingDays('2026-09-24', 15).due).toBe('2026-10-15');

    for (const t of [tokens.labour, tokens.worker])
      expect((await call(app, 'GET', '/api/t/services/rectifications', t)).body.items).toEqual([]);
    expect((await call(app, 'GET', '/api/t/services/rectifications', tokens.admin)).body.items).toHaveLength(
      1,
    );

    const cbs = await call(app, 'GET', '/api/t/services/callbacks?status=pending', tokens.hotline);
    expect(cbs.body.items.map((c: Json) => c.caseId)).toEqual([ids.elderly]);
    expect(cbs.body.items[0]).toMatchObject({
      month: '2026-09',
      status: 'pending',
      comment: '等了很久，窗口态度不好',
    });
    expect((await call(app, 'GET', '/api/t/services/callbacks', tokens.labour)).body.items).toEqual([]);
  });

  it('one rating per case: a second is refused and changes nothing', async () => {
    const before = await ratingState();
    const again = await rate(ids.elderly!, all('very-satisfied'));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('RATING_EXISTS');
    expect(await ratingState()).toBe(before);
    const race = await Promise.all([
      rate(ids.certificate!, all('satisfied')),
      rate(ids.certificate!, all('satisfied')),
    ]);
    expect(race.map((r) => r.status).sort()).toEqual([201, 409]);
    const state = await call(app, 'GET', `/api/t/resident/cases/${ids.certificate}/rating`, tokens.resident);
    expect(state.body).toMatchObject({
      open: false,
      rating: { level: 'satisfied', department: 'community' },
    });
    expect(
      (await call(app, 'GET', '/api/t/services/rectifications?status=open', tokens.worker)).body.items,
    ).toEqual([]);
  });

  it('the department completes its rectification once; others cannot reach it', async () => {
    const url = `/api/t/services/rectifications/civil-affairs/${ids.elderly}/complete`;
    const body = { resolution: '已约谈窗口人员，优化叫号流程', version: 1 };
    expect((await call(app, 'POST', url, tokens.labour, body)).status).toBe(404);
    expect((await call(app, 'POST', url, tokens.hotline, body)).status).toBe(403);
    const done = await call(app, 'POST', url, tokens.civil, body);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', doneOn: '2026-09-24', version: 2 });
    const again = await call(app, 'POST', url, tokens.civil, body);
    expect(again.status).toBe(409);
    expect(
      (await call(app, 'GET', '/api/t/services/rectifications?status=open', tokens.civil)).body.items,
    ).toEqual([]);
  });

  it('the hotline records the call-back once; the counters follow', async () => {
    const url = `/api/t/services/callbacks/${ids.elderly}`;
    const outcome = { reached: true, levelAfter: 'basically-satisfied', note: '已电话回访，居民表示理解' };
    expect((await call(app, 'POST', url, tokens.labour, outcome)).status).toBe(404);
    const done = await call(app, 'POST', url, tokens.hotline, outcome);
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', reached: true, levelAfter: 'basically-satisfied' });
    expect((await call(app, 'POST', url, tokens.hotline, outcome)).body.code).toBe('CALLBACK_DONE');

    const stats = await call(app, 'GET', '/api/t/services/ratings/stats?month=2026-09', tokens.admin);
    expect(stats.status).toBe(200);
    expect(stats.body).toMatchObject({
      period: '2026-09',
      rated: 2,
      byLevel: { 'very-dissatisfied': 1, satisfied: 1, 'very-satisfied': 0 },
      rectificationsOpened: 1,
      rectificationsDone: 1,
      callbacksDue: 1,
      callbacksDone: 1,
      satisfactionRate: 0.5,
      callbackRate: 1,
    });
    expect((await call(app, 'GET', '/api/t/services/ratings/stats', tokens.admin)).body.rated).toBe(2);
    expect(
      (await call(app, 'GET', '/api/t/services/ratings/stats?month=2026-08', tokens.admin)).body.rated,
    ).toBe(0);
    expect((await call(app, 'GET', '/api/t/services/ratings/stats', tokens.worker)).status).toBe(403);
  });
});

describe('bad input on every rating endpoint writes nothing', () => {
  it('answers problem+json and leaves ratings, items and counters as they were', async () => {
    clock = new Date('2026-09-25T02:00:00Z');
    const before = await ratingState();
    const id = ids.pending!;
    const post = (url: string, body: unknown, token = tokens.resident) => call(app, 'POST', url, token, body);
    const checks: [string, Promise<Awaited<ReturnType<typeof call>>>, number, string][] = [
      ['missing level', rate(id, { dimensions: all('satisfied').dimensions }), 400, 'VALIDATION_FAILED'],
      ['missing dimensions', rate(id, { level: 'satisfied' }), 400, 'VALIDATION_FAILED'],
      ['unknown level', rate(id, all('great')), 400, 'VALIDATION_FAILED'],
      ['wrong type', rate(id, { ...all('satisfied'), comment: 5 }), 400, 'VALIDATION_FAILED'],
      ['unknown key', rate(id, { ...all('satisfied'), stars: 5 }), 400, 'VALIDATION_FAILED'],
      [
        'oversize comment',
        rate(id, { ...all('satisfied'), comment: '慢'.repeat(501) }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'HTML comment',
        rate(id, { ...all('satisfied'), comment: '<img src=x onerror=alert(1)>' }),
        400,
        'VALIDATION_FAILED',
      ],
      ['bad case id', rate('not-a-case', all('satisfied')), 400, 'VALIDATION_FAILED'],
      ['unknown case', rate('01JD00000000000000000000ZZ', all('satisfied')), 404, 'CASE_NOT_FOUND'],
      [
        'no body',
        call(app, 'POST', `/api/t/resident/cases/${id}/rating`, tokens.resident),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'rectification: HTML',
        post(
          `/api/t/services/rectifications/civil-affairs/${ids.elderly}/complete`,
          { resolution: '<b>ok</b>', version: 2 },
          tokens.civil,
        ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'rectification: missing version',
        post(
          `/api/t/services/rectifications/civil-affairs/${ids.elderly}/complete`,
          { resolution: '好' },
          tokens.civil,
        ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'rectification: unknown department',
        post(
          `/api/t/services/rectifications/army/${ids.elderly}/complete`,
          { resolution: '好', version: 1 },
          tokens.admin,
        ),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'rectification: unknown case',
        post(
          `/api/t/services/rectifications/civil-affairs/${ids.pending}/complete`,
          { resolution: '好', version: 1 },
          tokens.civil,
        ),
        404,
        'RECTIFICATION_NOT_FOUND',
      ],
      [
        'callback: missing note',
        post(`/api/t/services/callbacks/${ids.elderly}`, { reached: false }, tokens.hotline),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'callback: wrong type',
        post(`/api/t/services/callbacks/${ids.elderly}`, { reached: 'yes', note: 'x' }, tokens.hotline),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'callback: unknown case',
        post(
          `/api/t/services/callbacks/${ids.pending}`,
          { reached: false, note: '无人接听' },
          tokens.hotline,
        ),
        404,
        'CALLBACK_NOT_FOUND',
      ],
      [
        'list: bad status',
        call(app, 'GET', '/api/t/services/rectifications?status=late', tokens.civil),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'callbacks: bad status',
        call(app, 'GET', '/api/t/services/callbacks?status=x', tokens.hotline),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'stats: bad month',
        call(app, 'GET', '/api/t/services/ratings/stats?month=2026-13', tokens.admin),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, p, status, code] of checks) {
      const res = await p;
      expect(res.status, what).toBe(status);
      expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
      expect(res.body.code, what).toBe(code);
    }
    expect(await ratingState()).toBe(before);
  });
});
