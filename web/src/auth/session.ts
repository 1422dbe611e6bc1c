import { type CognitoPool, refresh, type Tokens } from './cognito';

/**
 * The signed-in session: tokens in memory, mirrored to sessionStorage so a reload keeps the user
 * signed in but closing the tab (a shared office or kiosk machine) does not.
 */
export interface Session extends Tokens {
  pool: CognitoPool;
}

export interface SessionStore<S extends Session> {
  get(): S | null;
  set(next: S | null): void;
  clear(): void;
  subscribe(listener: () => void): () => void;
  /** A usable access token, refreshed a minute before expiry; null when signed out or refresh fails. */
  accessToken(): Promise<string | null>;
  /** Test hook: forget what was loaded so the next read goes to sessionStorage again. */
  resetForTests(): void;
}

/**
 * One session kept under its own storage key. Staff and residents each have one, so a district
 * admin who also lives in the district can be signed in to both without one replacing the other.
 */
export function createSessionStore<S extends Session>(key: string): SessionStore<S> {
  let current: S | null = null;
  let loaded = false;
  const listeners = new Set<() => void>();
  let refreshing: Promise<S | null> | null = null;

  const load = (): S | null => {
    if (!loaded) {
      loaded = true;
      try {
        const raw = sessionStorage.getItem(key);
        current = raw ? (JSON.parse(raw) as S) : null;
      } catch {
        current = null;
      }
    }
    return current;
  };

  const set = (next: S | null): void => {
    loaded = true;
    current = next;
    try {
      if (next) sessionStorage.setItem(key, JSON.stringify(next));
      else sessionStorage.removeItem(key);
    } catch {
      // Storage unavailable: the session then lives in memory only.
    }
    for (const l of listeners) l();
  };

  return {
    get: load,
    set,
    clear: () => set(null),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async accessToken() {
      const s = load();
      if (!s) return null;
      if (s.expiresAt - 60_000 > Date.now()) return s.accessToken;
      if (!s.refreshToken) return null;
      refreshing ??= refresh(s.pool, s.refreshToken)
        .then((tokens) => {
          const next = { ...s, ...tokens };
          set(next);
          return next;
        })
        .catch(() => {
          set(null);
          return null;
        })
        .finally(() => {
          refreshing = null;
        });
      return (await refreshing)?.accessToken ?? null;
    },
    resetForTests() {
      current = null;
      loaded = false;
      listeners.clear();
    },
  };
}

const staff = createSessionStore<Session>('linli.session');

export const getSession = (): Session | null => staff.get();
export const setSession = (next: Session | null): void => staff.set(next);
export const clearSession = (): void => staff.clear();
export const subscribeSession = (listener: () => void): (() => void) => staff.subscribe(listener);
export const getAccessToken = (): Promise<string | null> => staff.accessToken();
export const resetSessionForTests = (): void => staff.resetForTests();
