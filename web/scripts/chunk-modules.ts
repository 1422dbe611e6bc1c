/**
 * What each chunk of the Vite build is made of: `npx tsx web/scripts/chunk-modules.ts [chunk-name-filter] [top]`
 * builds the client into a temp folder and prints, per chunk, its modules by size (rendered, before
 * minification, and gzipped on their own, so the sum overstates the chunk's gzip). A tool for
 * splitting routes that are over their budget (web/scripts/budgets.ts).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'vite';

const web = join(import.meta.dirname, '..');
const filter = process.argv[2] ? new RegExp(process.argv[2]) : /./;
const top = Number(process.argv[3] ?? 25);

const report: Plugin = {
  name: 'chunk-modules',
  generateBundle(_options, bundle) {
    for (const chunk of Object.values(bundle)) {
      if (chunk.type !== 'chunk' || !filter.test(chunk.fileName)) continue;
      const rows = Object.entries(chunk.modules)
        .map(([id, m]) => ({
          id: relative(web, id).replace(/^(\.\.\/)*node_modules\//, '~/'),
          raw: m.renderedLength,
          gz: m.code ? gzipSync(m.code).length : 0,
        }))
        .filter((r) => r.raw > 0)
        .sort((a, b) => b.gz - a.gz);
      const sum = rows.reduce((s, r) => s + r.gz, 0);
      console.log(
        `\n${chunk.fileName}: ${rows.length} modules, ~${(sum / 1000).toFixed(1)} KB gzipped (each alone)`,
      );
      for (const r of rows.slice(0, top))
        console.log(
          `  ${(r.gz / 1000).toFixed(1).padStart(6)} KB  ${(r.raw / 1000).toFixed(1).padStart(7)} KB raw  ${r.id}`,
        );
    }
  },
};

const out = mkdtempSync(join(tmpdir(), 'linli-chunks-'));
try {
  await build({
    root: web,
    configFile: join(web, 'vite.config.ts'),
    logLevel: 'warn',
    build: { outDir: out, emptyOutDir: true, write: false },
    plugins: [report],
  });
} finally {
  rmSync(out, { recursive: true, force: true });
}
