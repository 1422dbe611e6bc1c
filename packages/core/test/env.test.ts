import { describe, expect, it } from 'vitest';
import { readEnv } from '../src/env.ts';

describe('readEnv', () => {
  const rules = {
    TABLE: {},
    PEPPER: { minLength: 8 },
    SENDER: { maxLength: 3, optional: true },
  } as const;

  it('returns the variables the rules name, and nothing else', () => {
    const cfg = readEnv(rules, { TABLE: 't', PEPPER: '12345678', OTHER: 'x' });
    expect(cfg).toEqual({ TABLE: 't', PEPPER: '12345678' });
    expect(readEnv(rules, { TABLE: 't', PEPPER: '12345678', SENDER: 'abc' }).SENDER).toBe('abc');
  });

  it('lists every missing, empty, short or long variable in one error', () => {
    expect(() => readEnv(rules, { TABLE: '', PEPPER: 'short', SENDER: 'abcd' })).toThrow(
      'Invalid configuration:\n  TABLE: empty\n  PEPPER: at least 8 characters\n  SENDER: at most 3 characters',
    );
    expect(() => readEnv(rules, {})).toThrow('  TABLE: required\n  PEPPER: required');
  });
});
