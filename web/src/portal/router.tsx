/** @jsxRuntime automatic @jsxImportSource react */
import {
  type AnchorHTMLAttributes,
  type ComponentType,
  createContext,
  type MouseEvent,
  useContext,
} from 'react';
import type { PortalApi } from './api';
import type { Translate } from './i18n';

/**
 * The portal's router: a table of routes, each a path pattern, an optional data loader and a page.
 * The server renderer (`server/render.tsx`) and the browser (`App.tsx`) use the same table: the
 * server runs the loader, renders the page and puts the data in the HTML; the browser hydrates
 * with that data and runs loaders itself on later navigations. React Router (~20 KB gzipped)
 * would cost a fifth of the portal's budget for the four patterns this needs.
 */
export type Params = Readonly<Record<string, string>>;

export interface PageProps<D> {
  readonly data: D;
  readonly params: Params;
  readonly search: string;
}

export interface PortalRoute<D = unknown> {
  /** Stable id (the server payload names the route by it). */
  readonly id: string;
  /** `/t/:slug`, `/t/:slug/tv`: segments, `:name` binds one segment. */
  readonly path: string;
  /**
   * Data of the page, from the public API (`api`: `fetch` in the browser, the API's own domain
   * functions on the server). Null means "no such thing": a 404 page.
   */
  readonly load?: (params: Params, api: PortalApi, signal?: AbortSignal) => Promise<D | null>;
  readonly Page: ComponentType<PageProps<D>>;
  /**
   * Rendered in the browser only (the server sends the skeleton): pages that depend on the
   * resident's session or are lazy chunks the server should not load.
   */
  readonly clientOnly?: boolean;
  /** The document title once loaded. */
  readonly title?: (data: D, t: Translate) => string;
}

/** Declares a route with its data type checked against its page (the table holds `unknown`). */
export const route = <D,>(r: PortalRoute<D>): PortalRoute => r as unknown as PortalRoute;

/** `params` when `pathname` matches `pattern` (a trailing slash is ignored), else null. */
export function matchPath(pattern: string, pathname: string): Params | null {
  const want = pattern.split('/').filter(Boolean);
  const got = pathname.split('/').filter(Boolean);
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!;
    let g: string;
    try {
      g = decodeURIComponent(got[i]!);
    } catch {
      return null;
    }
    if (w.startsWith(':')) params[w.slice(1)] = g;
    else if (w !== g) return null;
  }
  return params;
}

export interface RouteMatch {
  readonly route: PortalRoute;
  readonly params: Params;
}

export const matchRoute = (routes: readonly PortalRoute[], pathname: string): RouteMatch | null => {
  for (const r of routes) {
    const params = matchPath(r.path, pathname);
    if (params) return { route: r, params };
  }
  return null;
};

/** Navigation inside the portal; anything else is an ordinary page load. */
export interface Navigator {
  /** Whether `href` (same origin) is a portal route this page can show without reloading. */
  owns(href: string): boolean;
  navigate(href: string, opts?: { replace?: boolean }): void;
}

const NavigatorContext = createContext<Navigator>({
  owns: () => false,
  navigate: (href) => window.location.assign(href),
});
export const NavigatorProvider = NavigatorContext.Provider;
export const useNavigator = (): Navigator => useContext(NavigatorContext);

/** An `<a href>` that navigates inside the portal when it can (and works without JavaScript). */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const nav = useNavigator();
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target && rest.target !== '_self') return;
    if (!nav.owns(href)) return;
    e.preventDefault();
    nav.navigate(href);
  };
  return <a href={href} onClick={click} {...rest} />;
}
