import { join } from 'node:path';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  type ApiDeps,
  cognitoUserReader,
  createControlApp,
  createTenantApp,
  InProcessImportRunner,
} from '@linli/api';
import { ContextResolver, TokenVerifier } from '@linli/auth';
import { LocalFileKeyProvider } from '@linli/population';
import { createFlagRuntime } from '@linli/rollout';
import { TenantRegistry, TenantStores } from '@linli/tenancy';
import type { Outbox } from './outbox.ts';
import type { PlatformEnv } from './types.ts';
import { LocalImportFiles } from './uploads.ts';

/** Path on the gateway's own origin through which the browser reaches cognito-local. */
export const BROWSER_COGNITO_PATH = '/cognito/';

/** The API dependencies of the local platform: the same apps Lambda runs, on local engines. */
export interface LocalAppsOptions {
  readonly outbox?: Outbox;
  readonly throttle?: boolean;
  /** How often the flag service checks the stored version. @default 10_000 */
  readonly flagRefreshMs?: number;
  /** Control-table partition of the flags (tests isolate theirs). @default 'FLAGS' */
  readonly flagPartition?: string;
  /** Four eyes above this many affected districts. @default 2 */
  readonly flagApprovalThreshold?: number;
}

const keyProviders = new Map<string, LocalFileKeyProvider>();
/** One key provider per data folder (its master key file is read once). */
export const localKeys = (env: Pick<PlatformEnv, 'dataDir'>): LocalFileKeyProvider => {
  const dir = join(env.dataDir, 'keys');
  let p = keyProviders.get(dir);
  if (!p) {
    p = new LocalFileKeyProvider(dir);
    keyProviders.set(dir, p);
  }
  return p;
};

const uploads = new Map<string, LocalImportFiles>();
/** One upload store per data folder (its signing secret must match between the API and the gateway). */
export const uploadsFor = (env: Pick<PlatformEnv, 'dataDir'>): LocalImportFiles => {
  const dir = join(env.dataDir, 'uploads');
  let u = uploads.get(dir);
  if (!u) {
    u = new LocalImportFiles(dir);
    uploads.set(dir, u);
  }
  return u;
};

export const createLocalDeps = (env: PlatformEnv, opts: LocalAppsOptions = {}): ApiDeps => {
  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const registry = new TenantRegistry(doc, env.tables.control);
  const trust = (pool: 'staff' | 'residents') => ({
    pool,
    issuer: env.pools[pool].issuer,
    jwksUrl: env.pools[pool].jwksUrl,
    clientIds: [env.pools[pool].clientId],
  });
  const outbox = opts.outbox;
  const flags = createFlagRuntime(doc, env.tables.control, registry, {
    refreshMs: opts.flagRefreshMs ?? 10_000,
    ...(opts.flagPartition ? { partition: opts.flagPartition } : {}),
    ...(opts.flagApprovalThreshold !== undefined ? { threshold: opts.flagApprovalThreshold } : {}),
  });
  const stores = new TenantStores(() => doc);
  const importFiles = uploadsFor(env);
  return {
    mode: 'local',
    region: env.region,
    doc,
    controlTable: env.tables.control,
    registry,
    importFiles,
    // Background imports run in this process once the upload is in `<dataDir>/uploads/`.
    importRunner: new InProcessImportRunner(() => ({
      registry,
      stores,
      keys: localKeys(env),
      files: importFiles,
      progressEveryMs: 500,
    })),
    // Locally one client serves every tenant; the TenantStore guard still pins each request to
    // its prefix (in AWS each tenant also gets its own STS-scoped client).
    stores,
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
    modulesFor: (tenant) => flags.service.modulesFor(tenant),
    flags,
    throttle: opts.throttle ?? true,
    // The API reaches cognito-local directly (the browser goes through the gateway's `/cognito/`).
    getCognitoUser: cognitoUserReader(env.cognito, { confirmationVerifiesPhone: true }),
    onboarding: {
      cognito: env.cognito,
      staffPoolId: env.pools.staff.userPoolId,
      pooledTable: env.tables.pooledTenant,
      ensureSiloTable: env.ensureSiloTable,
      // Local only: a fixed key is fine for codes that never leave the dev outbox.
      pepper: `linli-local-${env.stage}`,
    },
    keys: localKeys(env),
  };
};

export const createLocalApps = (env: PlatformEnv, opts: LocalAppsOptions = {}) => {
  const deps = createLocalDeps(env, opts);
  return { control: createControlApp(deps), tenant: createTenantApp(deps), deps };
};
