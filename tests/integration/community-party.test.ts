/**
 * 社区党建 (issue 15, `party-building`) on DynamoDB Local + cognito-local: branches by scope,
 * members linked to residents only with consent (once per resident, names encrypted at rest and
 * masked by role, every view of a list audited, reveal with a reason), meetings with attendance,
 * conditional member changes, the yearly 三会一课 overview, and the module flag.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const app = withContract(apps.tenant);
const doc = docOf(env);
afterAll(() => expect(app.violations).toEqual([]));

const BASE = '/api/t/community/party';
let district: Awaited<ReturnType<typeof makeDistrict>>;
let C1: string;
let C2: string;
let C3: string;
const t: Record<string, string> = {};
const res: Record<string, string> = {};
let seq = 700;
let branch = '';
const members: Record<string, Json> = {};

const chinaToday = () => new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);

/** Every item of a partition of the district (test-only reads to check what is stored). */
const partition = async (name: string) =>
  (
    await doc.send(
      new QueryCommand({
        TableName: district.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#${name}` },
      }),
    )
  ).Items ?? [];
const auditActions = async () =>
  (await partition(`AUDIT#${new Date().toISOString().slice(0, 10)}`)).map((e) => String(e.action));

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, C2, C3] = district.communities as [string, string, string];
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: district.tenant.id, roles, scope })).accessToken;
  [t.admin, t.street, t.worker, t.workerC3, t.civil] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['street-staff'], { streetCode: C1.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
    mk(['department-staff'], { department: 'civil-affairs' }),
  ]);
  for (const [key, name, community] of [
    ['a', '王建国', C1],
    ['b', '李秀英', C1],
    ['x', '赵卫东', C3],
  ] as const) {
    const r = await call(app, 'POST', '/api/t/residents', t.admin, {
      name,
      idNumber: makeCitizenId('110101', '1958-07-01', seq++),
      registration: '户籍',
      mobile: `139${String(20_000_000 + seq * 7).slice(-8)}`,
      communityCode: community,
    });
    expect(r.status).toBe(201);
    res[key] = r.body.id;
  }
}, 180_000);

