/**
 * What a cold start costs the first caller: `npx tsx bench/cold-request.ts [--runs N] [--no-write]`.
 *
 * `bench/bundles.ts` times the import of each bundle: the Lambda init phase. A user waits for the
 * init *and* the first invocation, which loads the lazy chunks the request needs and runs the
 * code the init left for later. This builds every HTTP function as deployed (`bundleFunction`) and
 * the baseline handler, and in a fresh Node process per run times `import()` of the bundle and
 * then its first invocation with an API Gateway (HTTP API, payload 2.0) event:
 *
 * - each API function gets a request without a token to a path API Gateway sends it, so it goes
 *   through the app's router, the anonymous limits and the authentication chain and ends in 401
 *   (or the function's own refusal) — the code every first request runs before any data;
 * - the portal gets a district slug that does not exist (its registry read, flags and the 404 page
 *   rendered by React on the server);
 * - the baseline gets its one route (a DynamoDB GetItem).
 *
 * DynamoDB is DynamoDB Local (started here, in memory, with the control table and the baseline's
 * table, both empty); every other AWS endpoint is a closed local port with one attempt, which no
 * timed request reaches. Round trips to DynamoDB Local take about a millisecond, so the figures are
 * close to the least a cold request costs; in AWS each round trip adds its latency. Writes the
 * table into docs/benchmarks.md under `## Cold requests`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { bundleFunction, type LambdaFunctionName } from '@linli/infra';
import { ensureTable, localClientConfig, startEngines } from '@linli/local';
import { controlTable, tenantTable } from '@linli/tables';
import { writeBenchSection } from './doc-section.ts';
import { LAMBDA_ENV } from './lambda-env.ts';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = Math.max(5, runsArg >= 0 ? Number(args[runsArg + 1]) : 11);
const WRITE = !args.includes('--no-write');

/** Each HTTP function and the first request it is timed with. */
const REQUESTS: readonly {
  readonly name: string;
  readonly fn?: LambdaFunctionName;
  readonly path: string;
}[] = [
  { name: 'minimal-handler (baseline)', path: '/items/x1' },
  { name: 'control-api', fn: 'control-api', path: '/api/me' },
  { name: 'ministry-api', fn: 'ministry-api', path: '/api/ministry/indicators/table' },
  { name: 'portal-ssr', fn: 'portal-ssr', path: '/t/no-such-district' },
  { name: 'tenant-api', fn: 'tenant-api', path: '/api/t/residents' },
  { name: 'tenant-cases-api', fn: 'tenant-cases-api', path: '/api/t/cases' },
  { name: 'tenant-channels-api', fn: 'tenant-channels-api', path: '/api/t/hotline/calls' },
  { name: 'tenant-community-api', fn: 'tenant-community-api', path: '/api/t/community/tasks' },
  { name: 'tenant-import-api', fn: 'tenant-import-api', path: '/api/t/imports' },
  {
    name: 'tenant-open311-api',
    fn: 'tenant-open311-api',
    path: '/open311/v2/no-such-district/services.json',
  },
];

/** An endpoint nothing listens on: an AWS call other than DynamoDB's would be refused at once. */
const CLOSED = 'http://127.0.0.1:9';
const envFor = (dynamoEndpoint: string) => ({
  ...LAMBDA_ENV,
  AWS_ENDPOINT_URL: CLOSED,
  AWS_ENDPOINT_URL_DYNAMODB: dynamoEndpoint,
  AWS_MAX_ATTEMPTS: '1',
  AWS_ACCESS_KEY_ID: 'local',
  AWS_SECRET_ACCESS_KEY: 'local',
  POWERTOOLS_LOG_LEVEL: 'CRITICAL',
  POWERTOOLS_METRICS_DISABLED: 'true',
});

const event = (path: string) => ({
  version: '2.0',
  routeKey: '$default',
  rawPath: path,
  rawQueryString: '',
  headers: { host: 'bench.example.cn', 'accept-language': 'zh-CN' },
  requestContext: {
    http: { method: 'GET', path, protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'bench' },
    requestId: 'bench',
    stage: '$default',
    timeEpoch: 0,
  },
  isBase64Encoded: false,
});

