import { type CognitoPool, refresh, type Tokens } from '../../auth/cognito';

/**
 * The resident's session, kept apart from the staff session (`linli.session`): a district admin
 * who also lives in the district can be signed in to both without one replacing the other.
 * sessionStorage, like staff: a reload keeps it, closing the tab (kiosk, shared phone) does not.
 */
export interface ResidentSession extends Tokens {
  pool: CognitoPool;
  /** The district portal the resident signed in through. */
  slug: string;
}

export const RESIDENT_SESSION_KEY = 'linli.resident.session';

let current: ResidentSession | null = null;
let loaded = false;
const listeners = new Set<() => void>();

function load(): ResidentSession | null {
  if (!loaded) {
    loaded = true;
    try {
      const raw = sessionStorage.getItem(RESIDENT_SESSION_KEY);
      current = raw ? (JSON.parse(raw) as ResidentSession) : null;
    } catch {
      current = null;
    }
  }
  return current;
}

export function getResidentSession(): ResidentSession | null {
  return load();
}

export function setResidentSession(next: ResidentSession | null): void {
  loaded = true;
  current = next;
  try {
    if (next) sessionStorage.setItem(RESIDENT_SESSION_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(RESIDENT_SESSION_KEY);
  } catch {
    // Storage unavailable: the session lives in memory only.
  }
  for (const l of listeners) l();
}

export function clearResidentSession(): void {
  setResidentSession(null);
}

export function subscribeResidentSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let refreshing: Promise<ResidentSession | null> | null = null;

/** A usable resident access token (refreshed a minute before expiry), or null. */
export async function getResidentAccessToken(): Promise<string | null> {
  const s = load();
  if (!s) return null;
  if (s.expiresAt - 60_000 > Date.now()) return s.accessToken;
  if (!s.refreshToken) return null;
  refreshing ??= refresh(s.pool, s.refreshToken)
    .then((tokens) => {
      const next = { ...tokens, pool: s.pool, slug: s.slug };
      setResidentSession(next);
      return next;
    })
    .catch(() => {
      clearResidentSession();
      return null;
    })
    .finally(() => {
      refreshing = null;
    });
  return (await refreshing)?.accessToken ?? null;
}

/** Test hook: forget what was loaded. */
export function resetResidentSessionForTests(): void {
  current = null;
  loaded = false;
  listeners.clear();
}
