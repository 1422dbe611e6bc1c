import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { Panel } from '../../../components/Controls';
import { EmptyState, ErrorState, Loading } from '../../../components/States';

/**
 * A page's list in a panel under its heading: loading, its failure (with retry), `empty` when it
 * has no items, else `children` with them.
 */
export function ListPanel<T>({
  title,
  q,
  empty,
  children,
}: {
  title: string;
  q: UseQueryResult<{ items: T[] }>;
  /** Said when there are no items; without it `children` shows the empty list itself. */
  empty?: string;
  children: (items: T[]) => ReactNode;
}) {
  return (
    <Panel title={<h2 className="card-title">{title}</h2>}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : empty !== undefined && q.data.items.length === 0 ? (
        <EmptyState text={empty} />
      ) : (
        children(q.data.items)
      )}
    </Panel>
  );
}
