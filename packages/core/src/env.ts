/**
 * The environment of a small Lambda (a Cognito trigger) read without zod: those functions run on
 * every sign-in, and zod (~145 KiB at cold start) would be most of what they load. The rules are
 * the few an environment needs; `loadConfig` (zod) stays for the larger deployables. Throws one
 * message listing every missing or malformed variable, as `loadConfig` does.
 */
export interface EnvRule {
  /** Default 1: an empty variable counts as missing. */
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly optional?: boolean;
}

export type EnvOf<R extends Record<string, EnvRule>> = {
  readonly [K in keyof R]: R[K]['optional'] extends true ? string | undefined : string;
};

export const readEnv = <const R extends Record<string, EnvRule>>(
  rules: R,
  env: Record<string, string | undefined> = process.env,
): EnvOf<R> => {
  const out: Record<string, string | undefined> = {};
  const problems: string[] = [];
  for (const [name, rule] of Object.entries(rules)) {
    const value = env[name];
    if (value === undefined) {
      if (!rule.optional) problems.push(`  ${name}: required`);
      continue;
    }
    const min = rule.minLength ?? 1;
    if (value.length < min) problems.push(`  ${name}: ${min <= 1 ? 'empty' : `at least ${min} characters`}`);
    else if (rule.maxLength !== undefined && value.length > rule.maxLength)
      problems.push(`  ${name}: at most ${rule.maxLength} characters`);
    else out[name] = value;
  }
  if (problems.length) throw new Error(`Invalid configuration:\n${problems.join('\n')}`);
  return out as EnvOf<R>;
};
