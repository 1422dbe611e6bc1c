import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { Errors, LinliError } from '@linli/core';
import type { Lifecycle } from '@linli/onboarding';
import { z } from 'zod';

/**
 * The lifecycle operations that read or delete a whole tenant (offboarding export, archive download,
 * erasure). In AWS they run in their own function (`functions/tenant-lifecycle.ts`), the only role
 * that may Scan / BatchWriteItem tenant tables, so the control API's role holds no tenant-table
 * permission at all.
 */
export type TenantDataJobs = Pick<Lifecycle, 'offboard' | 'erase' | 'archive'>;

const actor = z.object({ sub: z.string().min(1), role: z.string().min(1) });
const tenantId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/);

/** The event `functions/tenant-lifecycle.ts` accepts. */
export const tenantDataJobSchema = z.discriminatedUnion('action', [
  z.object({ action: z.literal('offboard'), tenantId, actor, reason: z.string().max(500).optional() }),
  z.object({ action: z.literal('erase'), tenantId, actor }),
  z.object({ action: z.literal('archive'), tenantId, token: z.string().min(1).max(200) }),
]);
export type TenantDataJob = z.infer<typeof tenantDataJobSchema>;

/** What the function answers: a result, or a domain error to re-raise in the caller. */
export type TenantDataJobResult =
  | { readonly ok: true; readonly result: unknown }
  | {
      readonly ok: false;
      readonly error: {
        readonly code: string;
        readonly status: number;
        readonly zh: string;
        readonly en: string;
      };
    };

/** Run one job against a local {@link Lifecycle} (the function side). Domain errors are returned, not thrown. */
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

/** {@link TenantDataJobs} that invokes the tenant-lifecycle function synchronously. */
export class LambdaTenantDataJobs implements TenantDataJobs {
  constructor(
    private readonly lambda: LambdaClient,
    private readonly functionName: string,
  ) {}

  private async invoke<T>(job: TenantDataJob): Promise<T> {
    const out = await this.lambda.send(
      new InvokeCommand({
        FunctionName: this.functionName,
        InvocationType: 'RequestResponse',
        Payload: new TextEncoder().encode(JSON.stringify(job)),
      }),
    );
    const text = out.Payload ? new TextDecoder().decode(out.Payload) : '';
    if (out.FunctionError)
      throw Errors.internal(
        { zh: '租户数据任务失败', en: 'the tenant data job failed' },
        { cause: new Error(`${out.FunctionError}: ${text.slice(0, 500)}`) },
      );
    const res = JSON.parse(text) as TenantDataJobResult;
    if (!res.ok)
      throw new LinliError(res.error.code, res.error.status, { zh: res.error.zh, en: res.error.en });
    return res.result as T;
  }

  offboard(tenantId: string, actor: { sub: string; role: string }, reason?: string) {
    return this.invoke<Awaited<ReturnType<Lifecycle['offboard']>>>({
      action: 'offboard',
      tenantId,
      actor,
      ...(reason ? { reason } : {}),
    });
  }

  erase(tenantId: string, actor: { sub: string; role: string }) {
    return this.invoke<Awaited<ReturnType<Lifecycle['erase']>>>({ action: 'erase', tenantId, actor });
  }

  archive(tenantId: string, token: string) {
    return this.invoke<Awaited<ReturnType<Lifecycle['archive']>>>({ action: 'archive', tenantId, token });
  }
}
