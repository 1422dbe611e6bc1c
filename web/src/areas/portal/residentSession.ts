import { createSessionStore, type Session } from '../../auth/session';

/**
 * The resident's session, kept apart from the staff session (`linli.session`): a district admin
 * who also lives in the district can be signed in to both without one replacing the other.
 * sessionStorage, like staff: a reload keeps it, closing the tab (kiosk, shared phone) does not.
 */
export interface ResidentSession extends Session {
  /** The district portal the resident signed in through. */
  slug: string;
}

export const RESIDENT_SESSION_KEY = 'linli.resident.session';

const resident = createSessionStore<ResidentSession>(RESIDENT_SESSION_KEY);

export const getResidentSession = (): ResidentSession | null => resident.get();
export const setResidentSession = (next: ResidentSession | null): void => resident.set(next);
export const clearResidentSession = (): void => resident.clear();
export const subscribeResidentSession = (listener: () => void): (() => void) => resident.subscribe(listener);
/** A usable resident access token (refreshed a minute before expiry), or null. */
export const getResidentAccessToken = (): Promise<string | null> => resident.accessToken();
/** Test hook: forget what was loaded. */
export const resetResidentSessionForTests = (): void => resident.resetForTests();

/**
 * The portal page a resident was on when asked to sign in (`?next=` of the sign-in and sign-up
 * pages), to go back to once signed in: only a page of this district's portal, never another site,
 * district or the identity pages themselves. `null`: go to 我的.
 */
export function returnPath(slug: string, search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  if (!next?.startsWith(`/t/${slug}/`) || /[\\]|\/\/|^\/t\/[^/]+\/(login|signup)\b/.test(next)) return null;
  return next;
}

/** `?next=` for a sign-in link from `path` (a page of the portal), to come back to it afterwards. */
export const nextQuery = (path: string): string => `?next=${encodeURIComponent(path)}`;
