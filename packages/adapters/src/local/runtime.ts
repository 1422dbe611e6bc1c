import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Notifier, OutboxEntry } from '@linli/api';
import { RATE_RULES, RateLimiter } from '@linli/api/rate-limit';
import { LocalFileKeyProvider } from '@linli/population';
import { TenantStores } from '@linli/tenancy';
import { cognitoUserReader } from '../cognito-user.ts';
import type { AdapterRuntime } from '../create-deps.ts';
import { InProcessImportRunner } from '../jobs.ts';
import { LocalImportFiles } from './uploads.ts';

/** Path on the gateway's own origin through which the browser reaches cognito-local. */
export const BROWSER_COGNITO_PATH = '/cognito/';

/** One local user pool (cognito-local) as the API trusts it. */
export interface LocalPool {
  readonly userPoolId: string;
  readonly clientId: string;
  readonly issuer: string;
  readonly jwksUrl: string;
}

/** What the local platform has started (`PlatformEnv` of `@linli/local` is one). */
export interface LocalPlatform {
  readonly stage: string;
  readonly region: string;
  readonly dynamo: DynamoDBClient;
  readonly cognito: CognitoIdentityProviderClient;
  readonly tables: { readonly control: string; readonly pooledTenant: string };
  readonly ensureSiloTable: (tenantId: string) => Promise<string>;
  readonly pools: { readonly staff: LocalPool; readonly residents: LocalPool };
  readonly dataDir: string;
}

/** The development outbox (`@linli/local`'s `Outbox`): messages land in a file the web client lists. */
export interface OutboxLike {
  append(message: OutboxEntry & { readonly source: string }): unknown;
  list(): OutboxEntry[];
}

export interface LocalRuntimeOptions {
  readonly outbox?: OutboxLike;
  readonly throttle?: boolean;
  /** How often the flag service checks the stored version. @default 10_000 */
  readonly flagRefreshMs?: number;
  /** Control-table partition of the flags (tests isolate theirs). @default 'FLAGS' */
  readonly flagPartition?: string;
  /** Four eyes above this many affected districts. @default 2 */
  readonly flagApprovalThreshold?: number;
  /**
   * Limits of the anonymous endpoints (join drafts, codes, resident sign-up) in the control table;
   * `namespace` keeps a test's counters apart. @default on, unless `throttle` is false
   */
  readonly anonymousLimits?: false | { readonly namespace?: string };
}

/**
 * A secret of this data folder (the page-cursor key, the rate-limit key), generated once (0600,
 * O_EXCL) so every process on the folder, and a restart, agrees — what a deploy-time secret is in AWS.
 */
export const localSecret = (env: Pick<LocalPlatform, 'dataDir'>, name: string): Buffer => {
  const file = join(env.dataDir, 'secrets', name);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  if (!existsSync(file)) {
    try {
      writeFileSync(file, randomBytes(32), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  return readFileSync(file);
};

/** One instance per folder: made on first use and kept for the process. */
const perFolder = <T>(make: (dir: string) => T) => {
  const made = new Map<string, T>();
  return (dir: string): T => {
    let it = made.get(dir);
    if (!it) {
      it = make(dir);
      made.set(dir, it);
    }
    return it;
  };
};

const keyProviderIn = perFolder((dir) => new LocalFileKeyProvider(dir));
/** One key provider per data folder (its master key file is read once). */
export const localKeys = (env: Pick<LocalPlatform, 'dataDir'>): LocalFileKeyProvider =>
  keyProviderIn(join(env.dataDir, 'keys'));

const materialsIn = perFolder((dir) => new LocalImportFiles(dir, Date.now, 'materials'));
/** Materials of service requests: the same folder and secret, keys under `t/<id>/materials/`. */
export const materialsFor = (env: Pick<LocalPlatform, 'dataDir'>): LocalImportFiles =>
  materialsIn(join(env.dataDir, 'uploads'));

const uploadsIn = perFolder((dir) => new LocalImportFiles(dir));
/** One upload store per data folder (its signing secret must match between the API and the gateway). */
export const uploadsFor = (env: Pick<LocalPlatform, 'dataDir'>): LocalImportFiles =>
  uploadsIn(join(env.dataDir, 'uploads'));

/** The {@link Notifier} of the local platform: every SMS and e-mail goes to the development outbox. */
export const outboxNotifier = (outbox: OutboxLike): Notifier => ({
  send: async (m) => {
    outbox.append({ ...m, at: new Date().toISOString(), source: 'linli' });
  },
  list: async () => outbox.list(),
});

/**
 * The API apps' runtime on the local engines (DynamoDB Local, cognito-local): the same apps Lambda
 * runs, with the local adapters — the outbox notifier, the upload folder, the key file and
 * in-process import runs.
 */
export const localRuntime = (env: LocalPlatform, opts: LocalRuntimeOptions = {}): AdapterRuntime => {
  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const trust = (pool: 'staff' | 'residents') => ({
    pool,
    issuer: env.pools[pool].issuer,
    jwksUrl: env.pools[pool].jwksUrl,
    clientIds: [env.pools[pool].clientId],
  });
  const publicPool = (pool: 'staff' | 'residents') => ({
    userPoolId: env.pools[pool].userPoolId,
    clientId: env.pools[pool].clientId,
    endpoint: BROWSER_COGNITO_PATH,
  });
  const limits = opts.anonymousLimits ?? (opts.throttle === false ? false : {});
  const limiter = limits
    ? new RateLimiter(doc, env.tables.control, {
        secret: localSecret(env, 'rate.key'),
        ...(limits.namespace ? { namespace: `RATE#${limits.namespace}` } : {}),
      })
    : undefined;
  return {
    mode: 'local',
    region: env.region,
    doc,
    controlTable: env.tables.control,
    // Locally one client serves every tenant; the TenantStore guard still pins each request to
    // its prefix (in AWS each tenant also gets its own STS-scoped client).
    stores: new TenantStores(() => doc, { cursorSecret: localSecret(env, 'cursor.key') }),
    ...(limiter ? { limiter } : {}),
    trust: [trust('staff'), trust('residents')],
    contextCacheMs: 5_000,
    pools: { staff: publicPool('staff'), residents: publicPool('residents') },
    flagOptions: {
      refreshMs: opts.flagRefreshMs ?? 10_000,
      ...(opts.flagPartition ? { partition: opts.flagPartition } : {}),
      ...(opts.flagApprovalThreshold !== undefined ? { threshold: opts.flagApprovalThreshold } : {}),
    },
    throttle: opts.throttle ?? true,
    ...(opts.outbox ? { notifier: outboxNotifier(opts.outbox) } : {}),
    keys: localKeys(env),
    importFiles: uploadsFor(env),
    materialFiles: materialsFor(env),
    // Background imports run in this process once the upload is in `<dataDir>/uploads/`.
    importRunner: (worker) => new InProcessImportRunner(worker),
    importOptions: { progressEveryMs: 500 },
    // The API reaches cognito-local directly (the browser goes through the gateway's `/cognito/`).
    getCognitoUser: cognitoUserReader(env.cognito, { confirmationVerifiesPhone: true }),
    onboarding: {
      cognito: env.cognito,
      staffPoolId: env.pools.staff.userPoolId,
      pooledTable: env.tables.pooledTenant,
      ensureSiloTable: env.ensureSiloTable,
      // Local only: a fixed key is fine for codes that never leave the dev outbox.
      pepper: `linli-local-${env.stage}`,
      ...(limiter
        ? { beforeCodeSent: (channel, to) => limiter.hit(RATE_RULES.codePerRecipient, `${channel}:${to}`) }
        : {}),
    },
  };
};
