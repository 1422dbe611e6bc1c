/** The built web client (`web/dist`): find it, build it when missing or stale. */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (this file is `<repo>/packages/local/src/web.ts`). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const webDir = join(repoRoot, 'web');
export const webDist = join(webDir, 'dist');

const newestMtime = (path: string): number => {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry === 'dist') continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
};

/** Whether `web/dist/index.html` is missing or older than a source of the web client. */
export const webBuildNeeded = (opts: { ifStale: boolean }): boolean => {
  const index = join(webDist, 'index.html');
  if (!existsSync(index)) return true;
  if (!opts.ifStale) return false;
  const built = statSync(index).mtimeMs;
  const sources = [
    'src',
    'public',
    'index.html',
    'package.json',
    'vite.config.ts',
    'scripts/boot.ts',
    'tsconfig.json',
  ];
  return sources.some((s) => newestMtime(join(webDir, s)) > built);
};

export interface WebBuildResult {
  readonly ok: boolean;
  readonly built: boolean;
  /** Last lines of the build output when it failed. */
  readonly error?: string;
}

/**
 * Runs `npm run build -w web` when the build is missing (or stale with `ifStale`). Never throws:
 * the gateway serves an explanatory page when the web client does not build yet.
 */
export const ensureWebBuilt = (
  opts: { ifStale?: boolean; log?: (line: string) => void } = {},
): WebBuildResult => {
  if (!existsSync(join(webDir, 'package.json'))) return { ok: false, built: false, error: 'web/ not found' };
  if (!webBuildNeeded({ ifStale: opts.ifStale ?? false })) return { ok: true, built: false };
  opts.log?.('Building the web client (npm run build -w web)…');
  const result = spawnSync('npm', ['run', 'build', '-w', 'web'], {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.status === 0 && existsSync(join(webDist, 'index.html'))) return { ok: true, built: true };
  const output = `${result.stdout ?? ''}\n${result.stderr ?? ''}`.trim().split('\n').slice(-15).join('\n');
  return { ok: false, built: false, error: output || String(result.error) };
};
