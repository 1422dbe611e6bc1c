import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type BudgetReport,
  budgetTable,
  checkBudgets,
  PORTAL_ENTRY_BUDGET,
  STAFF_ROUTE_BUDGET,
  STAFF_ROUTE_CEILINGS,
} from '../../web/scripts/budgets.ts';

/**
 * The web client's performance budgets (web/scripts/budgets.ts) over a fresh production build of
 * `web/` (into a temp folder, so a running platform's `web/dist` is left alone): the resident
 * portal's entry ≤ 100 KB gzipped with nothing of the staff client in it, every staff route
 * ≤ 300 KB gzipped before its charts.
 */
const web = join(import.meta.dirname, '..', '..', 'web');
const out = mkdtempSync(join(tmpdir(), 'linli-web-budget-'));
let report: BudgetReport;

beforeAll(() => {
  const build = spawnSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
    cwd: web,
    encoding: 'utf8',
    // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (build.status !== 0) throw new Error(`vite build failed:\n${build.stdout}\n${build.stderr}`);
  report = checkBudgets(out);
  console.log(budgetTable(report));
  // A production build: ~30 s alone, several minutes on a loaded 2-core machine.
}, 900_000);
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('web performance budgets', () => {
  it('keeps the resident portal entry within 100 KB gzipped, without staff code or strings', () => {
    expect(report.portalEntry.gzipBytes).toBeGreaterThan(0);
    expect(report.portalEntry.gzipBytes).toBeLessThanOrEqual(PORTAL_ENTRY_BUDGET);
    expect(report.portalLeaks).toEqual([]);
  });

  it('keeps every staff route within 300 KB gzipped before its charts (or its recorded ceiling)', () => {
    expect(report.staffRoutes.length).toBeGreaterThan(5);
    expect(report.failures).toEqual([]);
    for (const [name, ceiling] of Object.entries(STAFF_ROUTE_CEILINGS)) {
      // A ceiling exists only for a route still over budget; a stale one must go.
      const route = report.staffRoutes.find((r) => r.name === name);
      expect(route, `ceiling for unknown route ${name}`).toBeDefined();
      expect(route!.gzipBytes, `${name} is within budget now: delete its ceiling`).toBeGreaterThan(
        STAFF_ROUTE_BUDGET,
      );
      expect(ceiling).toBeGreaterThan(STAFF_ROUTE_BUDGET);
    }
  });

  it('loads ECharts only on a page that draws a chart, from echarts/core', () => {
    const manifest = JSON.parse(readFileSync(join(out, '.vite', 'manifest.json'), 'utf8')) as Record<
      string,
      { file: string; imports?: string[]; dynamicImports?: string[]; isEntry?: boolean }
    >;
    const chart = Object.entries(manifest).filter(
      ([, c]) => /echarts-[\w-]+\.js$/.test(c.file) && c.file.length,
    );
    const big = chart.filter(([key]) => key.startsWith('_'));
    expect(big).toHaveLength(1);
    const [chartKey] = big[0]!;
    // Nothing imports the chart chunk statically but the chart wrapper the analytics page loads lazily.
    const staticImporters = Object.entries(manifest)
      .filter(([, c]) => c.imports?.includes(chartKey))
      .map(([k]) => k);
    expect(staticImporters).toEqual(['src/areas/workspace/population/echarts.ts']);
    const src = readFileSync(join(web, 'src/areas/workspace/population/echarts.ts'), 'utf8');
    expect(src).toMatch(/from 'echarts\/core'/);
    expect(src).not.toMatch(/from 'echarts'/);
  });
});
