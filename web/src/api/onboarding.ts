/** Onboarding API: join drafts, applications, the ministry queue, checklist and invitations. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { paths } from './control.gen';
import { body, type ControlSchemas, controlApi, publicApi, type TenantSchemas, tenantApi } from './http';
import { invalidate } from './invalidate';
import type { paths as TenantPaths } from './tenant.gen';

type S = ControlSchemas;
export type Profile = S['DistrictProfile'];
export type RuleLine = S['CategoryRuleLine'];
export type DraftView = S['JoinDraft'];
export type AdminContact = NonNullable<DraftView['admin']>;
export type DraftPatch =
  paths['/api/join/drafts/{id}']['patch']['requestBody']['content']['application/json'];
export type Submitted = S['JoinSubmitted'];
export type ProvisioningView = S['Provisioning'];
export type StepView = ProvisioningView['steps'][number];
export type ApplicationStatus = S['JoinApplicationStatus'];
export type QueueItem = S['QueuedApplication'];
export type ApprovalPolicy = S['ApprovalPolicy'];
export type ChecklistItem = TenantSchemas['OnboardingChecklist']['items'][number];
export type InvitationView = TenantSchemas['Invitation'];
export type InvitationInput =
  TenantPaths['/api/t/invitations']['post']['requestBody']['content']['application/json'];
type Tier = S['Tier'];

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
  createDraft: async (patch: DraftPatch = {}): Promise<DraftView> => {
    const { secret, ...view } = await body(publicApi.POST('/api/join/drafts', { body: patch }));
    globalThis.localStorage?.setItem(SECRET_KEY(view.id), secret);
    return view;
  },
  getDraft: (id: string) =>
    body(publicApi.GET('/api/join/drafts/{id}', { params: { path: { id } }, headers: draftHeaders(id) })),
  patchDraft: (id: string, patch: DraftPatch) =>
    body(
      publicApi.PATCH('/api/join/drafts/{id}', {
        params: { path: { id } },
        body: patch,
        headers: draftHeaders(id),
      }),
    ),
  sendCode: (id: string) =>
    body(
      publicApi.POST('/api/join/drafts/{id}/code', {
        params: { path: { id } },
        body: { channel: 'sms' },
        headers: draftHeaders(id),
      }),
    ),
  verify: (id: string, code: string) =>
    body(
      publicApi.POST('/api/join/drafts/{id}/verify', {
        params: { path: { id } },
        body: { code },
        headers: draftHeaders(id),
      }),
    ),
  submit: async (draftId: string, password: string) => {
    const out = await body(
      publicApi.POST('/api/join/applications', {
        body: { draftId, password },
        headers: draftHeaders(draftId),
      }),
    );
    globalThis.localStorage?.removeItem(SECRET_KEY(draftId));
    return out;
  },
};

export function useApplicationStatus(id: string, token: string) {
  return useQuery({
    queryKey: onboardingKeys.status(id),
    queryFn: ({ signal }) =>
      body(
        publicApi.GET('/api/join/applications/{id}', { params: { path: { id }, query: { token } }, signal }),
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
      body(
        publicApi.PUT('/api/join/applications/{id}', {
          params: { path: { id }, query: { token } },
          body: patch,
        }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: onboardingKeys.status(id) }),
  });
}

export function useApplicationsQueue(status: QueueItem['status'] | '') {
  return useQuery({
    queryKey: onboardingKeys.queue(status),
    queryFn: ({ signal }) =>
      body(
        controlApi.GET('/api/ministry/applications', {
          params: { query: status ? { status } : {} },
          signal,
        }),
      ),
    refetchInterval: 5000,
  });
}

export function useDecision() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { id: string; action: 'approve' | 'reject' | 'request-changes'; text?: string }) => {
      const params = { path: { id: d.id } };
      if (d.action === 'reject')
        return body(
          controlApi.POST('/api/ministry/applications/{id}/reject', {
            params,
            body: { reason: d.text ?? '' },
          }),
        );
      if (d.action === 'request-changes')
        return body(
          controlApi.POST('/api/ministry/applications/{id}/request-changes', {
            params,
            body: { message: d.text ?? '' },
          }),
        );
      return body(controlApi.POST('/api/ministry/applications/{id}/approve', { params }));
    },
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ministry'] }),
  });
}

export function useApprovalPolicy() {
  return useQuery({
    queryKey: onboardingKeys.policy,
    queryFn: ({ signal }) => body(controlApi.GET('/api/ministry/approval-policy', { signal })),
  });
}

export function useSavePolicy() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (p: ApprovalPolicy) => body(controlApi.PUT('/api/ministry/approval-policy', { body: p })),
    onSuccess: (p) => qc.setQueryData(onboardingKeys.policy, p),
  });
}

export function useProvisioning(tenantId: string, enabled: boolean) {
  return useQuery({
    queryKey: onboardingKeys.provisioning(tenantId),
    queryFn: ({ signal }) =>
      body(
        controlApi.GET('/api/ministry/provisioning/{tenantId}', { params: { path: { tenantId } }, signal }),
      ),
    enabled,
    refetchInterval: (q) => (q.state.data?.status === 'succeeded' ? false : 2000),
  });
}

export function useRetryProvisioning() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tenantId: string) =>
      body(
        controlApi.POST('/api/ministry/provisioning/{tenantId}/retry', { params: { path: { tenantId } } }),
      ),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['ministry'] }),
  });
}

export function useChecklist(enabled = true) {
  return useQuery({
    queryKey: onboardingKeys.checklist,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/onboarding/checklist', { signal })),
    enabled,
  });
}

export function useConfirmChecklist() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (d: { key: 'review-org' | 'choose-modules'; modules?: string[] }): Promise<unknown> =>
      d.key === 'choose-modules'
        ? body(
            tenantApi.POST('/api/t/onboarding/checklist/choose-modules', {
              body: { modules: d.modules ?? [] },
            }),
          )
        : body(tenantApi.POST('/api/t/onboarding/checklist/review-org')),
    onSuccess: () => qc.invalidateQueries({ queryKey: onboardingKeys.checklist }),
  });
}

export function useInvitations() {
  return useQuery({
    queryKey: onboardingKeys.invitations,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/invitations', { signal })),
  });
}

export function useCreateInvitation() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (input: InvitationInput) => body(tenantApi.POST('/api/t/invitations', { body: input })),
    onSuccess: () => invalidate(qc, onboardingKeys.invitations, onboardingKeys.checklist),
  });
}

export const inviteApi = {
  preview: (id: string, code: string) =>
    body(publicApi.GET('/api/join/invitations/{id}', { params: { path: { id }, query: { code } } })),
  accept: (input: { invitationId: string; code: string; username: string; password: string }) =>
    body(publicApi.POST('/api/join/invitations/accept', { body: input })),
};

/** A decision's reason as text: the ministry writes one, the system gives a bilingual one. */
export const decisionReason = (
  d: ApplicationStatus['decision'] | QueueItem['decision'],
  lang: string,
): string | undefined => {
  const r = d?.reason;
  if (r === undefined || typeof r === 'string') return r;
  return lang.startsWith('zh') ? r.zh : r.en;
};

/** Where the applicant finds the status page again (id + secret token, this browser only). */
export const STATUS_KEY = 'linli.join.application';
