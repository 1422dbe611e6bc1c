/**
 * Staff invitations (scope checked against the tenant's org, expiring, single use) and the tenant
 * lifecycle (suspend → read-only, offboard → export for the district admin, erase after grace).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ApiDeps, createControlApp, createTenantApp } from '@linli/api';
import { createLocalDeps, Outbox } from '@linli/local';
import { GRACE_DAYS, INVITATION_TTL_MS } from '@linli/onboarding';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import { describe, expect, it } from 'vitest';
import { call, type Json } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff, signIn } from '../support/fixtures.ts';

const env = testEnv();
const outbox = new Outbox(mkdtempSync(join(tmpdir(), 'linli-inv-')));
let clock = Date.now();
const deps: ApiDeps = { ...createLocalDeps(env, { outbox, throttle: false }), now: () => clock };
const control = createControlApp(deps);
const tenantApp = createTenantApp(deps);

const inviteBody = (mobile: string, extra: Json = {}) => ({
  name: '社区小李',
  channel: 'sms',
  mobile,
  role: 'community-worker',
  ...extra,
});

describe('staff invitations', () => {
  it('validates the scope against the tenant’s own org; accept creates a working account; a code works once', async () => {
    const d = await makeDistrict(env);
    const other = await makeDistrict(env);
    const admin = await makeStaff(env, {
      kind: 'staff',
      roles: ['district-admin'],
      scope: {},
      tenantId: d.tenant.id,
    });

    const foreign = await call(
      tenantApp,
      'POST',
      '/api/t/invitations',
      admin.accessToken,
      inviteBody('13500000001', { scope: { communityCode: other.communities[0] } }),
    );
    expect(foreign.status).toBe(400);
    expect(foreign.body.code).toBe('SCOPE_INVALID');
    const missing = await call(
      tenantApp,
      'POST',
      '/api/t/invitations',
      admin.accessToken,
      inviteBody('13500000001'),
    );
    expect(missing.body.errors[0]).toMatchObject({ field: 'scope.communityCode', code: 'SCOPE_REQUIRED' });

    const created = await call(
      tenantApp,
      'POST',
      '/api/t/invitations',
      admin.accessToken,
      inviteBody('13500000001', { scope: { communityCode: d.communities[0] } }),
    );
    expect(created.status).toBe(201);
    expect(created.body.code).toBeUndefined(); // the code travels only to the invitee
    const code = outbox.latestCode('13500000001')!;
    expect(code).toMatch(/^[A-Z2-9]{10}$/);

    const preview = await call(control, 'GET', `/api/join/invitations/${created.body.id}?code=${code}`);
    expect(preview.body).toMatchObject({ role: 'community-worker', tenantName: d.tenant.name });

    const username = `cw${Date.now().toString(36)}`;
    const accept = { invitationId: created.body.id, code, username, password: 'Community-2026x' };
    const ok = await call(control, 'POST', '/api/join/invitations/accept', undefined, accept);
    expect(ok.status).toBe(201);
    const token = await signIn(env, username, 'Community-2026x');
    const me = await call(control, 'GET', '/api/me', token, undefined);
    expect(me.body.roles).toEqual(['community-worker']);
    expect(me.body.scope.communityCode).toBe(d.communities[0]);

    const reused = await call(control, 'POST', '/api/join/invitations/accept', undefined, {
      ...accept,
      username: `${username}b`,
    });
    expect(reused.status).toBe(409);
    expect(reused.body.code).toBe('INVITATION_USED');

    const list = await call(tenantApp, 'GET', '/api/t/invitations', admin.accessToken, undefined);
    expect(list.body[0].status).toBe('accepted');

    // a street worker cannot invite
    const street = await makeStaff(env, {
      kind: 'staff',
      roles: ['street-staff'],
      scope: { streetCode: d.streets[0]! },
      tenantId: d.tenant.id,
    });
    expect(
      (
        await call(
          tenantApp,
          'POST',
          '/api/t/invitations',
          street.accessToken,
          inviteBody('13500000009', { scope: { communityCode: d.communities[0] } }),
        )
      ).status,
    ).toBe(403);
  });

  it('an expired invitation is refused with INVITATION_EXPIRED and a wrong code with INVITATION_CODE_INVALID', async () => {
    const d = await makeDistrict(env);
    const admin = await makeStaff(env, {
      kind: 'staff',
      roles: ['district-admin'],
      scope: {},
      tenantId: d.tenant.id,
    });
    const created = await call(tenantApp, 'POST', '/api/t/invitations', admin.accessToken, {
      name: '热线小赵',
      channel: 'email',
      email: 'zhao@example.gov.cn',
      role: 'call-centre-operator',
    });
    const code = outbox.latestCode('zhao@example.gov.cn')!;
    const wrong = await call(control, 'POST', '/api/join/invitations/accept', undefined, {
      invitationId: created.body.id,
      code: 'ABCDEFGHJK',
      username: 'zhao.hotline',
      password: 'Hotline-2026x',
    });
    expect(wrong.body.code).toBe('INVITATION_CODE_INVALID');
    clock += INVITATION_TTL_MS + 1000;
    try {
      const late = await call(control, 'POST', '/api/join/invitations/accept', undefined, {
        invitationId: created.body.id,
        code,
        username: 'zhao.hotline',
        password: 'Hotline-2026x',
      });
      expect(late.status).toBe(410);
      expect(late.body.code).toBe('INVITATION_EXPIRED');
      const list = await call(tenantApp, 'GET', '/api/t/invitations', admin.accessToken, undefined);
      expect(list.body[0].status).toBe('expired');
    } finally {
      clock = Date.now();
    }
  });
});

describe('suspend, offboard, erase', () => {
  it('suspend is read-only; offboarding exports for the district admin; erasure leaves only the registry record', async () => {
    const d = await makeDistrict(env);
    const admin = await makeStaff(env, {
      kind: 'staff',
      roles: ['district-admin'],
      scope: {},
      tenantId: d.tenant.id,
    });
    const ministry = await makeStaff(env, { kind: 'ministry', roles: ['ministry-admin'], scope: {} });
    const analyst = await makeStaff(env, { kind: 'ministry', roles: ['ministry-analyst'], scope: {} });
    const doc = docOf(env);
    const registry = new TenantRegistry(doc, env.tables.control);
    // the contact the archive link goes to
    const { OnboardingRepo } = await import('@linli/onboarding');
    await new OnboardingRepo(doc, env.tables.control).putContact({
      tenantId: d.tenant.id,
      name: '管理员',
      email: `off-${d.tenant.id}@example.gov.cn`,
    });

    expect(
      (await call(control, 'POST', `/api/ministry/tenants/${d.tenant.id}/suspend`, analyst.accessToken, {}))
        .status,
    ).toBe(403);
    const s = await call(
      control,
      'POST',
      `/api/ministry/tenants/${d.tenant.id}/suspend`,
      ministry.accessToken,
      { reason: '安全检查' },
    );
    expect(s.body.tenant.status).toBe('suspended');
    deps.resolver.invalidate(admin.sub, d.tenant.id);
    const write = await call(
      tenantApp,
      'POST',
      '/api/t/onboarding/checklist/review-org',
      admin.accessToken,
      {},
    );
    expect(write.body.code).toBe('TENANT_SUSPENDED');
    expect((await call(tenantApp, 'GET', '/api/t/org/streets', admin.accessToken, undefined)).status).toBe(
      200,
    );
    const r = await call(
      control,
      'POST',
      `/api/ministry/tenants/${d.tenant.id}/resume`,
      ministry.accessToken,
      {},
    );
    expect(r.body.tenant.status).toBe('active');

    const off = await call(
      control,
      'POST',
      `/api/ministry/tenants/${d.tenant.id}/offboard`,
      ministry.accessToken,
      { reason: '试点结束' },
    );
    expect(off.status).toBe(200);
    expect(off.body.tenant.status).toBe('offboarding');
    expect(off.body.offboarding.items).toBe(2 + 3 + 1); // 2 streets, 3 communities, the admin's membership
    expect(JSON.stringify(off.body)).not.toContain('街道'); // the ministry sees counts, not data

    const token = outbox.latestCode(`off-${d.tenant.id}@example.gov.cn`)!;
    expect(
      (await call(control, 'GET', `/api/offboarding/${d.tenant.id}/archive?token=${'x'.repeat(32)}`)).body
        .code,
    ).toBe('EXPORT_TOKEN_INVALID');
    const archive = await call(control, 'GET', `/api/offboarding/${d.tenant.id}/archive?token=${token}`);
    expect(archive.status).toBe(200);
    expect(archive.headers.get('content-type')).toContain('application/x-ndjson');
    const lines = archive.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Json);
    expect(lines.filter((l) => l.type === 'street')).toHaveLength(2);
    expect(lines.filter((l) => l.type === 'membership')).toHaveLength(1);

    const early = await call(
      control,
      'POST',
      `/api/ministry/tenants/${d.tenant.id}/erase`,
      ministry.accessToken,
      {},
    );
    expect(early.body.code).toBe('GRACE_PERIOD');
    clock += (GRACE_DAYS + 1) * 86_400_000;
    try {
      const erased = await call(
        control,
        'POST',
        `/api/ministry/tenants/${d.tenant.id}/erase`,
        ministry.accessToken,
        {},
      );
      expect(erased.status).toBe(200);
      expect(erased.body.tenant.status).toBe('deleted');
    } finally {
      clock = Date.now();
    }
    const t = (await registry.get(d.tenant.id))!;
    expect(t.status).toBe('deleted');
    expect(await registry.getMembership(admin.sub)).toBeUndefined();
    const store = new TenantStores(() => doc).for(t);
    expect(await store.queryAll({ pk: store.keys.pk('ORG') })).toHaveLength(0);
    expect(await store.queryAll({ pk: store.keys.pk('EXPORT') })).toHaveLength(0);
  });
});
