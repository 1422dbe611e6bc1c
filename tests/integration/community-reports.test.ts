/**
 * Community work (issue 15) on DynamoDB Local + cognito-local: a street hands a task down and gets
 * it back; a monthly report cycle is prefilled from the database as of its cut-off (on a hand-built
 * fixture with residents who arrived, left, died or changed after it), adjusted with a reason,
 * submitted, returned, accepted and rolled up (the sum of its communities); every role stays
 * inside its scope.
 */

import { boundShare, DEFAULT_TEMPLATES } from '@linli/community';
import { collectDistrict } from '@linli/indicators/collect';
import { createLocalApps, localKeys } from '@linli/local';
import { makeCitizenId, PopulationStore, TenantCipher } from '@linli/population';
import { TenantStores } from '@linli/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));
const doc = docOf(env);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let C1: string;
let C2: string;
let C3: string;
const t: Record<string, string> = {};
let seq = 11;
const actor = { id: 'fixture', role: 'community-worker', channel: 'web' as const };

/** The fixture's residents of C1, and what the report must say of them as of 2026-10-31. */
const expected = {
  residents: 0,
  male: 0,
  female: 0,
  age60plus: 0,
  age80plus: 0,
  migrant: 0,
  lowIncome: 0,
  movedOutInPeriod: 0,
  diedInPeriod: 0,
};

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, C2, C3] = district.communities as [string, string, string];
  const store = new TenantStores(() => doc).for(district.tenant);
  const cipher = await TenantCipher.forTenant(localKeys(env), district.tenant.id);
  let clock = new Date('2026-10-05T02:00:00Z');
  const pop = new PopulationStore(store, cipher, {
    districtCode: district.tenant.divisionCode,
    now: () => clock,
  });
  const add = async (birth: string, over: Json = {}) => {
    const r = pop.validate({
      name: '测试居民',
      idNumber: makeCitizenId('110101', birth, seq++),
      registration: 'local',
      communityCode: C1,
      tags: [],
      ...over,
    });
    return { view: await pop.create(r, actor), r };
  };
  // Present at the cut-off: counted.
  const a = await add('1950-03-01');
  const b = await add('1940-06-01', { registration: 'migrant' });
  const c = await add('1990-01-01', { tags: ['low-income'] });
  // Moved out after the cut-off: still counted as of 2026-10-31.
  const d = await add('1985-01-01');
  // Moved out inside October: not counted, but one "moved out in the period".
  const e = await add('1970-01-01');
  // Died inside October.
  const f = await add('1930-01-01');
  // Became low-income after the cut-off: counted, but not as low-income.
  const g = await add('2000-01-01');
  // In another community: not C1's.
  await add('1960-01-01', { communityCode: C2 });
  clock = new Date('2026-10-20T02:00:00Z');
  await pop.apply((await pop.getItem(e.view.id, true))!, e.r, {
    action: 'move-out',
    actor,
    status: 'moved-out',
    movedOut: { date: '2026-10-20' },
  });
  await pop.apply((await pop.getItem(f.view.id, true))!, f.r, {
    action: 'death',
    actor,
    status: 'deceased',
    deceased: { date: '2026-10-21' },
  });
  clock = new Date('2026-11-03T02:00:00Z');
  // Registered after the cut-off: not counted.
  await add('1995-01-01');
  clock = new Date('2026-11-05T02:00:00Z');
  await pop.apply(
    (await pop.getItem(g.view.id, true))!,
    { ...g.r, tags: ['low-income'] },
    { action: 'update', actor },
  );
  clock = new Date('2026-11-10T02:00:00Z');
  await pop.apply((await pop.getItem(d.view.id, true))!, d.r, {
    action: 'move-out',
    actor,
    status: 'moved-out',
    movedOut: { date: '2026-11-10' },
  });
  for (const x of [a, b, c, d, g]) {
    expected.residents++;
    expected[x.r.sex === 'male' ? 'male' : 'female']++;
    const age = 2026 - Number(x.r.birthDate.slice(0, 4));
    if (age >= 60) expected.age60plus++;
    if (age >= 80) expected.age80plus++;
    if (x.r.registration === 'migrant') expected.migrant++;
  }
  expected.lowIncome = 1;
  expected.movedOutInPeriod = 1;
  expected.diedInPeriod = 1;

  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: district.tenant.id, roles, scope })).accessToken;
  const s1 = C1.slice(0, 9);
  [t.admin, t.street, t.streetC3, t.worker, t.workerC2, t.workerC3, t.civil, t.hotline] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['street-staff'], { streetCode: s1 }),
    mk(['street-staff'], { streetCode: C3.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C1, streetCode: s1 }),
    mk(['community-worker'], { communityCode: C2, streetCode: s1 }),
    mk(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
    mk(['department-staff'], { department: 'civil-affairs' }),
    mk(['call-centre-operator'], {}),
  ]);
  // 独居老人: the civil-affairs elderly-care record of the 86-year-old.
  const care = await call(app, 'POST', '/api/t/thematic/elderly-care', t.civil, {
    subjectId: b.view.id,
    data: { livingAlone: true, careLevel: 'self-care' },
  });
  expect(care.status).toBe(201);
}, 120_000);

