/**
 * globalSetup of the `integration` project: DynamoDB Local (in memory) and cognito-local on free
 * ports in a temp folder, tables and pools created under a unique stage. Test files rebuild the
 * PlatformEnv with `testEnv()` from `./env.ts`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bootstrap, serializePlatformEnv, startEngines } from '@linli/local';
import type { TestProject } from 'vitest/node';
import './provided.ts';

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-it-'));
  const engines = await startEngines({ dataDir, inMemory: true });
  try {
    const stage = `it${Date.now().toString(36)}`;
    const env = await bootstrap(engines, { stage, dataDir });
    project.provide('linliEnv', serializePlatformEnv(env));
    env.dynamo.destroy();
    env.cognito.destroy();
  } catch (error) {
    await engines.stop();
    throw error;
  }
  return async () => {
    await engines.stop();
    if (!process.env.LINLI_KEEP_TEST_DATA) rmSync(dataDir, { recursive: true, force: true });
  };
}
