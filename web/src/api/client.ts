import { type DefaultOptions, useQuery } from '@tanstack/react-query';
import { getAccessToken } from '../auth/session';
import { ApiError, parseProblem } from './errors';
import { body, controlApi, publicApi, staffSignedOut, tenantApi } from './http';
import type { OutboxMessage } from './types';

export { ApiError } from './errors';
export { onUnauthorized } from './http';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** Send the bearer token (default true). Public endpoints pass false. */
  auth?: boolean;
  signal?: AbortSignal | undefined;
  /** Extra request headers (e.g. a join draft's secret). */
  headers?: Record<string, string>;
}

/**
 * Untyped same-origin call, resolving to the JSON body or throwing an ApiError. Only for what the
 * contract does not describe (the local development outbox) and the modules not yet on the typed
 * clients of http.ts; everything else calls `controlApi` / `tenantApi` / `publicApi`.
 */
export async function apiFetch<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const { method = 'GET', body, auth = true, signal } = opts;
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    ...(opts.headers ?? {}),
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (auth) {
    const token = await getAccessToken();
    if (!token) {
      staffSignedOut();
      throw ApiError.unauthorized();
    }
    headers.Authorization = `Bearer ${token}`;
  }
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers,
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!res.ok) {
    const err = await parseProblem(res);
    if (res.status === 401 && auth) staffSignedOut();
    throw err;
  }
  if (res.status === 204) return undefined as T;
  try {
    return (await res.json()) as T;
  } catch (cause) {
    throw ApiError.badResponse(res.status, cause);
  }
}

/** Retry transient failures only: never a 4xx, at most twice. */
export function shouldRetry(failureCount: number, error: unknown): boolean {
  if (error instanceof ApiError && error.status >= 400 && error.status < 500) return false;
  return failureCount < 2;
}

export const queryDefaults: DefaultOptions = {
  queries: { retry: shouldRetry, staleTime: 30_000, refetchOnWindowFocus: false },
};

export const keys = {
  config: ['config'] as const,
  me: ['me'] as const,
  districts: ['public', 'districts'] as const,
  district: (slug: string) => ['public', 'districts', slug] as const,
  streets: ['org', 'streets'] as const,
  communities: (street: string) => ['org', 'streets', street, 'communities'] as const,
  tenants: ['ministry', 'tenants'] as const,
  divisions: (parent: string | undefined) => ['join', 'divisions', parent ?? ''] as const,
  outbox: ['dev', 'outbox'] as const,
};

export function useConfig() {
  return useQuery({
    queryKey: keys.config,
    queryFn: ({ signal }) => body(publicApi.GET('/api/config', { signal })),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMe(enabled = true) {
  return useQuery({
    queryKey: keys.me,
    queryFn: ({ signal }) => body(controlApi.GET('/api/me', { signal })),
    enabled,
  });
}

export function usePublicDistricts() {
  return useQuery({
    queryKey: keys.districts,
    queryFn: ({ signal }) => body(publicApi.GET('/api/public/districts', { signal })),
  });
}

export function usePublicDistrict(slug: string) {
  return useQuery({
    queryKey: keys.district(slug),
    queryFn: ({ signal }) =>
      body(publicApi.GET('/api/public/districts/{slug}', { params: { path: { slug } }, signal })),
  });
}

export function useStreets(enabled = true) {
  return useQuery({
    queryKey: keys.streets,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/org/streets', { signal })),
    enabled,
  });
}

export function useCommunities(streetCode: string) {
  return useQuery({
    queryKey: keys.communities(streetCode),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/org/streets/{code}/communities', {
          params: { path: { code: streetCode } },
          signal,
        }),
      ),
  });
}

export function useMinistryTenants(enabled = true) {
  return useQuery({
    queryKey: keys.tenants,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/tenants', { signal })),
    enabled,
  });
}

export function useDivisions(parent: string | undefined, enabled = true) {
  return useQuery({
    queryKey: keys.divisions(parent),
    queryFn: ({ signal }) =>
      body(publicApi.GET('/api/join/divisions', { params: { query: parent ? { parent } : {} }, signal })),
    enabled,
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useDevOutbox(enabled: boolean) {
  return useQuery({
    queryKey: keys.outbox,
    queryFn: ({ signal }) => apiFetch<OutboxMessage[]>('/api/dev/outbox', { auth: false, signal }),
    enabled,
    refetchInterval: enabled ? 3000 : false,
  });
}
