/**
 * Creates the local resources from the one shared definition (`@linli/tables`), idempotently:
 * describe → create what is missing. Running it twice changes nothing.
 */
import {
  CognitoIdentityProviderClient,
  CreateGroupCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  type ExplicitAuthFlowsType,
  ListGroupsCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type SchemaAttributeType,
} from '@aws-sdk/client-cognito-identity-provider';
import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DescribeTableCommandOutput,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  type GlobalSecondaryIndex,
  ResourceNotFoundException,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import {
  controlTable,
  type IndexDef,
  residentPool,
  staffPool,
  type TableDef,
  tableNames,
  tenantTable,
  type UserPoolDef,
} from '@linli/tables';
import type { PlatformEnv, PoolRef } from './types.ts';

/** Region and credentials of every local client: the engines accept anything. */
export const LOCAL_REGION = 'local';
export const localClientConfig = (endpoint: string) => ({
  endpoint,
  region: LOCAL_REGION,
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});

/** The parts of PlatformEnv that survive JSON (what the test setup hands to test files). */
export interface SerializablePlatformEnv {
  readonly stage: string;
  readonly region: string;
  readonly dynamoEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly tables: PlatformEnv['tables'];
  readonly pools: PlatformEnv['pools'];
  readonly dataDir: string;
}

export const serializePlatformEnv = (env: PlatformEnv): SerializablePlatformEnv => ({
  stage: env.stage,
  region: env.region,
  dynamoEndpoint: env.dynamoEndpoint,
  cognitoEndpoint: env.pools.staff.endpoint,
  tables: env.tables,
  pools: env.pools,
  dataDir: env.dataDir,
});

// --- DynamoDB ---------------------------------------------------------------------------------

const keySchema = (pk: { name: string }, sk: { name: string }) => [
  { AttributeName: pk.name, KeyType: 'HASH' as const },
  { AttributeName: sk.name, KeyType: 'RANGE' as const },
];

const gsiFor = (index: IndexDef): GlobalSecondaryIndex => ({
  IndexName: index.name,
  KeySchema: keySchema(index.partitionKey, index.sortKey),
  Projection: { ProjectionType: index.projection },
});

const attributeDefinitions = (keys: readonly { name: string; type: 'S' | 'N' }[]): AttributeDefinition[] => {
  const seen = new Map<string, 'S' | 'N'>();
  for (const k of keys) seen.set(k.name, k.type);
  return [...seen].map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType }));
};

const allKeys = (def: TableDef) => [
  def.partitionKey,
  def.sortKey,
  ...def.indexes.flatMap((i) => [i.partitionKey, i.sortKey]),
];

/** Creates `name` from `def` if missing; adds missing indexes and TTL to an existing table. */
export const ensureTable = async (dynamo: DynamoDBClient, name: string, def: TableDef): Promise<void> => {
  let existing: DescribeTableCommandOutput | undefined;
  try {
    existing = await dynamo.send(new DescribeTableCommand({ TableName: name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  if (!existing) {
    try {
      await dynamo.send(
        new CreateTableCommand({
          TableName: name,
          BillingMode: 'PAY_PER_REQUEST',
          KeySchema: keySchema(def.partitionKey, def.sortKey),
          AttributeDefinitions: attributeDefinitions(allKeys(def)),
          ...(def.indexes.length ? { GlobalSecondaryIndexes: def.indexes.map(gsiFor) } : {}),
          ...(def.stream
            ? { StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }
            : {}),
        }),
      );
    } catch (error) {
      // another process created it between describe and create
      if ((error as { name?: string }).name !== 'ResourceInUseException') throw error;
    }
  } else {
    const present = new Set((existing.Table?.GlobalSecondaryIndexes ?? []).map((i) => i.IndexName));
    for (const index of def.indexes.filter((i) => !present.has(i.name))) {
      await dynamo.send(
        new UpdateTableCommand({
          TableName: name,
          AttributeDefinitions: attributeDefinitions([index.partitionKey, index.sortKey]),
          GlobalSecondaryIndexUpdates: [{ Create: gsiFor(index) }],
        }),
      );
    }
  }
  if (def.ttlAttribute) {
    const ttl = await dynamo.send(new DescribeTimeToLiveCommand({ TableName: name }));
    const status = ttl.TimeToLiveDescription?.TimeToLiveStatus;
    if (status !== 'ENABLED' && status !== 'ENABLING') {
      await dynamo.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: def.ttlAttribute, Enabled: true },
        }),
      );
    }
  }
};

// --- Cognito ----------------------------------------------------------------------------------

/** Pool name per stage: `linli-<stage>-staff`, `linli-<stage>-residents`. */
export const poolName = (stage: string, def: UserPoolDef) => `linli-${stage}-${def.id}`;

const cognitoAttr = (alias: 'email' | 'phone') => (alias === 'phone' ? 'phone_number' : 'email');

/** The CreateUserPool input for a pool definition (the same mapping CDK applies to signInAliases). */
export const createUserPoolInput = (stage: string, def: UserPoolDef) => {
  const aliases = def.signInAliases.filter((a): a is 'email' | 'phone' => a !== 'username').map(cognitoAttr);
  const byUsername = def.signInAliases.includes('username');
  const schema: SchemaAttributeType[] = def.customAttributes.map((a) => ({
    Name: a.name,
    AttributeDataType: 'String',
    Mutable: a.mutable,
    StringAttributeConstraints: { MinLength: '0', MaxLength: String(a.maxLength) },
  }));
  return {
    PoolName: poolName(stage, def),
    ...(byUsername ? { AliasAttributes: aliases } : { UsernameAttributes: aliases }),
    AutoVerifiedAttributes: def.autoVerify.map(cognitoAttr),
    Schema: schema,
    Policies: {
      PasswordPolicy: {
        MinimumLength: def.passwordPolicy.minLength,
        RequireLowercase: def.passwordPolicy.requireLowercase,
        RequireUppercase: def.passwordPolicy.requireUppercase,
        RequireNumbers: def.passwordPolicy.requireDigits,
        RequireSymbols: def.passwordPolicy.requireSymbols,
      },
    },
  };
};

