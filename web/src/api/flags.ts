/** Feature flags: the ministry console's flag API and the district's modules (issue 5). */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { LocalizedText, TenantCategory, Tier } from './types';

export type Reason = 'STATIC' | 'TARGETING_MATCH' | 'SPLIT' | 'DEFAULT' | 'DISABLED' | 'ERROR';

export interface Condition {
  attribute: string;
  operator?: 'in' | 'notIn' | 'before' | 'after';
  values?: string[];
  value?: string;
  negate?: boolean;
}

export interface Rule {
  id: string;
  description?: LocalizedText;
  conditions: Condition[];
  serve: 'on' | 'off' | { variant: string };
  percentage?: number;
}

export interface OverrideBound {
  minTier?: Tier;
  conditions?: Condition[];
}

export interface FlagDefinition {
  key: string;
  labels: LocalizedText;
  kind: 'module' | 'release' | 'operational' | 'kill-switch';
  enabled: boolean;
  prerequisites: string[];
  variants: unknown[];
  districtOverride?: { optIn?: OverrideBound; optOut?: OverrideBound };
  rules: Rule[];
  rollout?: { percentage: number; serve: unknown };
  default: 'on' | 'off' | { variant: string };
}

export interface FlagSummary {
  key: string;
  labels: LocalizedText;
  kind: FlagDefinition['kind'];
  group: string | null;
  enabled: boolean;
  rules: number;
  districtOverride: FlagDefinition['districtOverride'] | null;
  hasPlan: boolean;
  scheduled: number;
  onCount: number;
}

export interface FlagList {
  version: number;
  districtCount: number;
  threshold: number;
  pending: number;
  flags: FlagSummary[];
}

export interface Cell {
  value: boolean;
  reason: Reason;
  ruleId: string | null;
  detail: LocalizedText;
}

export interface MatrixDistrict {
  id: string;
  name: string;
  slug: string;
  divisionCode: string;
  tier: Tier;
  wave: string | null;
  category: TenantCategory;
  overrides: Record<string, boolean>;
  cells: Record<string, Cell>;
}

export interface Matrix {
  version: number;
  modules: { key: string; labels: LocalizedText; group: string }[];
  districts: MatrixDistrict[];
}

export interface PlanWave {
  id: string;
  cohort: Condition[];
  startsAt: string;
  percentage: number;
  promotion?: { confirmedBy: string; at: string; justification?: string };
}

export interface RolloutPlan {
  flagKey: string;
  waves: PlanWave[];
}

export interface FlagDetail {
  version: number;
  definition: FlagDefinition;
  plan: RolloutPlan | null;
  schedule: { id: string; at: string; change: { type: string } }[];
}

export interface DryRunRow {
  tenantId: string;
  name: string;
  flagKey: string;
  before: string;
  after: string;
}

export interface DryRun {
  version: number;
  gains: DryRunRow[];
  losses: DryRunRow[];
  affectedTenants: number;
  threshold: number;
  needsSecondApproval: boolean;
}

export interface ChangeRecord {
  version: number;
  previousVersion: number;
  kind: 'edit' | 'kill-switch' | 'scheduled' | 'promotion';
  who: string;
  at: string;
  why: string;
  diff: {
    added: string[];
    removed: string[];
    changed: { key: string; fields: { field: string }[] }[];
  };
  affectedTenants: number;
  approval: 'none' | 'single' | 'four-eyes';
  approvals: { by: string; at: string }[];
}

export interface ChangeOutcome {
  status: 'applied' | 'pending';
  version: number;
  change: ChangeRecord;
  pending?: { id: string };
  dryRun: DryRun;
}

export interface PendingChange {
  id: string;
  status: string;
  baseVersion: number;
  flagKey: string;
  record: ChangeRecord;
  byFlag: Record<string, { gained: string[]; lost: string[] }>;
  canApprove: boolean;
  decidedBy?: string;
  decisionNote?: string;
}

export interface History {
  versions: { version: number; change: ChangeRecord }[];
  decisions: PendingChange[];
}

export interface TenantModule {
  key: string;
  labels: LocalizedText;
  group: string;
  enabled: boolean;
  reason: Reason;
  ruleId: string | null;
  detail: LocalizedText;
  override: { canOptIn: boolean; canOptOut: boolean; choice: boolean | null; why: LocalizedText };
}

export type MatrixFilters = Partial<Record<'tier' | 'wave' | keyof TenantCategory, string>>;

