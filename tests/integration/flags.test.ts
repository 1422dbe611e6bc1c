/**
 * Stored feature flags on DynamoDB Local: versioning with optimistic concurrency, four eyes by a
 * second admin only, kill switch, scheduled changes applied at their time, district override
 * bounds, enforcement (404 MODULE_NOT_ENABLED, portal without `channel-portal`) and no DynamoDB
 * read per request for flags.
 *
 * Each app instance here uses its own flag partition of the shared control table, so the demo or
 * other test files never see these changes. The registry is shared, so the changes below target
 * this file's districts by tenant id to keep the affected counts exact.
 */
import { OpenAPIHono } from '@hono/zod-openapi';
import { authenticate, requireModule, tenantScope } from '@linli/api';
import type { FlagDefinitionInput } from '@linli/flags';
import { createLocalApps } from '@linli/local';
import type { Tenant } from '@linli/tenancy';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { makeDistrict, makeStaff, type TestUser } from '../support/fixtures.ts';

const env = testEnv();
const partition = `FLAGS-IT-${Math.random().toString(36).slice(2, 8)}`;
const apps = createLocalApps(env, { throttle: false, flagPartition: partition, flagRefreshMs: 60_000 });
const flags = apps.deps.flags!;

const control = (method: string, path: string, token?: string, body?: unknown) =>
  call(apps.control, method, path, token, body);
const tenantApi = (method: string, path: string, token?: string, body?: unknown) =>
  call(apps.tenant, method, path, token, body);

let adminA: TestUser;
let adminB: TestUser;
let analyst: TestUser;
const districts: { tenant: Tenant; admin: TestUser }[] = [];
let basic: { tenant: Tenant; admin: TestUser; street: TestUser };

const migrant = (tenantIds: string[]): FlagDefinitionInput => ({
  key: 'migrant-population',
  labels: { zh: '流动人口服务', en: 'Migrant population services' },
  kind: 'module',
  rules: [
    ...(tenantIds.length > 0
      ? [{ id: 'it-pilot', conditions: [{ attribute: 'tenantId' as const, values: tenantIds }] }]
      : []),
    { id: 'tier-default', conditions: [{ attribute: 'tier', values: ['demonstration'] }] },
  ],
});