const ensurePool = async (
  cognito: CognitoIdentityProviderClient,
  endpoint: string,
  stage: string,
  def: UserPoolDef,
): Promise<PoolRef> => {
  const name = poolName(stage, def);
  const pools = await cognito.send(new ListUserPoolsCommand({ MaxResults: 60 }));
  let userPoolId = pools.UserPools?.find((p) => p.Name === name)?.Id;
  if (!userPoolId) {
    const created = await cognito.send(new CreateUserPoolCommand(createUserPoolInput(stage, def)));
    userPoolId = created.UserPool!.Id!;
  }

  const groups = await cognito.send(new ListGroupsCommand({ UserPoolId: userPoolId }));
  const existingGroups = new Set(groups.Groups?.map((g) => g.GroupName));
  for (const group of def.groups.filter((g) => !existingGroups.has(g))) {
    await cognito.send(new CreateGroupCommand({ UserPoolId: userPoolId, GroupName: group }));
  }

  const clients = await cognito.send(
    new ListUserPoolClientsCommand({ UserPoolId: userPoolId, MaxResults: 60 }),
  );
  const clientIds: string[] = [];
  for (const client of def.clients) {
    let clientId = clients.UserPoolClients?.find((c) => c.ClientName === client.id)?.ClientId;
    if (!clientId) {
      const created = await cognito.send(
        new CreateUserPoolClientCommand({
          UserPoolId: userPoolId,
          ClientName: client.id,
          GenerateSecret: false,
          ExplicitAuthFlows: client.authFlows.map((f) => `ALLOW_${f}` as ExplicitAuthFlowsType),
          ReadAttributes: [...client.readAttributes],
          WriteAttributes: [...client.writeAttributes],
          AccessTokenValidity: client.accessTokenMinutes,
          IdTokenValidity: client.idTokenMinutes,
          RefreshTokenValidity: client.refreshTokenDays,
          TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
          PreventUserExistenceErrors: 'ENABLED',
        }),
      );
      clientId = created.UserPoolClient!.ClientId!;
    }
    clientIds.push(clientId);
  }

  const issuer = `${endpoint}/${userPoolId}`;
  return {
    userPoolId,
    clientId: clientIds[0]!,
    endpoint,
    issuer,
    jwksUrl: `${issuer}/.well-known/jwks.json`,
  };
};

// --- PlatformEnv ------------------------------------------------------------------------------

const envWith = (
  base: Omit<PlatformEnv, 'dynamo' | 'cognito' | 'ensureSiloTable'>,
  cognitoEndpoint: string,
): PlatformEnv => {
  const dynamo = new DynamoDBClient(localClientConfig(base.dynamoEndpoint));
  const cognito = new CognitoIdentityProviderClient(localClientConfig(cognitoEndpoint));
  const ensureSiloTable = async (tenantId: string) => {
    const name = tableNames(base.stage).siloTenant(tenantId);
    await ensureTable(dynamo, name, tenantTable);
    return name;
  };
  return { ...base, dynamo, cognito, ensureSiloTable };
};

/** Rebuilds a full PlatformEnv (with fresh clients) from its serializable parts. */
export const platformEnvFrom = (s: SerializablePlatformEnv): PlatformEnv =>
  envWith(
    {
      stage: s.stage,
      region: s.region,
      dynamoEndpoint: s.dynamoEndpoint,
      tables: s.tables,
      pools: s.pools,
      dataDir: s.dataDir,
    },
    s.cognitoEndpoint,
  );

export interface BootstrapOptions {
  /** Stage name in table and pool names (`local` for npm start, unique per test run). */
  readonly stage: string;
  readonly dataDir: string;
}

/** Creates (or finds) the tables and user pools and returns the PlatformEnv the apps run on. */
export const bootstrap = async (
  engines: { readonly dynamoEndpoint: string; readonly cognitoEndpoint: string },
  { stage, dataDir }: BootstrapOptions,
): Promise<PlatformEnv> => {
  const names = tableNames(stage);
  const dynamo = new DynamoDBClient(localClientConfig(engines.dynamoEndpoint));
  const cognito = new CognitoIdentityProviderClient(localClientConfig(engines.cognitoEndpoint));
  await Promise.all([
    ensureTable(dynamo, names.control, controlTable),
    ensureTable(dynamo, names.pooledTenant, tenantTable),
  ]);
  // sequential: cognito-local keeps each pool in one JSON file
  const staff = await ensurePool(cognito, engines.cognitoEndpoint, stage, staffPool);
  const residents = await ensurePool(cognito, engines.cognitoEndpoint, stage, residentPool);
  dynamo.destroy();
  cognito.destroy();
  return platformEnvFrom({
    stage,
    region: LOCAL_REGION,
    dynamoEndpoint: engines.dynamoEndpoint,
    cognitoEndpoint: engines.cognitoEndpoint,
    tables: { control: names.control, pooledTenant: names.pooledTenant },
    pools: { staff, residents },
    dataDir,
  });
};
