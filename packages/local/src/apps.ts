import { createDeps, type LocalRuntimeOptions, localRuntime } from '@linli/adapters/local';
import { createControlApp, createTenantApp } from '@linli/api';
import type { Outbox } from './outbox.ts';
import type { PlatformEnv } from './types.ts';

export { BROWSER_COGNITO_PATH, localKeys, uploadsFor } from '@linli/adapters/local';

/** The API dependencies of the local platform: the same apps Lambda runs, on local engines. */
export interface LocalAppsOptions extends Omit<LocalRuntimeOptions, 'outbox'> {
  readonly outbox?: Outbox;
}

/** The apps' deps on the local engines: `@linli/adapters`' one factory with the local runtime. */
export const createLocalDeps = (env: PlatformEnv, opts: LocalAppsOptions = {}) =>
  createDeps(localRuntime(env, opts));

export const createLocalApps = (env: PlatformEnv, opts: LocalAppsOptions = {}) => {
  const deps = createLocalDeps(env, opts);
  return { control: createControlApp(deps), tenant: createTenantApp(deps), deps };
};
