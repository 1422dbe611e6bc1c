/** @jsxRuntime automatic @jsxImportSource react */
import {
  type ReactNode,
  type RefObject,
  Suspense,
  useCallback,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import type { PortalApi } from './api';
import { type I18n, I18nProvider, type Lang, loadStrings, rememberLang, translator, useI18n } from './i18n';
import type { PortalStrings } from './i18n/zh-CN';
import NotFoundPage from './pages/NotFoundPage';
import { matchRoute, type Navigator, NavigatorProvider, type Params } from './router';
import { routes } from './routes';
import { LoadFailed, Skeleton } from './ui';

/** What is on screen: the same value the server renders and sends along as JSON for hydration. */
export type View =
  | { readonly kind: 'page'; readonly routeId: string; readonly params: Params; readonly data: unknown }
  | { readonly kind: 'loading' }
  | { readonly kind: 'notFound'; readonly district: boolean }
  | { readonly kind: 'error' };

/** The server's hand-over to the browser (`<script id="portal-state" type="application/json">`). */
export interface PortalState {
  readonly path: string;
  readonly lang: Lang;
  readonly view: View;
}

/** Match `pathname` and run its loader: the one resolution the server and the browser share. */
export async function resolveView(
  pathname: string,
  api: PortalApi,
  opts: { server?: boolean; signal?: AbortSignal } = {},
): Promise<View> {
  const m = matchRoute(routes, pathname);
  if (!m) return { kind: 'notFound', district: false };
  if (opts.server && m.route.clientOnly) return { kind: 'loading' };
  if (!m.route.load) return { kind: 'page', routeId: m.route.id, params: m.params, data: null };
  const data = await m.route.load(m.params, api, opts.signal);
  if (data === null) return { kind: 'notFound', district: true };
  return { kind: 'page', routeId: m.route.id, params: m.params, data };
}

/** The document title of a view (the server writes it into `<title>`, the browser keeps it current). */
export function viewTitle(view: View, strings: PortalStrings): string {
  const t = translator(strings);
  const brand = t('brand.name');
  if (view.kind === 'notFound')
    return `${view.district ? t('portal.notFound') : t('app.notFound')} · ${brand}`;
  if (view.kind !== 'page') return brand;
  const r = routes.find((x) => x.id === view.routeId);
  return r?.title ? `${r.title(view.data, t)} · ${brand}` : brand;
}

function Header({ slug }: { slug: string | undefined }) {
  const { t, lang, setLang } = useI18n();
  return (
    <header className="p-header">
      <a className="p-skip" href="#main">
        {t('app.skipToContent')}
      </a>
      <a className="p-brand" href={slug ? `/t/${slug}` : '/'}>
        <span className="p-brand-name">{t('brand.name')}</span>
        <span className="p-brand-tagline">{t('brand.tagline')}</span>
      </a>
      <button
        type="button"
        className="p-btn p-btn-text"
        lang={t('app.switchLanguageLang')}
        onClick={() => setLang(lang === 'en' ? 'zh-CN' : 'en')}
      >
        {t('app.switchLanguage')}
      </button>
    </header>
  );
}

function Body({ view, search, onRetry }: { view: View; search: string; onRetry: () => void }) {
  if (view.kind === 'loading') return <Skeleton />;
  if (view.kind === 'error') return <LoadFailed onRetry={onRetry} />;
  if (view.kind === 'notFound') return <NotFoundPage district={view.district} />;
  const r = routes.find((x) => x.id === view.routeId);
  if (!r) return <NotFoundPage />;
  const Page = r.Page;
  return (
    <Suspense fallback={<Skeleton />}>
      <Page data={view.data} params={view.params} search={search} />
    </Suspense>
  );
}

export interface PortalAppProps {
  readonly state: PortalState;
  /** The dictionary of `state.lang`, already loaded (hydration must render what the server did). */
  readonly strings: PortalStrings;
  readonly api: PortalApi;
  /** The query string of the first page (the server passes the request's). */
  readonly search?: string;
}

/** The whole portal: header, the current route's page, client-side navigation between routes. */
export function PortalApp({ state, strings, api, search: firstSearch = '' }: PortalAppProps) {
  const [dict, setDict] = useState<{ lang: Lang; strings: PortalStrings }>({ lang: state.lang, strings });
  const [view, setView] = useState<View>(state.view);
  const [loc, setLoc] = useState({ pathname: state.path, search: firstSearch });
  const seq = useRef(0);
  const mainRef = useRef<HTMLElement>(null);

  const setLang = useCallback((lang: Lang) => {
    rememberLang(lang);
    void loadStrings(lang).then((s) => setDict({ lang, strings: s }));
  }, []);
  const i18n = useMemo<I18n>(
    () => ({ lang: dict.lang, t: translator(dict.strings), setLang }),
    [dict, setLang],
  );

  const show = useCallback(
    (pathname: string, search: string) => {
      const id = ++seq.current;
      setLoc({ pathname, search });
      const m = matchRoute(routes, pathname);
      // Pages without data appear at once; others show the skeleton while their data loads.
      if (m?.route.load) setView({ kind: 'loading' });
      resolveView(pathname, api)
        .then((v) => id === seq.current && setView(v))
        .catch(() => id === seq.current && setView({ kind: 'error' }));
    },
    [api],
  );

  const navigator = useMemo<Navigator>(
    () => ({
      owns(href) {
        const url = new URL(href, window.location.href);
        return url.origin === window.location.origin && matchRoute(routes, url.pathname) !== null;
      },
      navigate(href, opts) {
        const url = new URL(href, window.location.href);
        if (url.origin !== window.location.origin || !matchRoute(routes, url.pathname)) {
          window.location.assign(url.href);
          return;
        }
        const to = url.pathname + url.search;
        if (opts?.replace) window.history.replaceState(null, '', to);
        else if (to !== window.location.pathname + window.location.search) {
          window.history.pushState(null, '', to);
          window.scrollTo(0, 0);
          mainRef.current?.focus({ preventScroll: true });
        }
        show(url.pathname, url.search);
      },
    }),
    [show],
  );

  useEffect(() => {
    const onPop = () => show(window.location.pathname, window.location.search);
    window.addEventListener('popstate', onPop);
    // Rendered without data (no server, or its load failed): load now.
    if (state.view.kind === 'loading') onPop();
    return () => window.removeEventListener('popstate', onPop);
  }, [show, state.view.kind]);

  useEffect(() => {
    document.title = viewTitle(view, dict.strings);
    document.documentElement.lang = dict.lang;
  }, [view, dict]);

  const slug = view.kind === 'page' ? view.params.slug : undefined;
  return (
    <I18nProvider value={i18n}>
      <NavigatorProvider value={navigator}>
        <Frame header={<Header slug={slug} />} mainRef={mainRef}>
          <Body view={view} search={loc.search} onRetry={() => show(loc.pathname, loc.search)} />
        </Frame>
      </NavigatorProvider>
    </I18nProvider>
  );
}

function Frame({
  header,
  children,
  mainRef,
}: {
  header: ReactNode;
  children: ReactNode;
  mainRef: RefObject<HTMLElement | null>;
}) {
  return (
    <div className="p-shell">
      {header}
      <main id="main" className="p-main" tabIndex={-1} ref={mainRef}>
        {children}
      </main>
    </div>
  );
}
