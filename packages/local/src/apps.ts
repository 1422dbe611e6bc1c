import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type ApiDeps, createControlApp, createTenantApp, tierDefaultModules } from '@linli/api';
import { ContextResolver, TokenVerifier } from '@linli/auth';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import type { Outbox } from './outbox.ts';
import type { PlatformEnv } from './types.ts';

/** Path on the gateway's own origin through which the browser reaches cognito-local. */
export const BROWSER_COGNITO_PATH = '/cognito/';

/** The API dependencies of the local platform: the same apps Lambda runs, on local engines. */
export const createLocalDeps = (
  env: PlatformEnv,
  opts: { outbox?: Outbox; throttle?: boolean } = {},
): ApiDeps => {
  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const registry = new TenantRegistry(doc, env.tables.control);
  const trust = (pool: 'staff' | 'residents') => ({
    pool,
    issuer: env.pools[pool].issuer,
    jwksUrl: env.pools[pool].jwksUrl,
    clientIds: [env.pools[pool].clientId],
  });
  const outbox = opts.outbox;
  return {
    mode: 'local',
    region: env.region,
    doc,
    controlTable: env.tables.control,
    registry,
    // Locally one client serves every tenant; the TenantStore guard still pins each request to
    // its prefix (in AWS each tenant also gets its own STS-scoped client).
    stores: new TenantStores(() => doc),
    verifier: new TokenVerifier([trust('staff'), trust('residents')]),
    resolver: new ContextResolver(registry, 5_000),
    pools: {
      staff: {
        userPoolId: env.pools.staff.userPoolId,
        clientId: env.pools.staff.clientId,
        endpoint: BROWSER_COGNITO_PATH,
      },
      residents: {
        userPoolId: env.pools.residents.userPoolId,
        clientId: env.pools.residents.clientId,
        endpoint: BROWSER_COGNITO_PATH,
      },
    },
    ...(outbox
      ? {
          notifier: {
            send: async (m) => {
              outbox.append({ ...m, at: new Date().toISOString(), source: 'linli' });
            },
            list: async () => outbox.list(),
          },
        }
      : {}),
    modulesFor: tierDefaultModules,
    throttle: opts.throttle ?? true,
  };
};

export const createLocalApps = (env: PlatformEnv, opts: { outbox?: Outbox; throttle?: boolean } = {}) => {
  const deps = createLocalDeps(env, opts);
  return { control: createControlApp(deps), tenant: createTenantApp(deps), deps };
};
