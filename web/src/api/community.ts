/**
 * Community work (workspace): street tasks and report cycles. Typed from the tenant API's OpenAPI
 * document (`/api/t/community/*`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type TenantSchemas, tenantApi } from './http';
import { invalidate } from './invalidate';

type S = TenantSchemas;
export type CommunityTask = S['CommunityTask'];
export type TaskAssignment = S['TaskAssignment'];
export type TaskRow = S['TaskRow'];
export type TaskInput = S['TaskInput'];
export type ReportCycle = S['ReportCycle'];
export type ReportCycleRow = S['ReportCycleRow'];
export type CommunityReport = S['CommunityReport'];
export type ReportTemplate = S['ReportTemplate'];
export type ReportRow = S['ReportRow'];
export type ReportRollUp = S['ReportRollUp'];

export const communityKeys = {
  tasks: ['community', 'tasks'] as const,
  task: (id: string) => ['community', 'tasks', id] as const,
  templates: ['community', 'templates'] as const,
  cycles: ['community', 'cycles'] as const,
  cycle: (id: string) => ['community', 'cycles', id] as const,
  report: (id: string, community: string) => ['community', 'cycles', id, community] as const,
};

export const useTasks = () =>
  useQuery({
    queryKey: communityKeys.tasks,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/community/tasks', { signal })),
  });

export const useTask = (id: string) =>
  useQuery({
    queryKey: communityKeys.task(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/tasks/{id}', { params: { path: { id } }, signal })),
  });

export function useCreateTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: TaskInput) => body(tenantApi.POST('/api/t/community/tasks', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: communityKeys.tasks }),
  });
}

export type TaskMove = 'accept' | 'report' | 'return' | 'done';
export function useMoveTask() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (v: { id: string; community: string; action: TaskMove; version: number; text?: string }) => {
      const opts = {
        params: { path: { id: v.id, community: v.community } },
        body: { version: v.version, ...(v.text ? { text: v.text } : {}) },
      };
      switch (v.action) {
        case 'accept':
          return body(tenantApi.POST('/api/t/community/tasks/{id}/communities/{community}/accept', opts));
        case 'report':
          return body(tenantApi.POST('/api/t/community/tasks/{id}/communities/{community}/report', opts));
        case 'return':
          return body(tenantApi.POST('/api/t/community/tasks/{id}/communities/{community}/return', opts));
        default:
          return body(tenantApi.POST('/api/t/community/tasks/{id}/communities/{community}/done', opts));
      }
    },
    onSuccess: (_d, v) => invalidate(qc, communityKeys.tasks, communityKeys.task(v.id)),
  });
}

export const useTemplates = () =>
  useQuery({
    queryKey: communityKeys.templates,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/community/report-templates', { signal })),
  });

export const useCycles = () =>
  useQuery({
    queryKey: communityKeys.cycles,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/community/report-cycles', { signal })),
  });

export const useCycle = (id: string) =>
  useQuery({
    queryKey: communityKeys.cycle(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/report-cycles/{id}', { params: { path: { id } }, signal })),
  });

export function useOpenCycle() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: S['ReportCycleInput']) =>
      body(tenantApi.POST('/api/t/community/report-cycles', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: communityKeys.cycles }),
  });
}

export const useReport = (id: string, community: string) =>
  useQuery({
    queryKey: communityKeys.report(id, community),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/community/report-cycles/{id}/reports/{community}', {
          params: { path: { id, community } },
          signal,
        }),
      ),
  });

export function useReportActions(id: string, community: string) {
  const qc = useQueryClient();
  const path = { params: { path: { id, community } } };
  const done = (r: CommunityReport) => {
    qc.setQueryData(communityKeys.report(id, community), r);
    return invalidate(qc, communityKeys.cycle(id), communityKeys.cycles);
  };
  return {
    prefill: useMutation({
      mutationFn: () =>
        body(tenantApi.POST('/api/t/community/report-cycles/{id}/reports/{community}/prefill', path)),
      onSuccess: done,
    }),
    edit: useMutation({
      mutationFn: (edit: S['ReportEdit']) =>
        body(
          tenantApi.PATCH('/api/t/community/report-cycles/{id}/reports/{community}', { ...path, body: edit }),
        ),
      onSuccess: done,
    }),
    move: useMutation({
      mutationFn: (v: { action: 'submit' | 'return' | 'accept'; version: number; reason?: string }) => {
        const opts = { ...path, body: { version: v.version, ...(v.reason ? { reason: v.reason } : {}) } };
        if (v.action === 'submit')
          return body(tenantApi.POST('/api/t/community/report-cycles/{id}/reports/{community}/submit', opts));
        if (v.action === 'return')
          return body(tenantApi.POST('/api/t/community/report-cycles/{id}/reports/{community}/return', opts));
        return body(tenantApi.POST('/api/t/community/report-cycles/{id}/reports/{community}/accept', opts));
      },
      onSuccess: done,
    }),
  };
}

/** The cycle as XLSX in the template's layout (server-built), handed to the browser as a download. */
export async function downloadCycle(id: string, fallbackName: string): Promise<void> {
  const call = tenantApi.GET('/api/t/community/report-cycles/{id}/export', {
    params: { path: { id } },
    parseAs: 'blob',
  });
  const blob = await body(call);
  const { response } = await call;
  const disposition = response.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const name = star ? decodeURIComponent(star) : fallbackName;
  const url = URL.createObjectURL(blob as Blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export type Consultation = S['Consultation'];
export type ConsultationInput = S['ConsultationInput'];

export const consultationKeys = {
  all: ['community', 'consultations'] as const,
  one: (id: string) => ['community', 'consultations', id] as const,
};

export const useConsultations = () =>
  useQuery({
    queryKey: consultationKeys.all,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/community/consultations', { signal })),
  });

export const useConsultation = (id: string) =>
  useQuery({
    queryKey: consultationKeys.one(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/consultations/{id}', { params: { path: { id } }, signal })),
  });

export function useOpenConsultation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: ConsultationInput) =>
      body(tenantApi.POST('/api/t/community/consultations', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: consultationKeys.all }),
  });
}