interface Row {
  name: string;
  path: string;
  importMs: number[];
  totalMs: number[];
  status?: number;
  error?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** One cold start in a fresh process: import, then the first invocation. */
const coldOnce = (
  file: string,
  path: string,
  env: Record<string, string>,
): { importMs: number; totalMs: number; status: number } => {
  const code = `const t0 = performance.now();
const m = await import(${JSON.stringify(pathToFileURL(file).href)});
const t1 = performance.now();
const r = await m.handler(${JSON.stringify(event(path))}, { awsRequestId: 'bench', functionName: 'bench', getRemainingTimeInMillis: () => 29000 });
const t2 = performance.now();
console.log(JSON.stringify({ importMs: t1 - t0, totalMs: t2 - t0, status: r?.statusCode ?? 0 }));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: dirname(file),
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return JSON.parse(out.toString().trim().split('\n').pop()!);
};

const main = async () => {
  const work = mkdtempSync(join(tmpdir(), 'linli-cold-'));
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
  const rows: (Row & { file: string })[] = [];
  const engines = await startEngines({ dataDir: join(work, 'engines'), inMemory: true });
  try {
    const dynamo = new DynamoDBClient(localClientConfig(engines.dynamoEndpoint));
    await ensureTable(dynamo, LAMBDA_ENV.CONTROL_TABLE!, controlTable);
    await ensureTable(dynamo, LAMBDA_ENV.TABLE!, tenantTable);
    const env = envFor(engines.dynamoEndpoint);
    for (const r of REQUESTS) {
      const dir = join(work, r.name.replace(/[^a-z0-9-]/gi, '_'));
      if (r.fn) await bundleFunction(r.fn, dir);
      else await bundleFunction({ entry: join(fixtures, 'minimal-handler.ts') }, dir);
      rows.push({ name: r.name, path: r.path, importMs: [], totalMs: [], file: join(dir, 'index.mjs') });
    }
    for (let run = 0; run <= RUNS; run++)
      for (const row of rows) {
        if (row.error) continue;
        try {
          const r = coldOnce(row.file, row.path, env);
          row.status = r.status;
          if (run > 0) {
            row.importMs.push(r.importMs);
            row.totalMs.push(r.totalMs);
          }
        } catch (err) {
          const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
          row.error =
            stderr
              .split('\n')
              .find((l) => /Error\b/.test(l))
              ?.trim() ?? 'failed';
        }
      }
  } finally {
    await engines.stop();
    rmSync(work, { recursive: true, force: true });
  }

  const base = rows[0]!;
  const baseTotal = median(base.totalMs);
  const lines = [
    '| function | first request | answer | import (median ms) | import + first request (median ms) | × baseline |',
    '|---|---|:-:|---:|---:|---:|',
  ];
  for (const r of rows) {
    if (r.error) {
      lines.push(
        `| \`${r.name}\` | \`GET ${r.path}\` | failed: ${r.error.replace(/\|/g, '\\|')} | – | – | – |`,
      );
      continue;
    }
    const total = median(r.totalMs);
    lines.push(
      `| \`${r.name}\` | \`GET ${r.path}\` | ${r.status} | ${median(r.importMs).toFixed(1)} | ${total.toFixed(1)} | ${(total / baseTotal).toFixed(2)} |`,
    );
  }
  const table = lines.join('\n');
  console.log(table);

  if (WRITE) {
    const date = new Date().toISOString().slice(0, 10);
    const section = [
      '## Cold requests',
      '',
      `Command: \`npx tsx bench/cold-request.ts\` (${date}, Node ${process.version}, ${RUNS} cold starts per function after one warm-up, median). Each HTTP function built as deployed, imported in a fresh Node process and invoked once with an API Gateway event: what the first caller after a cold start waits for besides the network. DynamoDB is DynamoDB Local (in memory, the control table and the baseline's table empty; a round trip ≈ 1 ms), any other AWS endpoint a closed local port no timed request reaches, so a real first request adds its round trips' latency to these figures. The API functions get a request without a token (router, anonymous limits, authentication: 401), the portal an unknown district (registry, flags, the 404 page rendered), the baseline (\`bench/fixtures/minimal-handler.ts\`) its one DynamoDB read.`,
      '',
      table,
      '',
    ].join('\n');
    // Right after the bundle table's section, which it reads with; its readings are kept.
    const docPath = writeBenchSection('Cold requests', section, {
      keep: '**Reading',
      after: 'Lambda bundles',
    });
    console.log(`\nwritten to ${docPath}`);
  }
};

await main();
