/**
 * Every benchmark, one after the other: `npm run bench [-- name…]` (names: flags, bundles,
 * cold-requests, provisioning, import). Each runs in its own Node process, as its own command
 * would, and writes its section of docs/benchmarks.md. The import benchmark runs with 20,000 rows here (its own command,
 * `npx tsx bench/import.ts 100000`, is the one the figures in the docs come from).
 */
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const BENCHES: Record<string, readonly string[]> = {
  flags: ['flags.ts'],
  bundles: ['bundles.ts'],
  'cold-requests': ['cold-request.ts'],
  provisioning: ['provisioning.ts'],
  import: ['import.ts', '20000'],
};

const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !(n in BENCHES));
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  process.exit(2);
}
let failed = 0;
for (const name of asked.length ? asked : Object.keys(BENCHES)) {
  const [file, ...args] = BENCHES[name]!;
  console.log(`\n== ${name}: npx tsx bench/${file} ${args.join(' ')}`.trimEnd());
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(here, file!), ...args], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    console.error(`${name} failed (exit ${run.status ?? run.signal})`);
    failed++;
  }
}
process.exit(failed ? 1 : 0);
