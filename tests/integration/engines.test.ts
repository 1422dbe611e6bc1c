/**
 * The local engines hold exactly the resources `@linli/tables` defines, and bootstrap is
 * idempotent. Runs against DynamoDB Local and cognito-local started by engines.global.ts.
 */
import {
  AdminCreateUserCommand,
  AdminSetUserPasswordCommand,
  ConfirmSignUpCommand,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  SignUpCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  ListTablesCommand,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { bootstrap, Outbox, poolName } from '@linli/local';
import {
  controlTable,
  residentPool,
  staffPool,
  type TableDef,
  tableNames,
  tenantTable,
  type UserPoolDef,
} from '@linli/tables';
import { describe, expect, it } from 'vitest';
import { testEnv, testEnvValues } from '../support/env.ts';

const env = testEnv();
const values = testEnvValues();

const describeTable = async (name: string) =>
  (await env.dynamo.send(new DescribeTableCommand({ TableName: name }))).Table!;

/** The parts of a table description the definition determines, in a comparable shape. */
const shapeOf = (t: TableDescription) => ({
  keys: t.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`),
  attributes: Object.fromEntries(
    (t.AttributeDefinitions ?? []).map((a) => [a.AttributeName, a.AttributeType]),
  ),
  indexes: (t.GlobalSecondaryIndexes ?? [])
    .map((i) => ({
      name: i.IndexName,
      keys: i.KeySchema?.map((k) => `${k.AttributeName}:${k.KeyType}`),
      projection: i.Projection?.ProjectionType,
    }))
    .sort((a, b) => String(a.name).localeCompare(String(b.name))),
  stream: t.StreamSpecification?.StreamEnabled === true ? t.StreamSpecification.StreamViewType : undefined,
});

const expectedShape = (def: TableDef) => ({
  keys: [`${def.partitionKey.name}:HASH`, `${def.sortKey.name}:RANGE`],
  attributes: Object.fromEntries(
    [def.partitionKey, def.sortKey, ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey])].map((k) => [
      k.name,
      k.type,
    ]),
  ),
  indexes: def.indexes
    .map((i) => ({
      name: i.name,
      keys: [`${i.partitionKey.name}:HASH`, `${i.sortKey.name}:RANGE`],
      projection: i.projection,
    }))
    .sort((a, b) => a.name.localeCompare(b.name)),
  stream: def.stream ? 'NEW_AND_OLD_IMAGES' : undefined,
});

const expectTableMatches = async (name: string, def: TableDef) => {
  expect(shapeOf(await describeTable(name))).toEqual(expectedShape(def));
  const ttl = await env.dynamo.send(new DescribeTimeToLiveCommand({ TableName: name }));
  if (def.ttlAttribute) {
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('ENABLED');
    expect(ttl.TimeToLiveDescription?.AttributeName).toBe(def.ttlAttribute);
  } else {
    expect(ttl.TimeToLiveDescription?.TimeToLiveStatus).toBe('DISABLED');
  }
};

const stageTables = async () =>
  ((await env.dynamo.send(new ListTablesCommand({}))).TableNames ?? [])
    .filter((n) => n.startsWith(`linli-${env.stage}-`))
    .sort();

const expectPoolMatches = async (def: UserPoolDef, ref: typeof env.pools.staff) => {
  const pool = (await env.cognito.send(new DescribeUserPoolCommand({ UserPoolId: ref.userPoolId })))
    .UserPool!;
  expect(pool.Name).toBe(poolName(env.stage, def));
  for (const attr of def.customAttributes) {
    const schema = pool.SchemaAttributes?.find((s) => s.Name === `custom:${attr.name}`);
    expect(schema, `custom:${attr.name}`).toBeDefined();
    expect(schema?.Mutable).toBe(attr.mutable);
    expect(schema?.StringAttributeConstraints?.MaxLength).toBe(String(attr.maxLength));
  }
  const toCognito = (a: string) => (a === 'phone' ? 'phone_number' : a);
  const aliases = def.signInAliases.filter((a) => a !== 'username').map(toCognito);
  if (def.signInAliases.includes('username')) expect(pool.AliasAttributes).toEqual(aliases);
  else expect(pool.UsernameAttributes).toEqual(aliases);
  expect(pool.AutoVerifiedAttributes).toEqual(def.autoVerify.map(toCognito));
  expect(pool.Policies?.PasswordPolicy?.MinimumLength).toBe(def.passwordPolicy.minLength);

  const groups = await env.cognito.send(new ListGroupsCommand({ UserPoolId: ref.userPoolId }));
  // Other test files share these engines and may add their own groups and clients: each defined
  // one must exist exactly once (a second bootstrap must not duplicate it).
  const groupNames = groups.Groups?.map((g) => g.GroupName) ?? [];
  for (const g of def.groups)
    expect(
      groupNames.filter((n) => n === g),
      `group ${g}`,
    ).toHaveLength(1);

  const clients = await env.cognito.send(
    new ListUserPoolClientsCommand({ UserPoolId: ref.userPoolId, MaxResults: 60 }),
  );
  const clientNames = clients.UserPoolClients?.map((c) => c.ClientName) ?? [];
  for (const c of def.clients)
    expect(
      clientNames.filter((n) => n === c.id),
      `client ${c.id}`,
    ).toHaveLength(1);
  const web = (
    await env.cognito.send(
      new DescribeUserPoolClientCommand({ UserPoolId: ref.userPoolId, ClientId: ref.clientId }),
    )
  ).UserPoolClient!;
  const webDef = def.clients[0]!;
  expect(web.ClientName).toBe(webDef.id);
  expect(web.ExplicitAuthFlows?.sort()).toEqual(webDef.authFlows.map((f) => `ALLOW_${f}`).sort());
  expect(web.ReadAttributes?.sort()).toEqual([...webDef.readAttributes].sort());
  expect(web.WriteAttributes?.sort()).toEqual([...webDef.writeAttributes].sort());

  expect(ref.endpoint).toBe(values.cognitoEndpoint);
  expect(ref.issuer).toBe(`${values.cognitoEndpoint}/${ref.userPoolId}`);
  expect(ref.jwksUrl).toBe(`${ref.issuer}/.well-known/jwks.json`);
};

const tokenClaims = (jwt: string) =>
  JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8'));

describe('local tables', () => {
  it('names the tables by stage', () => {
    expect(env.tables).toEqual({
      control: tableNames(env.stage).control,
      pooledTenant: tableNames(env.stage).pooledTenant,
    });
  });

  it('creates the control table exactly as defined', async () => {
    await expectTableMatches(env.tables.control, controlTable);
  });

  it('creates the pooled tenant table exactly as defined', async () => {
    await expectTableMatches(env.tables.pooledTenant, tenantTable);
  });

  it('creates a silo tenant table from the tenant definition, once', async () => {
    const name = await env.ensureSiloTable('T0TESTSILO');
    expect(name).toBe(tableNames(env.stage).siloTenant('T0TESTSILO'));
    await expectTableMatches(name, tenantTable);
    expect(await env.ensureSiloTable('T0TESTSILO')).toBe(name);
    expect((await stageTables()).filter((n) => n === name)).toHaveLength(1);
  });
});

describe('local user pools', () => {
  it('creates the staff pool with its aliases, custom attributes, groups and web client', async () => {
    await expectPoolMatches(staffPool, env.pools.staff);
  });

  it('creates the resident pool with phone sign-in and its web client', async () => {
    await expectPoolMatches(residentPool, env.pools.residents);
  });

  it('signs tokens with the issuer in the PoolRef and serves its JWKS', async () => {
    const { userPoolId, clientId, issuer, jwksUrl } = env.pools.staff;
    const username = `it-staff-${Date.now()}`;
    const password = 'Linli-test-2026!';
    await env.cognito.send(
      new AdminCreateUserCommand({
        UserPoolId: userPoolId,
        Username: username,
        MessageAction: 'SUPPRESS',
        TemporaryPassword: password,
      }),
    );
    await env.cognito.send(
      new AdminSetUserPasswordCommand({
        UserPoolId: userPoolId,
        Username: username,
        Password: password,
        Permanent: true,
      }),
    );
    const auth = await env.cognito.send(
      new InitiateAuthCommand({
        ClientId: clientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: username, PASSWORD: password },
      }),
    );
    const idToken = auth.AuthenticationResult?.IdToken;
    expect(idToken).toBeTruthy();
    const claims = tokenClaims(idToken!);
    expect(claims.iss).toBe(issuer);
    expect(claims.aud).toBe(clientId);
    const header = JSON.parse(Buffer.from(idToken!.split('.')[0]!, 'base64url').toString('utf8'));
    const jwks = (await (await fetch(jwksUrl)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toContain(header.kid);
  });

  it('puts the SMS verification code of a resident sign-up into the dev outbox', async () => {
    const phone = `+86138${String(Date.now()).slice(-8)}`;
    const { clientId } = env.pools.residents;
    await env.cognito.send(
      new SignUpCommand({
        ClientId: clientId,
        Username: phone,
        Password: 'Linli-test-2026!',
        UserAttributes: [{ Name: 'phone_number', Value: phone }],
      }),
    );
    const outbox = new Outbox(env.dataDir);
    let code: string | undefined;
    for (let i = 0; i < 300 && !code; i++) {
      code = outbox.latestCode(phone);
      if (!code) await new Promise((r) => setTimeout(r, 100));
    }
    expect(code).toMatch(/^\d{6}$/);
    expect(outbox.list({ to: phone }).at(-1)).toMatchObject({ channel: 'sms', to: phone, code });
    await expect(
      env.cognito.send(
        new ConfirmSignUpCommand({ ClientId: clientId, Username: phone, ConfirmationCode: code! }),
      ),
    ).resolves.toBeDefined();
  });
});

describe('bootstrap', () => {
  it('is idempotent: a second run finds the same tables, pools, clients and groups', async () => {
    const tablesBefore = await stageTables();
    const poolsBefore =
      (await env.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
    const again = await bootstrap(
      { dynamoEndpoint: values.dynamoEndpoint, cognitoEndpoint: values.cognitoEndpoint },
      { stage: env.stage, dataDir: env.dataDir },
    );
    expect(again.tables).toEqual(env.tables);
    expect(again.pools).toEqual(env.pools);
    expect(await stageTables()).toEqual(tablesBefore);
    const poolsAfter =
      (await again.cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }))).UserPools ?? [];
    expect(poolsAfter.map((p) => p.Id).sort()).toEqual(poolsBefore.map((p) => p.Id).sort());
    await expectPoolMatches(staffPool, again.pools.staff);
    await expectPoolMatches(residentPool, again.pools.residents);
    again.dynamo.destroy();
    again.cognito.destroy();
  });
});
