/**
 * One audit entry per change, under the actor's stable `sub`: the domain write records it (in
 * its own transaction where there is one), and the tenant API refuses locally to let a
 * successful write pass without any entry. DynamoDB Local + cognito-local.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createTenantApp } from '@linli/api';
import { createLocalApps } from '@linli/local';
import { makeCitizenId } from '@linli/population';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff, type TestUser } from '../support/fixtures.ts';

const env = testEnv();
const { tenant: app, deps } = createLocalApps(env, { throttle: false });
const doc = docOf(env);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let admin: TestUser;
let worker: TestUser;

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  const c1 = district.communities[0]!;
  [admin, worker] = await Promise.all([
    makeStaff(env, { kind: 'staff', tenantId: district.tenant.id, roles: ['district-admin'], scope: {} }),
    makeStaff(env, {
      kind: 'staff',
      tenantId: district.tenant.id,
      roles: ['community-worker'],
      scope: { communityCode: c1, streetCode: c1.slice(0, 9) },
    }),
  ]);
});

/** Every audit entry of the district today (a fresh district: only this file writes there). */
const auditLog = async (): Promise<Json[]> => {
  const day = new Date().toISOString().slice(0, 10);
  const out = await doc.send(
    new QueryCommand({
      TableName: district.tenant.dataTable,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#AUDIT#${day}` },
    }),
  );
  return out.Items ?? [];
};

/** The entries one call added. */
const entriesOf = async (act: () => Promise<{ status: number }>, status: number) => {
  const before = new Set((await auditLog()).map((e) => e.sk));
  const res = await act();
  expect(res.status).toBe(status);
  return (await auditLog()).filter((e) => !before.has(e.sk));
};

let seq = 7;
const resident = () => ({
  name: '审计测',
  idNumber: makeCitizenId('110101', '19800101', (seq++ * 2) % 1000),
  registration: '户籍',
  communityCode: district.communities[0]!,
});

describe('audit: one entry per change, one actor id', () => {
  it('a resident created, changed and verified: one entry each, by sub, the username kept for reading', async () => {
    let id = '';
    const created = await entriesOf(async () => {
      const r = await call(app, 'POST', '/api/t/residents', worker.accessToken, resident());
      id = r.body.id;
      return r;
    }, 201);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      action: 'residents.create',
      target: id,
      actor: worker.sub,
      actorName: worker.username,
      role: 'community-worker',
      channel: 'web',
    });
    const changed = await entriesOf(
      () => call(app, 'PATCH', `/api/t/residents/${id}`, worker.accessToken, { room: '302', version: 1 }),
      200,
    );
    expect(changed.map((e) => [e.action, e.actor])).toEqual([['residents.update', worker.sub]]);
    const verified = await entriesOf(
      () => call(app, 'POST', `/api/t/residents/${id}/verify`, worker.accessToken),
      200,
    );
    expect(verified.map((e) => [e.action, e.actor])).toEqual([['residents.verify', worker.sub]]);
  });

  it('non-population writes (the onboarding checklist) leave one entry each, by sub', async () => {
    const reviewed = await entriesOf(
      () => call(app, 'POST', '/api/t/onboarding/checklist/review-org', admin.accessToken),
      200,
    );
    expect(reviewed).toHaveLength(1);
    expect(reviewed[0]).toMatchObject({
      action: 'onboarding.checklist.review-org',
      actor: admin.sub,
      actorName: admin.username,
    });
    const chosen = await entriesOf(
      () =>
        call(app, 'POST', '/api/t/onboarding/checklist/choose-modules', admin.accessToken, { modules: [] }),
      200,
    );
    expect(chosen.map((e) => [e.action, e.actor, e.detail])).toEqual([
      ['onboarding.checklist.choose-modules', admin.sub, { modules: [] }],
    ]);
  });

  it('a refused write leaves no entry', async () => {
    const refused = await entriesOf(
      () => call(app, 'POST', '/api/t/residents', worker.accessToken, { ...resident(), idNumber: '1' }),
      400,
    );
    expect(refused).toEqual([]);
  });

  it('locally, a successful write that records nothing is answered 500 AUDIT_MISSING', async () => {
    const guarded = createTenantApp(deps);
    guarded.post('/api/t/unaudited', (c) => c.json({ ok: true }, 200));
    guarded.get('/api/t/unaudited', (c) => c.json({ ok: true }, 200));
    const res = await call(guarded, 'POST', '/api/t/unaudited', admin.accessToken, {});
    expect([res.status, res.body.code]).toEqual([500, 'AUDIT_MISSING']);
    // A read is not a change: no entry needed.
    expect((await call(guarded, 'GET', '/api/t/unaudited', admin.accessToken)).status).toBe(200);
  });
});
