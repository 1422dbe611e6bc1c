import { beforeEach, describe, expect, it, vi } from 'vitest';

const compiled = vi.hoisted(() => ({ calls: 0 }));
vi.mock('@linli/flags', async (importOriginal) => {
  const actual = await importOriginal<typeof import('@linli/flags')>();
  return {
    ...actual,
    compileFlags: (...args: Parameters<typeof actual.compileFlags>) => {
      compiled.calls++;
      return actual.compileFlags(...args);
    },
  };
});

const { FlagService } = await import('../src/service.ts');
const { initialState } = await import('../src/store.ts');
type Store = ConstructorParameters<typeof FlagService>[0];

/**
 * A Lambda builds its FlagService at init and loads the stored set before its first evaluation,
 * so the built-in set is validated and compiled only when something reads it before a load.
 */
describe('FlagService at init', () => {
  beforeEach(() => {
    compiled.calls = 0;
  });

  it('compiles nothing when it is built', () => {
    new FlagService({} as Store);
    expect(compiled.calls).toBe(0);
  });

  it('serves the built-in set, compiled on first use, until a load answers', () => {
    const service = new FlagService({} as Store);
    expect(service.version).toBe(0);
    expect(service.state.set).toEqual(initialState().set);
    const calls = compiled.calls;
    expect(service.compiled.definitions).toEqual(initialState().set);
    expect(compiled.calls).toBeGreaterThan(calls);
    const again = compiled.calls;
    void service.compiled;
    expect(compiled.calls).toBe(again);
  });
});
