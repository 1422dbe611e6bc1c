/** Feature flags: the ministry console's flag API and the district's modules (issue 5). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from './control.gen';
import { body, type ControlSchemas, controlApi, type TenantSchemas, tenantApi } from './http';
import { invalidate } from './invalidate';

type S = ControlSchemas;
export type Reason = S['FlagReason'];
export type FlagDefinition = S['FlagDefinition'];
export type Rule = NonNullable<FlagDefinition['rules']>[number];
export type Condition = NonNullable<Rule['conditions']>[number];
/** A set-membership condition (`tier in [...]`), as opposed to a date condition (`now after ...`). */
export type SetCondition = Exclude<Condition, { attribute: 'now' }>;
export type FlagSummary = S['FlagSummary'];
export type FlagList = S['FlagList'];
export type Cell = S['FlagCell'];
export type Matrix = S['FlagMatrix'];
export type MatrixDistrict = Matrix['districts'][number];
export type RolloutPlan = S['RolloutPlan'];
export type PlanWave = S['PlanWave'];
export type FlagDetail = S['FlagDetail'];
export type DryRun = S['FlagDryRun'];
export type DryRunRow = DryRun['gains'][number];
export type ChangeRecord = S['FlagChangeRecord'];
export type ChangeOutcome = S['FlagChangeOutcome'];
export type PendingChange = S['FlagPendingList']['pending'][number];
export type History = S['FlagHistory'];
export type TenantModules = TenantSchemas['TenantModules'];
export type TenantModule = TenantModules['modules'][number];
export type MatrixFilters = NonNullable<paths['/api/ministry/flags/matrix']['get']['parameters']['query']>;

export const flagKeys = {
  all: ['ministry', 'flags'] as const,
  list: ['ministry', 'flags', 'list'] as const,
  matrix: (f: MatrixFilters) => ['ministry', 'flags', 'matrix', f] as const,
  flag: (key: string) => ['ministry', 'flags', 'flag', key] as const,
  pending: ['ministry', 'flags', 'pending'] as const,
  history: ['ministry', 'flags', 'history'] as const,
  modules: ['t', 'modules'] as const,
};

export function useFlagList() {
  return useQuery({
    queryKey: flagKeys.list,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/flags', { signal })),
    staleTime: 0,
  });
}

export function useFlagMatrix(filters: MatrixFilters) {
  return useQuery({
    queryKey: flagKeys.matrix(filters),
    queryFn: ({ signal }) =>
      body(
        controlApi.GET('/api/ministry/flags/matrix', { params: { query: withoutBlanks(filters) }, signal }),
      ),
    staleTime: 0,
  });
}

/** The filters that are set (an empty select is no filter, not `?tier=`). */
const withoutBlanks = (f: MatrixFilters): MatrixFilters =>
  Object.fromEntries(Object.entries(f).filter(([, v]) => v));

export function useFlag(key: string) {
  return useQuery({
    queryKey: flagKeys.flag(key),
    queryFn: ({ signal }) =>
      body(controlApi.GET('/api/ministry/flags/{key}', { params: { path: { key } }, signal })),
    staleTime: 0,
  });
}

export function usePendingChanges() {
  return useQuery({
    queryKey: flagKeys.pending,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/flags/pending', { signal })),
    staleTime: 0,
  });
}

export function useFlagHistory() {
  return useQuery({
    queryKey: flagKeys.history,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/flags/history', { signal })),
    staleTime: 0,
  });
}

/** After any write: every flag view refetches. */
function useInvalidateFlags() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: flagKeys.all });
}

export function useDryRun(key: string) {
  return useMutation({
    mutationFn: (definition: FlagDefinition) =>
      body(
        controlApi.POST('/api/ministry/flags/{key}/dry-run', {
          params: { path: { key } },
          body: { definition },
        }),
      ),
  });
}

export function useSaveFlag(key: string) {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (input: { definition: FlagDefinition; expectedVersion: number; why: string }) =>
      body(controlApi.PUT('/api/ministry/flags/{key}', { params: { path: { key } }, body: input })),
    onSuccess: invalidate,
  });
}

export function useKillFlag(key: string) {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (why: string) =>
      body(controlApi.POST('/api/ministry/flags/{key}/kill', { params: { path: { key } }, body: { why } })),
    onSuccess: invalidate,
  });
}

export function useSavePlan(key: string) {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (input: {
      plan: { waves: Omit<PlanWave, 'promotion'>[] };
      expectedVersion: number;
      why: string;
    }) => body(controlApi.PUT('/api/ministry/flags/{key}/plan', { params: { path: { key } }, body: input })),
    onSuccess: invalidate,
  });
}

export function usePromoteWave(key: string) {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (input: { waveId: string; expectedVersion: number; justification: string }) =>
      body(
        controlApi.POST('/api/ministry/flags/{key}/plan/waves/{waveId}/promote', {
          params: { path: { key, waveId: input.waveId } },
          body: { expectedVersion: input.expectedVersion, justification: input.justification },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useDecideChange() {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: ({
      id,
      decision,
      note,
    }: {
      id: string;
      decision: 'approve' | 'reject';
      note?: string;
    }): Promise<unknown> =>
      decision === 'approve'
        ? body(
            controlApi.POST('/api/ministry/flags/pending/{id}/approve', {
              params: { path: { id } },
              body: note ? { note } : {},
            }),
          )
        : body(
            controlApi.POST('/api/ministry/flags/pending/{id}/reject', {
              params: { path: { id } },
              body: { note: note ?? '' },
            }),
          ),
    onSuccess: invalidate,
  });
}

export function useTenantModules() {
  return useQuery({
    queryKey: flagKeys.modules,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/modules', { signal })),
    staleTime: 0,
  });
}

export function useSetModule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; enabled: boolean | null; why?: string }) =>
      body(
        tenantApi.PUT('/api/t/modules/{key}', {
          params: { path: { key: input.key } },
          body: { enabled: input.enabled, ...(input.why ? { why: input.why } : {}) },
        }),
      ),
    onSuccess: (data) => {
      qc.setQueryData(flagKeys.modules, data);
      // The workspace navigation reads the enabled modules from /api/me.
      return invalidate(qc, ['me']);
    },
  });
}