export function useConsultationActions(id: string) {
  const qc = useQueryClient();
  const done = (c: Consultation) => {
    qc.setQueryData(consultationKeys.one(id), c);
    return invalidate(qc, consultationKeys.all);
  };
  return {
    /** A paper vote for the resident with this ID number (found in the community's records). */
    paperVote: useMutation({
      mutationFn: async (v: { idNumber: string; community: string; option: string }) => {
        const found = await body(
          tenantApi.GET('/api/t/residents', {
            params: { query: { idNumber: v.idNumber, community: v.community, limit: 2 } },
          }),
        );
        const resident = found.items[0];
        if (!resident) throw new Error('resident-not-found');
        return body(
          tenantApi.POST('/api/t/community/consultations/{id}/paper-votes', {
            params: { path: { id } },
            body: { residentId: resident.id, option: v.option },
          }),
        );
      },
      onSuccess: done,
    }),
    close: useMutation({
      mutationFn: (version: number) =>
        body(
          tenantApi.POST('/api/t/community/consultations/{id}/close', {
            params: { path: { id } },
            body: { version },
          }),
        ),
      onSuccess: done,
    }),
  };
}

export type CommunityEvent = S['CommunityEvent'];
export type CommunityEventInput = S['CommunityEventInput'];
export type EventSignUp = S['EventSignUp'];

export const eventKeys = {
  all: ['community', 'events'] as const,
  one: (id: string) => ['community', 'events', id] as const,
};

/** The events of the communities the caller manages (newest first). */
export const useCommunityEvents = () =>
  useQuery({
    queryKey: eventKeys.all,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/community/events', { signal })),
  });

/** One event with its sign-ups (seats in order, then the waiting list), names masked by role. */
export const useCommunityEvent = (id: string) =>
  useQuery({
    queryKey: eventKeys.one(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/events/{id}', { params: { path: { id } }, signal })),
  });

export function usePublishEvent() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: CommunityEventInput) =>
      body(tenantApi.POST('/api/t/community/events', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: eventKeys.all }),
  });
}

export function useCancelEvent(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (reason: string) =>
      body(
        tenantApi.POST('/api/t/community/events/{id}/cancel', {
          params: { path: { id } },
          body: { reason },
        }),
      ),
    onSuccess: () => invalidate(qc, eventKeys.one(id), eventKeys.all),
  });
}

export function useCheckIn(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (residentId: string) =>
      body(
        tenantApi.POST('/api/t/community/events/{id}/check-in', {
          params: { path: { id } },
          body: { residentId },
        }),
      ),
    onSuccess: () => invalidate(qc, eventKeys.one(id), eventKeys.all),
  });
}
