/**
 * Lambda bundle benchmark: `npx tsx bench/bundles.ts [--runs N] [--no-write]`.
 *
 * Bundles every entry point in `functions/*.ts` (files exporting `handler`; not tests) with the exact esbuild options the CDK
 * stacks use (`@linli/infra` `lambdaBundling`), next to a minimal Hono + DynamoDB DocumentClient
 * handler built the same way, into a Lambda-like directory (index.mjs plus the runtime data files).
 * Reports the minified size and the median time to `import()` the bundle in a fresh Node process.
 * Targets: size ≤ 1 MiB; import time ≤ 1.5 × the minimal handler's. Writes the table into
 * docs/benchmarks.md under `## Lambda bundles`.
 */
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  esbuildVersion,
  lambdaBundling,
  lambdaRuntimeFiles,
  loadEsbuild,
  repoRoot,
  toEsbuildOptions,
} from '@linli/infra';

const SIZE_LIMIT = 1024 * 1024;
const IMPORT_RATIO_LIMIT = 1.5;
const BASELINE = 'minimal-handler (baseline)';

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = Math.max(7, runsArg >= 0 ? Number(args[runsArg + 1]) : 15);
const WRITE = !args.includes('--no-write');

/**
 * Placeholders for the variables the handlers validate at import (the names the stacks set); the
 * values CloudFormation would resolve at deploy time do not matter for loading the module.
 */
const LAMBDA_ENV: Record<string, string> = {
  AWS_REGION: 'cn-north-1',
  STAGE: 'bench',
  CONTROL_TABLE: 'linli-bench-control',
  TENANT_TABLE: 'linli-bench-tenant-data',
  TENANT_TABLE_ARNS: 'arn:aws-cn:dynamodb:cn-north-1:000000000000:table/linli-bench-tenant-data',
  TENANT_DATA_ROLE_ARN: 'arn:aws-cn:iam::000000000000:role/linli-bench-tenant-data',
  STAFF_POOL_ID: 'cn-north-1_bench0001',
  STAFF_CLIENT_ID: 'benchstaffclient',
  RESIDENT_POOL_ID: 'cn-north-1_bench0002',
  RESIDENT_CLIENT_ID: 'benchresidentclient',
  TABLE: 'bench',
  TENANT_LIFECYCLE_FUNCTION: 'linli-bench-tenant-lifecycle',
  ONBOARDING_CODE_PEPPER: 'bench-pepper-bench-pepper-bench-pepper-0001',
};

interface Row {
  name: string;
  bytes: number;
  importMs: number[];
  error?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const HANDLER_EXPORT = /export\s+(?:const|let|(?:async\s+)?function)\s+handler\b|export\s*\{[^}]*\bhandler\b/;

const entries = (): { name: string; path: string }[] => {
  const dir = join(repoRoot, 'functions');
  const fns = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.endsWith('.d.ts'))
    // Entry points export `handler`; helper modules beside them (e.g. pre-token-claims.ts) do not.
    .filter((f) => HANDLER_EXPORT.test(readFileSync(join(dir, f), 'utf8')))
    .sort()
    .map((f) => ({ name: basename(f, '.ts'), path: join(dir, f) }));
  const fixture = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'minimal-handler.ts');
  return [{ name: BASELINE, path: fixture }, ...fns];
};

/** Build like `NodejsFunction` does: one index.mjs, plus the runtime data files under node_modules/. */
const build = async (entry: string, outDir: string): Promise<number> => {
  const esbuild = await loadEsbuild();
  mkdirSync(outDir, { recursive: true });
  const outfile = join(outDir, 'index.mjs');
  const options = toEsbuildOptions();
  // As in the CDK app: only the tenant import function bundles exceljs (`bundleExcel`).
  if (entry.endsWith('tenant-import-api.ts'))
    options.external = options.external?.filter((m) => m !== 'exceljs');
  await esbuild.build({ ...options, entryPoints: [entry], outfile, logLevel: 'error' });
  for (const file of lambdaRuntimeFiles) {
    const to = join(outDir, 'node_modules', file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(repoRoot, 'node_modules', file), to);
  }
  return statSync(outfile).size;
};

