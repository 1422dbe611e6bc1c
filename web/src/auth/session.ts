import { type CognitoPool, refresh, type Tokens } from './cognito';

/**
 * The signed-in session: tokens in memory, mirrored to sessionStorage so a reload keeps the user
 * signed in but closing the tab (a shared office or kiosk machine) does not.
 */
export interface Session extends Tokens {
  pool: CognitoPool;
}

const KEY = 'linli.session';
let current: Session | null = null;
let loaded = false;
const listeners = new Set<() => void>();

function load(): Session | null {
  if (!loaded) {
    loaded = true;
    try {
      const raw = sessionStorage.getItem(KEY);
      current = raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      current = null;
    }
  }
  return current;
}

export function getSession(): Session | null {
  return load();
}

export function setSession(next: Session | null): void {
  loaded = true;
  current = next;
  try {
    if (next) sessionStorage.setItem(KEY, JSON.stringify(next));
    else sessionStorage.removeItem(KEY);
  } catch {
    // Storage unavailable: the session then lives in memory only.
  }
  for (const l of listeners) l();
}

export function clearSession(): void {
  setSession(null);
}

export function subscribeSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let refreshing: Promise<Session | null> | null = null;

/** A usable access token, refreshed a minute before expiry; null when signed out or refresh fails. */
export async function getAccessToken(): Promise<string | null> {
  const s = load();
  if (!s) return null;
  if (s.expiresAt - 60_000 > Date.now()) return s.accessToken;
  if (!s.refreshToken) return null;
  refreshing ??= refresh(s.pool, s.refreshToken)
    .then((tokens) => {
      const next = { ...tokens, pool: s.pool };
      setSession(next);
      return next;
    })
    .catch(() => {
      clearSession();
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  const next = await refreshing;
  return next?.accessToken ?? null;
}

/** Test hook: forget what was loaded so the next read goes to sessionStorage again. */
export function resetSessionForTests(): void {
  current = null;
  loaded = false;
  listeners.clear();
}
