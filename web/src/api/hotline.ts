/**
 * The call-centre console (热线) over the typed tenant client: pending calls (polled), the
 * district's call keys, filing a case for a caller, a case's status by number, the work orders.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type TenantSchemas, tenantApi } from './http';
import type { paths } from './tenant.gen';

type S = TenantSchemas;
export type Call = S['Call'];
export type ChannelKey = S['ChannelKey'];
export type HotlineCaseStatus = S['HotlineCaseStatus'];
export type ServiceDefinition = S['ServiceDefinition'];
export type FileCaseBody = NonNullable<
  paths['/api/t/cases']['post']['requestBody']
>['content']['application/json'];
export type CloseCallBody = S['CloseCall'];

export const hotlineKeys = {
  calls: ['hotline', 'calls'] as const,
  keys: (purpose: 'calls' | 'sms') => ['channel-keys', purpose] as const,
  status: (n: string) => ['hotline', 'status', n] as const,
  services: ['hotline', 'services'] as const,
  guide: (code: string) => ['hotline', 'guide', code] as const,
};

/** Today's and yesterday's calls; the console polls every few seconds so a new call pops. */
export const useCalls = (pollMs = 5000) =>
  useQuery({
    queryKey: hotlineKeys.calls,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/hotline/calls', { signal })),
    refetchInterval: pollMs,
  });

export function useCloseCall() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; close: CloseCallBody }) =>
      body(
        tenantApi.POST('/api/t/hotline/calls/{id}/close', { params: { path: { id: v.id } }, body: v.close }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: hotlineKeys.calls }),
  });
}

/** The services a caller can apply for by telephone. */
export const useHotlineServices = () =>
  useQuery({
    queryKey: hotlineKeys.services,
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/services/catalogue', { params: { query: { channel: 'call-centre' } }, signal }),
      ),
  });

export const useServiceGuide = (code: string | undefined) =>
  useQuery({
    queryKey: hotlineKeys.guide(code ?? ''),
    enabled: !!code,
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/services/catalogue/{code}', { params: { path: { code: code! } }, signal })),
  });

/** File a case for the caller (channel `call-centre`); one Idempotency-Key per attempt. */
export function useFileForCaller() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { body: FileCaseBody; key: string }) =>
      body(
        tenantApi.POST('/api/t/cases', {
          params: { header: { 'idempotency-key': v.key } },
          headers: { 'x-linli-channel': 'call-centre' },
          body: v.body,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['cases', 'inbox'] }),
  });
}

export const useCaseStatus = (number: string | undefined) =>
  useQuery({
    queryKey: hotlineKeys.status(number ?? ''),
    enabled: !!number,
    retry: false,
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/hotline/cases/{number}', { params: { path: { number: number! } }, signal })),
  });

const KEY_PATH = { calls: '/api/t/hotline/keys', sms: '/api/t/sms/keys' } as const;

export const useChannelKeys = (purpose: 'calls' | 'sms') =>
  useQuery({
    queryKey: hotlineKeys.keys(purpose),
    queryFn: ({ signal }) => body(tenantApi.GET(KEY_PATH[purpose], { signal })),
  });

export function useIssueKey(purpose: 'calls' | 'sms') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { label: string; topicArn?: string }) =>
      body(tenantApi.POST(KEY_PATH[purpose], { body: v })),
    onSuccess: () => qc.invalidateQueries({ queryKey: hotlineKeys.keys(purpose) }),
  });
}

export function useRevokeKey(purpose: 'calls' | 'sms') {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      body(tenantApi.POST(`${KEY_PATH[purpose]}/{id}/revoke`, { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: hotlineKeys.keys(purpose) }),
  });
}

export type SmsInbound = S['SmsInbound'];
export type SmsLogEntry = S['SmsLogEntry'];
export type BroadcastInput = S['BroadcastInput'];

/** Texts residents sent for the hotline (polled like the calls). */
export const useSmsMessages = (status: 'open' | 'closed') =>
  useQuery({
    queryKey: ['sms', 'messages', status],
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/sms/messages', { params: { query: { status } }, signal })),
    refetchInterval: 10_000,
  });

export function useCloseSms() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; caseNumber?: string }) =>
      body(
        tenantApi.POST('/api/t/sms/messages/{id}/close', {
          params: { path: { id: v.id } },
          body: v.caseNumber ? { caseNumber: v.caseNumber } : {},
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['sms'] }),
  });
}

export const useSmsLog = () =>
  useQuery({
    queryKey: ['sms', 'log'],
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/sms/log', { signal })),
  });

export function useBroadcast() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: BroadcastInput) => body(tenantApi.POST('/api/t/sms/broadcasts', { body: b })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['sms', 'log'] }),
  });
}

export type SmsRules = S['SmsRules'];

/** The district's broadcast rules: daily limit and quiet hours (China time). */
export const useSmsRules = () =>
  useQuery({
    queryKey: ['sms', 'rules'],
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/sms/rules', { signal })),
  });

export function useSaveSmsRules() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (r: SmsRules) => body(tenantApi.PUT('/api/t/sms/rules', { body: r })),
    onSuccess: (r) => qc.setQueryData(['sms', 'rules'], r),
  });
}
