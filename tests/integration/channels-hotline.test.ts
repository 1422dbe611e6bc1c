/**
 * The call-centre channel on the real local engines: the district admin issues a call key; the
 * telephony system posts a call with it (the key, never the body, names the district); the
 * operator sees the pending call, files a case for the caller (channel `call-centre`, filer
 * recorded), answers its status by number and closes the call; when the community completes the
 * case, the call-back list holds it and the operator records the call-back. Bad input and bad keys
 * write nothing; a revoked key is refused.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTenantApp, type Limiter } from '@linli/api';
import { Errors } from '@linli/core';
import { collectRaw } from '@linli/indicators/collect';
import { createLocalDeps } from '@linli/local';
import { catalogueSeedItems } from '@linli/services';
import { callDay } from '@linli/services/channels';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import { TenantStores } from '@linli/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);
const app = withContract(createTenantApp(createLocalDeps(env, { throttle: false })));
afterAll(() => expect(app.violations).toEqual([]));

type District = Awaited<ReturnType<typeof makeDistrict>>;
let A: District;
let B: District;
let basic: District;
const tokens: Record<string, string> = {};
let key = '';
let C1 = '';

const partition = async (d: District, pk: string) => {
  const r = await doc.send(
    new QueryCommand({
      TableName: d.tenant.dataTable,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `T#${d.tenant.id}#${pk}` },
    }),
  );
  return r.Items ?? [];
};
const calls = (d: District) => partition(d, `CALLS#${callDay(new Date())}`);

beforeAll(async () => {
  [A, B, basic] = await Promise.all([
    makeDistrict(env, { tier: 'standard' }),
    makeDistrict(env, { tier: 'standard' }),
    makeDistrict(env, { tier: 'basic' }),
  ]);
  C1 = A.communities[0]!;
  const store = new TenantStores(() => doc).for(A.tenant);
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, new Date().toISOString()));
  const mk = async (d: District, roles: string[], scope: Record<string, string> = {}) =>
    (await makeStaff(env, { kind: 'staff', tenantId: d.tenant.id, roles, scope })).accessToken;
  [tokens.admin, tokens.operator, tokens.worker, tokens.adminB, tokens.operatorB, tokens.adminBasic] =
    await Promise.all([
      mk(A, ['district-admin']),
      mk(A, ['call-centre-operator']),
      mk(A, ['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
      mk(B, ['district-admin']),
      mk(B, ['call-centre-operator']),
      mk(basic, ['district-admin']),
    ]);
});

describe('call keys', () => {
  it('the district admin issues a key shown once; the list never carries it or its hash', async () => {
    const res = await call(app, 'POST', '/api/t/hotline/keys', tokens.admin, { label: '12345 话务系统' });
    expect(res.status).toBe(201);
    key = res.body.secret;
    expect(key).toMatch(new RegExp(`^lcall\\.${A.tenant.id}\\.`));
    const list = await call(app, 'GET', '/api/t/hotline/keys', tokens.admin);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({
      label: '12345 话务系统',
      status: 'active',
      hint: key.slice(-4),
    });
    expect(list.text).not.toContain(key.split('.').at(-1));
    const stored = await partition(A, 'CHKEY');
    expect(JSON.stringify(stored)).not.toContain(key.split('.').at(-1));
  });

  it('only the district admin manages keys; a district without the module gets 404', async () => {
    expect((await call(app, 'POST', '/api/t/hotline/keys', tokens.operator, { label: 'x' })).status).toBe(
      403,
    );
    const res = await call(app, 'POST', '/api/t/hotline/keys', tokens.adminBasic, { label: 'x' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('MODULE_NOT_ENABLED');
    const bad = await call(app, 'POST', '/api/t/hotline/keys', tokens.admin, { label: '<b>x</b>' });
    expect(bad.status).toBe(400);
    expect(await partition(A, 'CHKEY')).toHaveLength(1);
  });
});

describe('call intake', () => {
  it('refuses a missing, malformed or forged key and bad input, writing nothing', async () => {
    // Without a valid key even a bad body is 401: nothing is learnt about the input.
    expect((await call(app, 'POST', '/api/t/calls', undefined, { from: 'abc' })).status).toBe(401);
    const none = await call(app, 'POST', '/api/t/calls', undefined, { from: '13800001111' });
    expect(none.status).toBe(401);
    expect(none.body.code).toBe('UNAUTHENTICATED');
    const garbage = await call(app, 'POST', '/api/t/calls', 'lcall.nope', { from: '13800001111' });
    expect(garbage.status).toBe(401);
    expect(garbage.body.code).toBe('CHANNEL_KEY_INVALID');
    // A's secret presented as B's key: B's partition has no such hash.
    const parts = key.split('.');
    const asB = [parts[0], B.tenant.id, parts[2], parts[3]].join('.');
    const foreign = await call(app, 'POST', '/api/t/calls', asB, { from: '13800001111' });
    expect(foreign.status).toBe(401);
    expect(foreign.body.code).toBe('CHANNEL_KEY_INVALID');
    const tampered = `${key.slice(0, -2)}${key.endsWith('A') ? 'BB' : 'AA'}`;
    expect((await call(app, 'POST', '/api/t/calls', tampered, { from: '13800001111' })).status).toBe(401);
    for (const body of [{}, { from: 'abc' }, { from: '13800001111', extra: 1 }, { from: '1'.repeat(30) }]) {
      const res = await call(app, 'POST', '/api/t/calls', key, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    expect(await calls(A)).toHaveLength(0);
    expect(await calls(B)).toHaveLength(0);
  });

  it('opens a pending call the operator sees; a repeated callId opens nothing new', async () => {
    const res = await call(app, 'POST', '/api/t/calls', key, {
      from: '13800001111',
      callId: 'pbx-1',
      line: '12345-1',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ from: '13800001111', status: 'pending', line: '12345-1' });
    const again = await call(app, 'POST', '/api/t/calls', key, { from: '13800001111', callId: 'pbx-1' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(res.body.id);
    const pending = await call(app, 'GET', '/api/t/hotline/calls?status=pending', tokens.operator);
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((c: Json) => c.id)).toEqual([res.body.id]);
    // District B's operator never sees A's call.
    const other = await call(app, 'GET', '/api/t/hotline/calls', tokens.operatorB);
    expect(other.body.items).toEqual([]);
    expect(await calls(B)).toHaveLength(0);
    // A community worker does not run the console.
    expect((await call(app, 'GET', '/api/t/hotline/calls', tokens.worker)).status).toBe(403);
  });

  it('counts each event against the source address and then the key; past the limit 429, nothing written', async () => {
    const hits: string[] = [];
    let perKey = 0;
    // The limiter's own counting (a conditional update per window) is tested with the anonymous
    // routes; here a counter that refuses the key's third event checks the wiring.
    const limiter: Limiter = {
      hit: async (rule, k) => {
        hits.push(`${rule.name} ${k}`);
        if (rule.name === 'channel-key' && ++perKey > 2)
          throw Errors.throttled(undefined, { headers: { 'Retry-After': '42' } });
      },
    };
    const limited = createTenantApp({ ...createLocalDeps(env, { throttle: false }), limiter });
    const before = (await calls(A)).length;
    const opened: string[] = [];
    for (const n of [1, 2]) {
      const r = await call(limited, 'POST', '/api/t/calls', key, { from: `1390000000${n}` });
      expect(r.status).toBe(201);
      opened.push(r.body.id);
    }
    const third = await call(limited, 'POST', '/api/t/calls', key, { from: '13900000003' });
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('THROTTLED');
    expect(third.headers.get('retry-after')).toBe('42');
    expect(await calls(A)).toHaveLength(before + 2);
    const keyId = key.split('.')[2];
    expect(hits.filter((h) => h.startsWith('channel-ip '))).toHaveLength(3);
    expect(hits.filter((h) => h === `channel-key ${A.tenant.id}:key:${keyId}`)).toHaveLength(3);
    // A forged key is counted against its address before it is looked up, never against a key.
    hits.length = 0;
    expect((await call(limited, 'POST', '/api/t/calls', `${key}x`, { from: '13900000004' })).status).toBe(
      401,
    );
    expect(hits.map((h) => h.split(' ')[0])).toEqual(['channel-ip']);
    for (const id of opened)
      expect(
        (await call(app, 'POST', `/api/t/hotline/calls/${id}/close`, tokens.operator, { outcome: 'other' }))
          .status,
      ).toBe(200);
  });
});

describe('a case for the caller, its status, its call-back', () => {
  let caseId = '';
  let number = '';

  it('the operator files a case for the caller: channel call-centre, the operator as filer', async () => {
    const res = await call(
      app,
      'POST',
      '/api/t/cases',
      tokens.operator,
      {
        service: 'repair-report',
        channel: 'call-centre',
        applicant: { mobile: '13800001111' },
        communityCode: C1,
        form: { category: 'lighting', location: '3号楼东侧', description: '路灯不亮已一周' },
      },
      { 'idempotency-key': `hotline-${Date.now()}` },
    );
    expect(res.status).toBe(201);
    expect(res.body.channel).toBe('call-centre');
    caseId = res.body.id;
    number = res.body.number;
    const stored = (await partition(A, `CASE#${caseId}`)).find((i) => i.sk === 'CUR');
    expect(stored?.channel).toBe('call-centre');
    expect(stored?.filedBy).toBeTruthy();
  });

  it('answers "where is my case" by number; an unknown or malformed number reveals nothing', async () => {
    const res = await call(app, 'GET', `/api/t/hotline/cases/${number}`, tokens.operator);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      number,
      status: 'pending',
      channel: 'call-centre',
      department: 'community',
    });
    expect(res.text).not.toContain('路灯不亮');
    expect(
      (await call(app, 'GET', `/api/t/hotline/cases/${number.slice(0, -4)}9999`, tokens.operator)).status,
    ).toBe(404);
    expect((await call(app, 'GET', '/api/t/hotline/cases/abc', tokens.operator)).status).toBe(400);
    // The same number in district B is not A's case.
    expect((await call(app, 'GET', `/api/t/hotline/cases/${number}`, tokens.operatorB)).status).toBe(404);
  });

  it('closes the call with the case number, once', async () => {
    const pending = await call(app, 'GET', '/api/t/hotline/calls?status=pending', tokens.operator);
    const id = pending.body.items[0].id;
    const bad = await call(app, 'POST', `/api/t/hotline/calls/${id}/close`, tokens.operator, {
      outcome: 'nope',
    });
    expect(bad.status).toBe(400);
    const res = await call(app, 'POST', `/api/t/hotline/calls/${id}/close`, tokens.operator, {
      outcome: 'case-filed',
      caseNumber: number,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'closed', outcome: 'case-filed', caseNumber: number });
    const twice = await call(app, 'POST', `/api/t/hotline/calls/${id}/close`, tokens.operator, {
      outcome: 'other',
    });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('CALL_CLOSED');
    expect(
      (await call(app, 'GET', '/api/t/hotline/calls?status=pending', tokens.operator)).body.items,
    ).toEqual([]);
  });

  it('the work-order view lists the hotline’s cases with their department and state', async () => {
    const res = await call(
      app,
      'GET',
      '/api/t/cases?scope=district&channel=call-centre&status=pending',
      tokens.operator,
    );
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ caseId, channel: 'call-centre', department: 'community', status: 'pending' }),
    ]);
  });

  it('once the community completes it, the call-back list holds it and the operator records the call-back', async () => {
    const done = await call(app, 'POST', `/api/t/cases/${caseId}/actions`, tokens.worker, {
      action: 'approve',
      step: 0,
    });
    expect(done.status).toBe(200);
    const list = await call(app, 'GET', '/api/t/services/callbacks?status=pending', tokens.operator);
    expect(list.status).toBe(200);
    expect(list.body.items).toEqual([expect.objectContaining({ caseId, number, kind: 'completion' })]);
    const rec = await call(app, 'POST', `/api/t/services/callbacks/${caseId}`, tokens.operator, {
      reached: true,
      levelAfter: 'satisfied',
      note: '路灯已修好，来电人满意',
    });
    expect(rec.status).toBe(200);
    expect(rec.body).toMatchObject({ status: 'done', reached: true, kind: 'completion' });
    // A completion call-back is not a 差评's: the rating scheme's counters do not move.
    const stats = (await partition(A, 'SVCSTATS')).find((i) => i.sk === 'ALL');
    expect(stats?.callbacksDone ?? 0).toBe(0);
  });
});

describe('the ministry indicator of hotline reach', () => {
  it('counts the calls the telephony system opened (inside the district, a figure only)', async () => {
    const raw = await collectRaw({
      store: new TenantStores(() => doc).for(A.tenant),
      tenantId: A.tenant.id,
      modulesEnabled: [],
      staff: [],
    });
    expect(raw.counts.hotlineContacts).toBe((await calls(A)).length);
    expect(raw.counts.hotlineContacts).toBeGreaterThanOrEqual(3);
    const rawB = await collectRaw({
      store: new TenantStores(() => doc).for(B.tenant),
      tenantId: B.tenant.id,
      modulesEnabled: [],
      staff: [],
    });
    expect(rawB.counts.hotlineContacts).toBe(0);
  });
});

describe('revoking', () => {
  it('a revoked key is refused at once; revoking twice is a conflict', async () => {
    const list = await call(app, 'GET', '/api/t/hotline/keys', tokens.admin);
    const id = list.body.items[0].id;
    expect((await call(app, 'POST', `/api/t/sms/keys/${id}/revoke`, tokens.admin)).status).toBe(404);
    const res = await call(app, 'POST', `/api/t/hotline/keys/${id}/revoke`, tokens.admin);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('revoked');
    const before = (await calls(A)).length;
    const refused = await call(app, 'POST', '/api/t/calls', key, { from: '13800002222' });
    expect(refused.status).toBe(401);
    expect(refused.body.code).toBe('CHANNEL_KEY_INVALID');
    expect(await calls(A)).toHaveLength(before);
    expect((await call(app, 'POST', `/api/t/hotline/keys/${id}/revoke`, tokens.admin)).status).toBe(409);
  });
});
