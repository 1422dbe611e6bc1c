/**
 * The district's service desk (workspace): the catalogue the district admin adapts, 好差评
 * rectifications and call-backs, and 公示 notices. Typed from the tenant API's OpenAPI document.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type TenantSchemas, tenantApi } from './http';
import { invalidate } from './invalidate';

type S = TenantSchemas;
export type CatalogueEntry = S['CatalogueEntry'];
export type ServiceDefinition = S['ServiceDefinition'];
export type ServiceTemplate = S['ServiceTemplate'];
export type Rectification = S['Rectification'];
export type Callback = S['Callback'];
export type Notice = S['Notice'];
export type NoticeInput = S['NoticeInput'];
export type CallbackOutcome = S['CallbackOutcome'];

export const deskKeys = {
  catalogue: ['services', 'admin', 'catalogue'] as const,
  templates: ['services', 'admin', 'templates'] as const,
  rectifications: ['services', 'rectifications'] as const,
  callbacks: ['services', 'callbacks'] as const,
  notices: ['notices'] as const,
};

export const useAdminCatalogue = () =>
  useQuery({
    queryKey: deskKeys.catalogue,
    queryFn: () => body(tenantApi.GET('/api/t/services/admin/catalogue')),
  });
export const useTemplates = () =>
  useQuery({
    queryKey: deskKeys.templates,
    queryFn: () => body(tenantApi.GET('/api/t/services/admin/templates')),
  });

/** Save a service as its next version (`expectedVersion: 0` adopts a template). */
export function useSaveService() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { definition: ServiceDefinition; expectedVersion: number }) =>
      body(
        tenantApi.PUT('/api/t/services/admin/catalogue/{code}', {
          params: { path: { code: v.definition.code } },
          body: v,
        }),
      ),
    onSuccess: () => invalidate(qc, deskKeys.catalogue, deskKeys.templates),
  });
}

export function useSetEnabled() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { code: string; enabled: boolean; expectedVersion: number }) =>
      body(
        tenantApi.PUT('/api/t/services/admin/catalogue/{code}/enabled', {
          params: { path: { code: v.code } },
          body: { enabled: v.enabled, expectedVersion: v.expectedVersion },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.catalogue }),
  });
}

export const useRectifications = (enabled = true) =>
  useQuery({
    queryKey: deskKeys.rectifications,
    queryFn: () => body(tenantApi.GET('/api/t/services/rectifications')),
    enabled,
  });
export const useCallbacks = (enabled = true) =>
  useQuery({
    queryKey: deskKeys.callbacks,
    queryFn: () => body(tenantApi.GET('/api/t/services/callbacks')),
    enabled,
  });

export function useCompleteRectification() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { r: Rectification; resolution: string }) =>
      body(
        tenantApi.POST('/api/t/services/rectifications/{department}/{id}/complete', {
          params: { path: { department: v.r.department, id: v.r.caseId } },
          body: { resolution: v.resolution, version: v.r.version },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.rectifications }),
  });
}

export function useRecordCallback() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { caseId: string; outcome: CallbackOutcome }) =>
      body(
        tenantApi.POST('/api/t/services/callbacks/{id}', {
          params: { path: { id: v.caseId } },
          body: v.outcome,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.callbacks }),
  });
}

export const useNotices = () =>
  useQuery({ queryKey: deskKeys.notices, queryFn: () => body(tenantApi.GET('/api/t/notices')) });

export function usePublishNotice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: NoticeInput) => body(tenantApi.POST('/api/t/notices', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.notices }),
  });
}

export function useWithdrawNotice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (n: Notice) =>
      body(
        tenantApi.POST('/api/t/notices/{id}/withdraw', {
          params: { path: { id: n.id } },
          body: { version: n.version },
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: deskKeys.notices }),
  });
}
