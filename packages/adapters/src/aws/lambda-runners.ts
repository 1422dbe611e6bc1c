import type { LambdaClient } from '@aws-sdk/client-lambda';
import type {
  ImportJobEvent,
  ImportRunner,
  TenantDataJob,
  TenantDataJobResult,
  TenantDataJobs,
} from '@linli/api';
import { importJobEventSchema } from '@linli/api/import-jobs';
import { Errors, LinliError } from '@linli/core';
import type { Lifecycle } from '@linli/onboarding';
import { type ClientSource, clientOf } from '../lazy.ts';

/** Invoke a function with a JSON payload (the Lambda module loads on the first call). */
const invoke = async (
  client: ClientSource<LambdaClient>,
  functionName: string,
  type: 'Event' | 'RequestResponse',
  payload: unknown,
) => {
  const { InvokeCommand } = await import('./sdk/lambda.ts');
  return (await clientOf(client)).send(
    new InvokeCommand({
      FunctionName: functionName,
      InvocationType: type,
      Payload: new TextEncoder().encode(JSON.stringify(payload)),
    }),
  );
};

/** In AWS: invoke the `tenant-import-worker` function asynchronously (`InvocationType: Event`). */
export class LambdaImportRunner implements ImportRunner {
  constructor(
    private readonly lambda: ClientSource<LambdaClient>,
    private readonly functionName: string,
  ) {}

  async start(job: ImportJobEvent): Promise<void> {
    await invoke(this.lambda, this.functionName, 'Event', importJobEventSchema.parse(job));
  }
}

/** {@link TenantDataJobs} that invokes the tenant-lifecycle function synchronously. */
export class LambdaTenantDataJobs implements TenantDataJobs {
  constructor(
    private readonly lambda: ClientSource<LambdaClient>,
    private readonly functionName: string,
  ) {}

  private async invoke<T>(job: TenantDataJob): Promise<T> {
    const out = await invoke(this.lambda, this.functionName, 'RequestResponse', job);
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
