/**
 * The service catalogue through the HTTP apps on DynamoDB Local + cognito-local: module gating (a
 * basic-tier district has a working catalogue of community services, and a disabled module hides
 * its services and refuses their routes), search by Chinese text and pinyin initials, the
 * service guide, the district admin adopting and adapting services as new versions, switching one
 * off, and bad input on every catalogue endpoint writing nothing.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps } from '@linli/local';
import { catalogueSeedItems } from '@linli/services';
import { SERVICE_TEMPLATES } from '@linli/services/templates';
import { TenantStores } from '@linli/tenancy';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const app = withContract(apps.tenant);
const control = withContract(apps.control);
afterAll(() => {
  expect(app.violations).toEqual([]);
  expect(control.violations).toEqual([]);
});
const doc = docOf(env);

type District = Awaited<ReturnType<typeof makeDistrict>>;
let basic: District;
let standard: District;
let adminBasic: string;
let admin: string;
let worker: string;

const seed = async (d: District, skip: string[] = []) => {
  const store = new TenantStores(() => doc).for(d.tenant);
  const templates = SERVICE_TEMPLATES.filter((t) => !skip.includes(t.code));
  await store.batchPut(catalogueSeedItems(store, templates, new Date().toISOString()));
};

/** Every item under the district's catalogue, service-version and audit partitions, raw. */
const rawState = async (d: District, codes: string[]) => {
  const pks = [`T#${d.tenant.id}#CATALOGUE`, ...codes.map((c) => `T#${d.tenant.id}#SVCDEF#${c}`)];
  const out: Json[] = [];
  for (const pk of pks) {
    const r = await doc.send(
      new QueryCommand({
        TableName: d.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': pk },
      }),
    );
    out.push(...(r.Items ?? []));
  }
  return JSON.stringify(out);
};

const codes = (body: Json) => (body.items as Json[]).map((s) => s.code as string);

beforeAll(async () => {
  [basic, standard] = await Promise.all([
    makeDistrict(env, { tier: 'basic' }),
    makeDistrict(env, { tier: 'standard' }),
  ]);
  await Promise.all([seed(basic), seed(standard, ['venue-booking'])]);
  const C1 = standard.communities[0]!;
  const mk = async (d: District, roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: d.tenant.id, roles, scope })).accessToken;
  [adminBasic, admin, worker] = await Promise.all([
    mk(basic, ['district-admin'], {}),
    mk(standard, ['district-admin'], {}),
    mk(standard, ['community-worker'], { communityCode: C1, streetCode: C1.slice(0, 9) }),
  ]);
});

describe('module gating', () => {
  it('a basic-tier district offers the community services, and its disabled modules hide theirs', async () => {
    const list = await call(app, 'GET', '/api/t/services/catalogue', adminBasic);
    expect(list.status).toBe(200);
    const community = SERVICE_TEMPLATES.filter((t) => t.module === null).map((t) => t.code);
    expect(codes(list.body).sort()).toEqual([...community].sort());
    expect(community).toContain('residence-certificate');
    expect(codes(list.body)).not.toContain('minimum-living-allowance');

    const pub = await call(control, 'GET', `/api/public/districts/${basic.tenant.slug}/services`);
    expect(pub.status).toBe(200);
    expect(codes(pub.body).sort()).toEqual([...community].sort());
  });

  it("a disabled module's service answers MODULE_NOT_ENABLED on every route", async () => {
    for (const [a, url] of [
      [app, '/api/t/services/catalogue/minimum-living-allowance'],
      [app, '/api/t/resident/services/catalogue/minimum-living-allowance'],
      [app, '/api/t/services/admin/catalogue/minimum-living-allowance'],
      [control, `/api/public/districts/${basic.tenant.slug}/services/minimum-living-allowance`],
    ] as const) {
      const res = await call(a, 'GET', url, a === app ? adminBasic : undefined);
      expect(res.status, url).toBe(404);
      expect(res.body.code, url).toBe('MODULE_NOT_ENABLED');
    }
    const before = await rawState(basic, ['minimum-living-allowance']);
    const def = SERVICE_TEMPLATES.find((t) => t.code === 'minimum-living-allowance')!;
    const put = await call(
      app,
      'PUT',
      '/api/t/services/admin/catalogue/minimum-living-allowance',
      adminBasic,
      {
        expectedVersion: 1,
        definition: def,
      },
    );
    expect(put.status).toBe(404);
    expect(put.body.code).toBe('MODULE_NOT_ENABLED');
    const off = await call(
      app,
      'PUT',
      '/api/t/services/admin/catalogue/minimum-living-allowance/enabled',
      adminBasic,
      { enabled: false, expectedVersion: 1 },
    );
    expect(off.body.code).toBe('MODULE_NOT_ENABLED');
    expect(await rawState(basic, ['minimum-living-allowance'])).toBe(before);

    const templates = await call(app, 'GET', '/api/t/services/admin/templates', adminBasic);
    expect((templates.body.items as Json[]).map((t) => t.service.code)).not.toContain(
      'minimum-living-allowance',
    );
  });

  it('a standard-tier district offers its modules’ services', async () => {
    const list = await call(app, 'GET', '/api/t/services/catalogue', worker);
    expect(codes(list.body)).toContain('minimum-living-allowance');
    expect(codes(list.body)).not.toContain('migrant-registration'); // not a standard default module
  });
});

