/**
 * The staff side of requests (办件) over the typed tenant client: the inbox, one case, its actions,
 * notes, reveal, assignment and bulk accept. Query keys live here so a change refreshes both the
 * inbox and the case.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, definedQuery, type TenantSchemas as T, tenantApi } from './http';
import { invalidate } from './invalidate';
import type { paths } from './tenant.gen';

export type InboxItem = T['InboxItem'];
export type StaffCase = T['StaffCase'];
export type CaseAction = StaffCase['allowedActions'][number];
export type InboxQuery = NonNullable<paths['/api/t/cases']['get']['parameters']['query']>;
export type ActionBody = NonNullable<
  paths['/api/t/cases/{id}/actions']['post']['requestBody']
>['content']['application/json'];

export const caseKeys = {
  all: ['cases'] as const,
  inbox: (q: InboxQuery) => ['cases', 'inbox', q] as const,
  one: (id: string) => ['cases', 'one', id] as const,
};

export function useInbox(q: InboxQuery) {
  return useQuery({
    queryKey: caseKeys.inbox(q),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/cases', { params: { query: definedQuery({ ...q }) }, signal })),
    placeholderData: keepPreviousData,
  });
}

export function useStaffCase(id: string) {
  return useQuery({
    queryKey: caseKeys.one(id),
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/cases/{id}', { params: { path: { id } }, signal })),
  });
}

/** Colleagues the case can be assigned to (staff who can see it), by name. */
export function useAssignees(id: string, enabled = true) {
  return useQuery({
    queryKey: ['cases', 'assignees', id] as const,
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/cases/{id}/assignees', { params: { path: { id } }, signal })),
    enabled,
    retry: false,
    staleTime: 60_000,
  });
}

/** After a change the case and every inbox page are stale. */
function useRefresh() {
  const qc = useQueryClient();
  return (updated?: StaffCase) => {
    if (updated) qc.setQueryData(caseKeys.one(updated.id), updated);
    return invalidate(qc, ['cases', 'inbox']);
  };
}

export function useCaseAction(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (b: ActionBody) =>
      body(tenantApi.POST('/api/t/cases/{id}/actions', { params: { path: { id } }, body: b })),
    onSuccess: refresh,
  });
}

export function useAddNote(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (b: { text: string; visibility: 'internal' | 'resident' }) =>
      body(tenantApi.POST('/api/t/cases/{id}/notes', { params: { path: { id } }, body: b })),
    onSuccess: () => qc.invalidateQueries({ queryKey: caseKeys.one(id) }),
  });
}

export function useAssign(id: string) {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (assignee: string | null) =>
      body(tenantApi.POST('/api/t/cases/{id}/assign', { params: { path: { id } }, body: { assignee } })),
    onSuccess: refresh,
  });
}

export function useBulkAccept() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (items: { id: string; step: number }[]) =>
      body(tenantApi.POST('/api/t/cases/bulk-accept', { body: { items } })),
    onSuccess: () => refresh(),
  });
}

export const revealCase = (id: string, fields: string[], reason: string) =>
  body(tenantApi.POST('/api/t/cases/{id}/reveal', { params: { path: { id } }, body: { fields, reason } }));

/** The material's address for a link (the API streams it with the staff token; see `downloadMaterial`). */
export async function downloadMaterial(caseId: string, uploadId: string): Promise<Blob> {
  const res = await tenantApi.GET('/api/t/cases/{id}/materials/{uploadId}', {
    params: { path: { id: caseId, uploadId } },
    parseAs: 'blob',
  });
  if (!res.data) throw new Error('no file');
  return res.data;
}
