import type { components } from '../api/control.gen';

type Schema = components['schemas']['DistrictPortal'];
/**
 * What the public district endpoint answers (`GET /api/public/districts/{slug}`); arrays read-only
 * so the server side can pass the API's own values.
 */
export type DistrictPortal = Omit<Schema, 'modules' | 'notices'> & {
  readonly modules: readonly string[];
  readonly notices: readonly Schema['notices'][number][];
};

/**
 * The public data the portal's pages load. Two implementations of one contract: in the browser
 * `fetch` of the public API (`browserApi`); on the server the API's own domain functions
 * (`@linli/api`'s `districtPortal`, passed in by the local gateway and the portal Lambda), so the
 * server-rendered HTML says exactly what the API says. A page that needs more public data adds a
 * method here, its `fetch` below, and its server side where `createPortalApp` is given its `api`.
 */
export interface PortalApi {
  /** A district's public portal information; null when there is no such (active) district. */
  district(slug: string, signal?: AbortSignal): Promise<DistrictPortal | null>;
}

/** An HTTP failure the page shows with a retry (a 404 is not one: loaders answer null). */
export class LoadError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

const getJson = async <T>(path: string, signal?: AbortSignal): Promise<T | null> => {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, ...(signal ? { signal } : {}) });
  if (res.status === 404) return null;
  if (!res.ok) throw new LoadError(res.status);
  return (await res.json()) as T;
};

export const browserApi: PortalApi = {
  district: (slug, signal) =>
    getJson<DistrictPortal>(`/api/public/districts/${encodeURIComponent(slug)}`, signal),
};