describe('search and guide', () => {
  it('finds 低保申请 by pinyin initials and by Chinese text', async () => {
    const byInitials = await call(app, 'GET', '/api/t/services/catalogue?q=dbsq', worker);
    expect(byInitials.status).toBe(200);
    expect(byInitials.body.items[0]).toMatchObject({ code: 'minimum-living-allowance', initials: 'dbsq' });
    expect(byInitials.body.items[0].name.zh).toBe('低保申请');
    const prefix = await call(app, 'GET', '/api/t/resident/services/catalogue?q=DB', worker);
    expect(codes(prefix.body)[0]).toBe('minimum-living-allowance');
    const zh = await call(app, 'GET', `/api/t/services/catalogue?q=${encodeURIComponent('低保')}`, worker);
    expect(codes(zh.body)).toEqual(['minimum-living-allowance']);
    const none = await call(app, 'GET', '/api/t/services/catalogue?q=zzzz', worker);
    expect(none.body.items).toEqual([]);
    const pub = await call(control, 'GET', `/api/public/districts/${standard.tenant.slug}/services?q=dbsq`);
    expect(codes(pub.body)[0]).toBe('minimum-living-allowance');
  });

  it('filters by channel', async () => {
    const sms = await call(app, 'GET', '/api/t/services/catalogue?channel=sms', worker);
    expect(sms.status).toBe(200);
    expect(codes(sms.body).length).toBeGreaterThan(0);
    for (const s of sms.body.items as Json[]) expect(s.channels).toContain('sms');
    expect(codes(sms.body)).not.toContain('minimum-living-allowance');
  });

  it('a guide names materials, steps, time limit, eligibility and the department', async () => {
    const g = await call(app, 'GET', '/api/t/services/catalogue/elderly-allowance', worker);
    expect(g.status).toBe(200);
    expect(g.body.departmentName.zh).toBe('民政局');
    expect(g.body.service.timeLimitDays).toBeGreaterThan(0);
    expect(g.body.service.workflow.map((s: Json) => s.level)).toEqual(['community', 'street', 'department']);
    expect(g.body.service.eligibility).toContainEqual({ kind: 'minAge', age: 80 });
    expect(g.body.service.materials.length).toBeGreaterThan(0);
    const pub = await call(
      control,
      'GET',
      `/api/public/districts/${standard.tenant.slug}/services/elderly-allowance`,
    );
    expect(pub.body).toEqual(g.body);
  });
});

