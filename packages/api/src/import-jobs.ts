/**
 * Background imports of large files. The browser uploads the file straight to object storage with
 * a short-lived, size-limited form (S3 presigned POST in AWS; the local gateway's upload endpoint
 * locally, same form), then asks the API to start the job; a worker (the `tenant-import-worker`
 * Lambda in AWS, this process locally) streams the file through the same `runImportJob` the
 * in-request import uses, reports progress in the job's item and deletes the file when it is done.
 *
 * Files live under `t/<tenantId>/imports/<importId>`: in AWS the presigning credentials are the
 * tenant's scoped session, whose policy allows only its own `t/<tenantId>/` prefix.
 */
import type { Readable } from 'node:stream';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { LinliError } from '@linli/core';
import {
  claimImportJob,
  failImportJob,
  type KeyProvider,
  PopulationStore,
  runImportJob,
  TenantCipher,
} from '@linli/population';
import { type TenantRegistry, type TenantStores, tenantObjectPrefix } from '@linli/tenancy';
import { z } from 'zod';

/** Largest file a background import accepts (bytes). */
export const MAX_IMPORT_BYTES = 200 * 1024 * 1024;

/** An HTML-form upload: POST multipart/form-data to `url` with `fields` first, then `file`. */
export interface UploadTarget {
  readonly url: string;
  readonly fields: Record<string, string>;
  readonly expiresAt: string;
}

/** Where uploaded import files are kept until their job has run. */
export interface ImportFiles {
  /** A form the browser can upload exactly one file of at most `maxBytes` with. */
  target(
    tenantId: string,
    importId: string,
    opts: { contentType: string; maxBytes: number },
  ): Promise<UploadTarget>;
  /** Whether the file has arrived. */
  exists(tenantId: string, importId: string): Promise<boolean>;
  /** The file as a stream, or undefined when it is not there. */
  open(tenantId: string, importId: string): Promise<Readable | undefined>;
  remove(tenantId: string, importId: string): Promise<void>;
}

/** Starts the worker for a queued job (asynchronously: returns before the import runs). */
export interface ImportRunner {
  start(job: ImportJobEvent): Promise<void>;
}

/** The object key of an import file. */
export const importFileKey = (tenantId: string, importId: string) =>
  `${tenantObjectPrefix(tenantId)}imports/${importId}`;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;
export const importJobEventSchema = z.object({
  tenantId: z.string().regex(ULID),
  importId: z.string().regex(ULID),
});
export type ImportJobEvent = z.infer<typeof importJobEventSchema>;

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

/**
 * Run one queued job to the end (the worker's whole work). A job that is not `queued` (already
 * taken by another delivery, or never started) is left alone. The file is deleted afterwards,
 * whatever the outcome: it holds personal data and the job's report keeps what the user needs.
 */
export const runQueuedImport = async (
  deps: ImportWorkerDeps,
  event: unknown,
  run: RunOptions = {},
): Promise<{ status: 'done' | 'failed' | 'skipped' }> => {
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

export const fileMissing = () =>
  new LinliError('IMPORT_FILE_MISSING', 400, {
    zh: '尚未收到上传的文件，请重新上传',
    en: 'The uploaded file has not arrived; upload it again',
  });

/** In AWS: invoke the `tenant-import-worker` function asynchronously (`InvocationType: Event`). */
export class LambdaImportRunner implements ImportRunner {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  async start(job: ImportJobEvent): Promise<void> {
    await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'Event',
        Payload: new TextEncoder().encode(JSON.stringify(importJobEventSchema.parse(job))),
      }),
    );
  }
}

/** Locally: run the job in this process, after the request that started it has answered. */
export class InProcessImportRunner implements ImportRunner {
  private readonly running = new Set<Promise<unknown>>();

  constructor(private readonly deps: () => ImportWorkerDeps) {}

  async start(job: ImportJobEvent): Promise<void> {
    const p: Promise<unknown> = new Promise((r) => setImmediate(r))
      .then(() => runQueuedImport(this.deps(), job))
      .catch((err) => console.error('import job failed', job, err))
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Wait for every job started so far (shutdown, tests). */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.all([...this.running]);
  }
}
