import { Hono } from 'hono';
import type { PortalApi } from '../api';
import { renderPortal } from './render';

export interface PortalAppOptions {
  /** The built `portal.html` (read per request locally so a rebuild shows at once; once in Lambda). */
  readonly template: () => string;
  /** The portal's public data from the API's domain functions (`@linli/api`'s `portalData`). */
  readonly api: PortalApi;
}

/**
 * The server-rendered portal as a Hono app (`GET /t/*`): the local gateway mounts it, and the
 * `portal-ssr` Lambda behind CloudFront's `/t/*` behaviour runs the same app under
 * `hono/aws-lambda`. HTML is `no-cache` (always revalidated: notices change); assets are immutable.
 */
export function createPortalApp(opts: PortalAppOptions) {
  const app = new Hono();
  app.get('/t/*', async (c) => {
    const { status, html } = await renderPortal(new URL(c.req.url), {
      template: opts.template(),
      api: opts.api,
      cookie: c.req.header('cookie'),
    });
    return c.html(html, status, { 'Cache-Control': 'no-cache', Vary: 'Cookie' });
  });
  return app;
}
