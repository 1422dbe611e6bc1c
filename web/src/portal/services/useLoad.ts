import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'error'; readonly error: unknown }
  | { readonly state: 'ok'; readonly data: T };

/**
 * Load `fn`'s data when `deps` change (the previous request aborted); `reload` runs it again and
 * `set` replaces the data after a write answered the new state. The portal's stand-in for
 * TanStack Query (which the 100 KB entry cannot carry). A reload keeps showing what was loaded
 * until the new data arrives: the list does not blink to a skeleton after 报名 or 投票, and the
 * button the resident (or a screen reader's focus) was on stays where it was.
 */
export function useLoad<T>(fn: (signal: AbortSignal) => Promise<T>, deps: DependencyList) {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;
  const tickSeen = useRef(tick);
  useEffect(() => {
    const ctl = new AbortController();
    const reloading = tickSeen.current !== tick;
    tickSeen.current = tick;
    setLoaded((prev) => (reloading && prev.state === 'ok' ? prev : { state: 'loading' }));
    fnRef.current(ctl.signal).then(
      (data) => !ctl.signal.aborted && setLoaded({ state: 'ok', data }),
      (error) => !ctl.signal.aborted && setLoaded({ state: 'error', error }),
    );
    return () => ctl.abort();
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((data: T) => setLoaded({ state: 'ok', data }), []);
  return { loaded, reload, set };
}
