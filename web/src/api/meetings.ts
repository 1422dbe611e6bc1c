/**
 * Residents' meetings (居民会议, workspace): typed from the tenant API's OpenAPI document
 * (`/api/t/community/meetings*`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type TenantSchemas, tenantApi } from './http';
import { invalidate } from './invalidate';

type S = TenantSchemas;
export type Meeting = S['Meeting'];
export type MeetingDetail = S['MeetingDetail'];
export type MeetingInput = S['MeetingInput'];
export type MeetingAttendee = S['MeetingAttendee'];
export type MinutesItemInput = S['MeetingMinutesItemInput'];

export const meetingKeys = {
  all: ['community', 'meetings'] as const,
  one: (id: string) => ['community', 'meetings', id] as const,
};

export const useMeetings = () =>
  useQuery({
    queryKey: meetingKeys.all,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/community/meetings', { signal })),
  });

export const useMeeting = (id: string) =>
  useQuery({
    queryKey: meetingKeys.one(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/meetings/{id}', { params: { path: { id } }, signal })),
  });

export function usePlanMeeting() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: MeetingInput) => body(tenantApi.POST('/api/t/community/meetings', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: meetingKeys.all }),
  });
}

/** A resident of the community by ID number (masked as the caller's role sees residents). */
export async function findResident(idNumber: string, community: string) {
  const found = await body(
    tenantApi.GET('/api/t/residents', { params: { query: { idNumber, community, limit: 2 } } }),
  );
  const r = found.items[0];
  if (!r) throw new Error('resident-not-found');
  return { residentId: r.id, name: r.name };
}

export function useMeetingActions(id: string) {
  const qc = useQueryClient();
  const done = () => invalidate(qc, meetingKeys.one(id), meetingKeys.all);
  const path = { params: { path: { id } } };
  return {
    attendance: useMutation({
      mutationFn: (b: S['MeetingAttendanceInput']) =>
        body(tenantApi.PUT('/api/t/community/meetings/{id}/attendance', { ...path, body: b })),
      onSuccess: done,
    }),
    hold: useMutation({
      mutationFn: (version: number) =>
        body(tenantApi.POST('/api/t/community/meetings/{id}/hold', { ...path, body: { version } })),
      onSuccess: done,
    }),
    minutes: useMutation({
      mutationFn: (b: S['MeetingMinutesInput']) =>
        body(tenantApi.PUT('/api/t/community/meetings/{id}/minutes', { ...path, body: b })),
      onSuccess: done,
    }),
    publish: useMutation({
      mutationFn: (b: S['MeetingPublishInput']) =>
        body(tenantApi.POST('/api/t/community/meetings/{id}/publish', { ...path, body: b })),
      onSuccess: done,
    }),
    correct: useMutation({
      mutationFn: (b: S['MeetingCorrectionInput']) =>
        body(tenantApi.POST('/api/t/community/meetings/{id}/corrections', { ...path, body: b })),
      onSuccess: done,
    }),
  };
}
