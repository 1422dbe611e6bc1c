import { type DefaultOptions, useQuery } from '@tanstack/react-query';
import { ApiError } from './errors';
import { apiClient, body, controlApi, publicApi, tenantApi } from './http';
import type { OutboxMessage } from './types';

export { ApiError } from './errors';
export { onUnauthorized } from './http';

declare module '@tanstack/react-query' {
  interface Register {
    defaultError: ApiError;
  }
}

/** The local development outbox (`packages/local` only): not part of either OpenAPI document. */
interface DevPaths {
  '/api/dev/outbox': {
    parameters: { query?: never; header?: never; path?: never; cookie?: never };
    get: {
      parameters: { query?: never; header?: never; path?: never; cookie?: never };
      requestBody?: never;
      responses: {
        200: { headers: Record<string, unknown>; content: { 'application/json': OutboxMessage[] } };
      };
    };
  };
}

/** The development outbox, without a token (the same client behaviour as the contract's calls). */
const devApi = apiClient<DevPaths>();

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

/**
 * The communities of a street in the caller's scope; asks nothing until a street is known (a
 * community worker's own community needs no list: `''` or undefined).
 */
export function useCommunities(streetCode: string | undefined) {
  return useQuery({
    queryKey: keys.communities(streetCode ?? ''),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/org/streets/{code}/communities', {
          params: { path: { code: streetCode! } },
          signal,
        }),
      ),
    enabled: Boolean(streetCode),
    staleTime: 5 * 60_000,
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
    queryFn: ({ signal }) => body(devApi.GET('/api/dev/outbox', { signal })),
    enabled,
    refetchInterval: enabled ? 3000 : false,
  });
}
