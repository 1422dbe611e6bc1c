/**
 * Responses the boot script (`web/scripts/boot.ts`) asked for while the page's modules were still
 * downloading: `GET /api/config`, and `GET /api/me` with the stored session's token. The API
 * clients take each one once, for the same path and the same bearer token, instead of asking
 * again; anything else (another user's token, an old response, a second read) goes to the network.
 */
interface EarlyRequest {
  readonly token: string | null;
  readonly at: number;
  readonly response: Promise<Response>;
}

declare global {
  interface Window {
    __linliEarly?: Record<string, EarlyRequest | undefined>;
  }
}

/** Older than this, an early response is not used (the page has been open a while). */
export const EARLY_MAX_AGE_MS = 60_000;

/** The boot script's response to `request`, once, if it asked for the same read with the same token. */
export function takeEarly(request: Request, now = Date.now()): Promise<Response> | undefined {
  const early = globalThis.window?.__linliEarly;
  if (!early || request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  if (url.origin !== globalThis.location?.origin || url.search) return undefined;
  const hit = early[url.pathname];
  if (!hit) return undefined;
  delete early[url.pathname];
  const auth = request.headers.get('Authorization');
  if ((hit.token ? `Bearer ${hit.token}` : null) !== auth || now - hit.at > EARLY_MAX_AGE_MS)
    return undefined;
  return hit.response;
}
