/** Open311 API keys of the district (workspace, district admin). Typed from the tenant API. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type TenantSchemas, tenantApi } from './http';

export type Open311Key = TenantSchemas['Open311Key'];
export type Open311KeyIssued = TenantSchemas['Open311KeyIssued'];

const key = ['open311', 'keys'] as const;

export const useOpen311Keys = (enabled = true) =>
  useQuery({ queryKey: key, enabled, queryFn: () => body(tenantApi.GET('/api/t/open311/keys')) });

export function useIssueOpen311Key() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (label: string) => body(tenantApi.POST('/api/t/open311/keys', { body: { label } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}

export function useRevokeOpen311Key() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) =>
      body(tenantApi.POST('/api/t/open311/keys/{id}/revoke', { params: { path: { id } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: key }),
  });
}
