export { LOCAL_UPLOAD_PATH, LocalImportFiles } from '@linli/adapters/local';
export { createLocalApps, createLocalDeps, type LocalAppsOptions, localKeys, uploadsFor } from './apps.ts';
export {
  type BootstrapOptions,
  bootstrap,
  createUserPoolInput,
  ensureTable,
  LOCAL_REGION,
  localClientConfig,
  platformEnvFrom,
  poolName,
  type SerializablePlatformEnv,
  serializePlatformEnv,
} from './bootstrap.ts';
export { LocalCustomAuth, type LocalCustomAuthOptions, residentCodeSignIn } from './custom-auth.ts';
export { devSmsForm } from './dev-sms.ts';
export { checkJava, type Engines, type EnginesOptions, startEngines } from './engines.ts';
export { LocalPlatformError } from './errors.ts';
export { type FetchApp, type Gateway, type GatewayOptions, gatewayFetch, startGateway } from './gateway.ts';
export {
  CognitoLogParser,
  Outbox,
  type OutboxChannel,
  type OutboxFilter,
  type OutboxMessage,
} from './outbox.ts';
export { type PlatformOptions, type RunningPlatform, startPlatform } from './platform.ts';
export { choosePort, freePort, isPortFree } from './ports.ts';
export { seedDemo } from './seed.ts';
export {
  backfillSurnameIndex,
  type SeedResidentsResult,
  seedResidentCount,
  seedResidents,
} from './seed-residents.ts';
export type { DemoLogin, PlatformEnv, PoolRef } from './types.ts';
export { ensureWebBuilt, repoRoot, webDist } from './web.ts';
