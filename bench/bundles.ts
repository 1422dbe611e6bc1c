/**
 * Lambda bundle benchmark: `npx tsx bench/bundles.ts [--runs N] [--no-write] [--only fn,fn]`.
 *
 * Builds every deployed function (`lambdaFunctions` of `infra/src/bundling.ts`) with the one
 * bundler the CDK app and the budget test use (`bundleFunction`: esbuild, ESM with lazy chunks,
 * zod's locales stubbed), next to a minimal Hono + DynamoDB DocumentClient handler built the same
 * way, into a Lambda-like directory. Reports the JavaScript loaded at cold start (index.mjs and
 * the chunks it imports statically), all JavaScript in the asset, and the median time to
 * `import()` the bundle in a fresh Node process. Targets: ≤ 1 MiB; import ≤ 1.5 × the minimal
 * handler's. Writes the table into docs/benchmarks.md under `## Lambda bundles`.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  bundleFunction,
  bundleTarget,
  esbuildVersion,
  type LambdaFunctionName,
  lambdaFunctions,
} from '@linli/infra';
import { writeBenchSection } from './doc-section.ts';
import { LAMBDA_ENV } from './lambda-env.ts';

const SIZE_LIMIT = 1024 * 1024;
const IMPORT_RATIO_LIMIT = 1.5;
const BASELINE = 'minimal-handler (baseline)';
/** Reference rows: measured and shown, not judged against the targets. */
const REFERENCE = 'minimal-openapi-handler (reference)';
/** The least a tenant API function can load: see `bench/fixtures/floor-handler.ts`. */
const FLOOR = 'tenant-api-floor (reference)';
const REFERENCES = new Set([REFERENCE, FLOOR]);

const args = process.argv.slice(2);
const runsArg = args.indexOf('--runs');
const RUNS = Math.max(7, runsArg >= 0 ? Number(args[runsArg + 1]) : 15);
const onlyArg = args.indexOf('--only');
/** `--only a,b`: measure these functions (and the two fixtures) only; the table is not written. */
const ONLY = onlyArg >= 0 ? new Set((args[onlyArg + 1] ?? '').split(',').filter(Boolean)) : undefined;
const WRITE = !args.includes('--no-write') && !ONLY;

interface Row {
  name: string;
  /** JavaScript loaded at cold start / in the whole asset. */
  initBytes: number;
  totalBytes: number;
  importMs: number[];
  error?: string;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const entries = (): { name: string; build: (dir: string) => ReturnType<typeof bundleFunction> }[] => {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
  return [
    { name: BASELINE, build: (dir) => bundleFunction({ entry: join(fixtures, 'minimal-handler.ts') }, dir) },
    {
      name: REFERENCE,
      build: (dir) => bundleFunction({ entry: join(fixtures, 'minimal-openapi-handler.ts') }, dir),
    },
    { name: FLOOR, build: (dir) => bundleFunction({ entry: join(fixtures, 'floor-handler.ts') }, dir) },
    ...(Object.keys(lambdaFunctions) as LambdaFunctionName[])
      .sort()
      .filter((name) => !ONLY || ONLY.has(name))
      .map((name) => ({ name, build: (dir: string) => bundleFunction(name, dir) })),
  ];
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
      const out = await e.build(join(work, e.name.replace(/[^a-z0-9-]/gi, '_')));
      rows.push({ name: e.name, initBytes: out.initBytes, totalBytes: out.totalBytes, importMs: [] });
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
  const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;
  const pass = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const lines = [
    '| bundle | JS at cold start | JS in the asset | import (median ms) | × baseline | cold-start JS ≤ 1 MiB | asset JS ≤ 1 MiB | import ≤ 1.5× |',
    '|---|---:|---:|---:|---:|:-:|:-:|:-:|',
  ];
  for (const r of rows) {
    const sizes = `${kib(r.initBytes)} | ${kib(r.totalBytes)}`;
    const sizeVerdicts = `${pass(r.initBytes <= SIZE_LIMIT)} | ${pass(r.totalBytes <= SIZE_LIMIT)}`;
    if (r.error) {
      lines.push(
        `| \`${r.name}\` | ${sizes} | import failed: ${r.error.replace(/\|/g, '\\|')} | – | ${sizeVerdicts} | FAIL |`,
      );
      continue;
    }
    const ms = median(r.importMs);
    const ratio = ms / baseMs;
    const judged = r !== base && !REFERENCES.has(r.name);
    lines.push(
      `| \`${r.name}\` | ${sizes} | ${ms.toFixed(1)} | ${ratio.toFixed(2)} | ${sizeVerdicts} | ${judged ? pass(ratio <= IMPORT_RATIO_LIMIT) : '–'} |`,
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
      `Every deployed function built by \`bundleFunction\` (\`infra/src/bundling.ts\`, the one build the CDK app deploys and \`tests/infra/bundle-budget.test.ts\` guards: esbuild, ESM with code splitting, \`${bundleTarget}\`, minified, AWS SDK bundled; zod's unused parts and the SDK code Lambda never reaches stubbed), next to a minimal Hono + DynamoDB DocumentClient handler (\`bench/fixtures/minimal-handler.ts\`, the baseline) built the same way, the same handler written with \`@hono/zod-openapi\` as every Linli route is (\`bench/fixtures/minimal-openapi-handler.ts\`), and the least a tenant API function can load with no validation and no route of Linli's: the baseline plus token verification (jose), the district's scoped credentials (STS) and Powertools, the data key (KMS) loaded on first use as the API functions do (\`bench/fixtures/floor-handler.ts\`); the two reference rows are not judged. *JS at cold start* = \`index.mjs\` and the chunks it imports statically; *JS in the asset* adds the chunks loaded with \`await import()\` on first use (SDK clients a function uses on some requests, exceljs). Import time = \`await import()\` of \`index.mjs\` in a fresh \`node\` process (module load and top-level init; no invocation, so no lazy chunk). Targets: ≤ 1 MiB minified, import ≤ 1.5 × the baseline.`,
      '',
      table,
      '',
    ].join('\n');
    // The hand-written reading below the table (a paragraph starting with **Reading) is kept.
    const docPath = writeBenchSection('Lambda bundles', section, { keep: '**Reading' });
    console.log(`\nwritten to ${docPath}`);
  }
};

await main();
