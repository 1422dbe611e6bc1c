/**
 * The work behind the two background jobs, the same in AWS and locally: a queued import (the
 * `tenant-import-worker` function, or this process) and a whole-tenant job (the `tenant-lifecycle`
 * function, or in-process in the control app).
 */
import type {
  ImportFiles,
  ImportJobEvent,
  ImportRunner,
  TenantDataJobResult,
  TenantDataJobs,
} from '@linli/api';
// Subpaths, not the barrel: the barrel carries both Hono apps and every route.
import { fileMissing, importJobEventSchema } from '@linli/api/import-jobs';
import { logger } from '@linli/api/observability';
import { tenantDataJobSchema } from '@linli/api/tenant-data-jobs';
import { LinliError } from '@linli/core';
import {
  claimImportJob,
  failImportJob,
  type KeyProvider,
  PopulationStore,
  runImportJob,
  TenantCipher,
} from '@linli/population';
import type { TenantRegistry, TenantStores } from '@linli/tenancy';

export interface ImportWorkerDeps {
  readonly registry: TenantRegistry;
  readonly stores: TenantStores;
  readonly keys: KeyProvider;
  readonly files: ImportFiles;
  /** Chunks in flight (see `BulkResidentWriter`). */
  readonly concurrency?: number;
  /** Progress updates in the job item. @default 2000 */
  readonly progressEveryMs?: number;
}

export interface RunOptions {
  /** Stop reading rows after this instant (epoch ms): the worker's time limit, with a margin. */
  readonly deadline?: number;
}

export type ImportOutcome = { status: 'done' | 'failed' | 'skipped' };

/**
 * Run one queued job to the end (the worker's whole work). A job that is not `queued` (already
 * taken by another delivery, or never started) is left alone. The file is deleted afterwards,
 * whatever the outcome: it holds personal data and the job's report keeps what the user needs.
 */
export const runQueuedImport = async (
  deps: ImportWorkerDeps,
  event: unknown,
  run: RunOptions = {},
): Promise<ImportOutcome> => {
  const { tenantId, importId } = importJobEventSchema.parse(event);
  const tenant = await deps.registry.get(tenantId);
  if (!tenant) return { status: 'skipped' };
  const pop = new PopulationStore(
    deps.stores.for(tenant),
    await TenantCipher.forTenant(deps.keys, tenant.id),
    {
      districtCode: tenant.divisionCode,
    },
  );
  const req = await claimImportJob(pop, importId);
  if (!req) return { status: 'skipped' };
  try {
    if (tenant.status !== 'active')
      throw new LinliError('TENANT_NOT_ACTIVE', 403, {
        zh: '该区县当前不可导入数据',
        en: 'This district cannot import data at present',
      });
    const input = await deps.files.open(tenantId, importId);
    if (!input) throw fileMissing();
    await runImportJob(pop, input, {
      id: importId,
      actor: req.actor,
      communities: new Set(req.communities),
      filename: req.filename,
      ...(req.contentType ? { contentType: req.contentType } : {}),
      ...(req.defaultCommunityCode ? { defaultCommunityCode: req.defaultCommunityCode } : {}),
      ...(req.upgradeLegacyIds ? { upgradeLegacyIds: true } : {}),
      ...(req.sheet ? { sheet: req.sheet } : {}),
      ...(req.mapping ? { mapping: req.mapping } : {}),
      ...(deps.concurrency ? { concurrency: deps.concurrency } : {}),
      progressEveryMs: deps.progressEveryMs ?? 2000,
      ...(run.deadline ? { shouldStop: () => Date.now() > run.deadline! } : {}),
    });
    return { status: 'done' };
  } catch (err) {
    await failImportJob(pop, importId, err);
    return { status: 'failed' };
  } finally {
    await deps.files.remove(tenantId, importId).catch(() => undefined);
  }
};

/** Locally: run the job in this process, after the request that started it has answered. */
export class InProcessImportRunner implements ImportRunner {
  private readonly running = new Set<Promise<unknown>>();

  constructor(
    private readonly deps: () => ImportWorkerDeps,
    private readonly onError: (job: ImportJobEvent, err: unknown) => void = (job, err) =>
      logger.error('import job failed', { ...job, error: err as Error }),
  ) {}

  async start(job: ImportJobEvent): Promise<void> {
    const p: Promise<unknown> = new Promise((r) => setImmediate(r))
      .then(() => runQueuedImport(this.deps(), job))
      .catch((err) => this.onError(job, err))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Wait for every job started so far (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}

/** Run one whole-tenant job against a local lifecycle (the function side). Domain errors are returned, not thrown. */
export const runTenantDataJob = async (
  life: TenantDataJobs,
  event: unknown,
): Promise<TenantDataJobResult> => {
  const job = tenantDataJobSchema.parse(event);
  try {
    const result =
      job.action === 'offboard'
        ? await life.offboard(job.tenantId, job.actor, job.reason)
        : job.action === 'erase'
          ? await life.erase(job.tenantId, job.actor)
          : await life.archive(job.tenantId, job.token);
    return { ok: true, result };
  } catch (e) {
    if (e instanceof LinliError)
      return { ok: false, error: { code: e.code, status: e.status, zh: e.zh, en: e.en } };
    throw e;
  }
};
