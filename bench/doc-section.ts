import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file every benchmark writes its figures into. */
export const BENCHMARKS_DOC = join(import.meta.dirname, '..', 'docs', 'benchmarks.md');

/**
 * Write a benchmark's section (`## <heading>` and what follows) into docs/benchmarks.md, in place
 * of its previous version. `keep`: the hand-written readings below the old table, from the first
 * paragraph starting with this marker (e.g. `**Reading`), are kept after the new one. `after`: where
 * a section the file does not have yet goes (after that heading's section; default: at the end).
 */
export const writeBenchSection = (
  heading: string,
  section: string,
  opts: { readonly keep?: string; readonly after?: string } = {},
): string => {
  const doc = existsSync(BENCHMARKS_DOC) ? readFileSync(BENCHMARKS_DOC, 'utf8') : '# Benchmarks\n';
  const body = section.trimEnd();
  const start = doc.indexOf(`\n## ${heading}`);
  let next: string;
  if (start < 0) {
    const anchor = opts.after ? doc.indexOf(`\n## ${opts.after}`) : -1;
    const end = anchor < 0 ? -1 : doc.indexOf('\n## ', anchor + 1);
    next =
      end < 0
        ? `${doc.trimEnd()}\n\n${body}\n`
        : `${doc.slice(0, end).trimEnd()}\n\n${body}\n${doc.slice(end)}`;
  } else {
    const end = doc.indexOf('\n## ', start + 1);
    const old = doc.slice(start, end < 0 ? undefined : end);
    const mark = opts.keep ? old.indexOf(`\n${opts.keep}`) : -1;
    const kept = mark < 0 ? '' : `\n${old.slice(mark + 1).trimEnd()}\n`;
    next = `${doc.slice(0, start).trimEnd()}\n\n${body}\n${kept}${end < 0 ? '' : doc.slice(end)}`;
  }
  writeFileSync(BENCHMARKS_DOC, `${next.trimEnd()}\n`);
  return BENCHMARKS_DOC;
};
