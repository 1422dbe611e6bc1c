/** Onboarding API: join drafts, applications, the ministry queue, checklist and invitations. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { apiFetch } from './client';
import type { LocalizedText, Tier } from './types';

export interface Profile {
  areaType: string;
  development: string;
  population: number;
  migrantSharePercent: number;
  broadbandPercent: number;
  lowIncomePercent: number;
}
export interface AdminContact {
  name: string;
  mobile: string;
  email: string;
}
export interface RuleLine {
  dimension: string;
  value: string;
  message: LocalizedText;
}
export interface DraftPatch {
  divisionCode?: string;
  profile?: Profile;
  tierRequested?: Tier;
  admin?: AdminContact;
}
export interface DraftView {
  id: string;
  divisionCode?: string;
  district?: { name: string; province: string; city: string };
  profile?: Profile;
  category?: Record<string, string>;
  categoryRules?: RuleLine[];
  tierRequested?: Tier;
  modulesPreview?: { modules: string[]; note: LocalizedText };
  admin?: AdminContact;
  verified: boolean;
  needsApproval?: boolean;
  expiresAt: number;
}
export interface Submitted {
  id: string;
  status: string;
  statusToken: string;
  adminUsername: string;
  tenantId: string;
}
export interface StepView {
  name: string;
  status: 'pending' | 'running' | 'succeeded' | 'failed';
  attempts: number;
  error?: string;
}
export interface ProvisioningView {
  tenantId: string;
  status: string;
  steps: StepView[];
  outputs: { streets: number | null; communities: number | null; modules: string[] | null };
}
export interface ApplicationStatus {
  id: string;
  status: string;
  districtName: string;
  divisionCode: string;
  tierRequested: Tier;
  category: Record<string, string>;
  categoryRules: RuleLine[];
  needsApproval: boolean;
  adminUsername: string;
  decision: { kind: string; reason?: string; at: string } | null;
  provisioning: ProvisioningView | null;
}
export interface QueueItem {
  id: string;
  tenantId: string;
  divisionCode: string;
  districtName: string;
  province: string;
  city: string;
  tierRequested: Tier;
  category: Record<string, string>;
  status: string;
  needsApproval: boolean;
  admin: AdminContact;
  decision: { kind: string; reason?: string } | null;
  submittedAt: string;
}
export interface ApprovalPolicy {
  requireApproval: Record<Tier, boolean>;
}
export interface ChecklistItem {
  key: 'review-org' | 'invite-staff' | 'import-residents' | 'choose-modules';
  done: boolean;
  label: LocalizedText;
  detail: LocalizedText;
  link: string;
}
export interface InvitationView {
  id: string;
  name: string;
  channel: 'sms' | 'email';
  to: string;
  role: string;
  scope: { streetCode?: string; communityCode?: string; department?: string };
  status: 'pending' | 'accepted' | 'expired';
  validUntil: string;
}

const post = <T>(path: string, body: unknown = {}, auth = true) =>
  apiFetch<T>(path, { method: 'POST', body, auth });

export const onboardingKeys = {
  status: (id: string) => ['join', 'application', id] as const,
  queue: (status: string) => ['ministry', 'applications', status] as const,
  policy: ['ministry', 'approval-policy'] as const,
  provisioning: (tenantId: string) => ['ministry', 'provisioning', tenantId] as const,
  checklist: ['onboarding', 'checklist'] as const,
  invitations: ['onboarding', 'invitations'] as const,
};

/**
 * A join draft is opened only with the secret the server returned when it was created (header
 * `x-linli-draft-secret`); the id alone shows nothing. The secret stays in this browser, beside
 * the saved form.
 */
const SECRET_KEY = (id: string) => `linli.join.draftSecret.${id}`;
const draftHeaders = (id: string): Record<string, string> => {
  const secret = globalThis.localStorage?.getItem(SECRET_KEY(id));
  return secret ? { 'x-linli-draft-secret': secret } : {};
};

