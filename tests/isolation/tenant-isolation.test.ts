/**
 * Tenant isolation suite. For EVERY route of the tenant API and every authenticated route of the
 * control API (enumerated from the routers, so a new route is covered automatically), a caller of
 * district A tries to reach district B: B's ids in the path, forged tenant headers, query and body
 * fields, tampered / `alg: none` / expired tokens, tokens of an untrusted client or pool, a
 * suspended district, a ministry user, and a user who rewrote their own Cognito attributes to
 * name B. Every attempt is refused or answers with A's own data only, never B's; nothing of B is
 * written. Runs against DynamoDB Local and cognito-local.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  UpdateUserAttributesCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { KEY_AUTH_PATHS } from '@linli/api';
import { createLocalApps } from '@linli/local';
import type { Tenant } from '@linli/tenancy';
import { importJWK, type JWK, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, type Requester } from '../support/call.ts';
import { withContract } from '../support/contract.ts';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff, PASSWORD, signIn, type TestUser } from '../support/fixtures.ts';

const env = testEnv();
const apps = createLocalApps(env, { throttle: false });
const { control } = apps;
// Every tenant response, refused or not, is what its route declares (the control app: to do).
const tenantApp = withContract(apps.tenant);
afterAll(() => expect(tenantApp.violations).toEqual([]));

type District = Awaited<ReturnType<typeof makeDistrict>>;
let A: District;
let B: District;
let S: District;
let adminA: TestUser;
let workerA: TestUser;
let adminB: TestUser;
let adminS: TestUser;
let ministry: TestUser;
let rewriter: TestUser;
let rewriterToken: string;
const forged: Record<string, string> = {};

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const enumerate = (app: { routes: { method: string; path: string }[] }, keep: (p: string) => boolean) => {
  const seen = new Map<string, { method: string; path: string }>();
  for (const r of app.routes) if (METHODS.has(r.method) && keep(r.path)) seen.set(`${r.method} ${r.path}`, r);
  return [...seen.values()];
};
// Routes a system calls with a district-issued key instead of a JWT have their own checks below.
const keyRoute = (p: string) => (KEY_AUTH_PATHS as readonly string[]).includes(p);
const tenantRoutes = enumerate(
  tenantApp,
  (p) => p.startsWith('/api/t/') && !p.endsWith('openapi.json') && !keyRoute(p),
);
const keyRoutes = enumerate(tenantApp, keyRoute);
const controlRoutes = enumerate(control, (p) => p.startsWith('/api/me') || p.startsWith('/api/ministry/'));
const allRoutes = [
  ...tenantRoutes.map((r) => ({ ...r, app: tenantApp })),
  ...controlRoutes.map((r) => ({ ...r, app: control })),
];

/** Fill path parameters with B's identifiers. */
const pathFor = (path: string, target: District) =>
  path.replace(/:(\w+)/g, (_m, name: string) => {
    if (name === 'code' || name.toLowerCase().includes('street')) return target.streets[0]!;
    if (name.toLowerCase().includes('community')) return target.communities[0]!;
    if (name === 'slug') return target.tenant.slug;
    return target.tenant.id;
  });

const markersOf = (d: District) => [
  d.tenant.id,
  d.tenant.slug,
  d.tenant.name,
  `街道0-${d.tenant.id.slice(-6)}`,
  `社区0-${d.tenant.id.slice(-6)}`,
];

/** A's request as an attacker sends it: a write carries B's ids in its body unless told otherwise. */
const attempt = async (
  app: Requester,
  method: string,
  url: string,
  token: string | undefined,
  extra: { headers?: Record<string, string>; body?: unknown } = {},
) => {
  const forgedBody = { tenantId: B.tenant.id, tenant: B.tenant.slug, divisionCode: B.tenant.divisionCode };
  const hasBody = method !== 'GET' && method !== 'DELETE';
  const res = await call(
    app,
    method,
    url,
    token,
    hasBody ? (extra.body ?? forgedBody) : undefined,
    extra.headers,
  );
  return { status: res.status, text: res.text };
};

/** The response never contains B's data (markers that were not in the request itself). */
const expectNoLeak = (res: { status: number; text: string }, url: string, victim = B) => {
  for (const m of markersOf(victim)) {
    if (url.includes(m)) continue;
    expect(res.text, `response leaks ${m}`).not.toContain(m);
  }
};

