/**
 * 社区党建 (workspace): branches, members, meetings and the yearly overview. Typed from the tenant
 * API's OpenAPI document (`/api/t/community/party/*`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type TenantSchemas, tenantApi } from './http';
import { invalidate } from './invalidate';

type S = TenantSchemas;
export type PartyBranch = S['PartyBranch'];
export type PartyBranchInput = S['PartyBranchInput'];
export type PartyMember = S['PartyMember'];
export type PartyMemberInput = S['PartyMemberInput'];
export type PartyMemberChange = S['PartyMemberChange'];
export type PartyMeeting = S['PartyMeeting'];
export type PartyMeetingInput = S['PartyMeetingInput'];
export type PartyOverview = S['PartyOverview'];
export type BranchOverview = PartyOverview['branches'][number];

export const partyKeys = {
  all: ['party'] as const,
  overview: (year: number) => ['party', 'overview', year] as const,
  branch: (id: string) => ['party', 'branch', id] as const,
  members: (id: string) => ['party', 'branch', id, 'members'] as const,
  meetings: (id: string, year: number) => ['party', 'branch', id, 'meetings', year] as const,
};

/** Every branch in the caller's scope with its year of 三会一课 against the cadence. */
export const usePartyOverview = (year: number) =>
  useQuery({
    queryKey: partyKeys.overview(year),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/party/overview', { params: { query: { year } }, signal })),
  });

export const usePartyBranch = (id: string) =>
  useQuery({
    queryKey: partyKeys.branch(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/party/branches/{id}', { params: { path: { id } }, signal })),
  });

/** The branch's members, names masked by role (each load is written to the audit log). */
export const usePartyMembers = (id: string) =>
  useQuery({
    queryKey: partyKeys.members(id),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/community/party/branches/{id}/members', { params: { path: { id } }, signal }),
      ),
    // A view is an audited access: not refetched on every focus.
    refetchOnWindowFocus: false,
    staleTime: 5 * 60_000,
  });

export const usePartyMeetings = (id: string, year: number) =>
  useQuery({
    queryKey: partyKeys.meetings(id, year),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/community/party/branches/{id}/meetings', {
          params: { path: { id }, query: { year } },
          signal,
        }),
      ),
  });

export function useCreateBranch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: PartyBranchInput) =>
      body(tenantApi.POST('/api/t/community/party/branches', { body: input })),
    onSuccess: () => qc.invalidateQueries({ queryKey: partyKeys.all }),
  });
}

/** Record a member, change one (转正, 转出, consent withdrawn), record a meeting: all refresh the branch. */
export function usePartyActions(id: string) {
  const qc = useQueryClient();
  const done = () => invalidate(qc, ['party']);
  const path = { path: { id } };
  return {
    record: useMutation({
      mutationFn: (input: PartyMemberInput) =>
        body(tenantApi.POST('/api/t/community/party/branches/{id}/members', { params: path, body: input })),
      onSuccess: done,
    }),
    change: useMutation({
      mutationFn: (v: { member: string; change: PartyMemberChange }) =>
        body(
          tenantApi.PATCH('/api/t/community/party/branches/{id}/members/{member}', {
            params: { path: { id, member: v.member } },
            body: v.change,
          }),
        ),
      onSuccess: done,
    }),
    meeting: useMutation({
      mutationFn: (input: PartyMeetingInput) =>
        body(tenantApi.POST('/api/t/community/party/branches/{id}/meetings', { params: path, body: input })),
      onSuccess: done,
    }),
  };
}

/** Residents of one community found by ID number (exact) or name (prefix), masked as the role sees them. */
export async function findResidents(community: string, term: string) {
  const q = term.trim();
  const byId = /^\d{15}$|^\d{17}[\dXx]$/.test(q);
  const found = await body(
    tenantApi.GET('/api/t/residents', {
      params: {
        query: { community, status: 'active', limit: 10, ...(byId ? { idNumber: q } : { name: q }) },
      },
    }),
  );
  return found.items;
}
