/**
 * `npm start` / `npm run reset`.
 *
 *   start  engines → tables and pools → demo seed → gateway, then a banner; Ctrl-C stops everything
 *   reset  wipes the local data folder (refuses while the platform runs)
 *
 * Environment: LINLI_PORT (gateway, default 8080), LINLI_HOST (default 127.0.0.1),
 * LINLI_DYNAMO_PORT, LINLI_COGNITO_PORT (default 8000 / 9229 when free, else any free port),
 * LINLI_DATA_DIR (default <repo>/.local).
 */

import { existsSync, mkdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { logger } from '@linli/api/observability';
import { checkJava } from './engines.ts';
import { LocalPlatformError } from './errors.ts';
import { envPort } from './ports.ts';
import { DEMO_DISTRICTS } from './seed.ts';
import type { DemoLogin } from './types.ts';
import { repoRoot } from './web.ts';

const dataDir = resolve(process.env.LINLI_DATA_DIR || join(repoRoot, '.local'));
const pidFile = join(dataDir, 'platform.pid');

interface PidInfo {
  readonly pid: number;
  readonly url?: string;
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The running platform recorded in the pid file, if its process is still alive. */
const runningPlatform = (): PidInfo | undefined => {
  if (!existsSync(pidFile)) return undefined;
  try {
    const info = JSON.parse(readFileSync(pidFile, 'utf8')) as PidInfo;
    return info.pid !== process.pid && alive(info.pid) ? info : undefined;
  } catch {
    return undefined;
  }
};

/** Parent pid of `pid` (Linux /proc), undefined elsewhere. */
const parentOf = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return undefined;
  }
};

/**
 * Calls `onGone` when one of our two nearest ancestors exits. `npm start` runs
 * npm → sh → tsx → this process; a SIGTERM to npm kills sh but leaves tsx alive and us orphaned,
 * with the engines still running. Watching the chain closes that gap.
 */
const watchAncestors = (onGone: () => void) => {
  const ancestors: number[] = [];
  let pid: number | undefined = process.ppid;
  while (pid !== undefined && pid > 1 && ancestors.length < 2) {
    ancestors.push(pid);
    pid = parentOf(pid);
  }
  if (!ancestors.every((a) => parentOf(a) !== undefined)) return; // no /proc
  setInterval(() => {
    if (ancestors.some((a) => !alive(a) || parentOf(a) === 1)) onGone();
  }, 1000).unref();
};

/** Terminal columns of a string (CJK characters take two). */
const width = (s: string) =>
  [...s].reduce(
    (n, ch) =>
      n +
      (/[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(
        ch,
      )
        ? 2
        : 1),
    0,
  );
const pad = (s: string, n: number) => s + ' '.repeat(Math.max(0, n - width(s)));

const table = (rows: string[][]) => {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => width(r[i] ?? ''))));
  return rows.map((r) => `  ${r.map((c, i) => pad(c, widths[i]!)).join('  ')}`.trimEnd()).join('\n');
};

const banner = (url: string, logins: readonly DemoLogin[], seconds: number) => {
  const loginRows = [
    ['Audience', 'District', 'Role', 'Username', 'Password', 'Open'],
    ...logins.map((l) => [l.audience, l.district ?? '—', l.role, l.username, l.password, `${url}${l.url}`]),
  ];
  return `
  邻里 Linli is running at ${url}   (ready in ${seconds.toFixed(1)}s)

  Areas
${table([
  ...DEMO_DISTRICTS.map((d) => [`Resident portal ${d.slug}`, `${url}/t/${d.slug}`]),
  ['Residents: sign up / sign in (mobile + SMS code, no password)', `${url}/t/<district>/signup · /login`],
  ['Staff workspace', `${url}/workspace`],
  ['Ministry console', `${url}/ministry`],
  ['Join (self-serve onboarding)', `${url}/join`],
  ['Dev outbox (SMS/email codes)', `${url}/api/dev/outbox`],
  ['Dev inbound SMS (CX / TD / to the hotline)', `${url}/dev/sms`],
])}

  Demo logins
${table(loginRows)}

  Data: ${dataDir}   (npm run reset wipes it)   Stop: Ctrl-C
`;
};

const start = async () => {
  const began = Date.now();
  const other = runningPlatform();
  if (other) {
    throw new LocalPlatformError(
      `Linli is already running (pid ${other.pid}${other.url ? `, ${other.url}` : ''}). Stop it with Ctrl-C first.`,
      'ALREADY_RUNNING',
    );
  }
  checkJava();
  const port = envPort('LINLI_PORT') ?? 8080;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(pidFile, JSON.stringify({ pid: process.pid }));
  const removePidFile = () => {
    try {
      const info = JSON.parse(readFileSync(pidFile, 'utf8')) as PidInfo;
      if (info.pid === process.pid) unlinkSync(pidFile);
    } catch {
      // already gone
    }
  };
  process.on('exit', removePidFile);

  const { startPlatform } = await import('./platform.ts');
  // One readable line per API request in the terminal (the same Powertools logger as in Lambda).
  logger.setLogLevel((process.env.LINLI_LOG_LEVEL ?? 'INFO') as Parameters<typeof logger.setLogLevel>[0]);
  const starting = startPlatform({
    dataDir,
    stage: 'local',
    port,
    host: process.env.LINLI_HOST || '127.0.0.1',
    dynamoPort: envPort('LINLI_DYNAMO_PORT'),
    cognitoPort: envPort('LINLI_COGNITO_PORT'),
    preferredDynamoPort: 8000,
    preferredCognitoPort: 9229,
    log: (line) => console.log(`  ${line}`),
  });
  // Ctrl-C during start-up waits for the engines to be up, then stops them (no orphans).
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${reason}: stopping Linli…`);
    const platform = await starting.catch(() => undefined);
    await platform?.stop();
    removePidFile();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const)
    process.on(signal, () => void shutdown(signal));
  watchAncestors(() => void shutdown('parent process exited'));
  const platform = await starting;
  if (stopping) return;
  writeFileSync(pidFile, JSON.stringify({ pid: process.pid, url: platform.url }));
  if (!platform.web.ok) {
    console.log(
      `\n  ! The web client did not build; the gateway serves a notice page instead:\n${platform.web.error}`,
    );
  }
  console.log(banner(platform.url, platform.logins, (Date.now() - began) / 1000));
};

const reset = () => {
  const other = runningPlatform();
  if (other) {
    throw new LocalPlatformError(
      `Linli is running (pid ${other.pid}); stop it with Ctrl-C before npm run reset.`,
      'ALREADY_RUNNING',
    );
  }
  if (!existsSync(dataDir)) {
    console.log(`Nothing to reset: ${dataDir} does not exist.`);
    return;
  }
  rmSync(dataDir, { recursive: true, force: true });
  console.log(`Removed ${dataDir}. The next npm start creates and seeds everything again.`);
};

/** The AWS SDK's "upgrade to Node 22" notice is noise in the banner; other warnings still show. */
const quietSdkNodeWarning = () => {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const text = typeof warning === 'string' ? warning : warning.message;
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === 'NodeVersionSupportWarning' || text.includes('will require node >=')) return;
    (emit as (...args: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
};

const main = async () => {
  quietSdkNodeWarning();
  const command = process.argv[2];
  if (command === 'start') return start();
  if (command === 'reset') return reset();
  console.error('usage: tsx packages/local/src/cli.ts start|reset');
  process.exit(2);
};

main().catch((error: unknown) => {
  if (error instanceof LocalPlatformError) {
    console.error(`\n  ✗ ${error.message}\n`);
  } else {
    console.error(error);
  }
  process.exit(1);
});