describe('default templates', () => {
  it('fill more than half of each one’s fields from the database', () => {
    for (const tpl of DEFAULT_TEMPLATES) {
      const s = boundShare(tpl);
      expect(s.bound / s.total, tpl.code).toBeGreaterThan(0.5);
    }
  });
});

describe('tasks from the street to communities and back', () => {
  let taskId = '';
  it('a street hands a task to two of its communities; not to another street’s', async () => {
    const bad = await call(app, 'POST', '/api/t/community/tasks', t.street, {
      title: '秋季消防检查',
      description: '检查各楼栋消防通道',
      deadline: '2099-12-01',
      feedbackRequired: '检查楼栋数和发现的问题',
      communities: [C1, C3],
    });
    expect(bad.status).toBe(403);
    const r = await call(app, 'POST', '/api/t/community/tasks', t.street, {
      title: '秋季消防检查',
      description: '检查各楼栋消防通道',
      deadline: '2099-12-01',
      feedbackRequired: '检查楼栋数和发现的问题',
      communities: [C1, C2],
    });
    expect(r.status).toBe(201);
    taskId = r.body.task.id;
    expect(r.body.assignments.map((a: Json) => a.status)).toEqual(['assigned', 'assigned']);
  });

  it('the community accepts and reports back; the street returns it, gets it again and closes it', async () => {
    const mine = await call(app, 'GET', '/api/t/community/tasks', t.worker);
    const row = mine.body.items.find((x: Json) => x.task.id === taskId);
    expect(row.assignment.communityCode).toBe(C1);
    expect(
      (await call(app, 'GET', '/api/t/community/tasks', t.workerC3)).body.items.some(
        (x: Json) => x.task.id === taskId,
      ),
    ).toBe(false);
    expect((await call(app, 'GET', `/api/t/community/tasks/${taskId}`, t.workerC3)).status).toBe(404);
    const base = `/api/t/community/tasks/${taskId}/communities/${C1}`;
    const acc = await call(app, 'POST', `${base}/accept`, t.worker, { version: 1 });
    expect(acc.body.status).toBe('accepted');
    expect((await call(app, 'POST', `${base}/report`, t.worker, { version: 2 })).body.code).toBe(
      'TASK_FEEDBACK_REQUIRED',
    );
    // The other community's worker, the other street and the hotline cannot touch C1's.
    expect((await call(app, 'POST', `${base}/report`, t.workerC2, { version: 2, text: 'x' })).status).toBe(
      404,
    );
    expect((await call(app, 'POST', `${base}/done`, t.streetC3, { version: 2 })).status).toBe(404);
    expect((await call(app, 'POST', `${base}/accept`, t.hotline, { version: 2 })).status).toBe(403);
    const rep = await call(app, 'POST', `${base}/report`, t.worker, {
      version: 2,
      text: '检查 12 栋，发现 2 处堵塞已整改',
    });
    expect(rep.body.status).toBe('reported');
    // The community cannot close its own task; the street can return it.
    expect((await call(app, 'POST', `${base}/done`, t.worker, { version: 3 })).status).toBe(403);
    const ret = await call(app, 'POST', `${base}/return`, t.street, {
      version: 3,
      text: '请补充整改照片说明',
    });
    expect(ret.body).toMatchObject({ status: 'returned', returnReason: '请补充整改照片说明' });
    const again = await call(app, 'POST', `${base}/report`, t.worker, {
      version: 4,
      text: '已补充：两处通道已清理',
    });
    expect(again.body.status).toBe('reported');
    expect(
      (await call(app, 'POST', `${base}/report`, t.worker, { version: 4, text: '重复' })).body.code,
    ).toBe('TASK_CHANGED');
    const done = await call(app, 'POST', `${base}/done`, t.street, { version: 5 });
    expect(done.body.status).toBe('done');
    const view = await call(app, 'GET', `/api/t/community/tasks/${taskId}`, t.street);
    expect(view.body.counts).toMatchObject({ done: 1, assigned: 1, overdue: 0 });
  });

  it('a task past its deadline shows overdue to the street and the district', async () => {
    const r = await call(app, 'POST', '/api/t/community/tasks', t.admin, {
      title: '上报防汛物资',
      description: '清点防汛物资',
      deadline: '2020-01-01',
      feedbackRequired: '物资清单',
      communities: [C1, C3],
    });
    expect(r.status).toBe(201);
    const street = await call(app, 'GET', '/api/t/community/tasks', t.street);
    const row = street.body.items.find((x: Json) => x.task.id === r.body.task.id);
    expect(row.counts.overdue).toBe(1);
    const all = await call(app, 'GET', `/api/t/community/tasks/${r.body.task.id}`, t.admin);
    expect(all.body.counts.overdue).toBe(2);
    expect(all.body.assignments.every((a: Json) => a.overdue)).toBe(true);
  });
});