export const flagKeys = {
  all: ['ministry', 'flags'] as const,
  list: ['ministry', 'flags', 'list'] as const,
  matrix: (f: MatrixFilters) => ['ministry', 'flags', 'matrix', f] as const,
  flag: (key: string) => ['ministry', 'flags', 'flag', key] as const,
  pending: ['ministry', 'flags', 'pending'] as const,
  history: ['ministry', 'flags', 'history'] as const,
  modules: ['t', 'modules'] as const,
};

const qs = (f: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

export function useFlagList() {
  return useQuery({
    queryKey: flagKeys.list,
    queryFn: ({ signal }) => apiFetch<FlagList>('/api/ministry/flags', { signal }),
    staleTime: 0,
  });
}

export function useFlagMatrix(filters: MatrixFilters) {
  return useQuery({
    queryKey: flagKeys.matrix(filters),
    queryFn: ({ signal }) => apiFetch<Matrix>(`/api/ministry/flags/matrix${qs(filters)}`, { signal }),
    staleTime: 0,
  });
}

export function useFlag(key: string) {
  return useQuery({
    queryKey: flagKeys.flag(key),
    queryFn: ({ signal }) =>
      apiFetch<FlagDetail>(`/api/ministry/flags/${encodeURIComponent(key)}`, { signal }),
    staleTime: 0,
  });
}

export function usePendingChanges() {
  return useQuery({
    queryKey: flagKeys.pending,
    queryFn: ({ signal }) =>
      apiFetch<{ pending: PendingChange[] }>('/api/ministry/flags/pending', { signal }),
    staleTime: 0,
  });
}

export function useFlagHistory() {
  return useQuery({
    queryKey: flagKeys.history,
    queryFn: ({ signal }) => apiFetch<History>('/api/ministry/flags/history', { signal }),
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
      apiFetch<DryRun>(`/api/ministry/flags/${encodeURIComponent(key)}/dry-run`, {
        method: 'POST',
        body: { definition },
      }),
  });
}

export function useSaveFlag(key: string) {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (input: { definition: FlagDefinition; expectedVersion: number; why: string }) =>
      apiFetch<ChangeOutcome>(`/api/ministry/flags/${encodeURIComponent(key)}`, {
        method: 'PUT',
        body: input,
      }),
    onSuccess: invalidate,
  });
}

export function useKillFlag(key: string) {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (why: string) =>
      apiFetch<ChangeOutcome>(`/api/ministry/flags/${encodeURIComponent(key)}/kill`, {
        method: 'POST',
        body: { why },
      }),
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
    }) =>
      apiFetch<ChangeOutcome>(`/api/ministry/flags/${encodeURIComponent(key)}/plan`, {
        method: 'PUT',
        body: input,
      }),
    onSuccess: invalidate,
  });
}

export function usePromoteWave(key: string) {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (input: { waveId: string; expectedVersion: number; justification: string }) =>
      apiFetch<ChangeOutcome>(
        `/api/ministry/flags/${encodeURIComponent(key)}/plan/waves/${encodeURIComponent(input.waveId)}/promote`,
        {
          method: 'POST',
          body: { expectedVersion: input.expectedVersion, justification: input.justification },
        },
      ),
    onSuccess: invalidate,
  });
}

export function useDecideChange() {
  const invalidate = useInvalidateFlags();
  return useMutation({
    mutationFn: (input: { id: string; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<unknown>(`/api/ministry/flags/pending/${encodeURIComponent(input.id)}/${input.decision}`, {
        method: 'POST',
        body: input.note ? { note: input.note } : {},
      }),
    onSuccess: invalidate,
  });
}

export function useTenantModules() {
  return useQuery({
    queryKey: flagKeys.modules,
    queryFn: ({ signal }) =>
      apiFetch<{ version: number; modules: TenantModule[] }>('/api/t/modules', { signal }),
    staleTime: 0,
  });
}

export function useSetModule() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: { key: string; enabled: boolean | null; why?: string }) =>
      apiFetch<{ version: number; modules: TenantModule[] }>(
        `/api/t/modules/${encodeURIComponent(input.key)}`,
        {
          method: 'PUT',
          body: { enabled: input.enabled, ...(input.why ? { why: input.why } : {}) },
        },
      ),
    onSuccess: (data) => {
      qc.setQueryData(flagKeys.modules, data);
      // The workspace navigation reads the enabled modules from /api/me.
      void qc.invalidateQueries({ queryKey: ['me'] });
    },
  });
}
