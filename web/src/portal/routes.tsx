/** @jsxRuntime automatic @jsxImportSource react */
import { lazy } from 'react';
import type { DistrictPortal, PortalApi } from './api';
import DistrictHome from './pages/DistrictHome';
import TvPage from './pages/TvPage';
import { type Params, type PortalRoute, route } from './router';
import GuidePage from './services/GuidePage';
import NoticesPage from './services/NoticesPage';
import ServicesPage from './services/ServicesPage';

/**
 * Every page of the resident portal. **How to add one** (catalogue, apply, my cases, notices…):
 *
 * 1. Write the page in `pages/` as a component taking `PageProps<YourData>`; use the portal's own
 *    pieces (`ui.tsx`, `portal.css`) and strings (`i18n/zh-CN.ts` + `i18n/en.ts`), never antd or the
 *    staff dictionary: the portal entry has a 100 KB gzipped budget (`web/scripts/budgets.ts`).
 * 2. If it needs public data, add a method to `PortalApi` (`api.ts`): its `fetch` in `browserApi`,
 *    and its server side in `@linli/api`'s `portalData` (the same domain function the API route
 *    calls), so the server renders it into the first HTML.
 * 3. Add a `route({ id, path, load, Page, title })` below. A first-screen page (what a resident
 *    opens from a link or a QR code) is imported statically so the server renders it whole; a page
 *    reached only by clicking may be `lazy(() => import(...))` with `clientOnly: true` (the server
 *    then sends the skeleton and the browser renders it).
 * 4. Test it like `pages/DistrictHome.test.tsx` (browser render and server render of the same data).
 *
 * The resident identity pages below run on the staff client's data layer (React Router, TanStack
 * Query, i18next) through a bridge, in the portal's markup (see `ResidentBridge`).
 */
const ResidentBridge = lazy(() => import('./resident/ResidentBridge'));
// The signed-in resident's pages (apply, cases, messages) are chunks of their own: the form
// renderer, uploads and rating never weigh on the portal's first screen.
const ApplyPage = lazy(() => import('./services/ApplyPage'));
const CasesPage = lazy(() => import('./services/CasesPage'));
const CasePage = lazy(() => import('./services/CasePage'));
const MessagesPage = lazy(() => import('./services/MessagesPage'));
// Consultations and votes (issue 15): the signed-in resident's, a chunk of its own.
const ConsultationsPage = lazy(() => import('./services/ConsultationsPage'));
const EventsPage = lazy(() => import('./services/EventsPage'));
// The self-service terminal: its own chunk (keypad, form, receipt, print CSS, strings).
const KioskPage = lazy(() => import('./kiosk/KioskPage'));

/** District slugs as the public API accepts them (anything else cannot be a district). */
const SLUG = /^[a-z0-9-]{3,64}$/;

const loadDistrict = (params: Params, api: PortalApi, signal?: AbortSignal) =>
  SLUG.test(params.slug ?? '') ? api.district(params.slug!, signal) : Promise.resolve(null);

export const routes: readonly PortalRoute[] = [
  route<DistrictPortal>({
    id: 'district',
    path: '/t/:slug',
    load: loadDistrict,
    Page: DistrictHome,
    title: (d) => d.name,
  }),
  route<DistrictPortal>({
    id: 'tv',
    path: '/t/:slug/tv',
    load: loadDistrict,
    Page: TvPage,
    title: (d, t) => t('tv.title', { district: d.name }),
  }),
  route<DistrictPortal>({
    id: 'notices',
    path: '/t/:slug/notices',
    load: loadDistrict,
    Page: NoticesPage,
    title: (d, t) => `${t('nav.notices')} · ${d.name}`,
  }),
  // The catalogue and guides are public but read in the browser (the server renderer's data
  // functions cover the district only): the server sends the skeleton.
  route<undefined>({ id: 'services', path: '/t/:slug/services', Page: ServicesPage, clientOnly: true }),
  route<undefined>({ id: 'guide', path: '/t/:slug/services/:code', Page: GuidePage, clientOnly: true }),
  route<undefined>({ id: 'apply', path: '/t/:slug/services/:code/apply', Page: ApplyPage, clientOnly: true }),
  route<undefined>({ id: 'cases', path: '/t/:slug/cases', Page: CasesPage, clientOnly: true }),
  route<undefined>({ id: 'case', path: '/t/:slug/cases/:id', Page: CasePage, clientOnly: true }),
  route<undefined>({ id: 'kiosk', path: '/t/:slug/kiosk', Page: KioskPage, clientOnly: true }),
  route<undefined>({ id: 'messages', path: '/t/:slug/messages', Page: MessagesPage, clientOnly: true }),
  route<undefined>({
    id: 'consultations',
    path: '/t/:slug/consultations',
    Page: ConsultationsPage,
    clientOnly: true,
  }),
  route<undefined>({ id: 'events', path: '/t/:slug/events', Page: EventsPage, clientOnly: true }),
  ...(['signup', 'login', 'me'] as const).map((page) =>
    route<undefined>({
      id: `resident-${page}`,
      path: `/t/:slug/${page}`,
      Page: ResidentBridge,
      clientOnly: true,
    }),
  ),
];
