import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Tenant, TenantRegistry, TenantStores } from '@linli/tenancy';
import { Invitations } from './invitations.ts';
import { Lifecycle } from './offboarding.ts';
import { InProcessLauncher, type ProvisioningLauncher, type RunOptions } from './provisioning/runner.ts';
import type { CognitoAdmin, NotifierLike, ProvisioningDeps } from './provisioning/state.ts';
import { Onboarding, type OnboardingDeps } from './service.ts';

/** What a deployable gives onboarding on top of the API's own dependencies. */
export interface OnboardingRuntime {
  readonly cognito: CognitoAdmin;
  readonly staffPoolId: string;
  readonly pooledTable: string;
  readonly ensureSiloTable: (tenantId: string) => Promise<string>;
  /** HMAC key for one-time codes and status tokens (a secret in AWS). */
  readonly pepper: string;
  /** @default an in-process runner (local platform) */
  readonly launcher?: ProvisioningLauncher;
  /** Options of the in-process runner. */
  readonly runOptions?: RunOptions;
  /** Where the in-process runner reports a run that failed (the run's state also records it). */
  readonly log?: (msg: string, extra: Record<string, unknown>) => void;
  /** Limits codes per recipient across drafts (see `OnboardingDeps.beforeCodeSent`). */
  readonly beforeCodeSent?: (channel: 'sms' | 'email', to: string) => Promise<void>;
}

/** The subset of the API deps onboarding reads. */
export interface OnboardingHost {
  readonly doc: DynamoDBDocumentClient;
  readonly controlTable: string;
  readonly registry: TenantRegistry;
  readonly stores: TenantStores;
  readonly notifier?: NotifierLike;
  readonly modulesFor: (tenant: Tenant) => string[];
  readonly now?: () => number;
}

export interface OnboardingServices {
  readonly deps: OnboardingDeps;
  readonly onboarding: Onboarding;
  readonly invitations: Invitations;
  readonly lifecycle: Lifecycle;
  readonly launcher: ProvisioningLauncher;
}

/** Wire the services once per app instance. */
export const onboardingServices = (host: OnboardingHost, rt: OnboardingRuntime): OnboardingServices => {
  const base: ProvisioningDeps = {
    doc: host.doc,
    controlTable: host.controlTable,
    registry: host.registry,
    stores: host.stores,
    cognito: rt.cognito,
    staffPoolId: rt.staffPoolId,
    ensureSiloTable: rt.ensureSiloTable,
    modulesFor: host.modulesFor,
    ...(host.notifier ? { notifier: host.notifier } : {}),
    ...(host.now ? { now: host.now } : {}),
  };
  const launcher = rt.launcher ?? new InProcessLauncher(base, rt.runOptions, rt.log);
  const deps: OnboardingDeps = {
    ...base,
    pepper: rt.pepper,
    pooledTable: rt.pooledTable,
    launcher,
    ...(rt.beforeCodeSent ? { beforeCodeSent: rt.beforeCodeSent } : {}),
  };
  return {
    deps,
    onboarding: new Onboarding(deps),
    invitations: new Invitations(deps),
    lifecycle: new Lifecycle(deps),
    launcher,
  };
};
