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
