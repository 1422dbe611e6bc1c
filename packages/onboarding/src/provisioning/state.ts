import type { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Tenant, TenantRegistry, TenantStores } from '@linli/tenancy';
import type { ApplicationStatus } from '../application.ts';
import { OnboardingRepo, onboardingKeys } from '../repo.ts';

/** The ordered steps of provisioning one district. */
export const STEPS = [
  'identity',
  'data-store',
  'org-structure',
  'default-config',
  'flags',
  'activate',
] as const;
export type StepName = (typeof STEPS)[number];

export type StepStatusValue = 'pending' | 'running' | 'succeeded' | 'failed';

export interface StepStatus {
  readonly status: StepStatusValue;
  readonly attempts: number;
  readonly error?: string;
  readonly startedAt?: string;
  readonly finishedAt?: string;
  readonly durationMs?: number;
}

export interface ProvisioningOutputs {
  readonly adminSub?: string;
  readonly dataTable?: string;
  readonly streets?: number;
  readonly communities?: number;
  readonly catalogue?: number;
  readonly modules?: readonly string[];
}

/** The visible, resumable record of one tenant's provisioning (`TENANT#<id>` / `PROVISIONING`). */
export interface ProvisioningState {
  readonly tenantId: string;
  readonly applicationId?: string;
  readonly status: 'pending' | 'running' | 'failed' | 'succeeded';
  readonly admin: {
    readonly username: string;
    readonly name: string;
    readonly email: string;
    readonly mobile: string;
  };
  readonly steps: Record<StepName, StepStatus>;
  readonly outputs: ProvisioningOutputs;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/**
 * The staff pool's admin calls onboarding makes. Workers pass a client built on first use
 * (`@linli/adapters/aws/control-plane`): most provisioning steps and lifecycle jobs never call
 * Cognito, so its client is not loaded at their cold start; the step or job that does imports
 * the commands it sends.
 */
export type CognitoAdmin = Pick<CognitoIdentityProviderClient, 'send'>;

export interface NotifierLike {
  send(entry: { channel: 'sms' | 'email'; to: string; text: string; code?: string }): Promise<void>;
}

/** What step handlers may touch. Injected so the same handlers run in-process and in Lambda. */
export interface ProvisioningDeps {
  readonly doc: DynamoDBDocumentClient;
  readonly controlTable: string;
  readonly registry: TenantRegistry;
  readonly stores: TenantStores;
  readonly cognito: CognitoAdmin;
  readonly staffPoolId: string;
  /** Creates (idempotently) a silo tenant table and returns its name. */
  readonly ensureSiloTable: (tenantId: string) => Promise<string>;
  /** Evaluated modules of a tenant (tier defaults until the flags engine is wired). */
  readonly modulesFor: (tenant: Tenant) => string[];
  readonly notifier?: NotifierLike;
  readonly now?: () => number;
}

export const initialState = (
  tenantId: string,
  admin: ProvisioningState['admin'],
  applicationId: string | undefined,
  at: string,
): ProvisioningState => ({
  tenantId,
  ...(applicationId ? { applicationId } : {}),
  status: 'pending',
  admin,
  steps: Object.fromEntries(STEPS.map((s) => [s, { status: 'pending', attempts: 0 }])) as Record<
    StepName,
    StepStatus
  >,
  outputs: {},
  createdAt: at,
  updatedAt: at,
});

export const repoOf = (deps: Pick<ProvisioningDeps, 'doc' | 'controlTable'>) =>
  new OnboardingRepo(deps.doc, deps.controlTable);

/**
 * Move the district's application to `to` (recorded in its history as done `by`), if its current
 * status is one `from` accepts; without an application, or in another status, nothing changes.
 */
export const moveApplication = async (
  deps: Pick<ProvisioningDeps, 'doc' | 'controlTable' | 'now'>,
  applicationId: string,
  from: (status: ApplicationStatus) => boolean,
  to: ApplicationStatus,
  by: string,
): Promise<void> => {
  const repo = repoOf(deps);
  const app = await repo.getApplication(applicationId);
  if (!app || !from(app.status)) return;
  const at = new Date(deps.now?.() ?? Date.now()).toISOString();
  await repo.putApplication({
    ...app,
    status: to,
    updatedAt: at,
    history: [...app.history, { at, status: to, by }],
  });
};

export const loadState = (deps: Pick<ProvisioningDeps, 'doc' | 'controlTable'>, tenantId: string) =>
  repoOf(deps).getItem<ProvisioningState>(onboardingKeys.provisioning(tenantId));

export const saveState = (deps: Pick<ProvisioningDeps, 'doc' | 'controlTable'>, state: ProvisioningState) =>
  repoOf(deps).putItem(onboardingKeys.provisioning(state.tenantId), state);
