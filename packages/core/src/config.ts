import type { z } from 'zod';

/**
 * Read and validate a deployable's environment once, at start-up. Throws one clear message listing
 * every missing or malformed variable instead of failing later on first use. Takes an object of
 * `zod` or of `zod/mini`.
 */
export const loadConfig = <S extends z.core.$ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = process.env,
): z.core.output<S> => {
  // Both a `zod` and a `zod/mini` object (the scheduled functions' environments) parse this way.
  const result = (
    schema as unknown as { safeParse(input: unknown): z.core.util.SafeParseResult<z.core.output<S>> }
  ).safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${problemOf(i)}`).join('\n');
    throw new Error(`Invalid configuration:\n${lines}`);
  }
  return result.data;
};

/**
 * What is wrong with a variable, in words of our own: a function without `zod` has no English
 * locale, and `zod/mini` alone says "Invalid input" of everything.
 */
const problemOf = (i: z.core.$ZodIssue): string => {
  switch (i.code) {
    case 'invalid_type':
      return i.input === undefined ? 'required' : `expected ${i.expected}`;
    case 'too_small':
      return i.origin === 'string' ? `at least ${i.minimum} characters` : `at least ${i.minimum}`;
    case 'too_big':
      return i.origin === 'string' ? `at most ${i.maximum} characters` : `at most ${i.maximum}`;
    case 'invalid_format':
      return `not a valid ${i.format}`;
    default:
      return i.message;
  }
};
