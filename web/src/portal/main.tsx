import { createRoot, hydrateRoot } from 'react-dom/client';
import './portal.css';
import { detectKiosk } from '../kiosk';
import { PortalApp, type PortalState } from './App';
import { browserApi } from './api';
import { loadStrings, storedLang } from './i18n';

/**
 * The resident portal's browser entry (`portal.html`). The server usually sent the first screen
 * already rendered with its data in `#portal-state`: hydrate it (same components, same data, same
 * language). Without it (the Vite dev server, or a static fallback) render from scratch: the HTML's
 * skeleton stays until the data arrives.
 */
const root = document.getElementById('root')!;
const stateEl = document.getElementById('portal-state');
const serverState = stateEl?.textContent ? (JSON.parse(stateEl.textContent) as PortalState) : null;
// Kiosk (`?kiosk=1`) is remembered for the tab: large type and touch targets (portal.css).
document.documentElement.classList.toggle('kiosk', detectKiosk());

const state: PortalState =
  serverState && serverState.path === window.location.pathname
    ? serverState
    : { path: window.location.pathname, lang: storedLang(), view: { kind: 'loading' } };

void loadStrings(state.lang).then((strings) => {
  const app = <PortalApp state={state} strings={strings} api={browserApi} search={window.location.search} />;
  if (serverState === state) hydrateRoot(root, app);
  else createRoot(root).render(app);
});
