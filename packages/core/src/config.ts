import type { z } from 'zod';

/**
 * Read and validate a deployable's environment once, at start-up. Throws one clear message listing
 * every missing or malformed variable instead of failing later on first use.
 */
export const loadConfig = <S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.output<S> => {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return result.data;
};
