import { useMutation, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import { ApiError, parseProblem } from '../../api/errors';
import {
  clearResidentSession,
  getResidentAccessToken,
  getResidentSession,
  subscribeResidentSession,
} from './residentSession';

export interface ResidentDistrict {
  slug: string;
  name: string;
  divisionCode: string;
  province: string;
  city: string;
  tier: string;
  status: string;
  hotline: string;
}

export interface ResidentProfile {
  resident: { name: string; mobile?: string; registeredAt?: string };
  district: ResidentDistrict;
  modules: string[];
}

export interface ResidentRegistration {
  registered: boolean;
  created: boolean;
  resident: { name: string; mobile?: string };
  district: ResidentDistrict;
}

export const residentKeys = {
  profile: ['resident', 'profile'] as const,
};

/** Same-origin API call with the resident's token (never the staff session's). */
export async function residentFetch<T>(
  path: string,
  opts: { method?: 'GET' | 'POST'; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const token = await getResidentAccessToken();
  if (!token) throw ApiError.unauthorized();
  const headers: Record<string, string> = {
    Accept: 'application/json, application/problem+json',
    Authorization: `Bearer ${token}`,
  };
  if (document.documentElement.classList.contains('kiosk')) headers['X-Linli-Channel'] = 'kiosk';
  if (opts.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: opts.method ?? 'GET',
      headers,
      ...(opts.body !== undefined ? { body: JSON.stringify(opts.body) } : {}),
      ...(opts.signal ? { signal: opts.signal } : {}),
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!res.ok) {
    const err = await parseProblem(res);
    if (res.status === 401) clearResidentSession();
    throw err;
  }
  try {
    return (await res.json()) as T;
  } catch (cause) {
    throw ApiError.badResponse(res.status, cause);
  }
}

/** Create (idempotently) the resident's membership in the district of `slug`. */
export function registerResident(slug: string, name?: string): Promise<ResidentRegistration> {
  return residentFetch<ResidentRegistration>(`/api/public/districts/${encodeURIComponent(slug)}/residents`, {
    method: 'POST',
    body: name ? { name } : {},
  });
}

export function useResidentSession() {
  return useSyncExternalStore(subscribeResidentSession, getResidentSession, getResidentSession);
}

export function useResidentProfile(enabled: boolean) {
  return useQuery({
    queryKey: residentKeys.profile,
    queryFn: ({ signal }) => residentFetch<ResidentProfile>('/api/t/resident/profile', { signal }),
    enabled,
  });
}

export function useRegisterResident() {
  return useMutation({
    mutationFn: ({ slug, name }: { slug: string; name?: string }) => registerResident(slug, name),
  });
}