const importOnce = (file: string): number => {
  const code = `const t = performance.now(); const m = await import(${JSON.stringify(pathToFileURL(file).href)}); const d = performance.now() - t; if (typeof m.handler !== 'function') throw new Error('no handler export'); console.log(d);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', code], {
    cwd: dirname(file),
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return Number(out.toString().trim().split('\n').pop());
};

const main = async () => {
  const work = mkdtempSync(join(tmpdir(), 'linli-bundles-'));
  const rows: Row[] = [];
  try {
    for (const e of entries()) {
      const dir = join(work, e.name.replace(/[^a-z0-9-]/gi, '_'));
      rows.push({ name: e.name, bytes: await build(e.path, dir), importMs: [] });
    }
    // Interleave the runs so drift (thermal, other load) hits every bundle alike; one warm-up each.
    for (let run = 0; run <= RUNS; run++) {
      for (const row of rows) {
        if (row.error) continue;
        const file = join(work, row.name.replace(/[^a-z0-9-]/gi, '_'), 'index.mjs');
        try {
          const ms = importOnce(file);
          if (run > 0) row.importMs.push(ms);
        } catch (err) {
          const stderr = (err as { stderr?: Buffer }).stderr?.toString() ?? String(err);
          row.error =
            stderr
              .split('\n')
              .find((l) => /^\w*Error\b/.test(l.trim()))
              ?.trim() ?? 'import failed';
        }
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }

  const base = rows.find((r) => r.name === BASELINE)!;
  const baseMs = median(base.importMs);
  const lines = [
    '| bundle | minified size | import (median ms) | × baseline | size ≤ 1 MiB | import ≤ 1.5× |',
    '|---|---:|---:|---:|:-:|:-:|',
  ];
  for (const r of rows) {
    const kb = `${(r.bytes / 1024).toFixed(1)} KiB`;
    if (r.error) {
      lines.push(
        `| \`${r.name}\` | ${kb} | import failed: ${r.error.replace(/\|/g, '\\|')} | – | ${r.bytes <= SIZE_LIMIT ? 'PASS' : 'FAIL'} | FAIL |`,
      );
      continue;
    }
    const ms = median(r.importMs);
    const ratio = ms / baseMs;
    const isBase = r === base;
    lines.push(
      `| \`${r.name}\` | ${kb} | ${ms.toFixed(1)} | ${ratio.toFixed(2)} | ${r.bytes <= SIZE_LIMIT ? 'PASS' : 'FAIL'} | ${isBase ? '–' : ratio <= IMPORT_RATIO_LIMIT ? 'PASS' : 'FAIL'} |`,
    );
  }
  const table = lines.join('\n');
  console.log(table);

  if (WRITE) {
    const date = new Date().toISOString().slice(0, 10);
    const section = [
      '## Lambda bundles',
      '',
      `Command: \`npx tsx bench/bundles.ts\` (${date}, Node ${process.version}, esbuild ${esbuildVersion()}, ${RUNS} runs per bundle after one warm-up, median).`,
      '',
      `Every \`functions/*.ts\` entry point bundled with the CDK's own options (\`lambdaBundling\` in \`infra/src/bundling.ts\`: ESM, \`${lambdaBundling.target}\`, minified, AWS SDK bundled), next to a minimal Hono + DynamoDB DocumentClient handler (\`bench/fixtures/minimal-handler.ts\`) built the same way. Import time = \`await import()\` of the bundle in a fresh \`node\` process (module load and top-level init; no invocation). Targets: ≤ 1 MiB minified, import ≤ 1.5 × the baseline.`,
      '',
      table,
      '',
    ].join('\n');
    const docPath = join(repoRoot, 'docs', 'benchmarks.md');
    const doc = existsSync(docPath) ? readFileSync(docPath, 'utf8') : '# Benchmarks\n';
    const start = doc.indexOf('\n## Lambda bundles');
    let next: string;
    if (start < 0) next = `${doc.trimEnd()}\n\n${section}`;
    else {
      const after = doc.indexOf('\n## ', start + 1);
      next = `${doc.slice(0, start).trimEnd()}\n\n${section}${after < 0 ? '' : `\n${doc.slice(after + 1)}`}`;
    }
    writeFileSync(docPath, `${next.trimEnd()}\n`);
    console.log(`\nwritten to ${docPath}`);
  }
};

await main();