describe('a monthly report cycle', () => {
  let cycleId = '';
  const rep = (c: string) => `/api/t/community/report-cycles/${cycleId}/reports/${c}`;

  it('the street opens October for its communities (once)', async () => {
    const r = await call(app, 'POST', '/api/t/community/report-cycles', t.street, {
      templateCode: 'community-monthly',
      period: '2026-10',
      due: '2099-11-10',
    });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ cutoff: '2026-10-31', communities: [C1, C2] });
    cycleId = r.body.id;
    const twice = await call(app, 'POST', '/api/t/community/report-cycles', t.street, {
      templateCode: 'community-monthly',
      period: '2026-10',
      due: '2099-11-10',
    });
    expect(twice.body.code).toBe('REPORT_CYCLE_EXISTS');
    expect(
      (
        await call(app, 'POST', '/api/t/community/report-cycles', t.worker, {
          templateCode: 'community-monthly',
          period: '2026-09',
          due: '2099-11-10',
        })
      ).status,
    ).toBe(403);
  });

  it('prefills C1 with the database as of the cut-off', async () => {
    const r = await call(app, 'POST', `${rep(C1)}/prefill`, t.worker);
    expect(r.status).toBe(200);
    const v = (k: string) => r.body.values[k].value;
    for (const [k, n] of Object.entries(expected)) expect(v(k), k).toBe(n);
    expect(v('elderlyAlone')).toBe(1);
    expect(r.body.values.residents.source).toBe('database');
    expect(r.body.values.visits).toEqual({ value: null, source: 'typed' });
    expect(r.body.counts).toMatchObject({ fromDatabase: 19, typed: 0, empty: 4, total: 23 });
  });

  it('an adjusted figure needs and keeps its reason; typed values are typed', async () => {
    const cur = await call(app, 'GET', rep(C1), t.worker);
    const bad = await call(app, 'PATCH', rep(C1), t.worker, {
      version: cur.body.version,
      values: { residents: { value: expected.residents + 1 } },
    });
    expect(bad.body.code).toBe('REPORT_REASON_REQUIRED');
    const ok = await call(app, 'PATCH', rep(C1), t.worker, {
      version: cur.body.version,
      values: {
        residents: { value: expected.residents + 1, reason: '10月31日新生儿尚未登记' },
        visits: { value: 12 },
        notes: { value: '本月无重大事项' },
      },
    });
    expect(ok.status).toBe(200);
    expect(ok.body.values.residents.adjustment).toMatchObject({
      from: expected.residents,
      reason: '10月31日新生儿尚未登记',
    });
    expect(ok.body.values.visits).toEqual({ value: 12, source: 'typed' });
    expect(ok.body.counts).toMatchObject({ fromDatabase: 18, adjusted: 1, typed: 2 });
    // A refresh keeps the adjustment and its reason.
    const again = await call(app, 'POST', `${rep(C1)}/prefill`, t.worker);
    expect(again.body.values.residents).toMatchObject({
      value: expected.residents + 1,
      adjustment: { reason: '10月31日新生儿尚未登记' },
    });
    expect(again.body.values.visits.value).toBe(12);
  });

  it('scope: nobody outside C1 reads or writes its report', async () => {
    expect((await call(app, 'GET', rep(C1), t.workerC2)).status).toBe(404);
    expect((await call(app, 'GET', rep(C1), t.workerC3)).status).toBe(404);
    expect((await call(app, 'GET', `/api/t/community/report-cycles/${cycleId}`, t.streetC3)).status).toBe(
      404,
    );
    expect((await call(app, 'POST', `${rep(C1)}/prefill`, t.street)).status).toBe(403);
    expect((await call(app, 'POST', `${rep(C1)}/prefill`, t.hotline)).status).toBe(403);
    expect((await call(app, 'POST', `${rep(C1)}/prefill`, t.workerC2)).status).toBe(404);
    expect((await call(app, 'GET', rep(C1), t.civil)).status).toBe(200);
    expect((await call(app, 'POST', `${rep(C1)}/submit`, t.civil, { version: 1 })).status).toBe(403);
  });

  it('submitted, returned with a reason, resubmitted, accepted; the roll-up is the sum of the communities', async () => {
    let cur = await call(app, 'GET', rep(C1), t.worker);
    const sub = await call(app, 'POST', `${rep(C1)}/submit`, t.worker, { version: cur.body.version });
    expect(sub.body.status).toBe('submitted');
    expect(
      (await call(app, 'POST', `${rep(C1)}/accept`, t.worker, { version: sub.body.version })).status,
    ).toBe(403);
    const ret = await call(app, 'POST', `${rep(C1)}/return`, t.street, {
      version: sub.body.version,
      reason: '请核对走访次数',
    });
    expect(ret.body).toMatchObject({ status: 'returned', returnReason: '请核对走访次数' });
    cur = await call(app, 'PATCH', rep(C1), t.worker, {
      version: ret.body.version,
      values: { visits: { value: 14 } },
    });
    const sub2 = await call(app, 'POST', `${rep(C1)}/submit`, t.worker, { version: cur.body.version });
    const acc = await call(app, 'POST', `${rep(C1)}/accept`, t.street, { version: sub2.body.version });
    expect(acc.body.status).toBe('accepted');

    // C2 by its own worker.
    const p2 = await call(app, 'POST', `${rep(C2)}/prefill`, t.workerC2);
    const e2 = await call(app, 'PATCH', rep(C2), t.workerC2, {
      version: p2.body.version,
      values: { visits: { value: 5 }, disputes: { value: 1 } },
    });
    const s2 = await call(app, 'POST', `${rep(C2)}/submit`, t.workerC2, { version: e2.body.version });
    await call(app, 'POST', `${rep(C2)}/accept`, t.street, { version: s2.body.version });

    const view = await call(app, 'GET', `/api/t/community/report-cycles/${cycleId}`, t.street);
    expect(view.body.progress).toMatchObject({ accepted: 2, communities: 2 });
    const r1 = (await call(app, 'GET', rep(C1), t.street)).body;
    const r2 = (await call(app, 'GET', rep(C2), t.street)).body;
    const totals = view.body.rollUp.totals;
    for (const f of view.body.cycle.fields.filter((x: Json) => x.kind === 'number')) {
      const n = (r: Json) => (typeof r.values[f.key]?.value === 'number' ? r.values[f.key].value : 0);
      expect(totals[f.key], f.key).toBe(n(r1) + n(r2));
    }
    expect(totals.residents).toBe(expected.residents + 1 + 1);
    expect(totals.visits).toBe(19);
    // The district sees the whole; the other street's worker sees nothing of it.
    const dist = await call(app, 'GET', `/api/t/community/report-cycles/${cycleId}`, t.admin);
    expect(dist.body.rollUp.totals).toEqual(totals);
    const list = await call(app, 'GET', '/api/t/community/report-cycles', t.workerC3);
    expect(list.body.items.some((x: Json) => x.cycle.id === cycleId)).toBe(false);
    // An accepted report is no longer edited.
    expect(
      (
        await call(app, 'PATCH', rep(C1), t.worker, {
          version: acc.body.version,
          values: { visits: { value: 1 } },
        })
      ).body.code,
    ).toBe('REPORT_WRONG_STATUS');
  });
});

