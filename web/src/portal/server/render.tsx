/** @jsxRuntime automatic @jsxImportSource react */
import { renderToString } from 'react-dom/server';
import { PortalApp, type PortalState, resolveView, type View, viewTitle } from '../App';
import type { PortalApi } from '../api';
import { langFromCookie, loadStrings } from '../i18n';

export interface RenderedPortal {
  readonly status: 200 | 404;
  readonly html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** JSON that cannot end the `<script>` it sits in (`</script>`, `<!--`) nor break a JS parser. */
export const scriptJson = (value: unknown): string =>
  JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');

const PAGE_SLOT = /<!--portal-html-->[\s\S]*?<!--\/portal-html-->/;

/**
 * The portal's first screen as HTML: the route's loader runs here (through `api`, the API's own
 * domain functions), the same `PortalApp` the browser hydrates is rendered with
 * `react-dom/server`, and its state goes into `#portal-state` for `hydrateRoot`. `template` is the
 * built `portal.html` (hashed script and style links), whose skeleton the page replaces.
 */
export async function renderPortal(
  url: URL,
  opts: { template: string; api: PortalApi; cookie?: string | null | undefined },
): Promise<RenderedPortal> {
  const lang = langFromCookie(opts.cookie);
  let view: View;
  try {
    view = await resolveView(url.pathname, opts.api, { server: true });
  } catch {
    // The data did not load: send the skeleton; the browser loads and offers a retry if it fails too.
    view = { kind: 'loading' };
  }
  const strings = await loadStrings(lang);
  const state: PortalState = { path: url.pathname, lang, view };
  const page = renderToString(
    <PortalApp state={state} strings={strings} api={opts.api} search={url.search} />,
  );
  const kiosk = ['1', 'true'].includes(url.searchParams.get('kiosk') ?? '');
  const html = opts.template
    .replace(/<html lang="[^"]*"/, `<html lang="${lang}"${kiosk ? ' class="kiosk"' : ''}`)
    .replace(/<title>[^<]*<\/title>/, `<title>${escapeHtml(viewTitle(view, strings))}</title>`)
    .replace(PAGE_SLOT, () => page)
    .replace(
      '<!--portal-state-->',
      () => `<script id="portal-state" type="application/json">${scriptJson(state)}</script>`,
    );
  return { status: view.kind === 'notFound' ? 404 : 200, html };
}