beforeAll(async () => {
  await flags.service.start();
  [adminA, adminB, analyst] = await Promise.all([
    makeStaff(env, { kind: 'ministry', roles: ['ministry-admin'], scope: {} }),
    makeStaff(env, { kind: 'ministry', roles: ['ministry-admin'], scope: {} }),
    makeStaff(env, { kind: 'ministry', roles: ['ministry-analyst'], scope: {} }),
  ]);
  for (let i = 0; i < 3; i++) {
    const { tenant } = await makeDistrict(env, { tier: 'standard' });
    const admin = await makeStaff(env, {
      kind: 'staff',
      tenantId: tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    districts.push({ tenant, admin });
  }
  const b = await makeDistrict(env, { tier: 'basic' });
  basic = {
    tenant: b.tenant,
    admin: await makeStaff(env, {
      kind: 'staff',
      tenantId: b.tenant.id,
      roles: ['district-admin'],
      scope: {},
    }),
    street: await makeStaff(env, {
      kind: 'staff',
      tenantId: b.tenant.id,
      roles: ['street-staff'],
      scope: { streetCode: b.streets[0] },
    }),
  };
});

const storedVersion = async () => (await flags.store.pointer())!.version;

const moduleOf = async (token: string, key: string) => {
  const res = await tenantApi('GET', '/api/t/modules', token);
  expect(res.status).toBe(200);
  return (res.body.modules as Json[]).find((m) => m.key === key)!;
};

describe('flag storage', () => {
  it('seeds the tier defaults once, idempotently (version 1 from defaultModuleFlags)', async () => {
    const again = await flags.store.ensureSeeded();
    expect(again.version).toBeGreaterThanOrEqual(1);
    const history = await flags.store.history(500);
    expect(history.filter((h) => h.change.who === 'system' && h.version === 1)).toHaveLength(1);
    const list = await control('GET', '/api/ministry/flags', analyst.accessToken);
    expect(list.status).toBe(200);
    expect((list.body.flags as Json[]).map((f) => f.key)).toContain('migrant-population');
  });

  it('each save is a new immutable version; a save on a stale version answers 409 VERSION_CONFLICT', async () => {
    const one = districts[0]!.tenant.id;
    const got = await control('GET', '/api/ministry/flags/migrant-population', adminA.accessToken);
    expect(got.status).toBe(200);
    const v = got.body.version as number;

    const dry = await control('POST', '/api/ministry/flags/migrant-population/dry-run', adminA.accessToken, {
      definition: migrant([one]),
    });
    expect(dry.status).toBe(200);
    expect(dry.body.gains).toEqual([
      expect.objectContaining({ tenantId: one, flagKey: 'migrant-population' }),
    ]);
    expect(dry.body.needsSecondApproval).toBe(false);

    const saved = await control('PUT', '/api/ministry/flags/migrant-population', adminA.accessToken, {
      definition: migrant([one]),
      expectedVersion: v,
      why: '试点：一个区县先行',
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ status: 'applied', version: v + 1 });

    const stale = await control('PUT', '/api/ministry/flags/migrant-population', adminB.accessToken, {
      definition: migrant([]),
      expectedVersion: v,
      why: 'based on an old version',
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('VERSION_CONFLICT');

    // Two writers racing on the same expected version: exactly one wins.
    const state = await flags.store.current();
    const change = (await flags.store.history(1))[0]!.change;
    const results = await Promise.allSettled([
      flags.store.save(state.version, state, { ...change, why: 'race a' }),
      flags.store.save(state.version, state, { ...change, why: 'race b' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.code).toBe(
      'VERSION_CONFLICT',
    );

    const history = await control('GET', '/api/ministry/flags/history', analyst.accessToken);
    const entry = (history.body.versions as Json[]).find((h) => h.version === v + 1)!;
    expect(entry.change).toMatchObject({
      who: adminA.username,
      why: '试点：一个区县先行',
      approval: 'single',
    });
    expect(entry.change.diff.changed[0]).toMatchObject({ key: 'migrant-population' });
    expect((await moduleOf(districts[0]!.admin.accessToken, 'migrant-population')).enabled).toBe(true);
  });

  it('analysts read but cannot write; district staff cannot reach the ministry flags', async () => {
    const v = await storedVersion();
    const res = await control('PUT', '/api/ministry/flags/analytics', analyst.accessToken, {
      definition: { key: 'analytics', labels: { zh: '业务分析', en: 'Analytics' }, kind: 'module' },
      expectedVersion: v,
      why: 'x',
    });
    expect(res.status).toBe(403);
    expect((await control('GET', '/api/ministry/flags', districts[0]!.admin.accessToken)).status).toBe(403);
  });
});

describe('four eyes', () => {
  it('a change affecting more than 2 districts waits for a DIFFERENT ministry admin', async () => {
    const ids = districts.map((d) => d.tenant.id);
    const v = await storedVersion();
    const proposed = await control('PUT', '/api/ministry/flags/migrant-population', adminA.accessToken, {
      definition: migrant([...ids, basic.tenant.id]),
      expectedVersion: v,
      why: '第二批：扩大到四个区县',
    });
    expect(proposed.status).toBe(202);
    expect(proposed.body.status).toBe('pending');
    expect(proposed.body.dryRun.affectedTenants).toBe(3); // the first district already had it
    const id = proposed.body.pending.id as string;
    // nothing changed yet
    expect((await moduleOf(districts[1]!.admin.accessToken, 'migrant-population')).enabled).toBe(false);

    const pending = await control('GET', '/api/ministry/flags/pending', adminA.accessToken);
    expect((pending.body.pending as Json[]).find((p) => p.id === id)).toMatchObject({ canApprove: false });

    const self = await control('POST', `/api/ministry/flags/pending/${id}/approve`, adminA.accessToken, {});
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('CHANGE_NOT_APPROVED');

    const byAnalyst = await control(
      'POST',
      `/api/ministry/flags/pending/${id}/approve`,
      analyst.accessToken,
      {},
    );
    expect(byAnalyst.status).toBe(403);

    const ok = await control('POST', `/api/ministry/flags/pending/${id}/approve`, adminB.accessToken, {
      note: '同意',
    });
    expect(ok.status).toBe(200);
    expect(ok.body.change.approvals.map((a: Json) => a.by)).toEqual([adminA.username, adminB.username]);
    expect(ok.body.version).toBe(v + 1);
    for (const d of districts)
      expect((await moduleOf(d.admin.accessToken, 'migrant-population')).enabled).toBe(true);

    const twice = await control('POST', `/api/ministry/flags/pending/${id}/approve`, adminB.accessToken, {});
    expect(twice.status).toBe(404);
  });

  it('an approval of a change proposed on an older version is refused as stale', async () => {
    const v = await storedVersion();
    const proposed = await control('PUT', '/api/ministry/flags/migrant-population', adminA.accessToken, {
      definition: migrant([]),
      expectedVersion: v,
      why: '全部撤回',
    });
    expect(proposed.status).toBe(202);
    // something else is saved in between (a one-district change)
    const other = await control('PUT', '/api/ministry/flags/commercial-services', adminB.accessToken, {
      definition: {
        key: 'commercial-services',
        labels: { zh: '商业服务', en: 'Commercial services' },
        kind: 'module',
        rules: [
          { id: 'it', conditions: [{ attribute: 'tenantId', values: [districts[0]!.tenant.id] }] },
          { id: 'tier-default', conditions: [{ attribute: 'tier', values: ['demonstration'] }] },
        ],
      },
      expectedVersion: v,
      why: '单个区县试点商业服务',
    });
    expect(other.status).toBe(200);
    const late = await control(
      'POST',
      `/api/ministry/flags/pending/${proposed.body.pending.id}/approve`,
      adminB.accessToken,
      {},
    );
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('CHANGE_STALE');
  });
});

describe('kill switch and enforcement', () => {
  it('kills a module at once (no approval, audited); its routes answer 404 MODULE_NOT_ENABLED', async () => {
    // A real module-bound route: the shared middleware on the real evaluated set.
    const probe = new OpenAPIHono();
    probe.use('/api/t/*', authenticate(apps.deps), tenantScope(apps.deps));
    probe.get('/api/t/migrants', requireModule(apps.deps, 'migrant-population'), (c) => c.json({ ok: true }));
    probe.onError((err, c) =>
      c.json({ code: (err as { code?: string }).code }, (err as { status?: number }).status as 404),
    );
    const token = districts[1]!.admin.accessToken;
    expect((await call(probe, 'GET', '/api/t/migrants', token)).status).toBe(200);

    const killed = await control('POST', '/api/ministry/flags/migrant-population/kill', adminA.accessToken, {
      why: '发现数据问题，紧急关闭',
    });
    expect(killed.status).toBe(200);
    expect(killed.body.change).toMatchObject({ kind: 'kill-switch', approval: 'none', approvals: [] });
    expect(killed.body.dryRun.affectedTenants).toBeGreaterThan(2); // more than the threshold, still instant

    const m = await moduleOf(token, 'migrant-population');
    expect(m).toMatchObject({ enabled: false, reason: 'DISABLED' });
    const denied = await call(probe, 'GET', '/api/t/migrants', token);
    expect([denied.status, denied.body]).toEqual([404, { code: 'MODULE_NOT_ENABLED' }]);

    const day = new Date().toISOString().slice(0, 10);
    const { QueryCommand } = await import('@aws-sdk/lib-dynamodb');
    const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
    const audit = await DynamoDBDocumentClient.from(env.dynamo).send(
      new QueryCommand({
        TableName: env.tables.control,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': `AUDIT#${day}` },
      }),
    );
    expect(
      (audit.Items ?? []).some(
        (i) =>
          i.action === 'flags.kill-switch' &&
          i.actor === adminA.sub &&
          i.actorName === adminA.username &&
          i.reason === '发现数据问题，紧急关闭',
      ),
    ).toBe(true);
  });

  it('a district without channel-portal shows only notices and the hotline', async () => {
    const slug = districts[2]!.tenant.slug;
    const before = await control('GET', `/api/public/districts/${slug}`);
    expect(before.body).toMatchObject({ portal: true });
    const killed = await control('POST', '/api/ministry/flags/channel-portal/kill', adminB.accessToken, {
      why: '门户升级维护',
    });
    expect(killed.status).toBe(200);
    const after = await control('GET', `/api/public/districts/${slug}`);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ portal: false, modules: [], notices: [] });
    expect(after.body.hotline).toBeTruthy();
  });
});

describe('scheduled changes', () => {
  it('a scheduled change is applied at its time (by the timer / the version check), not before', async () => {
    const target = districts[0]!.tenant;
    const v = await storedVersion();
    const created = await control('PUT', '/api/ministry/flags/it-release', adminA.accessToken, {
      definition: {
        key: 'it-release',
        labels: { zh: '测试发布', en: 'Test release' },
        kind: 'release',
        rules: [{ id: 'pilot', conditions: [{ attribute: 'tenantId', values: [target.id] }], percentage: 0 }],
      },
      expectedVersion: v,
      why: '新建发布开关',
    });
    expect(created.status).toBe(200);
    const at = new Date(Date.now() + 1_500).toISOString();
    const scheduled = await control('POST', '/api/ministry/flags/it-release/schedule', adminA.accessToken, {
      at,
      change: { type: 'set-rule-percentage', ruleId: 'pilot', percentage: 100 },
      expectedVersion: v + 1,
      why: '定时全量',
    });
    expect(scheduled.status).toBe(200);
    expect(scheduled.body.dryRun.gains).toEqual([expect.objectContaining({ tenantId: target.id })]);
    expect((await flags.store.pointer())?.nextDueAt).toBe(at);

    await flags.service.refresh(true);
    expect(flags.service.evaluated(target).flags['it-release']?.value).toBe(false);

    await new Promise((r) => setTimeout(r, 1_600));
    await flags.service.refresh(true);
    expect(flags.service.evaluated(target).flags['it-release']).toMatchObject({
      value: true,
      ruleId: 'pilot',
    });
    expect(flags.service.state.schedule).toHaveLength(0);
    const last = (await flags.store.history(1))[0]!;
    expect(last.change).toMatchObject({ kind: 'scheduled', who: 'system:scheduler' });
    expect(await flags.service.applyDue()).toBeUndefined(); // nothing left, nothing applied twice
  });
});

describe('district overrides within bounds', () => {
  it('opt-in only where the definition allows it (tier bound); fixed modules say why', async () => {
    const v = await storedVersion();
    const policy = await control('PUT', '/api/ministry/flags/analytics', adminA.accessToken, {
      definition: {
        key: 'analytics',
        labels: { zh: '业务分析', en: 'Analytics' },
        kind: 'module',
        districtOverride: { optIn: { minTier: 'standard' } },
        rules: [{ id: 'tier-default', conditions: [{ attribute: 'tier', values: ['demonstration'] }] }],
      },
      expectedVersion: v,
      why: '标准版可自愿开通业务分析',
    });
    expect(policy.status).toBe(200);

    const std = districts[0]!;
    const before = await moduleOf(std.admin.accessToken, 'analytics');
    expect(before).toMatchObject({
      enabled: false,
      override: { canOptIn: true, canOptOut: false, choice: null },
    });

    const on = await tenantApi('PUT', '/api/t/modules/analytics', std.admin.accessToken, {
      enabled: true,
      why: '需要业务分析',
    });
    expect(on.status).toBe(200);
    expect((on.body.modules as Json[]).find((m) => m.key === 'analytics')).toMatchObject({
      enabled: true,
      reason: 'TARGETING_MATCH',
      ruleId: 'district-override',
      override: { choice: true },
    });
    const tenantView = await tenantApi('GET', '/api/t/tenant', std.admin.accessToken);
    expect(tenantView.body.modules).toContain('analytics');

    const low = await tenantApi('PUT', '/api/t/modules/analytics', basic.admin.accessToken, {
      enabled: true,
    });
    expect(low.status).toBe(409);
    expect(low.body.code).toBe('OVERRIDE_NOT_ALLOWED');
    expect(low.body.message.zh).toContain('标准版');

    const fixed = await tenantApi('PUT', '/api/t/modules/party-building', std.admin.accessToken, {
      enabled: false,
    });
    expect(fixed.status).toBe(409);
    expect((await moduleOf(std.admin.accessToken, 'party-building')).override.why.zh).toContain('民政部');

    const street = await tenantApi('PUT', '/api/t/modules/analytics', basic.street.accessToken, {
      enabled: true,
    });
    expect(street.status).toBe(403);

    const cleared = await tenantApi('PUT', '/api/t/modules/analytics', std.admin.accessToken, {
      enabled: null,
    });
    expect((cleared.body.modules as Json[]).find((m) => m.key === 'analytics')).toMatchObject({
      enabled: false,
    });
  });
});

describe('distribution', () => {
  it('serves flags from memory: no DynamoDB read of the flags per request', async () => {
    const quiet = createLocalApps(env, { throttle: false, flagPartition: partition, flagRefreshMs: 60_000 });
    await quiet.deps.flags!.service.start();
    const seen: string[] = [];
    env.dynamo.middlewareStack.add(
      (next) => async (args) => {
        const input = JSON.stringify((args as { input?: unknown }).input ?? {});
        if (input.includes(partition)) seen.push(input);
        return next(args);
      },
      { step: 'initialize', name: `count-flag-reads-${partition}` },
    );
    try {
      const token = districts[0]!.admin.accessToken;
      const probe = new OpenAPIHono();
      probe.use('/api/t/*', authenticate(quiet.deps), tenantScope(quiet.deps));
      probe.get('/api/t/analytics', requireModule(quiet.deps, 'party-building'), (c) => c.json({ ok: true }));
      for (let i = 0; i < 10; i++) {
        expect((await call(quiet.tenant, 'GET', '/api/t/tenant', token)).status).toBe(200);
        expect((await call(quiet.tenant, 'GET', '/api/t/modules', token)).status).toBe(200);
        expect((await call(probe, 'GET', '/api/t/analytics', token)).status).toBe(200);
        expect(
          (await call(quiet.control, 'GET', `/api/public/districts/${districts[0]!.tenant.slug}`)).status,
        ).toBe(200);
      }
      expect(seen).toEqual([]);
      // positive control: the counter does see the version check (one GetItem of the pointer)
      await quiet.deps.flags!.service.refresh(true);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toContain('CURRENT');
    } finally {
      env.dynamo.middlewareStack.remove(`count-flag-reads-${partition}`);
    }
  });

  it('another function sees a change after its refresh interval with one pointer read', async () => {
    const other = createLocalApps(env, { throttle: false, flagPartition: partition, flagRefreshMs: 300 });
    const svc = other.deps.flags!.service;
    await svc.start();
    const before = svc.version;
    const v = await storedVersion();
    const res = await control('PUT', '/api/ministry/flags/it-release', adminA.accessToken, {
      definition: {
        key: 'it-release',
        labels: { zh: '测试发布', en: 'Test release' },
        kind: 'release',
        enabled: true,
        rules: [],
        default: 'off',
      },
      expectedVersion: v,
      why: '收回测试发布',
    });
    expect(res.status).toBe(200);
    expect(svc.version).toBe(before); // not yet: its interval has not passed
    await new Promise((r) => setTimeout(r, 350));
    await svc.ensureFresh();
    expect(svc.version).toBe(v + 1);
  });
});