describe('the ministry indicator “report fields filled from the database”', () => {
  it('counts the fields of the submitted and accepted reports, and those the database filled unchanged', async () => {
    const store = new TenantStores(() => doc).for(district.tenant);
    const snap = await collectDistrict({
      store,
      tenantId: district.tenant.id,
      modulesEnabled: ['street-tasks-reports'],
      staff: [],
      now: Date.parse('2026-12-02T04:00:00Z'),
    });
    const list = await call(app, 'GET', '/api/t/community/report-cycles', t.admin);
    let total = 0;
    let fromDb = 0;
    for (const { cycle } of list.body.items as Json[]) {
      for (const c of cycle.communities as string[]) {
        const r = (await call(app, 'GET', `/api/t/community/report-cycles/${cycle.id}/reports/${c}`, t.admin))
          .body;
        if (r.status !== 'submitted' && r.status !== 'accepted') continue;
        total += r.counts.total;
        fromDb += r.counts.fromDatabase;
      }
    }
    // C1 and C2 were accepted above: two reports' fields, most of them from the database.
    expect(total).toBeGreaterThan(0);
    expect(snap.aggregates.reportFieldsTotal).toBe(total);
    expect(snap.aggregates.reportFieldsPrefilled).toBe(fromDb);
    expect(fromDb / total).toBeGreaterThan(0.5);
  });
});

describe('export', () => {
  it('gives the cycle as XLSX in the template layout, the caller’s communities only', async () => {
    const list = await call(app, 'GET', '/api/t/community/report-cycles', t.street);
    const id = list.body.items.find((x: Json) => x.cycle.period === '2026-10').cycle.id;
    const res = await app.request(`/api/t/community/report-cycles/${id}/export`, {
      headers: { authorization: `Bearer ${t.street}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('spreadsheetml');
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(Buffer.from(await res.arrayBuffer()) as never);
    const ws = wb.worksheets[0]!;
    const header = ws.getRow(3).values as unknown[];
    expect(header).toContain('汇总');
    const residents = ws.getRow(4).values as unknown[];
    expect(residents).toContain('常住人口（人）');
    expect(wb.worksheets[1]!.getRow(2).values).toContain('10月31日新生儿尚未登记');
    const other = await app.request(`/api/t/community/report-cycles/${id}/export`, {
      headers: { authorization: `Bearer ${t.workerC3}` },
    });
    expect(other.status).toBe(404);
  });
});
