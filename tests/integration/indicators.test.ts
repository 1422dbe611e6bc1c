/**
 * The ministry console's indicators on DynamoDB Local and cognito-local: the indicator system
 * versioned (a bad formula refused before it is saved, history never rewritten), districts'
 * aggregates computed inside their own boundary and published without a personal field, the
 * districts table and side-by-side, and a wave blocked by an unmet threshold then overridden by a
 * second ministry admin — with the figures recorded.
 */
import { AGGREGATE_NAMES, IndicatorStore } from '@linli/indicators';
import { createLocalApps, seedResidents } from '@linli/local';
import type { Tenant } from '@linli/tenancy';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff, type TestUser } from '../support/fixtures.ts';

const env = testEnv();
const partition = `FLAGS-IND-${Math.random().toString(36).slice(2, 8)}`;
const apps = createLocalApps(env, { throttle: false, flagPartition: partition, flagRefreshMs: 60_000 });
const control = (method: string, path: string, token?: string, body?: unknown) =>
  call(apps.control, method, path, token, body);
const P = '/api/ministry/indicators';

let adminA: TestUser;
let adminB: TestUser;
let analyst: TestUser;
let districtAdmin: TestUser;
const tenants: Tenant[] = [];

beforeAll(async () => {
  await apps.deps.flags!.service.start();
  [adminA, adminB, analyst] = await Promise.all([
    makeStaff(env, { kind: 'ministry', roles: ['ministry-admin'], scope: {} }),
    makeStaff(env, { kind: 'ministry', roles: ['ministry-admin'], scope: {} }),
    makeStaff(env, { kind: 'ministry', roles: ['ministry-analyst'], scope: {} }),
  ]);
  for (let i = 0; i < 3; i++) tenants.push((await makeDistrict(env)).tenant);
  districtAdmin = await makeStaff(env, {
    kind: 'staff',
    tenantId: tenants[0]!.id,
    roles: ['district-admin'],
    scope: {},
  });
  await seedResidents(env, tenants[0]!, 60);
}, 120_000);

describe('indicator system', () => {
  it('is read by ministry roles only and edited by the ministry admin, version by version', async () => {
    expect((await control('GET', `${P}/definitions`, districtAdmin.accessToken)).status).toBe(403);
    const cur = await control('GET', `${P}/definitions`, analyst.accessToken);
    expect(cur.status).toBe(200);
    expect(cur.body.current.indicators.length).toBeGreaterThanOrEqual(15);
    const { version, indicators } = cur.body.current;

    const save = (token: string, list: unknown[], expectedVersion = version) =>
      control('PUT', `${P}/definitions`, token, { indicators: list, expectedVersion, why: 'it: weights' });
    expect((await save(analyst.accessToken, indicators)).status).toBe(403);

    const bad = await save(adminA.accessToken, [
      ...indicators,
      { ...indicators[0], code: 'bad_one', formula: 'residents / (households' },
    ]);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('INDICATOR_FORMULA_INVALID');

    const check = await control('POST', `${P}/definitions/check`, analyst.accessToken, {
      formula: 'casesOnline / casesFiled * 100',
    });
    expect(check.body).toEqual({ ok: true, reads: ['casesOnline', 'casesFiled'] });

    const heavier = indicators.map((i: { code: string; weight: number }) =>
      i.code === 'on_time_rate' ? { ...i, weight: 20 } : i,
    );
    const saved = await save(adminA.accessToken, heavier);
    expect(saved.status).toBe(200);
    expect(saved.body.version).toBe(version + 1);
    expect((await save(adminB.accessToken, heavier)).status).toBe(409); // stale expectedVersion

    const history = await control('GET', `${P}/definitions/history`, analyst.accessToken);
    const old = history.body.find((v: { version: number }) => v.version === version);
    expect(old.indicators).toEqual(indicators); // the earlier version is untouched
  });
});

