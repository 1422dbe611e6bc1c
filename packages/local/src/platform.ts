/**
 * The whole platform in one call: engines → tables and pools → demo seed → apps → gateway.
 * `npm start` (cli.ts) and the browser-test setup both use it.
 */
import { type InProcessImportRunner, uploadsFor } from '@linli/adapters/local';
import { escalateDistricts } from '@linli/services';
import { createLocalApps } from './apps.ts';
import { bootstrap } from './bootstrap.ts';
import { residentCodeSignIn } from './custom-auth.ts';
import { type Engines, startEngines } from './engines.ts';
import { type Gateway, startGateway } from './gateway.ts';
import { computeFirstSnapshot, seedIndicatorHistory, startIndicatorTimer } from './indicators.ts';
import { isPortFree, portBusyError } from './ports.ts';
import { seedDemo, seedDemoResidents } from './seed.ts';
import type { DemoLogin, PlatformEnv } from './types.ts';
import { ensureWebBuilt, type WebBuildResult } from './web.ts';

export interface PlatformOptions {
  readonly dataDir: string;
  /** @default 'local' */
  readonly stage?: string;
  /** Gateway port. @default 8080 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  readonly dynamoPort?: number | undefined;
  readonly cognitoPort?: number | undefined;
  readonly preferredDynamoPort?: number | undefined;
  readonly preferredCognitoPort?: number | undefined;
  /**
   * Generate the demo districts' synthetic residents after the gateway is up instead of before
   * (the first start then opens in seconds; residents appear within a few minutes). @default true
   */
  readonly residentsInBackground?: boolean;
  /** DynamoDB data in memory (tests). */
  readonly inMemory?: boolean;
  /** Rebuild web/dist when a web source is newer than the build (default true). */
  readonly rebuildStaleWeb?: boolean;
  readonly log?: (line: string) => void;
  /** How often the flag service checks the stored flag version (tests: short). @default 10_000 */
  readonly flagRefreshMs?: number;
}

export interface RunningPlatform {
  readonly url: string;
  readonly env: PlatformEnv;
  readonly engines: Engines;
  readonly gateway: Gateway;
  readonly logins: DemoLogin[];
  readonly web: WebBuildResult;
  stop(): Promise<void>;
}

export const startPlatform = async (options: PlatformOptions): Promise<RunningPlatform> => {
  const log = options.log ?? (() => {});
  const port = options.port ?? 8080;
  // fail fast, before the engines start
  if (port !== 0 && !(await isPortFree(port))) throw portBusyError(port, 'Linli gateway', 'LINLI_PORT');
  let t = Date.now();
  const lap = () => {
    const s = ((Date.now() - t) / 1000).toFixed(1);
    t = Date.now();
    return `${s}s`;
  };
  const engines = await startEngines({
    dataDir: options.dataDir,
    dynamoPort: options.dynamoPort,
    cognitoPort: options.cognitoPort,
    preferredDynamoPort: options.preferredDynamoPort,
    preferredCognitoPort: options.preferredCognitoPort,
    inMemory: options.inMemory ?? false,
  });
  let gateway: Gateway | undefined;
  try {
    log(`DynamoDB Local ${engines.dynamoEndpoint} · cognito-local ${engines.cognitoEndpoint} (${lap()})`);
    const env = await bootstrap(engines, { stage: options.stage ?? 'local', dataDir: options.dataDir });
    log(`tables and user pools ready (${lap()})`);
    const logins = await seedDemo(env);
    log(`demo data seeded (${lap()})`);
    const flagRefreshMs = options.flagRefreshMs ?? 10_000;
    const apps = createLocalApps(env, { outbox: engines.outbox, flagRefreshMs });
    // Seeds the tier defaults on first start (idempotent), then applies due scheduled changes on a timer.
    await apps.deps.flags?.service.start();
    const scheduler = setInterval(() => {
      apps.deps.flags?.service.refresh().catch((e) => log(`flag refresh failed: ${String(e)}`));
    }, flagRefreshMs);
    scheduler.unref();
    log(`flags v${apps.deps.flags?.service.version ?? '?'} loaded (${lap()})`);
    // 督办: the hourly sweep of functions/case-escalation.ts, here once at start and then hourly.
    const sweep = async () => {
      const results = await escalateDistricts(await apps.deps.registry.list(), apps.deps.stores);
      const n = results.reduce((sum, r) => sum + (r.run?.escalated.length ?? 0), 0);
      if (n) log(`督办: ${n} overdue case step(s) escalated`);
      for (const r of results) if (r.error) log(`督办: ${r.tenantId} failed: ${r.error}`);
    };
    const escalation = setInterval(
      () => void sweep().catch((e) => log(`督办 failed: ${String(e)}`)),
      3_600_000,
    );
    escalation.unref();
    void sweep().catch((e) => log(`督办 failed: ${String(e)}`));
    const web = ensureWebBuilt({ ifStale: options.rebuildStaleWeb ?? true, log });
    gateway = await startGateway({
      control: apps.control,
      tenant: apps.tenant,
      uploads: uploadsFor(env),
      cognitoEndpoint: engines.cognitoEndpoint,
      port,
      host: options.host ?? '127.0.0.1',
      webUnavailable: web.error,
      limiter: apps.deps.limiter,
      customAuth: residentCodeSignIn(env, engines.outbox, apps.deps.limiter),
      portal: apps.portal,
    });
    const running = gateway;
    const residents = computeFirstSnapshot(apps.deps, log)
      .then(() => seedDemoResidents(env, log))
      .then(() => seedIndicatorHistory(apps.deps, log));
    const indicatorTimer = startIndicatorTimer(apps.deps, log);
    if (options.residentsInBackground ?? true) {
      log('demo residents: generating in the background (first start only)…');
      residents.catch((e) => log(`demo residents: seeding stopped: ${String(e)}`));
    } else {
      await residents;
    }
    return {
      url: running.url,
      env,
      engines,
      gateway: running,
      logins,
      web,
      stop: async () => {
        clearInterval(scheduler);
        clearInterval(indicatorTimer);
        clearInterval(escalation);
        await running.close();
        await (apps.deps.importRunner as InProcessImportRunner | undefined)?.idle();
        env.dynamo.destroy();
        env.cognito.destroy();
        await engines.stop();
      },
    };
  } catch (error) {
    await gateway?.close();
    await engines.stop();
    throw error;
  }
};
