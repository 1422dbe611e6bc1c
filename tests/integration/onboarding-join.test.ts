/**
 * The join flow end to end through the control and tenant apps on DynamoDB Local + cognito-local:
 * draft → code verification (dev outbox) → submission → approval → provisioning → first login.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListUsersCommand } from '@aws-sdk/client-cognito-identity-provider';
import { createControlApp, createTenantApp, onboardingServicesOf } from '@linli/api';
import { createLocalApps, Outbox } from '@linli/local';
import type { InProcessLauncher } from '@linli/onboarding';
import { beforeAll, describe, expect, it } from 'vitest';
import { call, type Json, type Requester } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { makeStaff, signIn } from '../support/fixtures.ts';

const env = testEnv();
const outbox = new Outbox(mkdtempSync(join(tmpdir(), 'linli-onb-')));
const { deps } = createLocalApps(env, { outbox, throttle: false });
/**
 * The applicant's browser in front of the control app: it keeps each join draft's secret (returned
 * once, at creation) and presents it on every later call about that draft.
 */
const draftSecrets = new Map<string, string>();
const applicantBrowser = (app: Requester): Requester => ({
  request: async (path, init = {}) => {
    let draftId = /^\/api\/join\/drafts\/([^/]+)/.exec(path)?.[1];
    if (!draftId && typeof init.body === 'string') draftId = (JSON.parse(init.body) as Json).draftId;
    const secret = draftId ? draftSecrets.get(draftId) : undefined;
    const headers = new Headers(init.headers);
    if (secret) headers.set('x-linli-draft-secret', secret);
    const res = await app.request(path, { ...init, headers });
    if (path === '/api/join/drafts' && res.status === 201) {
      const j = (await res.clone().json()) as Json;
      draftSecrets.set(j.id, j.secret);
    }
    return res;
  },
});
const control = applicantBrowser(createControlApp(deps));
const tenantApp = createTenantApp(deps);
const svc = onboardingServicesOf(deps);

const PROFILE = {
  areaType: 'urban-core',
  development: 'developed',
  population: 220_000,
  migrantSharePercent: 35,
  broadbandPercent: 92,
  lowIncomePercent: 1.2,
};
const PASSWORD = 'Xuanwu-admin-2026';

let ministryToken = '';
beforeAll(async () => {
  ministryToken = (await makeStaff(env, { kind: 'ministry', roles: ['ministry-admin'], scope: {} }))
    .accessToken;
});

/** Draft → verified → submitted; returns the submission answer. */
const apply = async (divisionCode: string, tier: string, mobile: string) => {
  const created = await call(control, 'POST', '/api/join/drafts', undefined, { divisionCode });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  const p = await call(control, 'PATCH', `/api/join/drafts/${id}`, undefined, {
    profile: PROFILE,
    tierRequested: tier,
  });
  expect(p.status).toBe(200);
  const a = await call(control, 'PATCH', `/api/join/drafts/${id}`, undefined, {
    admin: { name: '王主任', mobile, email: `admin${divisionCode}@example.gov.cn` },
  });
  expect(a.body.verified).toBe(false);
  const sent = await call(control, 'POST', `/api/join/drafts/${id}/code`, undefined, { channel: 'sms' });
  expect(sent.status).toBe(200);
  expect(sent.body.to).toBe(`${mobile.slice(0, 3)}****${mobile.slice(7)}`);
  const code = outbox.latestCode(mobile)!;
  expect(code).toMatch(/^\d{6}$/);
  const v = await call(control, 'POST', `/api/join/drafts/${id}/verify`, undefined, { code });
  expect(v.status).toBe(200);
  expect(v.body.verified).toBe(true);
  const sub = await call(control, 'POST', '/api/join/applications', undefined, {
    draftId: id,
    password: PASSWORD,
  });
  expect(sub.status).toBe(201);
  return sub.body;
};

