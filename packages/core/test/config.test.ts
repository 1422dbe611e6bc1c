import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { loadConfig } from '../src/config.ts';

describe('loadConfig', () => {
  const schema = z.object({
    TABLE: z.string().check(z.minLength(3)),
    FROM: z.optional(z.email()),
    REFRESH_MS: z._default(z.coerce.number().check(z.int(), z.gte(1_000)), 30_000),
  });

  it('reads and coerces the environment, defaults included', () => {
    expect(loadConfig(schema, { TABLE: 'linli', REFRESH_MS: '5000' })).toEqual({
      TABLE: 'linli',
      REFRESH_MS: 5000,
    });
    expect(loadConfig(schema, { TABLE: 'linli' }).REFRESH_MS).toBe(30_000);
  });

  it('names every bad variable in words of its own, with zod/mini alone (no locale)', () => {
    expect(() => loadConfig(schema, { FROM: 'nope', REFRESH_MS: '10' })).toThrow(
      'Invalid configuration:\n  TABLE: required\n  FROM: not a valid email\n  REFRESH_MS: at least 1000',
    );
    expect(() => loadConfig(schema, { TABLE: 'ab' })).toThrow('  TABLE: at least 3 characters');
  });
});
