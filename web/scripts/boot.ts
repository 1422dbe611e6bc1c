/**
 * The staff client's boot script (`/assets/boot-<hash>.js`, a classic script at the top of
 * `index.html`'s head, `async`, built by {@link bootPlugin}). It runs while the entry's modules are still
 * downloading and starts what the page will ask for only after they have run:
 *
 * - `<link rel="modulepreload">` for the lazily imported chunks of the route in the address bar
 *   (the workspace, the ministry console, login, join), so they download beside the entry instead
 *   of after it;
 * - the first API reads every staff page makes: `GET /api/config`, and `GET /api/me` with the
 *   stored session's access token when it is still valid. The client takes these responses once
 *   (`src/api/early.ts`) instead of asking again.
 *
 * On a 400 kbps / 400 ms phone the workspace otherwise waits for entry → area chunk → token →
 * `/api/me` one after another (docs/benchmarks.md, "Page load on a slow phone").
 *
 * A file, not an inline script: the site's Content-Security-Policy is `script-src 'self'`.
 */
import type { OutputBundle, OutputChunk } from 'rollup';
import type { Plugin } from 'vite';

/** A route prefix and the lazily imported modules its first screen needs. */
export interface RoutePreload {
  readonly path: string;
  readonly modules: readonly string[];
}

/** The storage key of the staff session (src/auth/session.ts). */
export const SESSION_KEY = 'linli.session';
/** Where the boot script leaves its early responses (src/api/early.ts). */
export const EARLY_GLOBAL = '__linliEarly';

const chunks = (bundle: OutputBundle): OutputChunk[] =>
  Object.values(bundle).filter((o): o is OutputChunk => o.type === 'chunk');

/** `chunk` and every chunk it imports statically, transitively (file names). */
const closure = (bundle: OutputBundle, chunk: OutputChunk, into = new Set<string>()): Set<string> => {
  if (into.has(chunk.fileName)) return into;
  into.add(chunk.fileName);
  for (const f of chunk.imports) {
    const c = bundle[f];
    if (c?.type === 'chunk') closure(bundle, c, into);
  }
  return into;
};

/**
 * Route prefix → chunks to preload (absolute URLs), from the build's output: each route's modules
 * and their static imports, minus what the page's entry already loads.
 */
export function routeChunks(
  bundle: OutputBundle,
  entryHtml: string,
  routes: readonly RoutePreload[],
  base = '/',
): Record<string, string[]> {
  const all = chunks(bundle);
  const entry = all.find((c) => c.isEntry && c.facadeModuleId?.endsWith(`/${entryHtml}`));
  if (!entry) throw new Error(`boot: no entry chunk for ${entryHtml}`);
  const loaded = closure(bundle, entry);
  const out: Record<string, string[]> = {};
  for (const route of routes) {
    const files = new Set<string>();
    for (const m of route.modules) {
      // The chunk that holds the module (a facade, or a chunk Rollup merged it into).
      const chunk =
        all.find((c) => c.facadeModuleId?.endsWith(`/${m}`)) ??
        all.find((c) => c.moduleIds.some((id) => id.endsWith(`/${m}`)));
      if (!chunk) throw new Error(`boot: no chunk for ${m} (route ${route.path})`);
      closure(bundle, chunk, files);
    }
    out[route.path] = [...files].filter((f) => !loaded.has(f)).map((f) => base + f);
  }
  return out;
}

/** The boot script's source for a route map (plain ES2017, no imports: it runs before any module). */
export function bootSource(routes: Record<string, string[]>): string {
  return `(function(){
var w=window,d=document,p=location.pathname,routes=${JSON.stringify(routes)},best=null;
for(var k in routes){if((p===k||p.indexOf(k==="/"?"/":k+"/")===0)&&(best===null||k.length>best.length))best=k;}
if(best!==null)routes[best].forEach(function(f){var l=d.createElement("link");l.rel="modulepreload";l.href=f;d.head.appendChild(l);});
if(typeof fetch!=="function")return;
var early=w.${EARLY_GLOBAL}={},at=Date.now();
function get(path,token){var h={Accept:"application/json, application/problem+json"};if(token)h.Authorization="Bearer "+token;
early[path]={token:token||null,at:at,response:fetch(path,{headers:h,credentials:"same-origin"})};
early[path].response.catch(function(){});}
get("/api/config");
if(/^\\/(workspace|ministry)(\\/|$)/.test(p)){try{var s=JSON.parse(sessionStorage.getItem(${JSON.stringify(SESSION_KEY)})||"null");
if(s&&typeof s.accessToken==="string"&&s.expiresAt-60000>Date.now())get("/api/me",s.accessToken);}catch(e){}}
})();
`;
}

/**
 * Vite plugin (build only): emits the boot script for `routes` and puts it first in the head of
 * `entryHtml`. Runs after Vite has written the HTML (`enforce: 'post'`).
 */
export function bootPlugin(routes: readonly RoutePreload[], entryHtml = 'index.html'): Plugin {
  let base = '/';
  return {
    name: 'linli-boot',
    apply: 'build',
    enforce: 'post',
    configResolved(config) {
      base = config.base;
    },
    generateBundle(_options, bundle) {
      const html = bundle[entryHtml];
      if (html?.type !== 'asset') throw new Error(`boot: ${entryHtml} is not in the bundle`);
      const ref = this.emitFile({
        type: 'asset',
        name: 'boot.js',
        source: bootSource(routeChunks(bundle, entryHtml, routes, base)),
      });
      const src = `${base}${this.getFileName(ref)}`;
      const text = String(html.source);
      if (!text.includes('<head>')) throw new Error(`boot: ${entryHtml} has no <head>`);
      // async: it does not hold up parsing; it runs long before the entry's modules have arrived.
      html.source = text.replace('<head>', `<head>\n    <script async src="${src}"></script>`);
    },
  };
}
