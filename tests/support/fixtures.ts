/**
 * Test fixtures on the real local engines: districts with org structure, staff users with
 * memberships, and real tokens from cognito-local.
 */
import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminSetUserPasswordCommand,
  InitiateAuthCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '@linli/core';
import type { PlatformEnv } from '@linli/local';
import type { Tier } from '@linli/tables';
import { importOrg, type Membership, type Tenant, TenantRegistry, TenantStores } from '@linli/tenancy';

export const PASSWORD = 'Test-password-2026';

export const docOf = (env: PlatformEnv) =>
  DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });

const uniq = () => Math.random().toString(36).slice(2, 8);

/** A district with a few (synthetic, but correctly shaped) streets and communities. */
export const makeDistrict = async (
  env: PlatformEnv,
  opts: { divisionCode?: string; tier?: Tier; placement?: 'pooled' | 'silo'; status?: Tenant['status'] } = {},
): Promise<{ tenant: Tenant; streets: string[]; communities: string[] }> => {
  const doc = docOf(env);
  const registry = new TenantRegistry(doc, env.tables.control);
  // Division codes in the 9xxxxx range are not real, so fixtures never collide with the seed. Two
  // random fixtures of one run may draw the same code: then another code is drawn (at most 5 tries).
  const draw = () => `9${String(Math.floor(Math.random() * 1e5)).padStart(5, '0')}`;
  const id = newId();
  const placement = opts.placement ?? 'pooled';
  const dataTable = placement === 'silo' ? await env.ensureSiloTable(id) : env.tables.pooledTenant;
  const create = (divisionCode: string) =>
    registry.create({
      id,
      divisionCode,
      slug: `t-${uniq()}-${divisionCode}`,
      name: `测试区${divisionCode}`,
      province: '测试省',
      city: '测试市',
      tier: opts.tier ?? 'standard',
      category: {
        areaType: 'urban-core',
        development: 'developed',
        migrantShare: 'normal',
        infrastructure: 'strong',
        hardship: 'normal',
      },
      placement,
      wave: 'wave-1',
      status: opts.status ?? 'active',
      dataTable,
    });
  let divisionCode = opts.divisionCode ?? draw();
  let tenant: Tenant | undefined;
  for (let attempt = 1; !tenant; attempt++) {
    try {
      tenant = await create(divisionCode);
    } catch (err) {
      const taken = (err as { code?: string }).code === 'DIVISION_ALREADY_ONBOARDED';
      if (!taken || opts.divisionCode || attempt >= 5) throw err;
      divisionCode = draw();
    }
  }
  const streets = [`${divisionCode}001`, `${divisionCode}002`];
  const communities = [`${streets[0]}001`, `${streets[0]}002`, `${streets[1]}001`];
  await importOrg(
    new TenantStores(() => doc).for(tenant),
    streets.map((code, i) => ({ code, name: `街道${i}-${tenant.id.slice(-6)}` })),
    communities.map((code, i) => ({
      code,
      name: `社区${i}-${tenant.id.slice(-6)}`,
      streetCode: code.slice(0, 9),
      kind: 'residents' as const,
    })),
  );
  return { tenant, streets, communities };
};

export interface TestUser {
  readonly username: string;
  readonly sub: string;
  readonly accessToken: string;
}

/** A staff user in the staff pool with a Linli membership, signed in for a real access token. */
export const makeStaff = async (
  env: PlatformEnv,
  m: Pick<Membership, 'kind' | 'roles' | 'scope'> & {
    tenantId?: string;
    attributes?: Record<string, string>;
  },
): Promise<TestUser> => {
  const username = `u${uniq()}${uniq()}`;
  const poolId = env.pools.staff.userPoolId;
  await env.cognito.send(
    new AdminCreateUserCommand({
      UserPoolId: poolId,
      Username: username,
      MessageAction: 'SUPPRESS',
      TemporaryPassword: PASSWORD,
      UserAttributes: Object.entries(m.attributes ?? {}).map(([Name, Value]) => ({ Name, Value })),
    }),
  );
  await env.cognito.send(
    new AdminSetUserPasswordCommand({
      UserPoolId: poolId,
      Username: username,
      Password: PASSWORD,
      Permanent: true,
    }),
  );
  for (const role of m.roles) {
    await env.cognito.send(
      new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: username, GroupName: role }),
    );
  }
  const got = await env.cognito.send(new AdminGetUserCommand({ UserPoolId: poolId, Username: username }));
  const sub = got.UserAttributes?.find((a) => a.Name === 'sub')?.Value ?? '';
  await new TenantRegistry(docOf(env), env.tables.control).putMembership({
    sub,
    pool: 'staff',
    kind: m.kind,
    username,
    name: username,
    ...(m.tenantId ? { tenantId: m.tenantId } : {}),
    roles: m.roles,
    scope: m.scope,
    createdAt: new Date().toISOString(),
  });
  return { username, sub, accessToken: await signIn(env, username) };
};

export const signIn = async (
  env: PlatformEnv,
  username: string,
  password = PASSWORD,
  clientId = env.pools.staff.clientId,
) => {
  const out = await env.cognito.send(
    new InitiateAuthCommand({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: clientId,
      AuthParameters: { USERNAME: username, PASSWORD: password },
    }),
  );
  const token = out.AuthenticationResult?.AccessToken;
  if (!token) throw new Error(`no token for ${username}`);
  return token;
};
