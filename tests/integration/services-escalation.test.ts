/**
 * 督办: the sweep escalates pending cases whose current step ran over its time limit, on DynamoDB
 * Local: a community's intake to its street, a department's decision to the district; once per
 * step; the escalated level finds them in its inbox (`due=escalated`); the timeline and the audit
 * log record it; a step acted on leaves the flag behind; a case within its time limit is left alone.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps, localKeys } from '@linli/local';
import { makeCitizenId, TenantCipher } from '@linli/population';
import { CaseStore, catalogueSeedItems, escalateOverdue } from '@linli/services';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import { type TenantStore, TenantStores } from '@linli/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const app = withContract(createLocalApps(env, { throttle: false }).tenant);
afterAll(() => expect(app.violations).toEqual([]));
const doc = docOf(env);

let district: Awaited<ReturnType<typeof makeDistrict>>;
let store: TenantStore;
let C1: string;
const t: Record<string, string> = {};
const ids: Record<string, string> = {};
const idNumber = makeCitizenId('110101', '1952-07-16', 23);
const scan = [{ uploadId: '01JD0000000000000000000000', name: 'id.jpg', type: 'image/jpeg', size: 2048 }];
/** Filed in September: every step's time limit is long past by the sweep's day. */
const filedAt = new Date('2026-09-01T02:00:00Z');
const sweepAt = new Date('2026-10-20T01:00:00Z');

const auditOf = async (caseId: string) => {
  const r = await doc.send(
    new QueryCommand({
      TableName: district.tenant.dataTable,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#AUDIT-BY-ACTOR#system:escalation` },
    }),
  );
  return (r.Items ?? []).filter((i) => i.target === `case:${caseId}`);
};

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1] = district.communities as [string];
  const s1 = C1.slice(0, 9);
  store = new TenantStores(() => doc).for(district.tenant);
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, filedAt.toISOString()));
  const cipher = await TenantCipher.forTenant(localKeys(env), district.tenant.id);
  const past = new CaseStore(store, cipher, {
    districtCode: district.tenant.divisionCode,
    now: () => filedAt,
  });
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: district.tenant.id, roles, scope })).accessToken;
  [t.street, t.admin, t.worker] = await Promise.all([
    mk(['street-staff'], { streetCode: s1 }),
    mk(['district-admin'], {}),
    mk(['community-worker'], { communityCode: C1, streetCode: s1 }),
  ]);
  const portal = { id: 'resident-sub', role: 'resident', channel: 'web' as const };
  const file = async (cs: CaseStore, serviceCode: string, form: Json) =>
    (
      await cs.submit(
        {
          serviceCode,
          channel: 'counter',
          applicant: { kind: 'resident', id: 'resident-sub' },
          communityCode: C1,
          form,
          idempotencyKey: `esc-${serviceCode}-${Math.random().toString(36).slice(2)}`,
        },
        portal,
      )
    ).case.id;
  const certificate = {
    'applicant-name': '李四',
    'id-number': idNumber,
    address: '多福巷社区',
    purpose: 'school',
    'id-card-scan': scan,
  };
  ids.intake = await file(past, 'residence-certificate', certificate);
  ids.dibao = await file(past, 'minimum-living-allowance', {
    'applicant-name': '张桂兰',
    'id-number': idNumber,
    mobile: '13912345678',
    address: '多福巷社区3号楼2单元501室',
    'household-size': 2,
    'monthly-income': 600,
    reason: '因病致贫',
    'id-card-scan': scan,
    'hukou-scan': scan,
    'income-proof': scan,
  });
  const s = { id: 'staff', role: 'x' };
  await past.act(
    ids.dibao,
    { ...s, roles: ['community-worker'], scope: { communityCode: C1, streetCode: s1 } },
    { action: 'accept', step: 0 },
  );
  await past.act(
    ids.dibao,
    { ...s, roles: ['street-staff'], scope: { streetCode: s1 } },
    { action: 'accept', step: 1 },
  );
  // Filed on the sweep's day: within its time limit.
  const fresh = new CaseStore(store, cipher, {
    districtCode: district.tenant.divisionCode,
    now: () => sweepAt,
  });
  ids.fresh = await file(fresh, 'residence-certificate', certificate);
});

describe('escalation of overdue steps (督办)', () => {
  it('escalates a community intake to its street and a department decision to the district, once', async () => {
    const run = await escalateOverdue(store, { now: sweepAt });
    const levels = Object.fromEntries(run.escalated.map((e) => [e.caseId, e.level]));
    expect(levels).toEqual({ [ids.intake!]: 'street', [ids.dibao!]: 'district' });
    expect(levels[ids.fresh!]).toBeUndefined();

    const again = await escalateOverdue(store, { now: sweepAt });
    expect(again.escalated).toEqual([]);
    expect(again.checked).toBe(2);

    const audit = await auditOf(ids.intake!);
    expect(audit.filter((a) => a.action === 'case.escalate')).toHaveLength(1);
  });

  it('the street finds its escalated case in its inbox; the timeline says so', async () => {
    const res = await call(app, 'GET', '/api/t/cases?scope=street&due=escalated', t.street);
    expect(res.status).toBe(200);
    const items = res.body.items as Json[];
    // Its street's area: the intake escalated to it, and the 低保 decision escalated past it.
    const byId = Object.fromEntries(items.map((i) => [i.caseId, i]));
    expect(Object.keys(byId).sort()).toEqual([ids.intake, ids.dibao].sort());
    expect(byId[ids.intake!]).toMatchObject({ escalated: 'street', overdue: true });
    expect(byId[ids.dibao!]).toMatchObject({ escalated: 'district' });
    const all = await call(app, 'GET', '/api/t/cases?scope=street', t.street);
    expect((all.body.items as Json[]).find((i) => i.caseId === ids.fresh)?.escalated).toBeUndefined();

    const district = await call(app, 'GET', '/api/t/cases?scope=district&due=escalated', t.admin);
    expect((district.body.items as Json[]).map((i) => i.caseId).sort()).toEqual(
      [ids.intake, ids.dibao].sort(),
    );

    const detail = await call(app, 'GET', `/api/t/cases/${ids.intake}`, t.worker);
    expect(detail.status).toBe(200);
    expect((detail.body.timeline as Json[]).some((e) => e.action === 'escalate' && e.to === 'street')).toBe(
      true,
    );
  });

  it('a step acted on leaves the flag behind: the next step has its own clock', async () => {
    const detail = await call(app, 'GET', `/api/t/cases/${ids.intake}`, t.worker);
    const res = await call(app, 'POST', `/api/t/cases/${ids.intake}/actions`, t.worker, {
      action: 'approve',
      step: 0,
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(detail.body.version).toBe(1); // the sweep did not raise the version the worker saw
    const after = await call(app, 'GET', '/api/t/cases?scope=street&due=escalated', t.street);
    expect((after.body.items as Json[]).map((i) => i.caseId)).toEqual([ids.dibao]);
  });

  it('rejects an unknown due filter with problem+json', async () => {
    const res = await call(app, 'GET', '/api/t/cases?due=late', t.street);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });
});
