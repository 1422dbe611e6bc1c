import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type BundleResult,
  bundleFunction,
  type LambdaFunctionName,
  lambdaFunctions,
  ROUTE_GROUPS,
  type RouteGroup,
  repoRoot,
} from '@linli/infra';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ENV } from '../../bench/lambda-env.ts';

/**
 * Every function, built by the one bundler the CDK app deploys (`bundleFunction`), stays within its
 * size budget (`lambdaFunctions` in infra/src/bundling.ts): the JavaScript loaded at cold start and
 * the whole asset. Import time is measured by `npx tsx bench/bundles.ts`, not here (too noisy for CI).
 */
const MiB = 1024 * 1024;
const names = Object.keys(lambdaFunctions) as LambdaFunctionName[];
const work = mkdtempSync(join(tmpdir(), 'linli-budget-'));
const built = new Map<LambdaFunctionName, BundleResult>();

beforeAll(async () => {
  for (const name of names) built.set(name, await bundleFunction(name, join(work, name)));
});
afterAll(() => rmSync(work, { recursive: true, force: true }));

const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

describe('Lambda bundle budgets', () => {
  it.each(names)('%s stays within its budget', (name) => {
    const spec = lambdaFunctions[name];
    const out = built.get(name)!;
    expect(spec.initBudget).toBeLessThanOrEqual(MiB);
    const lazyExtras = spec as { excel?: boolean; uploads?: boolean };
    if (!lazyExtras.excel && !lazyExtras.uploads) expect(spec.totalBudget).toBeLessThanOrEqual(MiB);
    expect(out.initBytes, `${name} at cold start: ${kib(out.initBytes)}`).toBeLessThanOrEqual(
      spec.initBudget,
    );
    expect(out.totalBytes, `${name} asset: ${kib(out.totalBytes)}`).toBeLessThanOrEqual(spec.totalBudget);
  });

  it('keeps exceljs out of cold start, and out of the asset of every function that parses no file', () => {
    for (const name of names) {
      const inputs = (files: 'init' | 'all') =>
        Object.entries(built.get(name)!.metafile.outputs)
          .filter(
            ([out]) => files === 'all' || built.get(name)!.files.some((f) => f.init && out.endsWith(f.file)),
          )
          .flatMap(([, o]) => Object.keys(o.inputs));
      expect(
        inputs('init').some((p) => p.includes('node_modules/exceljs/')),
        name,
      ).toBe(false);
      const spec: { excel?: boolean } = lambdaFunctions[name];
      expect(
        inputs('all').some((p) => p.includes('node_modules/exceljs/')),
        name,
      ).toBe(!!spec.excel);
    }
  });

  it('keeps zod (classic) out of every function without API routes: their schemas are zod/mini', () => {
    // Functions that serve API routes carry `@hono/zod-openapi`, built on `zod`; the others read
    // their stored documents, events and environment with `zod/mini` (docs/benchmarks.md), and the
    // portal's renderer reads the public district's data without its route schemas.
    const routed = new Set<string>(['control-api', 'ministry-api']);
    for (const name of names) {
      if (routed.has(name) || (name.startsWith('tenant-') && name.endsWith('-api'))) continue;
      const inputs = Object.values(built.get(name)!.metafile.outputs).flatMap((o) => Object.keys(o.inputs));
      expect(
        inputs.filter((p) => p.includes('node_modules/zod/v4/classic/')),
        `${name} bundles zod`,
      ).toEqual([]);
    }
  });

  it('bundles the route groups a function serves, and no other group (ROUTE_GROUPS)', () => {
    for (const name of names) {
      const inputs = new Set(
        Object.values(built.get(name)!.metafile.outputs).flatMap((o) => Object.keys(o.inputs)),
      );
      const served: readonly RouteGroup[] =
        (lambdaFunctions[name] as { routeGroups?: readonly RouteGroup[] }).routeGroups ?? [];
      for (const [group, { module }] of Object.entries(ROUTE_GROUPS) as [RouteGroup, { module: string }][]) {
        const bundled = [...inputs].some((p) => p.endsWith(`packages/api/src/${module}`));
        expect(bundled, `${name} ${served.includes(group) ? 'serves' : 'must not bundle'} ${group}`).toBe(
          served.includes(group),
        );
      }
    }
  });

  it('keeps pinyin-pro (and the file parsers) in the function that saves services only', () => {
    const has = (name: LambdaFunctionName, pkg: string) =>
      Object.values(built.get(name)!.metafile.outputs).some((o) =>
        Object.keys(o.inputs).some((p) => p.includes(`node_modules/${pkg}/`)),
      );
    for (const name of names) {
      const spec: { catalogueAdmin?: boolean; excel?: boolean } = lambdaFunctions[name];
      expect(has(name, 'pinyin-pro'), name).toBe(!!spec.catalogueAdmin);
      if (!spec.excel) expect(has(name, 'csv-parse'), name).toBe(false);
    }
  });

  it('loads the national service templates and the KMS client at cold start in no function', () => {
    // A module that a lazy chunk imports and that a package index re-exports lands in the chunk
    // shared with the entry, so cold start loads it even if the entry never uses it: the templates
    // have their own subpath (`@linli/services/templates`), the KMS key provider its own
    // (`@linli/population/kms`). The catalogue admin reads the templates in its routes.
    for (const name of names) {
      const out = built.get(name)!;
      const init = Object.entries(out.metafile.outputs)
        .filter(([o]) => out.files.some((f) => f.init && o.endsWith(f.file)))
        .flatMap(([, o]) => Object.keys(o.inputs));
      const spec: { catalogueAdmin?: boolean } = lambdaFunctions[name];
      expect(init.includes('packages/services/src/templates.ts'), `${name}: templates at cold start`).toBe(
        !!spec.catalogueAdmin,
      );
      expect(
        init.some((p) => p.includes('node_modules/@aws-sdk/client-kms/')),
        `${name}: KMS at cold start`,
      ).toBe(false);
    }
  });

  it('the compacted chinese-days data gives the working-day calendar of the full package', async () => {
    const dir = join(work, 'calendar');
    const entry = join(repoRoot, 'packages/services/src/workdays.ts');
    await bundleFunction({ entry }, dir);
    const bundled = await import(pathToFileURL(join(dir, 'index.mjs')).href);
    const source = await import('../../packages/services/src/workdays.ts');
    const a = new bundled.WorkCalendar();
    const b = new source.WorkCalendar();
    let days = 0;
    for (let t = Date.UTC(2004, 0, 1); t <= Date.UTC(2027, 11, 31); t += 86_400_000) {
      const d = new Date(t).toISOString().slice(0, 10);
      expect(a.day(d), d).toEqual(b.day(d));
      days++;
    }
    expect(days).toBeGreaterThan(8000);
    expect(bundled.packageYears()).toEqual(source.packageYears());
  });

  it("stubs zod's locales and the credential sources Lambda never reaches", () => {
    const inputs = Object.values(built.get('tenant-api')!.metafile.outputs).flatMap((o) =>
      Object.keys(o.inputs),
    );
    expect(inputs.filter((p) => p.includes('/zod/v4/locales/')).sort()).toEqual([
      expect.stringMatching(/^linli-zod-stubs:.*locales\/index\.js$/),
      'node_modules/zod/v4/locales/en.js',
    ]);
    expect(inputs.some((p) => p.includes('node_modules/@aws-sdk/credential-provider-ini/'))).toBe(false);
  });

  // Our packages declare `"sideEffects": false`, so esbuild drops a module none of whose exports is
  // used; a function whose start-up relied on such a module would fail here, at import.
  it('every function, as bundled, loads in a fresh Node process and exports its handler', () => {
    const failed: string[] = [];
    for (const name of names) {
      const file = pathToFileURL(join(built.get(name)!.dir, 'index.mjs')).href;
      try {
        const out = execFileSync(
          process.execPath,
          [
            '--input-type=module',
            '-e',
            `const m = await import(${JSON.stringify(file)}); console.log(typeof m.handler);`,
          ],
          { env: { PATH: process.env.PATH ?? '', ...LAMBDA_ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
        );
        if (out.toString().trim() !== 'function') failed.push(`${name}: no handler`);
      } catch (err) {
        failed.push(
          `${name}: ${String((err as { stderr?: Buffer }).stderr ?? err)
            .split('\n')
            .find((l) => /Error/.test(l))}`,
        );
      }
    }
    expect(failed).toEqual([]);
  });

  it('the SMS sign-in triggers, as bundled, run a first round and check an answer', async () => {
    const load = (name: LambdaFunctionName) =>
      import(pathToFileURL(join(built.get(name)!.dir, 'index.mjs')).href) as Promise<{
        handler: (event: unknown, context?: unknown) => Promise<{ response: Record<string, unknown> }>;
      }>;
    const saved = { ...process.env };
    Object.assign(process.env, { ONBOARDING_CODE_PEPPER: 'p'.repeat(40) });
    try {
      const define = await load('resident-auth-define');
      const first = await define.handler({ request: { session: [] }, response: {} });
      expect(first.response).toMatchObject({ challengeName: 'CUSTOM_CHALLENGE', issueTokens: false });
      const verify = await load('resident-auth-verify');
      const answered = await verify.handler({
        request: {
          privateChallengeParameters: { hash: 'x', nonce: 'n', issuedAt: String(Date.now()) },
          challengeAnswer: '123456',
        },
        response: {},
      });
      expect(answered.response.answerCorrect).toBe(false);
    } finally {
      process.env = saved;
    }
  });
});
