/**
 * Where a function's cold start goes: `npx tsx bench/init-profile.ts [function…] [--runs N] [--top N]`
 * [--files] (default: the baseline `minimal-handler` and `tenant-api`; `minimal-openapi-handler` is the other
 * fixture of `bench/bundles.ts`).
 *
 * Builds each function with the deployed build (`bundleFunction`) left unminified, so every
 * module's code follows a `// <path>` line, and puts a clock reading before each module's top-level
 * code. Each run imports the bundle in a fresh Node process and splits the import into:
 * - *before evaluation*: reading, compiling and linking the files and Node's own built-ins, until the
 *   first module's first statement runs;
 * - *evaluation*: every module's top-level code, grouped by package (`packages/<name>`, the npm
 *   package, or `functions/<entry>`). The time of a group includes what its top-level code calls:
 *   zod's functions are compiled on first use, so the first module that builds a schema pays that.
 *
 * The unminified build imports a little slower than the deployed one (bigger source to compile);
 * the shares, not the absolute figures, are what this is for. `bench/bundles.ts` gives those.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { bundleFunction, type LambdaFunctionName, lambdaFunctions } from '@linli/infra';
import { LAMBDA_ENV } from './lambda-env.ts';

const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const RUNS = Math.max(3, flag('--runs', 7));
const TOP = flag('--top', 12);
/** The bench's two fixtures, by the names `bench/bundles.ts` shows them under. */
const FIXTURES: Record<string, string> = {
  'minimal-handler': 'minimal-handler.ts',
  'minimal-openapi-handler': 'minimal-openapi-handler.ts',
};
const names = args.filter((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
for (const n of names)
  if (!(n in lambdaFunctions) && !(n in FIXTURES)) throw new Error(`unknown function or fixture ${n}`);
const functions = names.length ? names : ['minimal-handler', 'tenant-api'];
const build = (name: string, dir: string) =>
  name in FIXTURES
    ? bundleFunction(
        { entry: join(dirname(fileURLToPath(import.meta.url)), 'fixtures', FIXTURES[name]!) },
        dir,
        {
          readable: true,
        },
      )
    : bundleFunction(name as LambdaFunctionName, dir, { readable: true });

const MODULE_LINE = /^\/\/ ((?:packages|node_modules|functions|bench)\/\S+)$/;

/** Inserts `__linliMark(path)` before each module's code in every `.mjs` file of the build. */
const instrument = (dir: string) => {
  const files = [
    join(dir, 'index.mjs'),
    ...(existsSync(join(dir, 'chunks')) ? readdirSync(join(dir, 'chunks'), { withFileTypes: true }) : [])
      .filter((d) => d.isFile() && d.name.endsWith('.mjs'))
      .map((d) => join(dir, 'chunks', d.name)),
  ];
  for (const file of files) {
    const lines = readFileSync(file, 'utf8').split('\n');
    const out: string[] = [];
    for (const line of lines) {
      const m = MODULE_LINE.exec(line);
      if (m) out.push(`globalThis.__linliMarks.push([${JSON.stringify(m[1])}, performance.now()]);`);
      out.push(line);
    }
    if (file.endsWith('index.mjs')) out.push("globalThis.__linliMarks.push(['(end)', performance.now()]);");
    writeFileSync(file, out.join('\n'));
  }
};

/** `--files`: each module on its own line instead of grouped by package. */
const BY_FILE = args.includes('--files');
const group = (path: string) =>
  BY_FILE
    ? path
    : path.startsWith('node_modules/')
      ? (/^node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path)
      : path.startsWith('packages/')
        ? `@linli/${path.split('/')[1]}`
        : path;

interface Run {
  total: number;
  before: number;
  groups: Map<string, number>;
}

const runOnce = (dir: string): Run => {
  const code = `globalThis.__linliMarks = []; const t = performance.now();
await import(${JSON.stringify(pathToFileURL(join(dir, 'index.mjs')).href)});
console.log(JSON.stringify({ t, end: performance.now(), marks: globalThis.__linliMarks }));`;
  const out = execFileSync(process.execPath, ['--no-warnings', '--input-type=module', '-e', code], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const { t, end, marks } = JSON.parse(out.toString().trim().split('\n').pop()!) as {
    t: number;
    end: number;
    marks: [string, number][];
  };
  const groups = new Map<string, number>();
  for (let i = 0; i < marks.length - 1; i++) {
    const [path, at] = marks[i]!;
    groups.set(group(path), (groups.get(group(path)) ?? 0) + marks[i + 1]![1] - at);
  }
  return { total: end - t, before: (marks[0]?.[1] ?? end) - t, groups };
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const work = mkdtempSync(join(tmpdir(), 'linli-init-profile-'));
try {
  for (const name of functions) {
    const dir = join(work, name);
    await build(name, dir);
    instrument(dir);
    runOnce(dir); // warm-up (file cache)
    const runs = Array.from({ length: RUNS }, () => runOnce(dir));
    const total = median(runs.map((r) => r.total));
    const before = median(runs.map((r) => r.before));
    const keys = new Set(runs.flatMap((r) => [...r.groups.keys()]));
    const groups = [...keys]
      .map((k) => [k, median(runs.map((r) => r.groups.get(k) ?? 0))] as const)
      .sort((a, b) => b[1] - a[1]);
    const pct = (ms: number) => `${((100 * ms) / total).toFixed(0)} %`;
    console.log(`\n${name} (unminified, median of ${RUNS} fresh imports)`);
    console.log(`| part | ms | share |\n|---|---:|---:|`);
    console.log(`| import, all | ${total.toFixed(1)} | 100 % |`);
    console.log(
      `| before evaluation (read, compile, link, built-ins) | ${before.toFixed(1)} | ${pct(before)} |`,
    );
    console.log(`| evaluation, all modules | ${(total - before).toFixed(1)} | ${pct(total - before)} |`);
    for (const [k, ms] of groups.slice(0, TOP)) console.log(`| … \`${k}\` | ${ms.toFixed(1)} | ${pct(ms)} |`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
