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

  it("keeps each area's strings out of the staff entry (they load with the area)", () => {
    expect(report.staffEntryLeaks).toEqual([]);
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
    // The chart wrappers: each imports only the charts its page draws, from echarts/core.
    const wrappers = [
      'src/areas/ministry/indicators/echarts.ts',
      'src/areas/workspace/population/echarts.ts',
    ];
    for (const w of wrappers) {
      expect(manifest[w], `${w} is a chunk of its own`).toBeDefined();
      const src = readFileSync(join(web, w), 'utf8');
      expect(src).toMatch(/from 'echarts\/core'/);
      expect(src).not.toMatch(/from 'echarts'/);
      // Loaded on demand only: no chunk imports a wrapper statically.
      const staticImporters = Object.entries(manifest).filter(([, c]) => c.imports?.includes(w));
      expect(
        staticImporters.map(([k]) => k),
        `${w} imported statically`,
      ).toEqual([]);
    }
    // The ECharts code (shared chunks named echarts-*) is imported statically by the wrappers alone
    // (or by another ECharts chunk), never by a route or an entry.
    const chartChunks = Object.entries(manifest)
      .filter(([key, c]) => key.startsWith('_') && /echarts-[\w-]+\.js$/.test(c.file))
      .map(([key]) => key);
    expect(chartChunks.length).toBeGreaterThanOrEqual(1);
    for (const chunk of chartChunks) {
      const importers = Object.entries(manifest)
        .filter(([, c]) => c.imports?.includes(chunk))
        .map(([k]) => k);
      expect(
        importers.every((k) => wrappers.includes(k) || chartChunks.includes(k)),
        `${chunk} ← ${importers}`,
      ).toBe(true);
      expect(importers.some((k) => manifest[k]?.isEntry)).toBe(false);
    }
  });
});