describe('the district admin adapts the catalogue', () => {
  it('adopts a template as version 1 with its initials, then adapts it as version 2', async () => {
    const templates = await call(app, 'GET', '/api/t/services/admin/templates', admin);
    const venue = (templates.body.items as Json[]).find((t) => t.service.code === 'venue-booking')!;
    expect(venue.held).toBe(false);

    const adopted = await call(app, 'PUT', '/api/t/services/admin/catalogue/venue-booking', admin, {
      expectedVersion: 0,
      definition: venue.service,
    });
    expect(adopted.status).toBe(200);
    expect(adopted.body).toMatchObject({ enabled: true, origin: 'district' });
    expect(adopted.body.service).toMatchObject({ version: 1, initials: 'cdyy' });

    const adapted = {
      ...adopted.body.service,
      name: { zh: '活动场地预约', en: 'Activity venue booking' },
      department: 'community',
      channels: ['portal', 'counter'],
      timeLimitDays: 5,
      workflow: adopted.body.service.workflow.map((s: Json) => ({ ...s, timeLimitDays: 2 })),
    };
    const v2 = await call(app, 'PUT', '/api/t/services/admin/catalogue/venue-booking', admin, {
      expectedVersion: 1,
      definition: { ...adapted, initials: 'forged', version: 99 },
    });
    expect(v2.status).toBe(200);
    expect(v2.body.service).toMatchObject({ version: 2, initials: 'hdcdyy', timeLimitDays: 5 });

    const stale = await call(app, 'PUT', '/api/t/services/admin/catalogue/venue-booking', admin, {
      expectedVersion: 1,
      definition: adapted,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('SERVICE_VERSION_CONFLICT');

    const found = await call(app, 'GET', '/api/t/services/catalogue?q=hdcd', worker);
    expect(codes(found.body)).toEqual(['venue-booking']);
    expect(found.body.items[0].channels).toEqual(['portal', 'counter']);
    // Version 1 stays as filed cases read it.
    const v1 = await doc.send(
      new QueryCommand({
        TableName: standard.tenant.dataTable,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': `T#${standard.tenant.id}#SVCDEF#venue-booking` },
      }),
    );
    expect(v1.Items?.map((i) => i.definition.name.zh)).toEqual(['场地预约', '活动场地预约']);
  });

  it('switches a service off (hidden, its guide 404) and on again', async () => {
    const entry = await call(app, 'GET', '/api/t/services/admin/catalogue/dispute-mediation', admin);
    const version = entry.body.service.version as number;
    const off = await call(app, 'PUT', '/api/t/services/admin/catalogue/dispute-mediation/enabled', admin, {
      enabled: false,
      expectedVersion: version,
    });
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    expect(codes((await call(app, 'GET', '/api/t/services/catalogue', worker)).body)).not.toContain(
      'dispute-mediation',
    );
    const guide = await call(app, 'GET', '/api/t/services/catalogue/dispute-mediation', worker);
    expect(guide.status).toBe(404);
    expect(guide.body.code).toBe('SERVICE_DISABLED');
    const admins = await call(app, 'GET', '/api/t/services/admin/catalogue', admin);
    expect((admins.body.items as Json[]).find((e) => e.service.code === 'dispute-mediation')?.enabled).toBe(
      false,
    );
    const on = await call(app, 'PUT', '/api/t/services/admin/catalogue/dispute-mediation/enabled', admin, {
      enabled: true,
      expectedVersion: version,
    });
    expect(on.body.enabled).toBe(true);
    expect(codes((await call(app, 'GET', '/api/t/services/catalogue', worker)).body)).toContain(
      'dispute-mediation',
    );
  });

  it('only the district admin adapts: a community worker is refused', async () => {
    const res = await call(app, 'GET', '/api/t/services/admin/templates', worker);
    expect(res.status).toBe(403);
  });
});

describe('bad input on every catalogue endpoint writes nothing', () => {
  it('answers problem+json with field issues and leaves the catalogue as it was', async () => {
    const entry = await call(app, 'GET', '/api/t/services/admin/catalogue/repair-report', admin);
    const def = entry.body.service as Json;
    const v = def.version as number;
    const before = await rawState(standard, ['repair-report', 'no-such-service']);
    const put = (code: string, body: unknown) =>
      call(app, 'PUT', `/api/t/services/admin/catalogue/${code}`, admin, body);
    const cases: [string, Promise<Awaited<ReturnType<typeof call>>>, number, string][] = [
      ['missing definition', put('repair-report', { expectedVersion: v }), 400, 'VALIDATION_FAILED'],
      ['missing version', put('repair-report', { definition: def }), 400, 'VALIDATION_FAILED'],
      [
        'wrong type',
        put('repair-report', { expectedVersion: 'one', definition: def }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'HTML in the name',
        put('repair-report', {
          expectedVersion: v,
          definition: { ...def, name: { zh: '<script>alert(1)</script>报修', en: 'Repair' } },
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'oversize summary',
        put('repair-report', {
          expectedVersion: v,
          definition: { ...def, summary: { zh: '长'.repeat(201), en: 'x' } },
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'steps over the promised limit',
        put('repair-report', { expectedVersion: v, definition: { ...def, timeLimitDays: 1 } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unknown channel',
        put('repair-report', { expectedVersion: v, definition: { ...def, channels: ['fax'] } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'module moved',
        put('repair-report', { expectedVersion: v, definition: { ...def, module: 'civil-affairs' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'code differs from the path',
        put('repair-report', { expectedVersion: v, definition: { ...def, code: 'dispute-mediation' } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unknown service',
        put('no-such-service', { expectedVersion: 0, definition: { ...def, code: 'no-such-service' } }),
        404,
        'SERVICE_NOT_FOUND',
      ],
      ['bad code in the path', put('X_Y', { expectedVersion: v, definition: def }), 400, 'VALIDATION_FAILED'],
      [
        'not JSON',
        call(app, 'PUT', '/api/t/services/admin/catalogue/repair-report', admin, '{', {
          'content-type': 'application/json',
        }),
        400,
        'MALFORMED_JSON',
      ],
      [
        'enabled: wrong type',
        call(app, 'PUT', '/api/t/services/admin/catalogue/repair-report/enabled', admin, {
          enabled: 'no',
          expectedVersion: v,
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'enabled: unknown service',
        call(app, 'PUT', '/api/t/services/admin/catalogue/no-such-service/enabled', admin, {
          enabled: false,
          expectedVersion: 1,
        }),
        404,
        'SERVICE_NOT_FOUND',
      ],
      [
        'list: unknown channel',
        call(app, 'GET', '/api/t/services/catalogue?channel=fax', worker),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'list: HTML in q',
        call(app, 'GET', `/api/t/services/catalogue?q=${encodeURIComponent('<b>x')}`, worker),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'list: oversize q',
        call(app, 'GET', `/api/t/resident/services/catalogue?q=${'a'.repeat(41)}`, worker),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'guide: unknown service',
        call(app, 'GET', '/api/t/services/catalogue/no-such-service', worker),
        404,
        'SERVICE_NOT_FOUND',
      ],
      [
        'guide: bad code',
        call(app, 'GET', '/api/t/resident/services/catalogue/..%2Fx', worker),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'admin one: unknown',
        call(app, 'GET', '/api/t/services/admin/catalogue/no-such-service', admin),
        404,
        'SERVICE_NOT_FOUND',
      ],
      [
        'public: unknown district',
        call(control, 'GET', '/api/public/districts/no-such-district/services'),
        404,
        'TENANT_NOT_FOUND',
      ],
      [
        'public: unknown service',
        call(control, 'GET', `/api/public/districts/${standard.tenant.slug}/services/no-such-service`),
        404,
        'SERVICE_NOT_FOUND',
      ],
      [
        'public: bad channel',
        call(control, 'GET', `/api/public/districts/${standard.tenant.slug}/services?channel=1`),
        400,
        'VALIDATION_FAILED',
      ],
    ];
    for (const [what, p, status, code] of cases) {
      const res = await p;
      expect(res.status, what).toBe(status);
      expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
      expect(res.body.code, what).toBe(code);
      expect(res.body.message?.zh, what).toBeTruthy();
    }
    expect(await rawState(standard, ['repair-report', 'no-such-service'])).toBe(before);
  });
});