const snapshot = async (d: District) => {
  // Test-only Scan: the suite must see every item of B, whatever partition it is in.
  const out = await docOf(env).send(
    new ScanCommand({
      TableName: d.tenant.dataTable,
      FilterExpression: 'begins_with(pk, :p)',
      ExpressionAttributeValues: { ':p': `T#${d.tenant.id}#` },
    }),
  );
  return JSON.stringify((out.Items ?? []).sort((x, y) => `${x.pk}${x.sk}`.localeCompare(`${y.pk}${y.sk}`)));
};

const cognitoLocalKey = async () => {
  const require = createRequire(import.meta.url);
  const file = require.resolve('cognito-local/lib/keys/cognitoLocal.private.json');
  const { jwk } = JSON.parse(readFileSync(file, 'utf8')) as { jwk: JWK & { kid: string } };
  return { key: await importJWK(jwk, 'RS256'), kid: jwk.kid };
};

const payloadOf = (token: string) =>
  JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));

let before: string;

beforeAll(async () => {
  [A, B, S] = await Promise.all([
    makeDistrict(env),
    makeDistrict(env),
    makeDistrict(env, { status: 'suspended' }),
  ]);
  [adminA, workerA, adminB, adminS, ministry, rewriter] = await Promise.all([
    makeStaff(env, { kind: 'staff', tenantId: A.tenant.id, roles: ['district-admin'], scope: {} }),
    makeStaff(env, {
      kind: 'staff',
      tenantId: A.tenant.id,
      roles: ['community-worker'],
      scope: { communityCode: A.communities[0]!, streetCode: A.streets[0]! },
    }),
    makeStaff(env, { kind: 'staff', tenantId: B.tenant.id, roles: ['district-admin'], scope: {} }),
    makeStaff(env, { kind: 'staff', tenantId: S.tenant.id, roles: ['district-admin'], scope: {} }),
    makeStaff(env, { kind: 'ministry', roles: ['ministry-admin'], scope: {} }),
    makeStaff(env, {
      kind: 'staff',
      tenantId: A.tenant.id,
      roles: ['district-admin'],
      scope: {},
      attributes: { 'custom:tenantId': A.tenant.id },
    }),
  ]);

  // The measured cognito-local hole: a user rewrites their own tenant attribute to name B. With
  // the attribute immutable (as our pool definition makes it) cognito-local refuses the change;
  // the suite then uses a correctly signed token that carries B in `custom:tenantId` anyway, so
  // the API is proven not to trust the attribute whichever way it got there.
  try {
    await env.cognito.send(
      new UpdateUserAttributesCommand({
        AccessToken: rewriter.accessToken,
        UserAttributes: [{ Name: 'custom:tenantId', Value: B.tenant.id }],
      }),
    );
    rewriterToken = await signIn(env, rewriter.username);
  } catch (err) {
    expect((err as { name?: string }).name).toBe('InvalidParameterException');
    const { key, kid } = await cognitoLocalKey();
    rewriterToken = await new SignJWT({
      ...payloadOf(rewriter.accessToken),
      'custom:tenantId': B.tenant.id,
      'linli:tenant': B.tenant.id,
    })
      .setProtectedHeader({ alg: 'RS256', kid })
      .sign(key);
  }

  const valid = adminA.accessToken;
  const [h, p, s] = valid.split('.') as [string, string, string];
  forged.tampered = `${h}.${p}.${s.slice(0, -4)}${s.slice(-4) === 'AAAA' ? 'BBBB' : 'AAAA'}`;
  const claimsB = { ...payloadOf(valid), sub: adminB.sub };
  forged.swappedPayload = `${h}.${Buffer.from(JSON.stringify(claimsB)).toString('base64url')}.${s}`;
  forged.algNone = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(JSON.stringify(claimsB)).toString('base64url')}.`;
  const { key, kid } = await cognitoLocalKey();
  const base = payloadOf(valid);
  forged.expired = await new SignJWT({
    ...base,
    exp: Math.floor(Date.now() / 1000) - 3600,
    iat: Math.floor(Date.now() / 1000) - 7200,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(key);
  forged.idTokenUse = await new SignJWT({ ...base, token_use: 'id' })
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(key);

  // Another app client of the same pool (not trusted by the API).
  const otherClient = await env.cognito.send(
    new CreateUserPoolClientCommand({
      UserPoolId: env.pools.staff.userPoolId,
      ClientName: 'untrusted',
      ExplicitAuthFlows: ['USER_PASSWORD_AUTH'],
    }),
  );
  forged.otherClient = await signIn(env, adminA.username, PASSWORD, otherClient.UserPoolClient!.ClientId!);
  // A token from a pool the API does not trust, for a user whose sub has B's membership is impossible
  // to forge; a foreign pool's issuer is simply refused.
  const foreignPool = await env.cognito.send(
    new CreateUserPoolCommand({ PoolName: `foreign-${Date.now()}` }),
  );
  forged.foreignPool = await new SignJWT({
    ...base,
    iss: `${env.pools.staff.endpoint.replace(/\/$/, '')}/${foreignPool.UserPool!.Id}`,
  })
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(key);
  forged.garbage = 'not-a-jwt';
  // Positive control for the forging path: the same key and claims, not expired, is accepted —
  // so the refusals above are for the reason each case names, not for a bad signature.
  forged.control = await new SignJWT({ ...base, exp: Math.floor(Date.now() / 1000) + 600 })
    .setProtectedHeader({ alg: 'RS256', kid })
    .sign(key);

  before = await snapshot(B);
}, 120_000);

describe('isolation: route enumeration', () => {
  it('finds every route the tenant OpenAPI document names (a new route is covered automatically)', async () => {
    const doc = (await (await tenantApp.request('/api/t/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) =>
        Object.keys(ops)
          .filter((m) => METHODS.has(m.toUpperCase()))
          .map((m) => `${m.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`),
      )
      .filter((r) => !keyRoute(r.split(' ')[1]!));
    const enumerated = tenantRoutes.map((r) => `${r.method} ${r.path}`);
    expect(documented.length).toBeGreaterThan(40);
    expect(enumerated.length).toBeGreaterThanOrEqual(documented.length);
    expect(enumerated).toEqual(expect.arrayContaining(documented));
  });
});

describe.each(allRoutes)('isolation: $method $path', ({ method, path, app }) => {
  it("A's valid token with B's ids in the path gets nothing of B", async () => {
    const url = pathFor(path, B);
    const res = await attempt(app, method, url, adminA.accessToken);
    if (url !== path) expect([401, 403, 404, 400, 422]).toContain(res.status);
    expectNoLeak(res, url);
  });

  it('forged tenant headers, query and body fields are ignored', async () => {
    const url = `${pathFor(path, A)}?tenantId=${B.tenant.id}&tenant=${B.tenant.slug}`;
    const res = await attempt(app, method, url, workerA.accessToken, {
      headers: {
        'x-tenant-id': B.tenant.id,
        'x-linli-tenant': B.tenant.slug,
        'x-amzn-oidc-data': B.tenant.id,
      },
    });
    expectNoLeak(res, url.replace(/\?.*/, ''));
  });

  it.each([
    'tampered',
    'swappedPayload',
    'algNone',
    'expired',
    'idTokenUse',
    'otherClient',
    'foreignPool',
    'garbage',
  ])('a %s token gets 401', async (kind) => {
    const url = pathFor(path, B);
    const res = await attempt(app, method, url, forged[kind]);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).code).toBe('TOKEN_INVALID');
    expectNoLeak(res, url);
  });

  it('no token gets 401 UNAUTHENTICATED', async () => {
    const res = await attempt(app, method, pathFor(path, B), undefined);
    expect(res.status).toBe(401);
    expect(JSON.parse(res.text).code).toBe('UNAUTHENTICATED');
  });

  it('a user who rewrote their Cognito tenant attribute to B still only reaches A', async () => {
    const url = pathFor(path, B);
    const res = await attempt(app, method, url, rewriterToken);
    expectNoLeak(res, url);
  });

  it('a suspended district cannot reach B, and cannot write', async () => {
    const url = pathFor(path, B);
    const res = await attempt(app, method, url, adminS.accessToken);
    expectNoLeak(res, url);
    if (method !== 'GET' && path.startsWith('/api/t/')) expect(res.status).toBe(403);
  });
});

describe.each(tenantRoutes)('isolation (ministry): $method $path', ({ method, path }) => {
  it('a ministry user never reaches district data', async () => {
    const url = pathFor(path, B);
    const res = await attempt(tenantApp, method, url, ministry.accessToken);
    expect(res.status).toBe(403);
    expectNoLeak(res, url);
  });
});

describe('isolation: positive controls (the suite can see data when it is allowed)', () => {
  it("B's admin sees B's streets, A's admin sees A's", async () => {
    const b = await attempt(tenantApp, 'GET', '/api/t/org/streets', adminB.accessToken);
    expect(b.status).toBe(200);
    expect(b.text).toContain(`街道0-${B.tenant.id.slice(-6)}`);
    const a = await attempt(tenantApp, 'GET', '/api/t/org/streets', adminA.accessToken);
    expect(a.text).toContain(`街道0-${A.tenant.id.slice(-6)}`);
    expectNoLeak(a, '/api/t/org/streets');
  });

  it('a token signed like the forged ones but valid is accepted (control for the forgeries)', async () => {
    const res = await attempt(tenantApp, 'GET', '/api/t/tenant', forged.control);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).id).toBe(A.tenant.id);
  });

  it('the attribute rewriter is still resolved to A', async () => {
    const res = await attempt(tenantApp, 'GET', '/api/t/tenant', rewriterToken);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).id).toBe(A.tenant.id);
  });

  it('a community worker only sees their own street', async () => {
    const res = await attempt(tenantApp, 'GET', '/api/t/org/streets', workerA.accessToken);
    const streets = JSON.parse(res.text) as { code: string }[];
    expect(streets.map((s) => s.code)).toEqual([A.streets[0]]);
    const other = await attempt(
      tenantApp,
      'GET',
      `/api/t/org/streets/${A.streets[1]}/communities`,
      workerA.accessToken,
    );
    expect(other.status).toBe(403);
  });

  it('a suspended district can still read its own data (read-only, not locked out)', async () => {
    const res = await attempt(tenantApp, 'GET', '/api/t/tenant', adminS.accessToken);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text).status).toBe('suspended');
  });

  it('staff cannot use the ministry registry', async () => {
    const res = await attempt(control, 'GET', '/api/ministry/tenants', adminA.accessToken);
    expect(res.status).toBe(403);
  });

  it('staff cannot reach the ministry indicators (aggregates are the ministry console’s)', async () => {
    const indicatorRoutes = controlRoutes.filter((r) => r.path.startsWith('/api/ministry/indicators/'));
    expect(indicatorRoutes.length).toBeGreaterThanOrEqual(10);
    for (const r of indicatorRoutes) {
      const res = await attempt(control, r.method, pathFor(r.path, A), adminA.accessToken);
      expect([400, 403], `${r.method} ${r.path}`).toContain(res.status);
    }
    const table = await attempt(control, 'GET', '/api/ministry/indicators/table', ministry.accessToken);
    expect(table.status).toBe(200);
  });
});

describe('isolation: key-authenticated routes (a call key of district A never reaches district B)', () => {
  let keyA = '';
  beforeAll(async () => {
    const res = await call(tenantApp, 'POST', '/api/t/hotline/keys', adminA.accessToken, {
      label: 'isolation',
    });
    expect(res.status).toBe(201);
    keyA = res.body.secret;
  });

  it('finds the key routes (the list is not empty)', () => {
    expect(keyRoutes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/t/calls']));
  });

  it.each(keyRoutes)(
    '$method $path: no key 401, a staff JWT 401, A’s key renamed to B 401',
    async ({ method, path }) => {
      const url = pathFor(path, B);
      const body = { from: '13800001111', tenantId: B.tenant.id };
      const none = await attempt(tenantApp, method, url, undefined, { body });
      expect(none.status).toBe(401);
      const jwt = await attempt(tenantApp, method, url, adminA.accessToken, { body });
      expect(jwt.status).toBe(401);
      const [prefix, , keyId, secret] = keyA.split('.');
      const renamed = await attempt(tenantApp, method, url, [prefix, B.tenant.id, keyId, secret].join('.'), {
        body,
      });
      expect(renamed.status).toBe(401);
      expectNoLeak(renamed, url);
    },
  );

  it('A’s key with B named in headers, query and body still writes to A only', async () => {
    const res = await attempt(tenantApp, 'POST', `/api/t/calls?tenantId=${B.tenant.id}`, keyA, {
      headers: { 'x-tenant-id': B.tenant.id, 'x-linli-tenant': B.tenant.slug },
      body: { from: '13800001111' },
    });
    expect(res.status).toBe(201);
    expectNoLeak(res, '/api/t/calls');
    const mine = await attempt(tenantApp, 'GET', '/api/t/hotline/calls', adminA.accessToken);
    expect(JSON.parse(mine.text).items).toHaveLength(1);
    const theirs = await attempt(tenantApp, 'GET', '/api/t/hotline/calls', adminB.accessToken);
    expect(JSON.parse(theirs.text).items).toEqual([]);
  });
});

describe('isolation: nothing of B was written', () => {
  it("B's items are byte-for-byte unchanged after every attempt", async () => {
    expect(await snapshot(B)).toBe(before);
  });
});

export type { Tenant };