describe('社区党建', () => {
  it('branches by scope: the community records its own, the street sees its communities, others see none', async () => {
    const input = {
      communityCode: C1,
      name: '和平里社区党支部',
      kind: 'branch',
      secretary: '刘红',
      foundedOn: '2020-07-01',
    };
    expect(
      (await call(app, 'POST', `${BASE}/branches`, t.worker, { ...input, communityCode: C3 })).status,
    ).toBe(403);
    expect((await call(app, 'POST', `${BASE}/branches`, t.civil, input)).status).toBe(403);
    const bad = await call(app, 'POST', `${BASE}/branches`, t.worker, { ...input, foundedOn: '2020-02-30' });
    expect(bad.status).toBe(400);
    const made = await call(app, 'POST', `${BASE}/branches`, t.worker, input);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ ...input, members: 0, version: 1 });
    branch = made.body.id;
    const other = await call(app, 'POST', `${BASE}/branches`, t.admin, {
      ...input,
      communityCode: C2,
      name: '二社区党总支',
      kind: 'general-branch',
    });
    expect(other.status).toBe(201);

    const names = async (token: string | undefined) =>
      ((await call(app, 'GET', `${BASE}/branches`, token)).body.items as Json[] | undefined)?.map(
        (b) => b.name,
      );
    expect(await names(t.worker)).toEqual(['和平里社区党支部']);
    expect(await names(t.street)).toEqual(['和平里社区党支部', '二社区党总支']);
    expect(await names(t.workerC3)).toEqual([]);
    expect((await call(app, 'GET', `${BASE}/branches/${branch}`, t.workerC3)).status).toBe(404);
    expect((await call(app, 'GET', `${BASE}/branches/${branch}/members`, t.workerC3)).status).toBe(404);
    expect((await call(app, 'GET', `${BASE}/branches`, t.civil)).status).toBe(403);
  });

  it('links a member to a resident only with consent, once per resident; the name is encrypted at rest and masked', async () => {
    const url = `${BASE}/branches/${branch}/members`;
    const base = { standing: 'full', joinedOn: '1985-06-20' };
    const noConsent = await call(app, 'POST', url, t.worker, { ...base, residentId: res.a });
    expect([noConsent.status, noConsent.body.code]).toEqual([400, 'PARTY_CONSENT_REQUIRED']);
    expect(await partition(`PMEM#${branch}`)).toEqual([]);

    const consent = { method: 'written', givenOn: '2026-03-01' };
    const elsewhere = await call(app, 'POST', url, t.worker, { ...base, residentId: res.x, consent });
    expect([elsewhere.status, elsewhere.body.code]).toEqual([409, 'PARTY_RESIDENT_ELSEWHERE']);

    const linked = await call(app, 'POST', url, t.worker, { ...base, residentId: res.a, consent });
    expect(linked.status).toBe(201);
    expect(linked.body).toMatchObject({
      name: '王**',
      linked: true,
      residentId: res.a,
      consent: { method: 'written', givenOn: '2026-03-01' },
      standing: 'full',
      status: 'active',
    });
    expect(linked.body.consent.recordedBy).toBeTruthy();
    expect(Date.parse(linked.body.consent.recordedAt)).toBeGreaterThan(Date.now() - 60_000);
    members.a = linked.body;

    const twice = await call(app, 'POST', url, t.worker, { ...base, residentId: res.a, consent });
    expect([twice.status, twice.body.code]).toEqual([409, 'PARTY_RESIDENT_LINKED']);

    const nameless = await call(app, 'POST', url, t.worker, {
      standing: 'probationary',
      joinedOn: '2025-12-01',
    });
    expect([nameless.status, nameless.body.code]).toEqual([400, 'PARTY_MEMBER_NAME_REQUIRED']);
    const byName = await call(app, 'POST', url, t.worker, {
      name: '陈小梅',
      standing: 'probationary',
      joinedOn: '2025-12-01',
      transferredIn: { date: '2026-01-10', from: '朝阳区某街道党工委' },
    });
    expect(byName.status).toBe(201);
    expect(byName.body).toMatchObject({ name: '陈**', linked: false, standing: 'probationary' });
    expect(byName.body.consent).toBeUndefined();
    members.b = byName.body;

    // Stored: the name only encrypted, the count moved with the members, no personal value in a key.
    const stored = JSON.stringify(await partition(`PMEM#${branch}`));
    expect(stored).not.toContain('王建国');
    expect(stored).not.toContain('陈小梅');
    expect((await call(app, 'GET', `${BASE}/branches/${branch}`, t.worker)).body.members).toBe(2);
    expect(await partition(`PMRES#${res.a}`)).toHaveLength(1);
  });

  it('masks the list as the role sees residents, audits every view, reveals a name with a reason', async () => {
    const before = (await auditActions()).filter((a) => a === 'party.members.view').length;
    const list = await call(app, 'GET', `${BASE}/branches/${branch}/members`, t.street);
    expect(list.status).toBe(200);
    expect((list.body.items as Json[]).map((m) => m.name)).toEqual(['王**', '陈**']);
    expect((await auditActions()).filter((a) => a === 'party.members.view').length).toBe(before + 1);

    const url = `${BASE}/branches/${branch}/members/${members.a!.id}/reveal`;
    expect((await call(app, 'POST', url, t.worker, { reason: '短' })).status).toBe(400);
    const shown = await call(app, 'POST', url, t.worker, { reason: '核对党员花名册' });
    expect([shown.status, shown.body.name]).toEqual([200, '王建国']);
    expect(await auditActions()).toContain('party.members.reveal');
    expect((await call(app, 'POST', url, t.workerC3, { reason: '核对党员花名册' })).status).toBe(404);
  });

  it('records a 支部委员会 with attendance; refuses strangers and future dates; the overview counts it', async () => {
    const url = `${BASE}/branches/${branch}/meetings`;
    const today = chinaToday();
    const meeting = {
      kind: 'committee',
      date: today,
      topic: '研究老旧小区加装电梯议题',
      place: '社区党群服务中心',
      host: '刘红',
      notes: '讨论了两个楼栋的加装方案。',
      attendance: [
        { memberId: members.a!.id, present: true },
        { memberId: members.b!.id, present: false, reason: '出差' },
      ],
    };
    const stranger = await call(app, 'POST', url, t.worker, {
      ...meeting,
      attendance: [{ memberId: '01J0000000000000000000000Z', present: true }],
    });
    expect([stranger.status, stranger.body.code]).toEqual([400, 'PARTY_ATTENDEE_UNKNOWN']);
    const twice = await call(app, 'POST', url, t.worker, {
      ...meeting,
      attendance: [meeting.attendance[0], meeting.attendance[0]],
    });
    expect(twice.body.code).toBe('PARTY_ATTENDEE_UNKNOWN');
    const future = await call(app, 'POST', url, t.worker, { ...meeting, date: '2099-01-01' });
    expect([future.status, future.body.code]).toEqual([400, 'PARTY_MEETING_IN_FUTURE']);
    expect((await call(app, 'POST', url, t.workerC3, meeting)).status).toBe(404);

    const made = await call(app, 'POST', url, t.worker, meeting);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ kind: 'committee', present: 1, absent: 1 });
    expect(made.body.attendance[1]).toEqual({ memberId: members.b!.id, present: false, reason: '出差' });
    const theme = await call(app, 'POST', url, t.street, {
      ...meeting,
      kind: 'theme-day',
      topic: '主题党日：清洁家园',
      attendance: [],
    });
    expect(theme.status).toBe(201);

    const year = Number(today.slice(0, 4));
    const listed = await call(app, 'GET', `${url}?year=${year}`, t.worker);
    expect((listed.body.items as Json[]).map((m) => m.kind).sort()).toEqual(['committee', 'theme-day']);
    expect((await call(app, 'GET', `${url}?year=${year - 1}`, t.worker)).body.items).toEqual([]);

    const overview = await call(app, 'GET', `${BASE}/overview?year=${year}`, t.street);
    expect(overview.status).toBe(200);
    const mine = (overview.body.branches as Json[]).find((b) => b.branch.id === branch)!;
    const committee = (mine.kinds as Json[]).find((k) => k.kind === 'committee')!;
    expect(committee).toMatchObject({ cadence: 'monthly', held: 1, expected: 12 });
    expect(mine.otherActivities).toBe(1);
    // The community worker's overview has its own branch only; C3's worker none.
    expect((await call(app, 'GET', `${BASE}/overview`, t.worker)).body.branches).toHaveLength(1);
    expect((await call(app, 'GET', `${BASE}/overview`, t.workerC3)).body.branches).toEqual([]);
  });

  it('changes a member only on the version seen: 转正, 转出 (link released), consent withdrawn', async () => {
    const url = (m: Json) => `${BASE}/branches/${branch}/members/${m.id}`;
    const stale = await call(app, 'PATCH', url(members.b!), t.worker, { version: 9, standing: 'full' });
    expect([stale.status, stale.body.code]).toEqual([409, 'PARTY_CHANGED']);
    const full = await call(app, 'PATCH', url(members.b!), t.worker, { version: 1, standing: 'full' });
    expect(full.body).toMatchObject({ standing: 'full', version: 2 });

    const unlink = await call(app, 'PATCH', url(members.a!), t.worker, { version: 1, unlink: true });
    expect(unlink.status).toBe(200);
    expect(unlink.body).toMatchObject({ linked: false, name: '王**' });
    expect(unlink.body.consent).toBeUndefined();
    expect(await partition(`PMRES#${res.a}`)).toEqual([]);

    const out = await call(app, 'PATCH', url(members.b!), t.worker, {
      version: 2,
      transferOut: { date: chinaToday(), to: '海淀区某街道党工委' },
    });
    expect(out.body).toMatchObject({
      status: 'transferred-out',
      transferredOut: { to: '海淀区某街道党工委' },
    });
    expect((await call(app, 'GET', `${BASE}/branches/${branch}`, t.worker)).body.members).toBe(1);
    const again = await call(app, 'PATCH', url(members.b!), t.worker, {
      version: 3,
      standing: 'probationary',
    });
    expect(again.body.code).toBe('PARTY_MEMBER_INACTIVE');
    expect(
      (await call(app, 'PATCH', url(members.a!), t.workerC3, { version: 2, standing: 'full' })).status,
    ).toBe(404);
  });

  it('answers MODULE_NOT_ENABLED where the district does not have party-building', async () => {
    const basic = await makeDistrict(env, { tier: 'basic' });
    const admin = (
      await makeStaff(env, { kind: 'staff', tenantId: basic.tenant.id, roles: ['district-admin'], scope: {} })
    ).accessToken;
    for (const [method, path, body] of [
      ['GET', `${BASE}/branches`],
      ['GET', `${BASE}/overview`],
      [
        'POST',
        `${BASE}/branches`,
        {
          communityCode: basic.communities[0],
          name: '党支部',
          kind: 'branch',
          secretary: '刘',
          foundedOn: '2020-01-01',
        },
      ],
    ] as const) {
      const r = await call(app, method, path, admin, body);
      expect([r.status, r.body.code]).toEqual([404, 'MODULE_NOT_ENABLED']);
    }
  });
});
