/** A value made once, on first use (an SDK client whose module is loaded with `await import()`). */
export const once = <T>(make: () => Promise<T>): (() => Promise<T>) => {
  let p: Promise<T> | undefined;
  return () => {
    p ??= make().catch((err) => {
      p = undefined;
      throw err;
    });
    return p;
  };
};

/** A client given directly (tests, a shared one) or made on first use. */
export type ClientSource<T> = T | (() => Promise<T>);

export const clientOf = async <T>(source: ClientSource<T>): Promise<T> =>
  typeof source === 'function' ? (source as () => Promise<T>)() : source;

/** One client per key (a tenant's scoped session), made on first use. */
export const perKey = <T>(make: (key: string) => Promise<T>): ((key: string) => Promise<T>) => {
  const made = new Map<string, () => Promise<T>>();
  return (key) => {
    let get = made.get(key);
    if (!get) {
      get = once(() => make(key));
      made.set(key, get);
    }
    return get();
  };
};
