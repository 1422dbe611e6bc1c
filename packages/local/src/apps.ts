import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createDeps, type LocalRuntimeOptions, localRuntime } from '@linli/adapters/local';
import { createControlApp, createTenantApp, type IndicatorCollector, portalData } from '@linli/api';
import { logger } from '@linli/api/observability';
import { IndicatorStore } from '@linli/indicators';
import { collectAll } from '@linli/indicators/collect';
import { createPortalApp } from '@linli/web/portal-server';
import type { Outbox } from './outbox.ts';
import type { PlatformEnv } from './types.ts';
import { webDist } from './web.ts';

export { BROWSER_COGNITO_PATH, localKeys, uploadsFor } from '@linli/adapters/local';

/** The API dependencies of the local platform: the same apps Lambda runs, on local engines. */
export interface LocalAppsOptions extends Omit<LocalRuntimeOptions, 'outbox'> {
  readonly outbox?: Outbox;
}

/** The apps' deps on the local engines: `@linli/adapters`' one factory with the local runtime. */
export const createLocalDeps = (env: PlatformEnv, opts: LocalAppsOptions = {}) => {
  const deps = createDeps(localRuntime(env, opts));
  // The indicator collector in-process: each district read through its own store, only the
  // published aggregates written to the control table (in AWS the scheduled collector function).
  const indicators = new IndicatorStore(deps.doc, deps.controlTable);
  const indicatorCollector: IndicatorCollector = {
    run: (o) =>
      collectAll(
        {
          registry: deps.registry,
          stores: deps.stores,
          indicators,
          modulesFor: deps.modulesFor,
          log: (msg, extra) => logger.warn(msg, extra),
        },
        o.tenantIds ? { tenantIds: o.tenantIds } : {},
      ),
  };
  return { ...deps, indicatorCollector };
};

export const createLocalApps = (env: PlatformEnv, opts: LocalAppsOptions = {}) => {
  const deps = createLocalDeps(env, opts);
  // The resident portal's first screen rendered on the server (the portal-ssr Lambda in AWS), over
  // the built portal.html, read per request so a rebuilt web client shows without a restart.
  const portal = createPortalApp({
    template: () => readFileSync(join(webDist, 'portal.html'), 'utf8'),
    api: portalData(deps),
  });
  return { control: createControlApp(deps), tenant: createTenantApp(deps), portal, deps };
};
