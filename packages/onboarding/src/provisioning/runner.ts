import {
  initialState,
  loadState,
  moveApplication,
  type ProvisioningDeps,
  type ProvisioningState,
  STEPS,
  type StepName,
  saveState,
} from './state.ts';
import { STEP_HANDLERS, type StepHandler } from './steps.ts';

const iso = (deps: ProvisioningDeps) => new Date(deps.now?.() ?? Date.now()).toISOString();

const messageOf = (e: unknown) => {
  const err = e as { code?: string; name?: string; message?: string };
  return `${err.code ?? err.name ?? 'Error'}: ${err.message ?? String(e)}`.slice(0, 500);
};

/**
 * Create the provisioning record (idempotent: an existing record is returned unchanged) and move
 * the tenant to `provisioning`.
 */
export const prepareProvisioning = async (
  deps: ProvisioningDeps,
  tenantId: string,
  admin: ProvisioningState['admin'],
  applicationId?: string,
): Promise<ProvisioningState> => {
  const existing = await loadState(deps, tenantId);
  if (existing) return existing;
  const state = initialState(tenantId, admin, applicationId, iso(deps));
  await saveState(deps, state);
  const tenant = await deps.registry.get(tenantId);
  if (tenant && tenant.status === 'applied') await deps.registry.update(tenantId, { status: 'provisioning' });
  return state;
};

/**
 * Run ONE step once and record its status, attempts and error in the control table. This is what a
 * Step Functions task (Lambda) calls; Step Functions owns the retries there. Throws on failure.
 */
export const runStep = async (
  deps: ProvisioningDeps,
  tenantId: string,
  step: StepName,
  handler: StepHandler = STEP_HANDLERS[step],
): Promise<ProvisioningState> => {
  const state = await loadState(deps, tenantId);
  if (!state) throw new Error(`no provisioning record for tenant ${tenantId}`);
  const current = state.steps[step];
  if (current.status === 'succeeded') return state;
  const started = Date.now();
  const running: ProvisioningState = {
    ...state,
    status: 'running',
    steps: {
      ...state.steps,
      [step]: { status: 'running', attempts: current.attempts + 1, startedAt: iso(deps) },
    },
    updatedAt: iso(deps),
  };
  await saveState(deps, running);
  try {
    const outputs = await handler(deps, running);
    const last = step === STEPS[STEPS.length - 1];
    const done: ProvisioningState = {
      ...running,
      status: last ? 'succeeded' : 'running',
      outputs: { ...running.outputs, ...outputs },
      steps: {
        ...running.steps,
        [step]: {
          status: 'succeeded',
          attempts: current.attempts + 1,
          startedAt: running.steps[step].startedAt,
          finishedAt: iso(deps),
          durationMs: Date.now() - started,
        },
      },
      updatedAt: iso(deps),
    };
    await saveState(deps, done);
    return done;
  } catch (e) {
    const failed: ProvisioningState = {
      ...running,
      status: 'failed',
      steps: {
        ...running.steps,
        [step]: {
          status: 'failed',
          attempts: current.attempts + 1,
          error: messageOf(e),
          startedAt: running.steps[step].startedAt,
          finishedAt: iso(deps),
        },
      },
      updatedAt: iso(deps),
    };
    await saveState(deps, failed);
    throw e;
  }
};

/** Mark the application (if any) as failed after the retries of a step are exhausted. */
export const markProvisioningFailed = async (deps: ProvisioningDeps, tenantId: string): Promise<void> => {
  const state = await loadState(deps, tenantId);
  if (!state?.applicationId) return;
  await moveApplication(
    deps,
    state.applicationId,
    (s) => s === 'provisioning',
    'provisioning-failed',
    'system',
  );
};

export interface RunOptions {
  /** Attempts per step in this run. @default 3 */
  readonly maxAttempts?: number;
  /** First backoff delay; doubles each attempt. @default 200 */
  readonly baseDelayMs?: number;
  /** Replace handlers (tests inject faults). */
  readonly handlers?: Partial<Record<StepName, StepHandler>>;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * The local (in-process) runner: calls the very step handlers the Lambdas call, in order, skipping
 * steps already succeeded (resumable), retrying a failing step with exponential backoff.
 */
export const runProvisioning = async (
  deps: ProvisioningDeps,
  tenantId: string,
  opts: RunOptions = {},
): Promise<ProvisioningState> => {
  const maxAttempts = opts.maxAttempts ?? 3;
  const base = opts.baseDelayMs ?? 200;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  let state = await loadState(deps, tenantId);
  if (!state) throw new Error(`no provisioning record for tenant ${tenantId}`);
  for (const step of STEPS) {
    if (state.steps[step].status === 'succeeded') continue;
    const handler = opts.handlers?.[step] ?? STEP_HANDLERS[step];
    for (let attempt = 1; ; attempt++) {
      try {
        state = await runStep(deps, tenantId, step, handler);
        break;
      } catch {
        if (attempt >= maxAttempts) {
          await markProvisioningFailed(deps, tenantId);
          return (await loadState(deps, tenantId))!;
        }
        await sleep(base * 2 ** (attempt - 1));
      }
    }
  }
  return state;
};

/**
 * Operator retry: failed steps become pending again (attempt counts kept for the record) and the
 * application goes back to `provisioning`; then the caller runs the workflow again.
 */
export const resetFailed = async (deps: ProvisioningDeps, tenantId: string): Promise<ProvisioningState> => {
  const state = await loadState(deps, tenantId);
  if (!state) throw new Error(`no provisioning record for tenant ${tenantId}`);
  const steps = { ...state.steps };
  for (const s of STEPS) {
    const st = steps[s];
    if (st.status === 'failed' || st.status === 'running') steps[s] = { ...st, status: 'pending' };
  }
  const next: ProvisioningState = { ...state, status: 'pending', steps, updatedAt: iso(deps) };
  await saveState(deps, next);
  if (state.applicationId)
    await moveApplication(
      deps,
      state.applicationId,
      (s) => s === 'provisioning-failed',
      'provisioning',
      'operator',
    );
  return next;
};

/** Starts a tenant's provisioning: in-process locally, a Step Functions execution in AWS. */
export interface ProvisioningLauncher {
  start(tenantId: string): Promise<void>;
}

/**
 * In-process launcher for the local platform: one run per tenant at a time, not awaited by the
 * HTTP request; `settled()` lets tests and the CLI wait for it.
 */
export class InProcessLauncher implements ProvisioningLauncher {
  private readonly running = new Map<string, Promise<ProvisioningState | undefined>>();

  constructor(
    private readonly deps: ProvisioningDeps,
    private readonly opts: RunOptions = {},
    /** Where a run that failed is reported (the app passes the Powertools logger). */
    private readonly log: (msg: string, extra: Record<string, unknown>) => void = () => {},
  ) {}

  async start(tenantId: string): Promise<void> {
    if (this.running.has(tenantId)) return;
    const p = runProvisioning(this.deps, tenantId, this.opts)
      .catch((e) => {
        this.log('provisioning failed', { tenantId, error: String(e) });
        return undefined;
      })
      .finally(() => this.running.delete(tenantId));
    this.running.set(tenantId, p);
  }

  /** Resolves when the tenant's current run (if any) has finished. */
  async settled(tenantId: string): Promise<ProvisioningState | undefined> {
    return this.running.get(tenantId) ?? loadState(this.deps, tenantId);
  }
}
