/**
 * Route test kit: the real Hono apps with in-memory stand-ins for what sits behind them, so
 * validation, permissions and response schemas are tested in milliseconds beside the code. The
 * integration tests still run the same apps on DynamoDB Local and cognito-local.
 *
 * A token is the name of a caller below (`call(app, 'POST', path, 'worker', body)`): the fake
 * verifier accepts it and the fake resolver gives that caller's `RequestContext`. The tenant
 * store has no engine: a route that reaches DynamoDB fails with `NO_ENGINE`, so a test of a
 * validation or permission failure also proves it was refused before any data access.
 */
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { ContextResolver, RequestContext, TokenVerifier, VerifiedToken } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import { type Tenant, TenantStores } from '@linli/tenancy';
import type { ApiDeps } from '../src/deps.ts';

export const TENANT: Tenant = {
  id: '01JTESTTENANT0000000000000',
  divisionCode: '110101',
  slug: 'dongcheng-110101',
  name: '东城区',
  province: '北京市',
  city: '北京市',
  tier: 'standard',
  category: {
    areaType: 'urban-core',
    development: 'developed',
    migrantShare: 'normal',
    infrastructure: 'strong',
    hardship: 'normal',
  },
  placement: 'pooled',
  wave: null,
  status: 'active',
  dataTable: 'linli-test-tenant-data',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
};

const COMMUNITY = '110101001001';
const STREET = COMMUNITY.slice(0, 9);

const staff = (
  roles: string[],
  scope: RequestContext['scope'] = {},
): Omit<RequestContext, 'sub' | 'username'> => ({
  name: roles[0]!,
  pool: 'staff',
  kind: 'staff',
  roles,
  scope,
  tenant: TENANT,
});

/** Every caller a route test may name, one per role (plus a ministry user and a suspended district). */
export const CALLERS = {
  admin: staff(['district-admin']),
  street: staff(['street-staff'], { streetCode: STREET }),
  worker: staff(['community-worker'], { communityCode: COMMUNITY, streetCode: STREET }),
  civil: staff(['department-staff'], { department: 'civil-affairs' }),
  hotline: staff(['call-centre-operator']),
  suspended: { ...staff(['district-admin']), tenant: { ...TENANT, status: 'suspended' as const } },
  ministry: { name: 'ministry', pool: 'staff', kind: 'ministry', roles: ['ministry-admin'], scope: {} },
} satisfies Record<string, Omit<RequestContext, 'sub' | 'username'>>;
export type Caller = keyof typeof CALLERS;

export const SCOPE = { community: COMMUNITY, street: STREET } as const;

const verifier: Pick<TokenVerifier, 'verify'> = {
  async verify(token: string): Promise<VerifiedToken> {
    if (!(token in CALLERS)) throw Errors.tokenInvalid();
    return { pool: 'staff', sub: `sub-${token}`, username: token, clientId: 'web', claims: {} };
  },
};

const resolver: Pick<ContextResolver, 'resolve' | 'invalidate'> = {
  async resolve(v: VerifiedToken): Promise<RequestContext> {
    return { ...CALLERS[v.username as Caller], sub: v.sub, username: v.username };
  },
  invalidate() {},
};

/** A DynamoDB client that refuses every command: route tests run without engines. */
const noEngine = {
  send: async () => {
    throw new LinliError('NO_ENGINE', 500, {
      zh: '路由测试不访问数据库',
      en: 'route tests reach no database',
    });
  },
} as Pick<DynamoDBDocumentClient, 'send'>;

/** `ApiDeps` for route tests (local mode: the audit and response-schema guards are on). */
export const testDeps = (over: Partial<ApiDeps> = {}): ApiDeps => ({
  mode: 'local',
  region: 'local',
  doc: noEngine as DynamoDBDocumentClient,
  controlTable: 'linli-test-control',
  registry: {} as ApiDeps['registry'],
  stores: new TenantStores(() => noEngine as DynamoDBDocumentClient),
  verifier: verifier as TokenVerifier,
  resolver: resolver as ContextResolver,
  pools: {
    staff: { userPoolId: 'local_staff', clientId: 'web', endpoint: '/cognito/' },
    residents: { userPoolId: 'local_residents', clientId: 'web', endpoint: '/cognito/' },
  },
  modulesFor: () => ['population'],
  ...over,
});