export const joinApi = {
  createDraft: async (patch: DraftPatch = {}) => {
    const { secret, ...view } = await post<DraftView & { secret: string }>('/api/join/drafts', patch, false);
    if (secret) globalThis.localStorage?.setItem(SECRET_KEY(view.id), secret);
    return view as DraftView;
  },
  getDraft: (id: string) =>
    apiFetch<DraftView>(`/api/join/drafts/${encodeURIComponent(id)}`, {
      auth: false,
      headers: draftHeaders(id),
    }),
  patchDraft: (id: string, patch: DraftPatch) =>
    apiFetch<DraftView>(`/api/join/drafts/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      body: patch,
      auth: false,
      headers: draftHeaders(id),
    }),
  sendCode: (id: string) =>
    apiFetch<{ to: string; validUntil: string }>(`/api/join/drafts/${encodeURIComponent(id)}/code`, {
      method: 'POST',
      body: { channel: 'sms' },
      auth: false,
      headers: draftHeaders(id),
    }),
  verify: (id: string, code: string) =>
    apiFetch<DraftView>(`/api/join/drafts/${encodeURIComponent(id)}/verify`, {
      method: 'POST',
      body: { code },
      auth: false,
      headers: draftHeaders(id),
    }),
  submit: async (draftId: string, password: string) => {
    const out = await apiFetch<Submitted>('/api/join/applications', {
      method: 'POST',
      body: { draftId, password },
      auth: false,
      headers: draftHeaders(draftId),
    });
    globalThis.localStorage?.removeItem(SECRET_KEY(draftId));
    return out;
  },
};

export function useApplicationStatus(id: string, token: string) {
  return useQuery({
    queryKey: onboardingKeys.status(id),
    queryFn: ({ signal }) =>
      apiFetch<ApplicationStatus>(
        `/api/join/applications/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
        { auth: false, signal },
      ),
    refetchInterval: (q) => {
      const s = q.state.data?.status;
      return s === 'provisioning' || s === 'submitted' ? 2000 : false;
    },
  });
}

export function useResubmit(id: string, token: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (patch: { profile?: Profile; tierRequested?: Tier }) =>
      apiFetch<ApplicationStatus>(
        `/api/join/applications/${encodeURIComponent(id)}?token=${encodeURIComponent(token)}`,
        { method: 'PUT', body: patch, auth: false },
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: onboardingKeys.status(id) }),
  });
}

export function useApplicationsQueue(status: string) {
  return useQuery({
    queryKey: onboardingKeys.queue(status),
    queryFn: ({ signal }) =>
      apiFetch<QueueItem[]>(`/api/ministry/applications${status ? `?status=${status}` : ''}`, { signal }),
    refetchInterval: 5000,
  });
}

export function useDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { id: string; action: 'approve' | 'reject' | 'request-changes'; text?: string }) =>
      post<{ status: string }>(
        `/api/ministry/applications/${encodeURIComponent(d.id)}/${d.action}`,
        d.action === 'reject'
          ? { reason: d.text }
          : d.action === 'request-changes'
            ? { message: d.text }
            : undefined,
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ministry'] }),
  });
}

export function useApprovalPolicy() {
  return useQuery({
    queryKey: onboardingKeys.policy,
    queryFn: ({ signal }) => apiFetch<ApprovalPolicy>('/api/ministry/approval-policy', { signal }),
  });
}

export function useSavePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: ApprovalPolicy) =>
      apiFetch<ApprovalPolicy>('/api/ministry/approval-policy', { method: 'PUT', body: p }),
    onSuccess: (p) => qc.setQueryData(onboardingKeys.policy, p),
  });
}

export function useProvisioning(tenantId: string, enabled: boolean) {
  return useQuery({
    queryKey: onboardingKeys.provisioning(tenantId),
    queryFn: ({ signal }) =>
      apiFetch<ProvisioningView>(`/api/ministry/provisioning/${encodeURIComponent(tenantId)}`, { signal }),
    enabled,
    refetchInterval: (q) => (q.state.data?.status === 'succeeded' ? false : 2000),
  });
}

export function useRetryProvisioning() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tenantId: string) =>
      post<ProvisioningView>(`/api/ministry/provisioning/${encodeURIComponent(tenantId)}/retry`),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ministry'] }),
  });
}

export function useChecklist(enabled = true) {
  return useQuery({
    queryKey: onboardingKeys.checklist,
    queryFn: ({ signal }) =>
      apiFetch<{ items: ChecklistItem[]; done: number; total: number }>('/api/t/onboarding/checklist', {
        signal,
      }),
    enabled,
  });
}

export function useConfirmChecklist() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { key: 'review-org' | 'choose-modules'; modules?: string[] }) =>
      post(
        `/api/t/onboarding/checklist/${d.key}`,
        d.key === 'choose-modules' ? { modules: d.modules ?? [] } : {},
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: onboardingKeys.checklist }),
  });
}

export function useInvitations() {
  return useQuery({
    queryKey: onboardingKeys.invitations,
    queryFn: ({ signal }) => apiFetch<InvitationView[]>('/api/t/invitations', { signal }),
  });
}

export function useCreateInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: Record<string, unknown>) => post<InvitationView>('/api/t/invitations', input),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: onboardingKeys.invitations });
      void qc.invalidateQueries({ queryKey: onboardingKeys.checklist });
    },
  });
}

export const inviteApi = {
  preview: (id: string, code: string) =>
    apiFetch<{ tenantName: string; role: string; name: string }>(
      `/api/join/invitations/${encodeURIComponent(id)}?code=${encodeURIComponent(code)}`,
      { auth: false },
    ),
  accept: (body: { invitationId: string; code: string; username: string; password: string }) =>
    post<{ username: string }>('/api/join/invitations/accept', body, false),
};

/** Where the applicant finds the status page again (id + secret token, this browser only). */
export const STATUS_KEY = 'linli.join.application';
