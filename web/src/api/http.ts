/**
 * The typed API clients: `openapi-fetch` over the types `openapi-typescript` generates from the
 * server's two OpenAPI documents (`control.gen.ts`: `/api/*`, `tenant.gen.ts`: `/api/t/*`; see
 * web/scripts/gen-api.ts). Paths, parameters, bodies and answers are checked against the contract:
 * a response the server changes and the web client does not follow fails `npm run typecheck`.
 *
 * Every client sends the UI language; a failed call rejects with an `ApiError` (problem+json read
 * into a stable code, bilingual messages and field errors), never resolves with an error body.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { clearSession, getAccessToken } from '../auth/session';
import { currentLang } from '../i18n';
import type { components as ControlComponents, paths as ControlPaths } from './control.gen';
import { takeEarly } from './early';
import { ApiError, parseProblem } from './errors';
import type { components as TenantComponents, paths as TenantPaths } from './tenant.gen';

/** Named schemas of the control API (`/api/*`), e.g. `ControlSchemas['FlagDefinition']`. */
export type ControlSchemas = ControlComponents['schemas'];
/** Named schemas of the tenant API (`/api/t/*`), e.g. `TenantSchemas['TenantModules']`. */
export type TenantSchemas = TenantComponents['schemas'];

const unauthorizedListeners = new Set<() => void>();

/** Called when an authenticated call answers 401: the router sends the user back to login. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

/** The staff session ended (no token, or the API said 401): forget it and tell the router. */
export function staffSignedOut(): void {
  clearSession();
  for (const l of unauthorizedListeners) l();
}

/** Whose bearer token a client sends, and what a 401 means for that session. */
export interface Credentials {
  token(): Promise<string | null>;
  signedOut(): void;
  /** Extra headers, e.g. the kiosk channel. */
  headers?(): Record<string, string>;
}

const staff: Credentials = { token: getAccessToken, signedOut: staffSignedOut };

function middleware(credentials: Credentials | undefined): Middleware {
  return {
    async onRequest({ request }) {
      request.headers.set('Accept', 'application/json, application/problem+json');
      request.headers.set('Accept-Language', currentLang());
      if (!credentials) return request;
      for (const [k, v] of Object.entries(credentials.headers?.() ?? {})) request.headers.set(k, v);
      const token = await credentials.token();
      if (!token) {
        credentials.signedOut();
        throw ApiError.unauthorized();
      }
      request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
    async onResponse({ response }) {
      if (response.ok) return undefined;
      const err = await parseProblem(response);
      if (response.status === 401 && credentials) credentials.signedOut();
      throw err;
    },
    onError({ error }) {
      return error instanceof ApiError ? error : ApiError.network(error);
    },
  };
}

/** A same-origin client of `Paths`, sending `credentials`' bearer token when given. */
export function apiClient<Paths extends {}>(credentials?: Credentials) {
  const client = createClient<Paths>({
    // Absolute: `Request` outside a page (tests) cannot resolve a relative URL.
    baseUrl: globalThis.location?.origin ?? '',
    // Looked up per call, not captured once, so a replaced `fetch` (tests, the kiosk) is used. The
    // first config and `me` reads take the boot script's early responses (early.ts).
    fetch: (request) => takeEarly(request) ?? globalThis.fetch(request),
  });
  client.use(middleware(credentials));
  return client;
}

/** The control API (`/api/*`) as the signed-in staff or ministry user. */
export const controlApi = apiClient<ControlPaths>(staff);
/** The control API's public routes (config, directory, join flow): no token. */
export const publicApi = apiClient<ControlPaths>();
/** The tenant API (`/api/t/*`) as the signed-in staff user. */
export const tenantApi = apiClient<TenantPaths>(staff);

/**
 * The answer of a successful call. Failures have already rejected with an `ApiError` in the
 * middleware; a 2xx whose body is not the JSON the contract promises is a `BAD_RESPONSE`.
 */
export async function body<D>(call: Promise<{ data?: D; response: Response }>): Promise<D> {
  let out: { data?: D; response: Response };
  try {
    out = await call;
  } catch (cause) {
    if (cause instanceof ApiError) throw cause;
    throw ApiError.badResponse(0, cause);
  }
  if (out.data === undefined) throw ApiError.badResponse(out.response.status, 'empty body');
  return out.data;
}

/**
 * A query without its empty parameters: an absent or blank filter is not sent at all (not as
 * `name=`), as the lists have always been asked.
 */
export function definedQuery<Q extends Record<string, string | number | boolean | undefined>>(q: Q): Q {
  const out: Record<string, string | number | boolean> = {};
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') out[k] = v;
  return out as Q;
}
