/** Bad credentials and identity problems answer problem+json with stable codes, zh and en. */
import { createLocalApps } from '@linli/local';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const { tenant: app, control } = createLocalApps(env, { throttle: false });

const get = async (path: string, headers: Record<string, string>, target = app) => {
  const res = await target.request(path, { headers });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: (await res.json()) as Record<string, unknown>,
  };
};

describe('identity errors', () => {
  it.each([
    ['Basic dXNlcjpwYXNz', 401, 'TOKEN_INVALID'],
    ['Bearer', 401, 'TOKEN_INVALID'],
    ['Bearer a.b', 401, 'TOKEN_INVALID'],
    ['Bearer e30.e30.e30', 401, 'TOKEN_INVALID'],
  ])('authorization %s → %i %s', async (header, status, code) => {
    const res = await get('/api/t/tenant', { authorization: header });
    expect(res.status).toBe(status);
    expect(res.type).toContain('application/problem+json');
    expect(res.body.code).toBe(code);
    expect((res.body.message as { zh: string; en: string }).zh).toMatch(/[\u4e00-\u9fff]/);
    expect((res.body.message as { zh: string; en: string }).en).toMatch(/[a-z]/i);
  });

  it('English detail with Accept-Language: en', async () => {
    const res = await get('/api/t/tenant', { 'accept-language': 'en-US,en;q=0.9' });
    expect(res.body.code).toBe('UNAUTHENTICATED');
    expect(res.body.detail).toBe('Sign-in required');
  });

  it('a valid token without membership → 403 NO_MEMBERSHIP', async () => {
    const { tenant } = await makeDistrict(env);
    const u = await makeStaff(env, {
      kind: 'staff',
      tenantId: tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    // Remove the membership: the Cognito user still exists and signs in.
    const { DeleteCommand } = await import('@aws-sdk/lib-dynamodb');
    await docOf(env).send(
      new DeleteCommand({ TableName: env.tables.control, Key: { pk: `MEMBER#${u.sub}`, sk: 'MEMBERSHIP' } }),
    );
    const fresh = createLocalApps(env, { throttle: false }).tenant;
    const res = await get('/api/t/tenant', { authorization: `Bearer ${u.accessToken}` }, fresh);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('NO_MEMBERSHIP');
  });

  it('membership of an unknown tenant → 404 TENANT_NOT_FOUND; a tenant still provisioning → 403 TENANT_NOT_ACTIVE', async () => {
    const ghost = await makeStaff(env, {
      kind: 'staff',
      tenantId: '01JZZZZZZZZZZZZZZZZZZZZZZZ',
      roles: ['district-admin'],
      scope: {},
    });
    expect((await get('/api/t/tenant', { authorization: `Bearer ${ghost.accessToken}` })).body.code).toBe(
      'TENANT_NOT_FOUND',
    );
    const { tenant } = await makeDistrict(env, { status: 'provisioning' });
    const early = await makeStaff(env, {
      kind: 'staff',
      tenantId: tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    const res = await get('/api/t/tenant', { authorization: `Bearer ${early.accessToken}` });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('TENANT_NOT_ACTIVE');
  });

  it('bad path parameters → 400 VALIDATION_FAILED with the field', async () => {
    const { tenant } = await makeDistrict(env);
    const u = await makeStaff(env, {
      kind: 'staff',
      tenantId: tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    const res = await get('/api/t/org/streets/12ab/communities', {
      authorization: `Bearer ${u.accessToken}`,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect((res.body.errors as { field: string }[])[0]?.field).toBe('code');
  });

  it('unknown routes → 404 problem+json, never a 500', async () => {
    const res = await get('/api/nope', {}, control);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('NOT_FOUND');
  });
});
