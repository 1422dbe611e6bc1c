/** The ministry console's indicators (issue 14): comparison views, the indicator system, waves on evidence. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { body, type ControlSchemas, controlApi } from './http';

type S = ControlSchemas;
export type DayView = S['IndicatorDayView'];
export type DistrictRow = DayView['districts'][number];
export type IndicatorDef = S['IndicatorDef'];
/** A value as the console reads it (the API sends compact rows: see `cellAt`). */
export type Cell =
  | { readonly status: 'ok'; readonly value: number }
  | { readonly status: 'suppressed' | 'no-data'; readonly value?: undefined };
export type IndicatorGroupCode = DayView['groups'][number];

/**
 * A row's cell at position `k` of the view's indicators: the table sends numbers, null for no
 * value, and the positions withheld by disclosure control in `suppressed` (shown "<5", never 0).
 */
export const cellAt = (
  row: { readonly values: readonly (number | null)[]; readonly suppressed: readonly number[] },
  k: number,
): Cell => {
  const v = row.values[k];
  if (typeof v === 'number') return { status: 'ok', value: v };
  return row.suppressed.includes(k) ? { status: 'suppressed' } : { status: 'no-data' };
};
export type Catalogue = S['IndicatorCatalogue'];
export type Trend = S['IndicatorTrend'];
export type Cohorts = S['IndicatorCohorts'];
export type CohortDimension = Cohorts['dimension'];
export type Rollout = S['IndicatorRollout'];
export type Evidence = S['PromotionEvidence'];
export type PromotionResult = S['PromotionResult'];

export const indicatorKeys = {
  all: ['ministry', 'indicators'] as const,
  table: ['ministry', 'indicators', 'table'] as const,
  defs: ['ministry', 'indicators', 'definitions'] as const,
  trend: (ids: readonly string[], code: string) => ['ministry', 'indicators', 'trend', ids, code] as const,
  cohorts: (d: string, module: string) => ['ministry', 'indicators', 'cohorts', d, module] as const,
  rollout: ['ministry', 'indicators', 'rollout'] as const,
  evidence: (key: string, wave: string) => ['ministry', 'indicators', 'evidence', key, wave] as const,
};

export function useIndicatorTable() {
  return useQuery({
    queryKey: indicatorKeys.table,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/indicators/table', { signal })),
  });
}

export function useIndicatorDefinitions() {
  return useQuery({
    queryKey: indicatorKeys.defs,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/indicators/definitions', { signal })),
    staleTime: 0,
  });
}

export function useIndicatorTrend(ids: readonly string[], code: string) {
  return useQuery({
    queryKey: indicatorKeys.trend(ids, code),
    enabled: ids.length > 0 && !!code,
    queryFn: ({ signal }) =>
      body(
        controlApi.GET('/api/ministry/indicators/trend', {
          params: { query: { ids: ids.join(','), codes: code } },
          signal,
        }),
      ),
  });
}

/** Cohorts of one dimension; with `module`, only the districts where that module is in use. */
export function useCohorts(dimension: CohortDimension, module = '') {
  return useQuery({
    queryKey: indicatorKeys.cohorts(dimension, module),
    queryFn: ({ signal }) =>
      body(
        controlApi.GET('/api/ministry/indicators/cohorts', {
          params: { query: { dimension, ...(module ? { module } : {}) } },
          signal,
        }),
      ),
  });
}

export function useRolloutView() {
  return useQuery({
    queryKey: indicatorKeys.rollout,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/indicators/rollout', { signal })),
  });
}

const useInvalidate = () => {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: indicatorKeys.all });
};

export function useComputeNow() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: () => body(controlApi.POST('/api/ministry/indicators/compute', { body: {} })),
    onSuccess: invalidate,
  });
}

export function useSaveIndicators() {
  const invalidate = useInvalidate();
  return useMutation({
    mutationFn: (input: { indicators: IndicatorDef[]; expectedVersion: number; why: string }) =>
      body(controlApi.PUT('/api/ministry/indicators/definitions', { body: input })),
    onSuccess: invalidate,
  });
}

export function useCheckFormula() {
  return useMutation({
    mutationFn: (formula: string) =>
      body(controlApi.POST('/api/ministry/indicators/definitions/check', { body: { formula } })),
  });
}

export function useEvidence(key: string, waveId: string) {
  return useQuery({
    queryKey: indicatorKeys.evidence(key, waveId),
    enabled: !!key && !!waveId,
    staleTime: 0,
    queryFn: ({ signal }) =>
      body(
        controlApi.GET('/api/ministry/indicators/promotions/{key}/{waveId}', {
          params: { path: { key, waveId } },
          signal,
        }),
      ),
  });
}

/** Promotion writes refresh the evidence and the flag console. */
const useInvalidatePromotion = () => {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: indicatorKeys.all }),
      qc.invalidateQueries({ queryKey: ['ministry', 'flags'] }),
    ]);
};

export function useSetThresholds(key: string) {
  const invalidate = useInvalidatePromotion();
  return useMutation({
    mutationFn: (input: { thresholds: Evidence['thresholds']; expectedVersion: number; why: string }) =>
      body(
        controlApi.PUT('/api/ministry/indicators/promotions/{key}/thresholds', {
          params: { path: { key } },
          body: input,
        }),
      ),
    onSuccess: invalidate,
  });
}

export function usePromoteOnEvidence(key: string, waveId: string) {
  const invalidate = useInvalidatePromotion();
  return useMutation({
    mutationFn: (expectedVersion: number) =>
      body(
        controlApi.POST('/api/ministry/indicators/promotions/{key}/{waveId}/promote', {
          params: { path: { key, waveId } },
          body: { expectedVersion },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useRequestOverride(key: string, waveId: string) {
  const invalidate = useInvalidatePromotion();
  return useMutation({
    mutationFn: (reason: string) =>
      body(
        controlApi.POST('/api/ministry/indicators/promotions/{key}/{waveId}/override', {
          params: { path: { key, waveId } },
          body: { reason },
        }),
      ),
    onSuccess: invalidate,
  });
}

export function useApproveOverride(key: string, waveId: string) {
  const invalidate = useInvalidatePromotion();
  return useMutation({
    mutationFn: (input: { reason: string; expectedVersion: number }) =>
      body(
        controlApi.POST('/api/ministry/indicators/promotions/{key}/{waveId}/override/approve', {
          params: { path: { key, waveId } },
          body: input,
        }),
      ),
    onSuccess: invalidate,
  });
}
