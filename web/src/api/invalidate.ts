import type { QueryClient, QueryKey } from '@tanstack/react-query';

/**
 * Marks these queries stale and refetches the ones on screen. A mutation returns it from
 * `onSuccess`, so it stays pending (its button busy) until the page shows the new state: an action
 * taken right after another then carries the record's new version instead of the old one, which
 * the API would refuse as a conflict (409).
 */
export const invalidate = (qc: QueryClient, ...keys: QueryKey[]): Promise<void> =>
  Promise.all(keys.map((queryKey) => qc.invalidateQueries({ queryKey }))).then(() => undefined);
