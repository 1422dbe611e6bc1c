import { type DefaultOptions, useMutation, useQuery } from '@tanstack/react-query';
import { clearSession, getAccessToken } from '../auth/session';
import { ApiError, parseProblem } from './errors';
import type {
  AppConfig,
  Community,
  Division,
  JoinApplicationCreated,
  JoinApplicationInput,
  Me,
  MinistryTenant,
  OutboxMessage,
  PublicDistrict,
  PublicDistrictSummary,
  Street,
} from './types';

export { ApiError } from './errors';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

const unauthorizedListeners = new Set<() => void>();

/** Called when an authenticated call answers 401: the router sends the user back to login. */
export function onUnauthorized(listener: () => void): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
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

/** Call the same-origin API; resolves to the JSON body or throws an ApiError. */
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
      clearSession();
      for (const l of unauthorizedListeners) l();
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
    if (res.status === 401 && auth) {
      clearSession();
      for (const l of unauthorizedListeners) l();
    }
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
    queryFn: ({ signal }) => apiFetch<AppConfig>('/api/config', { auth: false, signal }),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

export function useMe(enabled = true) {
  return useQuery({
    queryKey: keys.me,
    queryFn: ({ signal }) => apiFetch<Me>('/api/me', { signal }),
    enabled,
  });
}

export function usePublicDistricts() {
  return useQuery({
    queryKey: keys.districts,
    queryFn: ({ signal }) =>
      apiFetch<PublicDistrictSummary[]>('/api/public/districts', { auth: false, signal }),
  });
}

export function usePublicDistrict(slug: string) {
  return useQuery({
    queryKey: keys.district(slug),
    queryFn: ({ signal }) =>
      apiFetch<PublicDistrict>(`/api/public/districts/${encodeURIComponent(slug)}`, { auth: false, signal }),
  });
}

export function useStreets(enabled = true) {
  return useQuery({
    queryKey: keys.streets,
    queryFn: ({ signal }) => apiFetch<Street[]>('/api/t/org/streets', { signal }),
    enabled,
  });
}

export function useCommunities(streetCode: string) {
  return useQuery({
    queryKey: keys.communities(streetCode),
    queryFn: ({ signal }) =>
      apiFetch<Community[]>(`/api/t/org/streets/${encodeURIComponent(streetCode)}/communities`, { signal }),
  });
}

export function useMinistryTenants(enabled = true) {
  return useQuery({
    queryKey: keys.tenants,
    queryFn: ({ signal }) => apiFetch<MinistryTenant[]>('/api/ministry/tenants', { signal }),
    enabled,
  });
}

export function useDivisions(parent: string | undefined, enabled = true) {
  const qs = parent ? `?parent=${encodeURIComponent(parent)}` : '';
  return useQuery({
    queryKey: keys.divisions(parent),
    queryFn: ({ signal }) => apiFetch<Division[]>(`/api/join/divisions${qs}`, { auth: false, signal }),
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

export function useSubmitJoinApplication() {
  return useMutation({
    mutationFn: (input: JoinApplicationInput) =>
      apiFetch<JoinApplicationCreated>('/api/join/applications', {
        method: 'POST',
        body: input,
        auth: false,
      }),
  });
}
