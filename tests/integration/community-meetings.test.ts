/**
 * Residents' meetings (issue 15, `self-governance`) on DynamoDB Local + cognito-local: a 居民会议 is
 * planned with its agenda and a linked consultation, only by who manages the community; attendance
 * takes only the community's residents and a head count; it cannot be held without more than half
 * present; attendees' names are masked by role and the view audited; minutes come only after it is
 * held; publishing (ten at once) makes exactly one notice, masked, which the resident reads on the
 * portal; afterwards the minutes change only by a correction with its reason.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';
import { makeResident } from '../support/services.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const app = withContract(apps.tenant);
afterAll(() => expect(app.violations).toEqual([]));
const doc = docOf(env);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let C1: string;
let C3: string;
const t: Record<string, string> = {};
let residentToken = '';
const ids: string[] = [];
let outsider = '';
let consultationId = '';
let seq = 700;

const record = async (community: string, mobile?: string) => {
  const res = await call(app, 'POST', '/api/t/residents', t.admin, {
    name: '李秀英',
    idNumber: makeCitizenId('110101', '1958-04-09', seq++),
    registration: '户籍',
    ...(mobile ? { mobile } : {}),
    communityCode: community,
    building: '3',
    unit: '1',
    room: '101',
  });
  if (res.status !== 201) throw new Error(`record: ${res.status} ${res.text}`);
  return res.body.id as string;
};

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, , C3] = district.communities as [string, string, string];
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: district.tenant.id, roles, scope })).accessToken;
  [t.admin, t.worker, t.workerC3, t.street, t.civil] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
    mk(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
    mk(['street-staff'], { streetCode: C1.slice(0, 9) }),
    mk(['department-staff'], { department: 'civil-affairs' }),
  ]);
  const acc = await makeResident(env, apps.control, district.tenant.slug);
  residentToken = acc.token;
  ids.push(await record(C1, acc.mobile), await record(C1));
  outsider = await record(C3);
  const cons = await call(app, 'POST', '/api/t/community/consultations', t.worker, {
    communityCode: C1,
    title: '加装电梯意见征集',
    description: '是否同意加装电梯',
    options: ['同意', '不同意'],
    closesAt: new Date(Date.now() + 86_400_000).toISOString(),
  });
  consultationId = cons.body.id;
}, 180_000);

describe('a 居民会议 from plan to published minutes', () => {
  let id = '';
  let version = 0;
  const plan = {
    kind: 'residents',
    title: '3号楼加装电梯居民会议',
    startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    place: '社区二楼会议室',
    convener: '社区居委会',
    agenda: ['加装电梯方案', '费用分摊办法'],
    basis: 'households',
    expected: 4,
  };

  it('is planned only by who manages the community; a consultation of another community is refused', async () => {
    const body = { ...plan, communityCode: C1, consultationId };
    for (const who of [t.workerC3, t.civil])
      expect((await call(app, 'POST', '/api/t/community/meetings', who, body)).status).toBe(403);
    const { expected: _e, ...noQuorum } = body;
    expect((await call(app, 'POST', '/api/t/community/meetings', t.worker, noQuorum)).body.code).toBe(
      'MEETING_EXPECTED_REQUIRED',
    );
    const c3 = await call(app, 'POST', '/api/t/community/meetings', t.admin, { ...body, communityCode: C3 });
    expect(c3.body.code).toBe('MEETING_CONSULTATION_OUTSIDE');
    const past = await call(app, 'POST', '/api/t/community/meetings', t.worker, {
      ...body,
      startsAt: '2020-01-01T00:00:00Z',
    });
    expect(past.body.code).toBe('MEETING_STARTS_PAST');
    const res = await call(app, 'POST', '/api/t/community/meetings', t.worker, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'planned',
      agenda: [
        { id: 'a1', title: '加装电梯方案' },
        { id: 'a2', title: '费用分摊办法' },
      ],
      consultationId,
      quorum: { expected: 4, present: 0, required: 3, reached: false },
    });
    id = res.body.id;
    version = res.body.version;
    expect((await call(app, 'GET', `/api/t/community/meetings/${id}`, t.workerC3)).status).toBe(404);
    const listC3 = await call(app, 'GET', '/api/t/community/meetings', t.workerC3);
    expect(listC3.body.items.map((m: Json) => m.id)).not.toContain(id);
    const listStreet = await call(app, 'GET', '/api/t/community/meetings', t.street);
    expect(listStreet.body.items.map((m: Json) => m.id)).toContain(id);
  });

  it('has no minutes before it is held', async () => {
    const m = await call(app, 'PUT', `/api/t/community/meetings/${id}/minutes`, t.worker, {
      version,
      items: [{ agendaId: 'a1', discussion: '同意' }],
    });
    expect(m.status).toBe(409);
    expect(m.body.code).toBe('MEETING_NOT_HELD');
    const p = await call(app, 'POST', `/api/t/community/meetings/${id}/publish`, t.worker, {
      version,
      notice: true,
    });
    expect(p.body.code).toBe('MEETING_NOT_HELD');
  });

  it('records attendance of its own residents only, and is held only with more than half present', async () => {
    const url = `/api/t/community/meetings/${id}/attendance`;
    const outside = await call(app, 'PUT', url, t.worker, {
      version,
      attendees: [{ residentId: outsider, as: 'household' }],
      headCount: 0,
    });
    expect(outside.status).toBe(400);
    expect(outside.body.code).toBe('MEETING_ATTENDEE_OUTSIDE');
    const two = await call(app, 'PUT', url, t.worker, {
      version,
      attendees: ids.map((residentId) => ({ residentId, as: 'household' })),
      headCount: 0,
    });
    expect(two.status).toBe(200);
    expect(two.body).toMatchObject({ recorded: 2, present: 2, quorum: { reached: false } });
    const early = await call(app, 'POST', `/api/t/community/meetings/${id}/hold`, t.worker, {
      version: two.body.version,
    });
    expect(early.body.code).toBe('MEETING_QUORUM_NOT_MET');
    const stale = await call(app, 'PUT', url, t.worker, { version, attendees: [], headCount: 5 });
    expect(stale.body.code).toBe('MEETING_CHANGED');
    const three = await call(app, 'PUT', url, t.worker, {
      version: two.body.version,
      attendees: ids.map((residentId) => ({ residentId, as: 'household' })),
      headCount: 1,
    });
    expect(three.body.quorum).toMatchObject({ present: 3, reached: true });
    const held = await call(app, 'POST', `/api/t/community/meetings/${id}/hold`, t.worker, {
      version: three.body.version,
    });
    expect(held.status).toBe(200);
    expect(held.body.status).toBe('held');
    version = held.body.version;
    const late = await call(app, 'PUT', url, t.worker, { version, attendees: [], headCount: 9 });
    expect(late.body.code).toBe('MEETING_NOT_PLANNED');
  });

  it('shows attendees masked by role and audits the view', async () => {
    const d = await call(app, 'GET', `/api/t/community/meetings/${id}`, t.worker);
    expect(d.status).toBe(200);
    expect(d.body.attendees).toHaveLength(2);
    for (const a of d.body.attendees) expect(a.name).toBe('李**');
    expect(JSON.stringify(d.body)).not.toContain('李秀英');
    const day = new Date().toISOString().slice(0, 10);
    const audit = await doc.send(
      new QueryCommand({
        TableName: district.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#AUDIT#${day}` },
      }),
    );
    const actions = (audit.Items ?? []).map((i) => i.action);
    expect(actions).toContain('meetings.attendance.view');
    expect(actions).toEqual(
      expect.arrayContaining(['meetings.plan', 'meetings.attendance', 'meetings.hold']),
    );
  });

  it('publishes its minutes once as a masked community notice the resident reads', async () => {
    const minutes = await call(app, 'PUT', `/api/t/community/meetings/${id}/minutes`, t.worker, {
      version,
      summary: '会议由居委会主任主持。',
      items: [
        {
          agendaId: 'a1',
          discussion: '居民代表（电话 13912345678，身份证 110101195804090012）介绍方案',
          decision: '同意加装电梯',
          votes: { for: 3, against: 0, abstain: 0 },
        },
        { agendaId: 'a2', discussion: '按楼层分摊', decision: '一楼不分摊' },
      ],
    });
    expect(minutes.status).toBe(200);
    expect(minutes.body.minutes[0]).toMatchObject({ agendaId: 'a1', passed: true });
    const tries = await Promise.all(
      Array.from({ length: 10 }, () =>
        call(app, 'POST', `/api/t/community/meetings/${id}/publish`, t.worker, {
          version: minutes.body.version,
          notice: true,
        }),
      ),
    );
    const ok = tries.filter((x) => x.status === 200);
    expect(ok).toHaveLength(1);
    for (const x of tries.filter((y) => y.status !== 200)) expect(x.status).toBe(409);
    const noticeId = ok[0]!.body.noticeId as string;
    version = ok[0]!.body.version;
    const notices = await doc.send(
      new QueryCommand({
        TableName: district.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#NOTICES` },
      }),
    );
    expect(
      (notices.Items ?? []).filter((n) => String(n.title).includes('3号楼加装电梯居民会议')),
    ).toHaveLength(1);
    const portal = await call(app, 'GET', `/api/t/resident/notices?community=${C1}`, residentToken);
    const n = portal.body.items.find((x: Json) => x.id === noticeId);
    expect(n.title).toBe('居民会议纪要：3号楼加装电梯居民会议');
    expect(n.body).toContain('应到 4，实到 3');
    expect(n.body).toContain('决定：同意加装电梯');
    expect(n.body).toContain('139****5678');
    for (const secret of ['13912345678', '110101195804090012', '李秀英', '李**'])
      expect(n.body).not.toContain(secret);
    // The portal's 居民自治 page reads the resident's own community's notices.
    const mine = await call(app, 'GET', '/api/t/resident/community/notices', residentToken);
    expect(mine.body.recordFound).toBe(true);
    expect(mine.body.items.map((x: Json) => x.id)).toContain(noticeId);
  });

  it('after publishing, changes the minutes only by a recorded correction', async () => {
    const edit = await call(app, 'PUT', `/api/t/community/meetings/${id}/minutes`, t.worker, {
      version,
      items: [{ agendaId: 'a2', discussion: '改' }],
    });
    expect(edit.body.code).toBe('MEETING_MINUTES_PUBLISHED');
    const noReason = await call(app, 'POST', `/api/t/community/meetings/${id}/corrections`, t.worker, {
      version,
      item: { agendaId: 'a2', discussion: '按楼层分摊', decision: '一楼、二楼不分摊' },
    });
    expect(noReason.status).toBe(400);
    const fix = await call(app, 'POST', `/api/t/community/meetings/${id}/corrections`, t.worker, {
      version,
      item: { agendaId: 'a2', discussion: '按楼层分摊', decision: '一楼、二楼不分摊' },
      reason: '记录有误，二楼同样不分摊',
    });
    expect(fix.status).toBe(200);
    expect(fix.body.minutes[1].decision).toBe('一楼、二楼不分摊');
    expect(fix.body.corrections).toEqual([
      expect.objectContaining({
        agendaId: 'a2',
        reason: '记录有误，二楼同样不分摊',
        from: expect.objectContaining({ decision: '一楼不分摊' }),
      }),
    ]);
    const again = await call(app, 'POST', `/api/t/community/meetings/${id}/publish`, t.worker, {
      version: fix.body.version,
      notice: true,
    });
    expect(again.body.code).toBe('MEETING_MINUTES_PUBLISHED');
  });
});

describe('without the module', () => {
  it('answers 404 MODULE_NOT_ENABLED', async () => {
    const basic = await makeDistrict(env, { tier: 'basic' });
    const admin = (
      await makeStaff(env, { kind: 'staff', tenantId: basic.tenant.id, roles: ['district-admin'], scope: {} })
    ).accessToken;
    const res = await call(app, 'GET', '/api/t/community/meetings', admin);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MODULE_NOT_ENABLED');
  });
});
