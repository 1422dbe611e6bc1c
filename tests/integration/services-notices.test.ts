/**
 * Public notices (公示) through the tenant and control apps on DynamoDB Local + cognito-local:
 * staff publish and withdraw notices within their scope; the portal (public and resident routes,
 * and the public district endpoint) shows the current ones; a 低保 approval's notice masks the
 * applicant's name and ID number by rule, and nothing unmasked is ever stored in the public
 * partition; bad input on every endpoint writes nothing.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { createLocalApps, localKeys } from '@linli/local';
import { makeCitizenId, TenantCipher } from '@linli/population';
import { CaseStore, catalogueSeedItems } from '@linli/services';
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

let district: Awaited<ReturnType<typeof makeDistrict>>;
let C1: string;
let C3: string;
let cases: CaseStore;
const t: Record<string, string> = {};
const ids: Record<string, string> = {};
const idNumber = makeCitizenId('110101', '1952-07-16', 23);

const rawNotices = async () => {
  const r = await doc.send(
    new QueryCommand({
      TableName: district.tenant.dataTable,
      KeyConditionExpression: 'pk = :p',
      ExpressionAttributeValues: { ':p': `T#${district.tenant.id}#NOTICES` },
    }),
  );
  return r.Items ?? [];
};
const publicNotices = async (community?: string) =>
  (
    await call(
      control,
      'GET',
      `/api/public/districts/${district.tenant.slug}/notices${community ? `?community=${community}` : ''}`,
    )
  ).body.items as Json[];

beforeAll(async () => {
  district = await makeDistrict(env, { tier: 'standard' });
  [C1, , C3] = district.communities as [string, string, string];
  const store = new TenantStores(() => doc).for(district.tenant);
  await store.batchPut(catalogueSeedItems(store, SERVICE_TEMPLATES, new Date().toISOString()));
  cases = new CaseStore(store, await TenantCipher.forTenant(localKeys(env), district.tenant.id), {
    districtCode: district.tenant.divisionCode,
  });
  const mk = async (roles: string[], scope: Record<string, string>) =>
    (await makeStaff(env, { kind: 'staff', tenantId: district.tenant.id, roles, scope })).accessToken;
  const s1 = C1.slice(0, 9);
  [t.admin, t.worker, t.workerC3, t.street, t.civil] = await Promise.all([
    mk(['district-admin'], {}),
    mk(['community-worker'], { communityCode: C1, streetCode: s1 }),
    mk(['community-worker'], { communityCode: C3, streetCode: C3.slice(0, 9) }),
    mk(['street-staff'], { streetCode: s1 }),
    mk(['department-staff'], { department: 'civil-affairs' }),
  ]);
  const portal = { id: 'resident-sub', role: 'resident', channel: 'web' as const };
  const file = async (serviceCode: string, form: Json) =>
    (
      await cases.submit(
        {
          serviceCode,
          channel: 'counter',
          applicant: { kind: 'resident', id: 'resident-sub' },
          communityCode: C1,
          form,
          idempotencyKey: `notice-${serviceCode}-${Date.now()}-${Math.random().toString(36).slice(2)}`,
        },
        portal,
      )
    ).case.id;
  const scan = [{ uploadId: '01JD0000000000000000000000', name: 'id.jpg', type: 'image/jpeg', size: 2048 }];
  const dibao = {
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
  };
  ids.dibao = await file('minimum-living-allowance', dibao);
  ids.pending = await file('minimum-living-allowance', dibao);
  ids.dibao2 = await file('minimum-living-allowance', { ...dibao, 'applicant-name': '欧阳娜娜' });
  ids.certificate = await file('residence-certificate', {
    'applicant-name': '李四',
    'id-number': idNumber,
    address: '多福巷社区',
    purpose: 'school',
    'id-card-scan': scan,
  });
  const s = { id: 'staff', role: 'x' };
  await cases.act(
    ids.dibao,
    { ...s, roles: ['community-worker'], scope: { communityCode: C1, streetCode: s1 } },
    { action: 'accept', step: 0 },
  );
  await cases.act(
    ids.dibao,
    { ...s, roles: ['street-staff'], scope: { streetCode: s1 } },
    { action: 'accept', step: 1 },
  );
  await cases.act(
    ids.dibao,
    { ...s, roles: ['department-staff'], scope: { department: 'civil-affairs' } },
    { action: 'approve', step: 2 },
  );
  for (const [step, roles, scope] of [
    [0, ['community-worker'], { communityCode: C1, streetCode: s1 }],
    [1, ['street-staff'], { streetCode: s1 }],
  ] as const)
    await cases.act(ids.dibao2!, { ...s, roles: [...roles], scope }, { action: 'accept', step });
  await cases.act(
    ids.certificate,
    { ...s, roles: ['community-worker'], scope: { communityCode: C1, streetCode: s1 } },
    { action: 'approve', step: 0 },
  );
});

describe('staff notices', () => {
  it('publishes within scope: the district its own, a community worker their community', async () => {
    const district_ = await call(app, 'POST', '/api/t/notices', t.admin, {
      title: '关于冬季供暖的通知',
      body: '全区供暖自11月15日开始。',
      scope: { kind: 'district' },
    });
    expect(district_.status).toBe(201);
    expect(district_.body).toMatchObject({ kind: 'general', status: 'published', version: 1 });
    ids.districtNotice = district_.body.id;

    const community = await call(app, 'POST', '/api/t/notices', t.worker, {
      title: '居民议事会召开通知',
      body: '本周六上午九点在社区活动室召开居民议事会。',
      scope: { kind: 'community', communityCode: C1 },
      expiresAt: new Date(Date.now() + 7 * 86_400_000).toISOString(),
    });
    expect(community.status).toBe(201);
    ids.communityNotice = community.body.id;

    const later = await call(app, 'POST', '/api/t/notices', t.street, {
      title: '下月停水通知',
      body: '下月初检修管网。',
      scope: { kind: 'community', communityCode: C1 },
      publishAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
    });
    expect(later.status).toBe(201);

    expect(
      (
        await call(app, 'POST', '/api/t/notices', t.worker, {
          title: 'x',
          body: 'y',
          scope: { kind: 'district' },
        })
      ).status,
    ).toBe(403);
    const other = await call(app, 'POST', '/api/t/notices', t.workerC3, {
      title: 'x',
      body: 'y',
      scope: { kind: 'community', communityCode: C1 },
    });
    expect(other.status).toBe(403);
    expect(
      (
        await call(app, 'POST', '/api/t/notices', t.civil, {
          title: 'x',
          body: 'y',
          scope: { kind: 'district' },
        })
      ).status,
    ).toBe(403);

    const mine = await call(app, 'GET', '/api/t/notices', t.worker);
    expect(mine.body.items.map((n: Json) => n.title).sort()).toEqual(['下月停水通知', '居民议事会召开通知']);
    expect((await call(app, 'GET', '/api/t/notices', t.workerC3)).body.items).toEqual([]);
    expect((await call(app, 'GET', '/api/t/notices', t.admin)).body.items).toHaveLength(3);
  });

  it('the portal shows the current ones: the district page its district notices, a community its own too', async () => {
    const page = await call(control, 'GET', `/api/public/districts/${district.tenant.slug}`);
    expect(page.status).toBe(200);
    expect(page.body.notices.map((n: Json) => n.title)).toEqual(['关于冬季供暖的通知']);
    expect(page.body.notices[0]).toMatchObject({ kind: 'general', scope: { kind: 'district' } });
    expect(page.body.notices[0].publishedAt).toBeTruthy();
    expect(JSON.stringify(page.body)).not.toContain('createdBy');

    expect((await publicNotices(C1)).map((n) => n.title).sort()).toEqual([
      '关于冬季供暖的通知',
      '居民议事会召开通知',
    ]);
    expect((await publicNotices(C3)).map((n) => n.title)).toEqual(['关于冬季供暖的通知']);
    const resident = await call(app, 'GET', `/api/t/resident/notices?community=${C1}`, t.civil);
    expect(resident.body.items.map((n: Json) => n.title)).toContain('居民议事会召开通知');
    // Not yet published: the notice for next month.
    expect((await publicNotices(C1)).map((n) => n.title)).not.toContain('下月停水通知');
  });

  it('withdraws once, within scope; a withdrawn notice leaves the portal', async () => {
    const url = `/api/t/notices/${ids.communityNotice}/withdraw`;
    expect((await call(app, 'POST', url, t.workerC3, { version: 1 })).status).toBe(404);
    const done = await call(app, 'POST', url, t.worker, { version: 1, reason: '会议延期' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'withdrawn', version: 2 });
    const again = await call(app, 'POST', url, t.worker, { version: 1 });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTICE_CHANGED');
    expect((await publicNotices(C1)).map((n) => n.title)).not.toContain('居民议事会召开通知');
  });
});

describe('decision notices (公示) of 低保 approvals', () => {
  it('publishes the approved case with the name and ID number masked by rule, once', async () => {
    const url = `/api/t/services/notices/decisions/${ids.dibao}`;
    expect((await call(app, 'POST', url, t.workerC3)).status).toBe(404);
    const res = await call(app, 'POST', url, t.worker);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      kind: 'decision',
      title: '低保申请审批结果公示',
      scope: { kind: 'community', communityCode: C1 },
      serviceCode: 'minimum-living-allowance',
    });
    expect(res.body.entries).toEqual([{ name: '张*兰', idNumber: `1101**********${idNumber.slice(-4)}` }]);
    const days = (Date.parse(res.body.expiresAt) - Date.parse(res.body.publishAt)) / 86_400_000;
    expect(days).toBe(7);

    const shown = (await publicNotices(C1)).find((n) => n.kind === 'decision')!;
    expect(shown.entries).toEqual(res.body.entries);
    // Nothing unmasked anywhere in the public partition, nor in any answer.
    const items = await rawNotices();
    const raw = JSON.stringify(items);
    for (const secret of ['张桂兰', idNumber, idNumber.slice(4, 14), '13912345678', '因病致贫'])
      expect(raw).not.toContain(secret);
    // The income (600) is looked for in what the notices say, not in ids and timestamps, where
    // "600" turns up by chance (a staff uuid, `…:00.600Z`).
    const said = JSON.stringify(items.map((n) => [n.title, n.body, n.entries]));
    expect(said).not.toMatch(/(^|\D)600(\D|$)/);
    expect(JSON.stringify(shown)).not.toContain('桂');

    const again = await call(app, 'POST', url, t.worker);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTICE_EXISTS');
  });

  it("the department's approval publishes it in the same transaction; publishing again is refused", async () => {
    const before = (await rawNotices()).length;
    const res = await call(app, 'POST', `/api/t/cases/${ids.dibao2}/actions`, t.civil, {
      action: 'approve',
      step: 2,
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    const items = await rawNotices();
    expect(items.length).toBeGreaterThan(before);
    const shown = (await publicNotices(C1)).find((n) => n.kind === 'decision' && n.id === ids.dibao2);
    expect(shown?.entries).toEqual([{ name: '欧**娜', idNumber: `1101**********${idNumber.slice(-4)}` }]);
    expect(JSON.stringify(items)).not.toContain('欧阳娜娜');
    const again = await call(app, 'POST', `/api/t/services/notices/decisions/${ids.dibao2}`, t.worker);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('NOTICE_EXISTS');
  });

  it('refuses cases that are not approved or whose service is not publicised', async () => {
    for (const id of [ids.pending, ids.certificate]) {
      const res = await call(app, 'POST', `/api/t/services/notices/decisions/${id}`, t.worker);
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('NOTICE_NOT_PUBLIC');
    }
  });
});

describe('bad input on every notice endpoint writes nothing', () => {
  it('answers problem+json and leaves the public partition as it was', async () => {
    const before = JSON.stringify(await rawNotices());
    const ok = { title: '标题', body: '正文', scope: { kind: 'district' } };
    const post = (body: unknown) => call(app, 'POST', '/api/t/notices', t.admin, body);
    const checks: [string, Promise<Awaited<ReturnType<typeof call>>>, number, string][] = [
      ['missing title', post({ body: '正文', scope: { kind: 'district' } }), 400, 'VALIDATION_FAILED'],
      ['missing scope', post({ title: '标题', body: '正文' }), 400, 'VALIDATION_FAILED'],
      ['wrong type', post({ ...ok, title: 7 }), 400, 'VALIDATION_FAILED'],
      ['oversize title', post({ ...ok, title: '长'.repeat(101) }), 400, 'VALIDATION_FAILED'],
      ['oversize body', post({ ...ok, body: '长'.repeat(5001) }), 400, 'VALIDATION_FAILED'],
      ['HTML body', post({ ...ok, body: '<script>alert(1)</script>' }), 400, 'VALIDATION_FAILED'],
      ['HTML title', post({ ...ok, title: '<a href=x>点我</a>' }), 400, 'VALIDATION_FAILED'],
      [
        'unknown scope',
        post({ ...ok, scope: { kind: 'street', streetCode: C1.slice(0, 9) } }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'bad community',
        post({ ...ok, scope: { kind: 'community', communityCode: '12' } }),
        400,
        'VALIDATION_FAILED',
      ],
      ['unknown key', post({ ...ok, author: 'x' }), 400, 'VALIDATION_FAILED'],
      ['bad date', post({ ...ok, publishAt: 'tomorrow' }), 400, 'VALIDATION_FAILED'],
      [
        'expiry before publication',
        post({ ...ok, publishAt: '2026-12-10T00:00:00+08:00', expiresAt: '2026-12-09T00:00:00+08:00' }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'unknown community',
        post({ ...ok, scope: { kind: 'community', communityCode: `${C1.slice(0, 9)}999` } }),
        400,
        'COMMUNITY_UNKNOWN',
      ],
      [
        'withdraw: missing version',
        call(app, 'POST', `/api/t/notices/${ids.districtNotice}/withdraw`, t.admin, {}),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'withdraw: HTML reason',
        call(app, 'POST', `/api/t/notices/${ids.districtNotice}/withdraw`, t.admin, {
          version: 1,
          reason: '<b>x</b>',
        }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'withdraw: bad id',
        call(app, 'POST', '/api/t/notices/nope/withdraw', t.admin, { version: 1 }),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'withdraw: unknown',
        call(app, 'POST', '/api/t/notices/01JD00000000000000000000ZZ/withdraw', t.admin, { version: 1 }),
        404,
        'NOTICE_NOT_FOUND',
      ],
      [
        'decision: bad id',
        call(app, 'POST', '/api/t/services/notices/decisions/x', t.worker),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'decision: unknown case',
        call(app, 'POST', '/api/t/services/notices/decisions/01JD00000000000000000000ZZ', t.worker),
        404,
        'CASE_NOT_FOUND',
      ],
      [
        'resident: bad community',
        call(app, 'GET', '/api/t/resident/notices?community=abc', t.civil),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'public: bad community',
        call(control, 'GET', `/api/public/districts/${district.tenant.slug}/notices?community=1`),
        400,
        'VALIDATION_FAILED',
      ],
      [
        'public: unknown district',
        call(control, 'GET', '/api/public/districts/no-such-district/notices'),
        404,
        'TENANT_NOT_FOUND',
      ],
    ];
    for (const [what, p, status, code] of checks) {
      const res = await p;
      expect(res.status, what).toBe(status);
      expect(res.headers.get('content-type'), what).toMatch(/^application\/problem\+json/);
      expect(res.body.code, what).toBe(code);
    }
    expect(JSON.stringify(await rawNotices())).toBe(before);
  });
});