describe('join flow', () => {
  it('validates each step with field-level zh/en errors and explains the category', async () => {
    const created = await call(control, 'POST', '/api/join/drafts', undefined, {});
    const id = created.body.id as string;
    const bad = await call(control, 'PATCH', `/api/join/drafts/${id}`, undefined, {
      divisionCode: '999999',
      admin: { name: '王', mobile: '1234', email: 'no' },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    const fields = (bad.body.errors as Json[]).map((e) => e.field).sort();
    expect(fields).toEqual(['admin.email', 'admin.mobile', 'admin.name', 'divisionCode']);
    expect((bad.body.errors as Json[]).every((e) => e.message.zh && e.message.en)).toBe(true);

    const ok = await call(control, 'PATCH', `/api/join/drafts/${id}`, undefined, {
      divisionCode: '320105',
      profile: PROFILE,
    });
    expect(ok.body.district.name).toBe('建邺区');
    expect(ok.body.category.migrantShare).toBe('high');
    expect(ok.body.categoryRules).toHaveLength(5);
    const again = await call(control, 'GET', `/api/join/drafts/${id}`);
    expect(again.body.profile).toEqual(PROFILE);

    const notVerified = await call(control, 'POST', '/api/join/applications', undefined, {
      draftId: id,
      password: PASSWORD,
    });
    expect(notVerified.status).toBe(400);
    expect(notVerified.body.code).toBe('DRAFT_INCOMPLETE');
  });

  it('wrong and expired codes are refused with stable codes', async () => {
    const created = await call(control, 'POST', '/api/join/drafts', undefined, {
      admin: { name: '李四', mobile: '13900000001', email: 'li@example.gov.cn' },
    });
    const id = created.body.id as string;
    await call(control, 'POST', `/api/join/drafts/${id}/code`, undefined, { channel: 'sms' });
    const wrong = await call(control, 'POST', `/api/join/drafts/${id}/verify`, undefined, {
      code: '000000' === outbox.latestCode('13900000001') ? '111111' : '000000',
    });
    expect(wrong.body.code).toBe('CODE_MISMATCH');
    const again = await call(control, 'POST', `/api/join/drafts/${id}/code`, undefined, { channel: 'sms' });
    expect(again.body.code).toBe('CODE_RESEND_TOO_SOON');
  });

  it('standard tier waits for approval; approval provisions the real org; the admin signs in to the checklist', async () => {
    const out = await apply('320102', 'standard', '13812345678');
    expect(out.status).toBe('submitted');
    expect(out.adminUsername).toBe('admin-320102');

    // the id alone does not reveal the status
    const noToken = await call(control, 'GET', `/api/join/applications/${out.id}`);
    expect(noToken.body.code).toBe('STATUS_TOKEN_INVALID');
    const st = await call(control, 'GET', `/api/join/applications/${out.id}`, undefined, undefined, {
      'x-linli-status-token': out.statusToken,
    });
    expect(st.body.status).toBe('submitted');

    // the queue shows it with the contact masked
    const queue = await call(
      control,
      'GET',
      '/api/ministry/applications?status=submitted',
      ministryToken,
      undefined,
    );
    const item = (queue.body as unknown as Json[]).find((a) => a.id === out.id)!;
    expect(item.admin.mobile).toBe('138****5678');

    // before approval the account exists but has no membership
    const early = await signIn(env, 'admin-320102', PASSWORD);
    expect((await call(control, 'GET', '/api/me', early, undefined)).body.code).toBe('NO_MEMBERSHIP');

    const approved = await call(
      control,
      'POST',
      `/api/ministry/applications/${out.id}/approve`,
      ministryToken,
      undefined,
    );
    expect(approved.status).toBe(200);
    await (svc.launcher as InProcessLauncher).settled(out.tenantId);

    const done = await call(control, 'GET', `/api/join/applications/${out.id}?token=${out.statusToken}`);
    expect(done.body.status).toBe('active');
    expect(done.body.provisioning.steps.every((s: Json) => s.status === 'succeeded')).toBe(true);
    expect(done.body.provisioning.outputs.communities).toBe(61);

    const token = await signIn(env, 'admin-320102', PASSWORD);
    // the resolver caches the earlier "no membership" answer for a few seconds (see report)
    const { sub: adminSub } = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as {
      sub: string;
    };
    deps.resolver.invalidate(adminSub);
    const me = await call(control, 'GET', '/api/me', token, undefined);
    expect(me.status, JSON.stringify(me.body)).toBe(200);
    expect(me.body.roles).toEqual(['district-admin']);
    expect(me.body.tenant.status).toBe('active');
    const streets = await call(tenantApp, 'GET', '/api/t/org/streets', token, undefined);
    expect((streets.body as unknown as Json[]).length).toBe(8);
    const list = await call(tenantApp, 'GET', '/api/t/onboarding/checklist', token, undefined);
    expect(list.body.items.map((i: Json) => [i.key, i.done])).toEqual([
      ['review-org', false],
      ['invite-staff', false],
      ['import-residents', false],
      ['choose-modules', false],
    ]);
    await call(tenantApp, 'POST', '/api/t/onboarding/checklist/review-org', token, {});
    const invite = await call(tenantApp, 'POST', '/api/t/invitations', token, {
      name: '街道小王',
      channel: 'sms',
      mobile: '13700000002',
      role: 'street-staff',
      scope: { streetCode: (streets.body as unknown as Json[])[0]!.code },
    });
    expect(invite.status).toBe(201);
    const after = await call(tenantApp, 'GET', '/api/t/onboarding/checklist', token, undefined);
    expect(after.body.done).toBe(2);

    // audited ministry action
    const users = await env.cognito.send(
      new ListUsersCommand({ UserPoolId: env.pools.staff.userPoolId, Filter: 'username = "admin-320102"' }),
    );
    expect(users.Users?.filter((u) => u.Username === 'admin-320102')).toHaveLength(1);
  });

  it('a second application for the same division is refused, pointing to the masked admin contact', async () => {
    await apply('320105', 'basic', '13911112222'); // basic: no approval needed under the default policy
    const created = await call(control, 'POST', '/api/join/drafts', undefined, {});
    const dup = await call(control, 'PATCH', `/api/join/drafts/${created.body.id}`, undefined, {
      divisionCode: '320105',
    });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DIVISION_ALREADY_ONBOARDED');
    expect(dup.body.message.zh).toContain('139****2222');
    expect(dup.body.message.zh).not.toContain('13911112222');
    expect(dup.body.errors[0].field).toBe('divisionCode');
  });

  it('approval policy is the ministry’s; reject frees the division; request-changes then resubmit', async () => {
    const policy = await call(control, 'PUT', '/api/ministry/approval-policy', ministryToken, {
      requireApproval: { basic: true, standard: true, demonstration: true },
    });
    expect(policy.status).toBe(200);
    const a = await apply('150103', 'basic', '13622223333');
    expect(a.status).toBe('submitted');
    const changes = await call(
      control,
      'POST',
      `/api/ministry/applications/${a.id}/request-changes`,
      ministryToken,
      { message: '请核对宽带覆盖率' },
    );
    expect(changes.body.status).toBe('changes-requested');
    const re = await call(
      control,
      'PUT',
      `/api/join/applications/${a.id}`,
      undefined,
      { profile: { ...PROFILE, broadbandPercent: 40 } },
      { 'x-linli-status-token': a.statusToken },
    );
    expect(re.body.status).toBe('submitted');
    expect(re.body.category.infrastructure).toBe('weak');
    const rej = await call(control, 'POST', `/api/ministry/applications/${a.id}/reject`, ministryToken, {
      reason: '试点名额已满',
    });
    expect(rej.body.status).toBe('rejected');
    const st = await call(control, 'GET', `/api/join/applications/${a.id}`, undefined, undefined, {
      'x-linli-status-token': a.statusToken,
    });
    expect(st.body.decision.reason).toBe('试点名额已满');
    // division free again
    const d = await call(control, 'POST', '/api/join/drafts', undefined, { divisionCode: '150103' });
    expect(d.status).toBe(201);
    await call(control, 'PUT', '/api/ministry/approval-policy', ministryToken, {
      requireApproval: { basic: false, standard: true, demonstration: true },
    });
  });
});
