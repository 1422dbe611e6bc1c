import { useMutation, useQuery } from '@tanstack/react-query';
import { useSyncExternalStore } from 'react';
import type { paths as ControlPaths } from '../../api/control.gen';
import { apiClient, body, type ControlSchemas, type Credentials, type TenantSchemas } from '../../api/http';
import type { paths as TenantPaths } from '../../api/tenant.gen';
import {
  clearResidentSession,
  getResidentAccessToken,
  getResidentSession,
  subscribeResidentSession,
} from './residentSession';

export type ResidentDistrict = ControlSchemas['ResidentDistrict'];
export type ResidentProfile = TenantSchemas['ResidentProfile'];
export type ResidentRegistration = ControlSchemas['ResidentRegistration'];

export const residentKeys = {
  profile: ['resident', 'profile'] as const,
};

/** The resident's token (never the staff session's); a kiosk says so in its channel header. */
const resident: Credentials = {
  token: getResidentAccessToken,
  signedOut: clearResidentSession,
  headers: (): Record<string, string> =>
    document.documentElement.classList.contains('kiosk') ? { 'X-Linli-Channel': 'kiosk' } : {},
};
const residentControlApi = apiClient<ControlPaths>(resident);
const residentTenantApi = apiClient<TenantPaths>(resident);

/** The signed-in resident as the control plane knows them (their district, once registered). */
export const residentMe = () => body(residentControlApi.GET('/api/me'));

/** Create (idempotently) the resident's membership in the district of `slug`. */
export function registerResident(slug: string, name?: string): Promise<ResidentRegistration> {
  return body(
    residentControlApi.POST('/api/public/districts/{slug}/residents', {
      params: { path: { slug } },
      body: name ? { name } : {},
    }),
  );
}

export function useResidentSession() {
  return useSyncExternalStore(subscribeResidentSession, getResidentSession, getResidentSession);
}

export function useResidentProfile(enabled: boolean) {
  return useQuery({
    queryKey: residentKeys.profile,
    queryFn: ({ signal }) => body(residentTenantApi.GET('/api/t/resident/profile', { signal })),
    enabled,
  });
}

export function useRegisterResident() {
  return useMutation({
    mutationFn: ({ slug, name }: { slug: string; name?: string }) => registerResident(slug, name),
  });
}
