import { act, renderHook, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { useLoad } from './useLoad';

/** A load the test answers when it likes. */
const deferred = <T>() => {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
};

describe('useLoad', () => {
  it('keeps what was loaded while a reload runs, then shows the new data', async () => {
    const answers = [deferred<string>(), deferred<string>()];
    let n = 0;
    const { result } = renderHook(() => useLoad(() => answers[n++]!.promise, []));
    expect(result.current.loaded).toEqual({ state: 'loading' });
    await act(async () => answers[0]!.resolve('first'));
    expect(result.current.loaded).toEqual({ state: 'ok', data: 'first' });

    act(() => result.current.reload());
    // Still the first data while the second request is on its way: no skeleton.
    expect(result.current.loaded).toEqual({ state: 'ok', data: 'first' });
    await act(async () => answers[1]!.resolve('second'));
    await waitFor(() => expect(result.current.loaded).toEqual({ state: 'ok', data: 'second' }));
  });

  it('starts again from loading when what it loads changes', async () => {
    const { result, rerender } = renderHook(({ id }) => useLoad(async () => `case ${id}`, [id]), {
      initialProps: { id: 1 },
    });
    await waitFor(() => expect(result.current.loaded).toEqual({ state: 'ok', data: 'case 1' }));
    rerender({ id: 2 });
    expect(result.current.loaded).toEqual({ state: 'loading' });
    await waitFor(() => expect(result.current.loaded).toEqual({ state: 'ok', data: 'case 2' }));
  });
});
