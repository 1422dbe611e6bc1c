/** Shared storage helpers: actors, audit items inside transactions, batch reads, retries. */
import { createHash } from 'node:crypto';
import { BatchGetCommand, BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { Errors, LinliError } from '@linli/core';
import { auditOp, type Channel, type Item, type TenantStore, type TransactOp } from '@linli/tenancy';

/** Who makes a change and through which channel (an import carries its id). */
export interface Actor {
  /** The stable id (Cognito `sub`): the audit log's actor and the key of ownership checks. */
  readonly id: string;
  /**
   * The sign-in name, stored where people read who did it (history, reviews, imports); absent
   * for system actors (seed, benchmark), whose id is their name.
   */
  readonly name?: string;
  readonly role: string;
  readonly channel: Channel;
  readonly importId?: string;
}

/** What people read as the author of a change. */
export const nameOf = (actor: Actor): string => actor.name ?? actor.id;

/** The audit entry of a change, as a step of the change's own transaction (`auditOp`). */
export const auditPut = (
  store: TenantStore,
  actor: Actor,
  action: string,
  target: string,
  extra: { reason?: string; detail?: Record<string, unknown> } = {},
): TransactOp =>
  auditOp(store, {
    actor: actor.id,
    ...(actor.name ? { actorName: actor.name } : {}),
    role: actor.role,
    action,
    target,
    channel: actor.channel,
    ...(extra.reason ? { reason: extra.reason } : {}),
    ...(extra.detail ? { detail: extra.detail } : {}),
  });

/** Read many items by key (100 per request, unprocessed keys retried); missing keys are skipped. */
export const batchGet = async <T = Item>(
  store: TenantStore,
  keys: readonly { pk: string; sk: string }[],
): Promise<Map<string, T>> => {
  const out = new Map<string, T>();
  for (const k of keys) if (!store.keys.owns(k.pk)) throw Errors.crossTenant();
  // BatchGetItem refuses a request naming one key twice (ValidationException): ask once per key.
  const unique = [...new Map(keys.map((k) => [`${k.pk}|${k.sk}`, { pk: k.pk, sk: k.sk }])).values()];
  for (let i = 0; i < unique.length; i += 100) {
    let pending: Record<string, unknown>[] = unique.slice(i, i + 100).map((k) => ({ pk: k.pk, sk: k.sk }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw Errors.internal({ zh: '批量读取未完成', en: 'batch read did not complete' });
      if (attempt) await sleep(2 ** attempt * 20);
      const res = await store.doc.send(
        new BatchGetCommand({ RequestItems: { [store.table]: { Keys: pending } } }),
      );
      for (const it of res.Responses?.[store.table] ?? []) out.set(`${it.pk}|${it.sk}`, it as T);
      pending = (res.UnprocessedKeys?.[store.table]?.Keys ?? []) as Record<string, unknown>[];
    }
  }
  return out;
};

/** Delete many items (25 per request); used only for erasure clean-up of one person's partition. */
export const batchDelete = async (store: TenantStore, keys: readonly { pk: string; sk: string }[]) => {
  for (const k of keys) if (!store.keys.owns(k.pk)) throw Errors.crossTenant();
  for (let i = 0; i < keys.length; i += 25) {
    let pending: Record<string, unknown>[] = keys
      .slice(i, i + 25)
      .map((k) => ({ DeleteRequest: { Key: { pk: k.pk, sk: k.sk } } }));
    for (let attempt = 0; pending.length; attempt++) {
      if (attempt > 8) throw Errors.internal({ zh: '批量删除未完成', en: 'batch delete did not complete' });
      if (attempt) await sleep(2 ** attempt * 20);
      const res = await store.doc.send(
        new BatchWriteCommand({ RequestItems: { [store.table]: pending as never } }),
      );
      pending = (res.UnprocessedItems?.[store.table] ?? []) as Record<string, unknown>[];
    }
  }
};

/** Put many items with BatchWriteItem (25 per request), `concurrency` requests in flight. */
export const batchPutParallel = async (store: TenantStore, items: readonly Item[], concurrency: number) => {
  let next = 0;
  const worker = async () => {
    for (let at = next; at < items.length; at = next) {
      next += 25;
      await store.batchPut(items.slice(at, at + 25));
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, Math.ceil(items.length / 25)) }, worker));
};

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** True for a cancelled transaction whose cause is contention, not a failed condition. */
export const isContention = (err: unknown): boolean => {
  const e = (err instanceof LinliError ? err.cause : err) as
    | { name?: string; CancellationReasons?: { Code?: string }[] }
    | undefined;
  if (!e) return false;
  if (e.name === 'TransactionConflictException' || e.name === 'ProvisionedThroughputExceededException')
    return true;
  if (e.name === 'ThrottlingException' || e.name === 'RequestLimitExceeded') return true;
  return (
    e.name === 'TransactionCanceledException' &&
    !!e.CancellationReasons?.some((r) => r.Code === 'TransactionConflict' || r.Code === 'ThrottlingError') &&
    !e.CancellationReasons?.some((r) => r.Code === 'ConditionalCheckFailed')
  );
};

/** Run a transaction, retrying contention (another writer on the same counter) with jittered backoff. */
export const transactRetry = async (store: TenantStore, ops: readonly TransactOp[], tries = 10) => {
  for (let attempt = 0; ; attempt++) {
    try {
      await store.transact(ops);
      return;
    } catch (err) {
      if (!isContention(err) || attempt >= tries) throw err;
      await sleep(Math.random() * 2 ** Math.min(attempt, 6) * 15);
    }
  }
};

/**
 * Page through `partitions` in order until `limit` items are collected: the cursor remembers the
 * partition index and that partition's own cursor, sealed by the store (signed, bound to the
 * request and to this list of partitions). Each page costs at most a few queries.
 */
export const queryMulti = async <T>(
  store: TenantStore,
  partitions: readonly string[],
  cursor: string | undefined,
  limit: number,
  fetch: (
    partition: string,
    inner: string | undefined,
    limit: number,
  ) => Promise<{ items: T[]; cursor?: string }>,
): Promise<{ items: T[]; cursor?: string }> => {
  const query = `m:${createHash('sha256').update(partitions.join('\n')).digest('base64url')}`;
  let { i, c } = openMulti(store, query, cursor, partitions.length);
  const items: T[] = [];
  let queries = 0;
  while (i < partitions.length && items.length < limit && queries < 50) {
    queries++;
    const page = await fetch(partitions[i]!, c, limit - items.length);
    items.push(...page.items);
    if (page.cursor) c = page.cursor;
    else {
      i++;
      c = undefined;
    }
  }
  return {
    items,
    ...(i < partitions.length ? { cursor: store.sealCursor(query, { i, c: c ?? null }) } : {}),
  };
};

const openMulti = (
  store: TenantStore,
  query: string,
  cursor: string | undefined,
  count: number,
): { i: number; c?: string } => {
  if (!cursor) return { i: 0 };
  const v = store.openCursor(query, cursor) as { i?: unknown; c?: unknown } | null;
  if (!v || typeof v.i !== 'number' || !Number.isInteger(v.i) || v.i < 0 || v.i >= count)
    throw Errors.cursorInvalid();
  return { i: v.i, ...(typeof v.c === 'string' ? { c: v.c } : {}) };
};
