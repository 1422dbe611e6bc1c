/**
 * The import worker is idempotent on its job (Powertools idempotency, records in the control table
 * of DynamoDB Local): a second delivery of a finished job answers the first outcome without running
 * the import again, one that arrives while the first still runs is refused, another job runs.
 */
import { IdempotencyAlreadyInProgressError } from '@aws-lambda-powertools/idempotency';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { IMPORT_IDEMPOTENCY_PARTITION, importWorkerHandler } from '@linli/adapters/aws/import-worker';
import { IMPORT_IDEMPOTENCY_PARTITION as GRANTED_PARTITION } from '@linli/infra';
import type { Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';
import { testEnv } from '../support/env.ts';
import { docOf } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);

const context = {
  functionName: 'linli-test-tenant-imports',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 120_000,
} as unknown as Context;

/** A worker whose registry knows no tenant: `runQueuedImport` reads it once, then skips the job. */
const workerWith = (get: (id: string) => Promise<undefined>) => {
  const registry = { get: vi.fn(get) };
  const handler = importWorkerHandler({
    worker: () => ({ registry, stores: {}, keys: {}, files: {} }) as never,
    dynamo: env.dynamo,
    controlTable: env.tables.control,
  });
  return { handler, registry };
};

const ulid = () =>
  `01J${Array.from({ length: 23 }, () => '0123456789ABCDEFGHJKMNPQRSTVWXYZ'[Math.floor(Math.random() * 32)]).join('')}`;

describe('import worker idempotency (DynamoDB Local)', () => {
  it('writes its records under the partition the CDK role may write', () => {
    expect(IMPORT_IDEMPOTENCY_PARTITION).toBe(GRANTED_PARTITION);
  });

  it('runs a job once: the second delivery answers the stored outcome', async () => {
    const { handler, registry } = workerWith(async () => undefined);
    const job = { tenantId: ulid(), importId: ulid() };
    expect(await handler(job, context)).toEqual({ status: 'skipped' });
    expect(await handler({ ...job }, context)).toEqual({ status: 'skipped' });
    expect(registry.get).toHaveBeenCalledTimes(1);

    const records = await doc.send(
      new QueryCommand({
        TableName: env.tables.control,
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': IMPORT_IDEMPOTENCY_PARTITION },
      }),
    );
    const mine = (records.Items ?? []).filter((i) => JSON.stringify(i).includes('skipped'));
    expect(mine.length).toBeGreaterThanOrEqual(1);
    expect(mine.every((i) => i.status === 'COMPLETED' && typeof i.expiresAt === 'number')).toBe(true);

    // Another job of the same tenant is another key: it runs.
    await handler({ ...job, importId: ulid() }, context);
    expect(registry.get).toHaveBeenCalledTimes(2);
  });

  it('refuses a delivery that arrives while the same job still runs', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    const { handler, registry } = workerWith(async () => {
      await gate;
      return undefined;
    });
    const job = { tenantId: ulid(), importId: ulid() };
    const first = handler(job, context);
    await vi.waitFor(() => expect(registry.get).toHaveBeenCalledTimes(1));
    await expect(handler(job, context)).rejects.toBeInstanceOf(IdempotencyAlreadyInProgressError);
    release();
    expect(await first).toEqual({ status: 'skipped' });
    expect(registry.get).toHaveBeenCalledTimes(1);
  });

  it('refuses an event without a job id instead of running it unguarded', async () => {
    const { handler, registry } = workerWith(async () => undefined);
    await expect(handler({ nothing: true }, context)).rejects.toThrow();
    expect(registry.get).not.toHaveBeenCalled();
  });
});
