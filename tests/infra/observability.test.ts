import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { functionEntry, type LambdaFunctionName, lambdaFunctions, repoRoot } from '@linli/infra';
import { describe, expect, it } from 'vitest';

/**
 * Issue 10, item 5: every function logs through the Powertools logger (`@linli/api/observability`)
 * and goes through `lambdaHandler` (request id and cold start on every line, errors logged with
 * their stack, metrics flushed), never through the console. Read from the sources, so a new
 * function or module that prints on its own fails here, not in a CloudWatch search.
 */
const names = Object.keys(lambdaFunctions) as LambdaFunctionName[];
const CONSOLE = /\bconsole\.(log|info|warn|error|debug)\(/;

/** The only modules allowed to print: the readable local logger itself, the local CLI's banner,
 * and the flag service's fallback for a caller that passes no logger (the adapters always do). */
const ALLOWED = new Set([
  'packages/api/src/observability.ts',
  'packages/local/src/cli.ts',
  'packages/rollout/src/service.ts',
]);

const sources = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'node_modules' || e.name === 'test' ? [] : sources(path);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [path] : [];
  });

describe('logs go through Powertools', () => {
  it.each(names)('%s wraps its handler in lambdaHandler and does not print to the console', (name) => {
    const src = readFileSync(functionEntry(name), 'utf8');
    expect(src).toMatch(/export const handler = lambdaHandler\b/);
    expect(src).not.toMatch(CONSOLE);
  });

  it('no package module prints to the console except the logger itself', () => {
    const printing = readdirSync(join(repoRoot, 'packages'))
      .flatMap((pkg) => sources(join(repoRoot, 'packages', pkg, 'src')))
      .map((file) => relative(repoRoot, file))
      .filter((file) => !ALLOWED.has(file) && CONSOLE.test(readFileSync(join(repoRoot, file), 'utf8')));
    expect(printing).toEqual([]);
  });
});
