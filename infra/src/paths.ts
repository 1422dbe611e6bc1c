import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Monorepo root (the directory holding `package-lock.json`, `functions/`, `web/`). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Directory of the Lambda entry points. */
export const functionsDir = join(repoRoot, 'functions');

/**
 * Absolute path of a Lambda entry point, `functions/<name>.ts`. Throws at synth time when the file
 * is missing, rather than letting esbuild fail with a less obvious message.
 */
export const functionEntry = (name: string): string => {
  const path = join(functionsDir, `${name}.ts`);
  if (!existsSync(path)) throw new Error(`Lambda entry point not found: functions/${name}.ts`);
  return path;
};