describe('aggregates from inside each district', () => {
  it('computes the districts, publishes no personal field, and shows them in the table', async () => {
    const ids = tenants.map((t) => t.id);
    expect((await control('POST', `${P}/compute`, analyst.accessToken, { tenantIds: ids })).status).toBe(403);
    const run = await control('POST', `${P}/compute`, adminA.accessToken, { tenantIds: ids });
    expect(run.status).toBe(200);
    expect(run.body.districts).toBe(3);

    // The payload as stored in the control table: only catalogue aggregates, numbers or "suppressed";
    // the only strings are ids, dates, street codes, channel groups and module keys.
    const store = new IndicatorStore(docOf(env), env.tables.control);
    const [snap] = await store.trend(tenants[0]!.id, run.body.day, run.body.day);
    expect(snap).toBeDefined();
    for (const [k, v] of Object.entries(snap!.aggregates)) {
      expect(AGGREGATE_NAMES.has(k), k).toBe(true);
      expect(v === null || v === 'suppressed' || typeof v === 'number', k).toBe(true);
    }
    expect(snap!.aggregates.residents).toBe(60);
    const strings: string[] = [];
    const walk = (x: unknown): void => {
      if (typeof x === 'string') strings.push(x);
      else if (Array.isArray(x)) x.forEach(walk);
      else if (x && typeof x === 'object') Object.values(x).forEach(walk);
    };
    walk(snap);
    const allowed = (s: string) =>
      s === tenants[0]!.id ||
      s === 'suppressed' ||
      /^\d{4}-\d{2}-\d{2}(T[\d:.]+Z)?$/.test(s) ||
      /^\d{9}$|^-$/.test(s) ||
      ['online', 'assisted', 'counter'].includes(s) ||
      /^[a-z][a-z-]+$/.test(s);
    expect(strings.filter((s) => !allowed(s))).toEqual([]);

    const table = await control('GET', `${P}/table`, analyst.accessToken);
    expect(table.status).toBe(200);
    const row = table.body.districts.find((d: { id: string }) => d.id === tenants[0]!.id);
    // Compact cells: a number, or null with the position listed in `suppressed` ("<5") or not (no data).
    const at = (code: string) => table.body.indicators.findIndex((i: { code: string }) => i.code === code);
    expect(typeof row.values[at('records_verified')]).toBe('number');
    for (const code of ['registration_coverage', 'report_prefill']) {
      expect(row.values[at(code)]).toBeNull();
      expect(row.suppressed).not.toContain(at(code));
    }
    expect(row.values).toHaveLength(table.body.indicators.length);
    expect(row.groups).toHaveLength(table.body.groups.length);

    const side = await control('GET', `${P}/compare?ids=${ids.join(',')}`, analyst.accessToken);
    expect(side.status).toBe(200);
    expect(side.body.districts.map((d: { id: string }) => d.id)).toEqual(ids);
    expect((await control('GET', `${P}/compare?ids=${ids[0]}`, analyst.accessToken)).status).toBe(400);

    // Category against category, optionally only among the districts where a module is in use.
    const count = (b: { cohorts: { districts: number }[] }) => b.cohorts.reduce((n, c) => n + c.districts, 0);
    const cohorts = await control('GET', `${P}/cohorts?dimension=tier`, analyst.accessToken);
    expect(cohorts.status).toBe(200);
    expect(count(cohorts.body as never)).toBeGreaterThanOrEqual(3);
    const inUse = snap!.modules!.adopted[0];
    if (inUse) {
      const users = await control('GET', `${P}/cohorts?dimension=tier&module=${inUse}`, analyst.accessToken);
      expect(users.body.module).toBe(inUse);
      expect(count(users.body as never)).toBeGreaterThanOrEqual(1);
      expect(count(users.body as never)).toBeLessThanOrEqual(count(cohorts.body as never));
    }
    const none = await control(
      'GET',
      `${P}/cohorts?dimension=tier&module=no-such-module`,
      analyst.accessToken,
    );
    expect(count(none.body as never)).toBe(0);

    const trend = await control(
      'GET',
      `${P}/trend?ids=${ids[0]}&codes=records_verified`,
      analyst.accessToken,
    );
    expect(trend.status).toBe(200);
    expect(trend.body.codes).toEqual(['records_verified']);
    expect(typeof trend.body.series[0].points.at(-1).values[0]).toBe('number');
    expect(trend.body.series[0].points.at(-1).suppressed).toEqual([]);
  });
});

