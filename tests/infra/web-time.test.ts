import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { repoRoot } from '@linli/infra';
import { describe, expect, it } from 'vitest';

/**
 * The web client shows every instant on China's clock through `web/src/time.ts` (the API stores
 * UTC). Each way a page used to read the device's zone or the UTC digits instead fails here:
 * `toLocaleDateString` / `toLocaleTimeString`, `new Date(…).toLocaleString(…)`, the first 16
 * characters of an ISO string (`2026-12-01T02:00` for a case filed at 10:00 in Beijing), and a
 * time of day formatted by dayjs from an instant.
 */
const FORBIDDEN: readonly [RegExp, string][] = [
  [/\.toLocale(Date|Time)String\(/, 'toLocaleDateString / toLocaleTimeString'],
  [/new Date\([^)]*\)\.toLocaleString\(/, 'new Date(…).toLocaleString'],
  [/\.slice\(0, 1[69]\)\.replace\('T'/, "an ISO string's UTC digits"],
  [/dayjs\([^)]*\)\.format\('[^']*HH/, 'a dayjs time of day'],
];

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });

describe("the web client's times are China's", () => {
  it('no page formats an instant outside web/src/time.ts', () => {
    const found = sources(join(repoRoot, 'web', 'src'))
      .filter((file) => !file.endsWith(join('web', 'src', 'time.ts')))
      .flatMap((file) => {
        const text = readFileSync(file, 'utf8');
        return FORBIDDEN.filter(([re]) => re.test(text)).map(
          ([, what]) => `${relative(repoRoot, file)}: ${what}`,
        );
      });
    expect(found).toEqual([]);
  });
});
