/**
 * Resident identity end to end on the real engines: SignUp in the residents' pool → SMS code from
 * the dev outbox → ConfirmSignUp → InitiateAuth → register with one district → resident routes.
 */
import {
  ConfirmSignUpCommand,
  InitiateAuthCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { createLocalApps, Outbox } from '@linli/local';
import { TenantRegistry } from '@linli/tenancy';
import { beforeAll, describe, expect, it } from 'vitest';
import { call } from '../support/call.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const { control, tenant: tenantApp } = createLocalApps(env, { throttle: false });
const PASSWORD = 'Linli-resident-2026';

const uniqueMobile = () => `+86139${String(Date.now() + Math.floor(Math.random() * 1e4)).slice(-8)}`;

const codeFor = async (phone: string) => {
  const outbox = new Outbox(env.dataDir);
  for (let i = 0; i < 300; i++) {
    const code = outbox.latestCode(phone);
    if (code) return code;
    await new Promise((r) => setTimeout(r, 100));
  }
  const recent = new Outbox(env.dataDir).list().slice(-5);
  throw new Error(`no code for ${phone} in the outbox; last entries: ${JSON.stringify(recent)}`);
};

/** A resident who signed up like the web client does and signed in. */
const signUpResident = async (name = '测试居民') => {
  const phone = uniqueMobile();
  const { clientId } = env.pools.residents;
  await env.cognito.send(
    new SignUpCommand({
      ClientId: clientId,
      Username: phone,
      Password: PASSWORD,
      UserAttributes: [
        { Name: 'phone_number', Value: phone },
        { Name: 'name', Value: name },
      ],
    }),
  );
  const code = await codeFor(phone);
  await env.cognito.send(
    new ConfirmSignUpCommand({ ClientId: clientId, Username: phone, ConfirmationCode: code }),
  );
  const auth = await env.cognito.send(
    new InitiateAuthCommand({
      ClientId: clientId,
      AuthFlow: 'USER_PASSWORD_AUTH',
      AuthParameters: { USERNAME: phone, PASSWORD },
    }),
  );
  const accessToken = auth.AuthenticationResult?.AccessToken;
  if (!accessToken) throw new Error('no access token');
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1]!, 'base64url').toString('utf8'));
  return { phone, accessToken, sub: String(claims.sub) };
};

const register = (slug: string, token?: string, body?: unknown) =>
  call(control, 'POST', `/api/public/districts/${slug}/residents`, token, body);

describe('resident identity', () => {
  let a: Awaited<ReturnType<typeof makeDistrict>>;
  let b: Awaited<ReturnType<typeof makeDistrict>>;
  let resident: Awaited<ReturnType<typeof signUpResident>>;

  beforeAll(async () => {
    [a, b] = await Promise.all([makeDistrict(env), makeDistrict(env)]);
    resident = await signUpResident('王小明');
  });

  it('before registering, the resident token has no membership', async () => {
    const res = await call(tenantApp, 'GET', '/api/t/resident/profile', resident.accessToken);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NO_MEMBERSHIP');
  });

  it('registers with a district, then reads its profile and /api/me', async () => {
    const first = await register(a.tenant.slug, resident.accessToken, { name: '王小明' });
    expect(first.status).toBe(201);
    const masked = `${resident.phone.slice(3, 6)}****${resident.phone.slice(-4)}`;
    expect(first.body).toMatchObject({
      registered: true,
      created: true,
      resident: { name: '王小明', mobile: masked },
      district: { slug: a.tenant.slug, name: a.tenant.name },
    });

    const stored = await new TenantRegistry(docOf(env), env.tables.control).getMembership(resident.sub);
    expect(stored).toMatchObject({
      sub: resident.sub,
      pool: 'residents',
      kind: 'resident',
      tenantId: a.tenant.id,
      roles: ['resident'],
      scope: {},
      name: '王小明',
    });
    // Minimum collection: the full number stays in Cognito, not in Linli's registry.
    expect(JSON.stringify(stored)).not.toContain(resident.phone.slice(3));

    const profile = await call(tenantApp, 'GET', '/api/t/resident/profile', resident.accessToken);
    expect(profile.status).toBe(200);
    expect(profile.body.resident).toMatchObject({ name: '王小明', mobile: masked });
    expect(profile.body.district).toMatchObject({ slug: a.tenant.slug, name: a.tenant.name });
    expect(JSON.stringify(profile.body)).not.toContain(resident.phone.slice(3));

    const me = await call(control, 'GET', '/api/me', resident.accessToken);
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ kind: 'resident', roles: ['resident'], tenant: { id: a.tenant.id } });
  });

  it('registering again with the same district is idempotent', async () => {
    const again = await register(a.tenant.slug, resident.accessToken, { name: '别的名字' });
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ registered: true, created: false, resident: { name: '王小明' } });
  });

  it('one district per account: another district answers 409 RESIDENT_OTHER_DISTRICT', async () => {
    const other = await register(b.tenant.slug, resident.accessToken);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('RESIDENT_OTHER_DISTRICT');
    expect(other.body.message.zh).toContain('一个居民账号只能属于一个区县');
    expect(other.body.message.en).toContain('one district only');
    const stored = await new TenantRegistry(docOf(env), env.tables.control).getMembership(resident.sub);
    expect(stored?.tenantId).toBe(a.tenant.id);
  });

  it('concurrent registrations with two districts put the account in exactly one', async () => {
    const r = await signUpResident();
    const [x, y] = await Promise.all([
      register(a.tenant.slug, r.accessToken),
      register(b.tenant.slug, r.accessToken),
    ]);
    expect([x.status, y.status].sort()).toEqual([201, 409]);
  });

  it('a resident token on staff tenant routes → 403', async () => {
    const streets = await call(tenantApp, 'GET', '/api/t/org/streets', resident.accessToken);
    expect(streets.status).toBe(403);
    expect(JSON.stringify(streets.body)).not.toContain(a.streets[0]!);
  });

  it('a staff token cannot register as a resident, nor read the resident profile', async () => {
    const admin = await makeStaff(env, {
      kind: 'staff',
      tenantId: a.tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    const res = await register(a.tenant.slug, admin.accessToken);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('RESIDENT_ACCOUNT_REQUIRED');
    const stored = await new TenantRegistry(docOf(env), env.tables.control).getMembership(admin.sub);
    expect(stored?.kind).toBe('staff');

    const profile = await call(tenantApp, 'GET', '/api/t/resident/profile', admin.accessToken);
    expect(profile.status).toBe(403);
  });

  it('no token, a garbage token and unknown or inactive districts are refused; nothing written', async () => {
    const r = await signUpResident();
    expect((await register(a.tenant.slug)).status).toBe(401);
    expect((await register(a.tenant.slug, 'a.b.c')).status).toBe(401);
    expect((await register('no-such-district-000000', r.accessToken)).body.code).toBe('TENANT_NOT_FOUND');
    const applied = await makeDistrict(env, { status: 'provisioning' });
    expect((await register(applied.tenant.slug, r.accessToken)).status).toBe(404);
    const suspended = await makeDistrict(env, { status: 'suspended' });
    const s = await register(suspended.tenant.slug, r.accessToken);
    expect(s.status).toBe(403);
    expect(s.body.code).toBe('TENANT_SUSPENDED');
    const bad = await register(a.tenant.slug, r.accessToken, { name: '<script>' });
    expect(bad.status).toBe(400);
    expect(await new TenantRegistry(docOf(env), env.tables.control).getMembership(r.sub)).toBeUndefined();
  });
});