describe('waves promoted on evidence', () => {
  it('blocks a wave whose previous wave misses a threshold, until a second admin overrides it', async () => {
    const flags = apps.deps.flags!;
    const state = await flags.store.current();
    const key = 'analytics';
    const past = new Date(Date.now() - 86400_000).toISOString();
    const saved = await control('PUT', `/api/ministry/flags/${key}/plan`, adminA.accessToken, {
      plan: {
        waves: [
          { id: 'wave-1', cohort: [{ attribute: 'tenantId', values: [tenants[0]!.id] }], startsAt: past },
          { id: 'wave-it', cohort: [{ attribute: 'tenantId', values: [tenants[2]!.id] }], startsAt: past },
        ],
      },
      expectedVersion: state.version,
      why: 'it: plan',
    });
    expect(saved.status).toBe(200);
    const thresholds = await control('PUT', `${P}/promotions/${key}/thresholds`, adminA.accessToken, {
      thresholds: { satisfaction: { gte: 95 }, records_verified: { gte: 10 } },
      expectedVersion: saved.body.version,
      why: 'it: thresholds',
    });
    expect(thresholds.status).toBe(200);

    // The typed-justification route no longer promotes a plan with thresholds.
    const typed = await control(
      'POST',
      `/api/ministry/flags/${key}/plan/waves/wave-1/promote`,
      adminA.accessToken,
      {
        expectedVersion: thresholds.body.version,
        justification: 'x'.repeat(30),
      },
    );
    expect(typed.status).toBe(409);
    expect(typed.body.code).toBe('PROMOTION_NEEDS_EVIDENCE');

    const first = await control('POST', `${P}/promotions/${key}/wave-1/promote`, adminA.accessToken, {
      expectedVersion: thresholds.body.version,
    });
    expect(first.body.outcome).toBe('promoted');

    const ev = await control('GET', `${P}/promotions/${key}/wave-it`, analyst.accessToken);
    expect(ev.body.pass).toBe(false);
    const sat = ev.body.checks.find((c: { indicator: string }) => c.indicator === 'satisfaction');
    expect(sat.pass).toBe(false); // no ratings in the previous wave: no value, not met

    const blocked = await control('POST', `${P}/promotions/${key}/wave-it/promote`, adminA.accessToken, {
      expectedVersion: ev.body.flagVersion,
    });
    expect(blocked.body.outcome).toBe('blocked');
    expect((await flags.store.current()).plans[key]!.waves[1]!.promotion).toBeUndefined();

    const asked = await control('POST', `${P}/promotions/${key}/wave-it/override`, adminA.accessToken, {
      reason: '试点区县评价数据尚未积累，先行推进以便收集数据',
    });
    expect(asked.status).toBe(200);
    expect(asked.body.override.status).toBe('pending');
    const self = await control(
      'POST',
      `${P}/promotions/${key}/wave-it/override/approve`,
      adminA.accessToken,
      {
        reason: '我自己批准我的申请看看行不行',
        expectedVersion: ev.body.flagVersion,
      },
    );
    expect(self.status).toBe(409);
    expect(self.body.code).toBe('OVERRIDE_SAME_ADMIN');
    expect(
      (
        await control('POST', `${P}/promotions/${key}/wave-it/override/approve`, analyst.accessToken, {
          reason: '分析员不能批准越过申请的',
          expectedVersion: ev.body.flagVersion,
        })
      ).status,
    ).toBe(403);

    const approved = await control(
      'POST',
      `${P}/promotions/${key}/wave-it/override/approve`,
      adminB.accessToken,
      {
        reason: '同意：第二批区县已具备基本条件',
        expectedVersion: ev.body.flagVersion,
      },
    );
    expect(approved.status).toBe(200);
    expect(approved.body.outcome).toBe('promoted');
    const wave = (await flags.store.current()).plans[key]!.waves[1]!;
    expect(wave.promotion?.confirmedBy).toBe(adminB.username);
    expect(wave.promotion?.justification).toContain(adminA.username);
    expect(wave.promotion?.indicators).toEqual(ev.body.indicators); // the figures the decision saw
  });
});
