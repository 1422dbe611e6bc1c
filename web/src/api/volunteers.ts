/**
 * 社区民间组织 (module `civil-organizations`): the community's teams from the base data, volunteers
 * (resident records, masked), activities with hours, corrections and totals. Typed from the tenant
 * API's OpenAPI document (`/api/t/community/volunteers…`).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type TenantSchemas, tenantApi } from './http';
import { invalidate } from './invalidate';

type S = TenantSchemas;
export type CivilOrganization = S['CivilOrganization'];
export type Volunteer = S['Volunteer'];
export type VolunteerRow = S['VolunteerRow'];
export type VolunteerDetail = S['VolunteerDetail'];
export type VolunteerInput = S['VolunteerInput'];
export type VolunteerActivity = S['VolunteerActivity'];
export type VolunteerActivityInput = S['VolunteerActivityInput'];
export type VolunteerActivityDetail = S['VolunteerActivityDetail'];
export type VolunteerHoursTotals = S['VolunteerHoursTotals'];
export type HoursPeriod = 'year' | '12m';

export const volunteerKeys = {
  all: ['volunteers'] as const,
  orgs: (community: string) => ['volunteers', 'orgs', community] as const,
  list: (community: string) => ['volunteers', 'list', community] as const,
  one: (id: string) => ['volunteers', 'one', id] as const,
  activities: (community: string) => ['volunteers', 'activities', community] as const,
  activity: (id: string) => ['volunteers', 'activity', id] as const,
  totals: (community: string, period: HoursPeriod) => ['volunteers', 'totals', community, period] as const,
};

const q = (community: string) => (community ? { community } : {});

export const useCivilOrganizations = (community: string) =>
  useQuery({
    queryKey: volunteerKeys.orgs(community),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/community/civil-organizations', { params: { query: q(community) }, signal }),
      ),
  });

export const useVolunteers = (community: string) =>
  useQuery({
    queryKey: volunteerKeys.list(community),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/volunteers', { params: { query: q(community) }, signal })),
  });

export const useVolunteer = (id: string) =>
  useQuery({
    queryKey: volunteerKeys.one(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/volunteers/{id}', { params: { path: { id } }, signal })),
  });

export const useVolunteerActivities = (community: string) =>
  useQuery({
    queryKey: volunteerKeys.activities(community),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/community/volunteer-activities', { params: { query: q(community) }, signal }),
      ),
  });

export const useVolunteerActivity = (id: string) =>
  useQuery({
    queryKey: volunteerKeys.activity(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/community/volunteer-activities/{id}', { params: { path: { id } }, signal })),
  });

export const useHoursTotals = (community: string, period: HoursPeriod) =>
  useQuery({
    queryKey: volunteerKeys.totals(community, period),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/community/volunteer-hours', {
          params: { query: { ...q(community), period } },
          signal,
        }),
      ),
  });

const useInvalidate = () => {
  const qc = useQueryClient();
  return () => invalidate(qc, volunteerKeys.all);
};

export function useRegisterVolunteer() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: VolunteerInput) =>
      body(tenantApi.POST('/api/t/community/volunteers', { body: input })),
    onSuccess: done,
  });
}

export function useChangeVolunteer(id: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (change: S['VolunteerChange']) =>
      body(tenantApi.PATCH('/api/t/community/volunteers/{id}', { params: { path: { id } }, body: change })),
    onSuccess: done,
  });
}

export function useRecordActivity() {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (input: VolunteerActivityInput) =>
      body(tenantApi.POST('/api/t/community/volunteer-activities', { body: input })),
    onSuccess: done,
  });
}

export function useCorrectHours(activityId: string) {
  const done = useInvalidate();
  return useMutation({
    mutationFn: (v: { volunteerId: string; minutes: number; reason: string; expectedVersion: number }) =>
      body(
        tenantApi.POST('/api/t/community/volunteer-activities/{id}/hours/{volunteerId}/correction', {
          params: { path: { id: activityId, volunteerId: v.volunteerId } },
          body: { minutes: v.minutes, reason: v.reason, expectedVersion: v.expectedVersion },
        }),
      ),
    onSuccess: done,
  });
}

/** Hours as people read them (minutes are tenths of an hour, so one decimal is exact). */
export const hoursText = (minutes: number) => (minutes / 60).toFixed(1);
/** Hours typed in a form (0.5, 2) to the minutes the API keeps. */
export const minutesOf = (hours: number) => Math.round(hours * 10) * 6;
