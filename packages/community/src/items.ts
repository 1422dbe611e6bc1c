/** What the community-work modules do alike with their stored items: strip keys, read one, commit. */
import { LinliError } from '@linli/core';
import { transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';

/** A stored item without its key attributes and type: the record as the domain knows it. */
export const strip = <T>(it: Record<string, unknown>): T => {
  const { pk: _p, sk: _s, gsi1pk: _a, gsi1sk: _b, type: _t, ...rest } = it;
  return rest as T;
};

/** True when a condition failed: someone else wrote first. */
export const conflict = (e: unknown) => e instanceof LinliError && e.code === 'CONFLICT';

/** One item by its key (strongly consistent), or the record's own 404. */
export const getStripped = async <T>(
  store: TenantStore,
  key: { readonly pk: string; readonly sk: string },
  notFound: () => LinliError,
): Promise<T> => {
  const it = await store.get<Record<string, unknown>>(key.pk, key.sk, true);
  if (!it) throw notFound();
  return strip<T>(it);
};

/**
 * One transaction, retried on transaction conflicts (`tries`); a failed condition answers
 * `onConflict` (the record changed since the caller read it).
 */
export const commit = async (
  store: TenantStore,
  ops: TransactOp[],
  onConflict: () => LinliError,
  tries?: number,
) => {
  try {
    await transactRetry(store, ops, tries);
  } catch (e) {
    if (conflict(e)) throw onConflict();
    throw e;
  }
};
