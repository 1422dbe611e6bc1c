/**
 * Consultations and votes (issue 15) on DynamoDB Local + cognito-local: a building matter is open
 * only to that building's residents; one vote per resident even with 50 concurrent attempts; a
 * paper vote recorded by the worker blocks the resident's online vote; anonymous votes keep no
 * choice; the result is published as a community notice, and a quorum not reached says so.
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
const control = apps.control;
afterAll(() => expect(app.violations).toEqual([]));
const doc = docOf(env);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let C1: string;
let C3: string;
const t: Record<string, string> = {};
/** Residents' portal tokens: in building 3 of C1 (two), building 5 of C1, and in C3. */
const r: Record<string, string> = {};
/** Their records' ids. */
const ids: Record<string, string> = {};
let paperOnly = '';
let seq = 300;

const record = async (community: string, building: string, mobile?: string) => {
  const res = await call(app, 'POST', '/api/t/residents', t.admin, {
    name: '李秀英',
    idNumber: makeCitizenId('110101', '1958-04-09', seq++),
    registration: '户籍',
    ...(mobile ? { mobile } : {}),
    communityCode: community,
    building,
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
  const slug = district.tenant.slug;
  const places: [string, string, string][] = [
    ['b3', C1, '3'],
    ['b3paper', C1, '3'],
    ['b5', C1, '5'],
    ['c3', C3, '3'],
  ];
  for (const [name, community, building] of places) {
    const acc = await makeResident(env, control, slug);
    r[name] = acc.token;
    ids[name] = await record(community, building, acc.mobile);
  }
  paperOnly = await record(C1, '3');
}, 180_000);

describe('a consultation about building 3', () => {
  let id = '';
  let residentB3Paper = '';

  it('is opened by the community worker for building 3 only; the other community cannot', async () => {
    const closesAt = new Date(Date.now() + 86_400_000).toISOString();
    const body = {
      communityCode: C1,
      title: '3号楼加装电梯意见征集',
      description: '是否同意 3 号楼 1 单元加装电梯，费用按楼层分摊。',
      options: ['同意', '不同意', '弃权'],
      anonymous: true,
      quorumPercent: 50,
      closesAt,
      building: '3',
    };
    expect((await call(app, 'POST', '/api/t/community/consultations', t.workerC3, body)).status).toBe(403);
    expect((await call(app, 'POST', '/api/t/community/consultations', t.civil, body)).status).toBe(403);
    const res = await call(app, 'POST', '/api/t/community/consultations', t.worker, body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ eligible: 3, scope: { kind: 'building', building: '3' }, votes: 0 });
    id = res.body.id;
    expect((await call(app, 'GET', `/api/t/community/consultations/${id}`, t.workerC3)).status).toBe(404);
  });

  it('is listed to building 3’s residents, not to building 5’s or another community’s', async () => {
    const mine = await call(app, 'GET', '/api/t/resident/community/consultations', r.b3);
    expect(mine.body.recordFound).toBe(true);
    expect(mine.body.items.map((x: Json) => x.id)).toContain(id);
    expect(mine.body.items.find((x: Json) => x.id === id).tally).toBeUndefined();
    for (const other of [r.b5, r.c3])
      expect(
        (await call(app, 'GET', '/api/t/resident/community/consultations', other)).body.items.map(
          (x: Json) => x.id,
        ),
      ).not.toContain(id);
  });

  it('refuses the votes of building 5 and of another community', async () => {
    for (const other of [r.b5, r.c3]) {
      const v = await call(app, 'POST', `/api/t/resident/community/consultations/${id}/vote`, other, {
        option: 'o1',
      });
      expect(v.status).toBe(403);
      expect(v.body.code).toBe('CONSULTATION_NOT_ELIGIBLE');
    }
    // Staff cannot vote as residents.
    expect(
      (
        await call(app, 'POST', `/api/t/resident/community/consultations/${id}/vote`, t.worker, {
          option: 'o1',
        })
      ).status,
    ).toBe(403);
  });

  it('counts exactly one of 50 concurrent votes by the same resident', async () => {
    const tries = await Promise.all(
      Array.from({ length: 50 }, () =>
        call(app, 'POST', `/api/t/resident/community/consultations/${id}/vote`, r.b3, { option: 'o1' }),
      ),
    );
    const statuses = tries.map((x) => x.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    expect(new Set(tries.filter((x) => x.status === 409).map((x) => x.body.code))).toEqual(
      new Set(['CONSULTATION_ALREADY_VOTED']),
    );
    const c = await call(app, 'GET', `/api/t/community/consultations/${id}`, t.worker);
    expect(c.body).toMatchObject({ votes: 1, tally: { o1: 1, o2: 0, o3: 0 } });
  });

  it('a paper vote blocks the resident’s online vote; a resident of building 5 cannot be recorded', async () => {
    expect(
      (
        await call(app, 'POST', `/api/t/community/consultations/${id}/paper-votes`, t.worker, {
          residentId: ids.b5,
          option: 'o2',
        })
      ).body.code,
    ).toBe('CONSULTATION_NOT_ELIGIBLE');
    // The resident who voted online cannot be given a paper vote as well.
    const twice = await call(app, 'POST', `/api/t/community/consultations/${id}/paper-votes`, t.worker, {
      residentId: ids.b3,
      option: 'o2',
    });
    expect(twice.body.code).toBe('CONSULTATION_ALREADY_VOTED');
    for (const rid of [ids.b3paper, paperOnly]) {
      const p = await call(app, 'POST', `/api/t/community/consultations/${id}/paper-votes`, t.worker, {
        residentId: rid,
        option: 'o2',
      });
      expect(p.status).toBe(201);
    }
    residentB3Paper = ids.b3paper!;
    expect(residentB3Paper).not.toBe('');
    const online = await call(app, 'POST', `/api/t/resident/community/consultations/${id}/vote`, r.b3paper, {
      option: 'o1',
    });
    expect(online.status).toBe(409);
    expect(online.body.code).toBe('CONSULTATION_ALREADY_VOTED');
    const mine = await call(app, 'GET', '/api/t/resident/community/consultations', r.b3paper);
    expect(mine.body.items.find((x: Json) => x.id === id).voted).toBe('paper');
    // The other community's worker records nothing here.
    expect(
      (
        await call(app, 'POST', `/api/t/community/consultations/${id}/paper-votes`, t.workerC3, {
          residentId: paperOnly,
          option: 'o1',
        })
      ).status,
    ).toBe(404);
  });

  it('keeps no choice of an anonymous vote, only that the resident voted', async () => {
    const out = await doc.send(
      new QueryCommand({
        TableName: district.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#CONSV#${id}` },
      }),
    );
    expect(out.Items).toHaveLength(3);
    for (const it of out.Items ?? []) {
      expect(it.option).toBeUndefined();
      expect(['online', 'paper']).toContain(it.channel);
    }
  });

  it('closes with the result published as a community notice (quorum reached)', async () => {
    const cur = await call(app, 'GET', `/api/t/community/consultations/${id}`, t.worker);
    const closed = await call(app, 'POST', `/api/t/community/consultations/${id}/close`, t.worker, {
      version: cur.body.version,
    });
    expect(closed.status).toBe(200);
    expect(closed.body.result).toMatchObject({
      votes: 3,
      eligible: 3,
      quorumReached: true,
      winner: 'o2',
      tie: false,
    });
    const notices = await call(app, 'GET', `/api/t/resident/notices?community=${C1}`, r.b3);
    const n = notices.body.items.find((x: Json) => x.id === closed.body.noticeId);
    expect(n.title).toContain('3号楼加装电梯意见征集');
    expect(n.body).toContain('不同意：2 票');
    const late = await call(app, 'POST', `/api/t/resident/community/consultations/${id}/vote`, r.b3paper, {
      option: 'o1',
    });
    expect(late.status).toBe(409);
  });
});

describe('a community-wide consultation whose quorum is not reached', () => {
  it('reports the quorum as not reached, in the result and the notice', async () => {
    const res = await call(app, 'POST', '/api/t/community/consultations', t.street, {
      communityCode: C1,
      title: '社区广场舞时间调整',
      description: '广场舞时间是否调整为 19:00–20:30。',
      options: ['同意', '不同意'],
      anonymous: false,
      quorumPercent: 60,
      closesAt: new Date(Date.now() + 86_400_000).toISOString(),
    });
    expect(res.status).toBe(201);
    expect(res.body.eligible).toBe(4);
    const v = await call(app, 'POST', `/api/t/resident/community/consultations/${res.body.id}/vote`, r.b5, {
      option: 'o1',
    });
    expect(v.status).toBe(201);
    const closed = await call(app, 'POST', `/api/t/community/consultations/${res.body.id}/close`, t.worker, {
      version: 1,
    });
    expect(closed.body.result).toMatchObject({
      votes: 1,
      eligible: 4,
      quorumReached: false,
      turnoutPercent: 25,
    });
    expect(closed.body.result.winner).toBeUndefined();
    const notices = await call(app, 'GET', `/api/t/resident/notices?community=${C1}`, r.b5);
    expect(notices.body.items.find((x: Json) => x.id === closed.body.noticeId).body).toContain(
      '未达到 60% 的参与比例',
    );
  });
});
