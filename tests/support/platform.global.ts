/**
 * globalSetup of the `browser` project: the whole platform as `npm start` runs it (engines,
 * tables, pools, demo seed, gateway, web client) in its own temp folder on a free port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startPlatform } from '@linli/local';
import type { TestProject } from 'vitest/node';
import { ensureChromium } from './browser.ts';
import './provided.ts';

export default async function setup(project: TestProject) {
  ensureChromium();
  // The demo seed gives each district 20 000 synthetic residents; browser tests need a few hundred.
  process.env.LINLI_SEED_RESIDENTS ??= '300';
  const dataDir = mkdtempSync(join(tmpdir(), 'linli-browser-'));
  const platform = await startPlatform({
    dataDir,
    stage: `br${Date.now().toString(36)}`,
    port: await freePort(),
    inMemory: true,
    rebuildStaleWeb: true,
    // Tests start from a fully seeded platform.
    residentsInBackground: false,
    // Flags are re-checked every second, so a district sees a ministry change almost at once.
    flagRefreshMs: 1_000,
    log: (line) => console.log(`[platform] ${line}`),
  });
  if (!platform.web.ok) {
    console.warn(`[platform] web client did not build — browser tests will fail:\n${platform.web.error}`);
  }
  const baseUrl = `http://127.0.0.1:${platform.gateway.port}`;
  project.provide('linliBaseUrl', baseUrl);
  project.provide('linliDemoLogins', platform.logins);
  project.provide('linliDataDir', dataDir);
  return async () => {
    await platform.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
