/**
 * Fast route tests: the real tenant app with the kit's in-memory stand-ins (no engines).
 * Validation, permissions and the response-schema and audit guards, each refused before any
 * data access where it should be. The same routes run on the real engines in tests/integration.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { makeCitizenId } from '@linli/population';
import { describe, expect, it } from 'vitest';
import { newApp } from '../src/http.ts';
import { createTenantApp } from '../src/index.ts';
import { checkResponses } from '../src/response-guard.ts';
import { type Caller, SCOPE, TENANT, testDeps } from './kit.ts';

type Answer = {
  status: number;
  body: Record<string, unknown> & { code?: string; errors?: { field: string }[] };
};

const call = async (
  app: { request: (path: string, init?: RequestInit) => Response | Promise<Response> },
  method: string,
  path: string,
  caller?: Caller | 'forged',
  body?: unknown,
): Promise<Answer> => {
  const res = await app.request(path, {
    method,
    headers: {
      ...(caller ? { authorization: `Bearer ${caller}` } : {}),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
};

const tenantApp = createTenantApp(testDeps());

const resident = () => ({
  name: '王小明',
  idNumber: makeCitizenId('110101', '19850615', 1),
  registration: '户籍',
  communityCode: SCOPE.community,
});

describe('tenant routes without engines: who may call', () => {
  it('no token is 401 UNAUTHENTICATED, a forged one 401 TOKEN_INVALID', async () => {
    expect(await call(tenantApp, 'GET', '/api/t/tenant')).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHENTICATED' },
    });
    expect(await call(tenantApp, 'GET', '/api/t/tenant', 'forged')).toMatchObject({
      status: 401,
      body: { code: 'TOKEN_INVALID' },
    });
  });

  it('a ministry user never reaches district routes', async () => {
    expect(await call(tenantApp, 'GET', '/api/t/tenant', 'ministry')).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
  });

  it('a suspended district reads but cannot write', async () => {
    expect((await call(tenantApp, 'GET', '/api/t/tenant', 'suspended')).status).toBe(200);
    expect(await call(tenantApp, 'POST', '/api/t/residents', 'suspended', resident())).toMatchObject({
      status: 403,
      body: { code: 'TENANT_SUSPENDED' },
    });
  });

  it('the permissions matrix refuses a role without the action, before any data access', async () => {
    for (const caller of ['hotline', 'civil'] as const)
      expect(await call(tenantApp, 'POST', '/api/t/residents', caller, resident()), caller).toMatchObject({
        status: 403,
        body: { code: 'FORBIDDEN' },
      });
  });

  it("the caller's own district, as the schema describes it", async () => {
    const res = await call(tenantApp, 'GET', '/api/t/tenant', 'admin');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: TENANT.id, slug: TENANT.slug, modules: ['population'] });
  });
});

describe('tenant routes without engines: bad input', () => {
  it('is 400 VALIDATION_FAILED naming each field, never a 500, before any data access', async () => {
    // The edge checks types; GB 11643 and the code lists are the domain's (tests/integration).
    const res = await call(tenantApp, 'POST', '/api/t/residents', 'worker', {
      ...resident(),
      name: 7,
      tags: [1],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.errors?.map((e) => e.field)).toEqual(expect.arrayContaining(['name', 'tags']));
  });

  it('malformed JSON is 400 MALFORMED_JSON', async () => {
    const res = await tenantApp.request('/api/t/residents', {
      method: 'POST',
      headers: { authorization: 'Bearer worker', 'content-type': 'application/json' },
      body: '{"name":',
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { code: string }).code).toBe('MALFORMED_JSON');
  });
});

describe('guards', () => {
  it('a successful tenant write that records no audit entry is answered 500 AUDIT_MISSING locally', async () => {
    const app = createTenantApp(testDeps());
    app.post('/api/t/unaudited', (c) => c.json({ ok: true }, 200));
    expect(await call(app, 'POST', '/api/t/unaudited', 'admin', {})).toMatchObject({
      status: 500,
      body: { code: 'AUDIT_MISSING' },
    });
  });

  it('a handler answering outside its declared schema is answered 500 RESPONSE_SCHEMA; an empty schema is not checked yet', async () => {
    const app = newApp(() => {});
    app.use('*', checkResponses(app));
    const answer = (schema: z.ZodType) =>
      createRoute({
        method: 'post',
        path: '/things/{kind}',
        request: { params: z.object({ kind: z.string() }) },
        responses: { 200: { description: 'ok', content: { 'application/json': { schema } } } },
      });
    const Thing = z.object({ id: z.string(), count: z.number() });
    let body: unknown = { id: 'a', count: 1 };
    app.openapi(answer(Thing), (c) => c.json(body as z.infer<typeof Thing>, 200));
    const loose = createRoute({
      method: 'post',
      path: '/loose',
      responses: {
        200: { description: 'ok', content: { 'application/json': { schema: z.object({}).passthrough() } } },
      },
    });
    app.openapi(loose, (c) => c.json({ any: 'thing' }, 200));

    expect(await call(app, 'POST', '/things/x')).toEqual({ status: 200, body: { id: 'a', count: 1 } });
    body = { id: 'a', count: '1' };
    const drift = await call(app, 'POST', '/things/x');
    expect(drift.status).toBe(500);
    expect(drift.body.code).toBe('RESPONSE_SCHEMA');
    expect(String((drift.body.message as { en: string }).en)).toContain('count');
    expect(await call(app, 'POST', '/loose')).toEqual({ status: 200, body: { any: 'thing' } });
  });
});
