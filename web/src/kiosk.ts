import { createContext, useContext } from 'react';

const KEY = 'linli.kiosk';

/**
 * Kiosk mode (`?kiosk=1`, `?kiosk=0` to leave): large type and touch targets for self-service
 * terminals. Remembered for the browser session so in-app navigation keeps it.
 */
export function detectKiosk(search: string = window.location.search): boolean {
  const q = new URLSearchParams(search).get('kiosk');
  try {
    if (q === '1' || q === 'true') sessionStorage.setItem(KEY, '1');
    else if (q === '0' || q === 'false') sessionStorage.removeItem(KEY);
    return sessionStorage.getItem(KEY) === '1';
  } catch {
    return q === '1' || q === 'true';
  }
}

/** Whether the staff client runs in kiosk mode (set once by `AppProviders`). */
export const KioskContext = createContext(false);
export const useKiosk = (): boolean => useContext(KioskContext);
