import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type DataColumn, DataTable } from './DataTable';
import { Button } from './plain';
import { EmptyState, ErrorState, Loading } from './States';

/** Where a cursor-paged list stands: the cursors of the pages opened so far (the first is none). */
export interface CursorPages {
  /** The cursor of the page shown (undefined: the first page). */
  readonly cursor: string | undefined;
  /** 1-based number of the page shown. */
  readonly page: number;
  readonly next: (cursor: string) => void;
  readonly prev: () => void;
  /** Back to the first page (a new query or scope). */
  readonly reset: () => void;
}

/** The page stack behind `CursorPager`: the API pages forward only, so going back pops a cursor. */
export function useCursorPages(): CursorPages {
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const next = useCallback((c: string) => setCursors((cs) => [...cs, c]), []);
  const prev = useCallback(() => setCursors((cs) => (cs.length > 1 ? cs.slice(0, -1) : cs)), []);
  const reset = useCallback(() => setCursors([undefined]), []);
  return useMemo(
    () => ({ cursor: cursors[cursors.length - 1], page: cursors.length, next, prev, reset }),
    [cursors, next, prev, reset],
  );
}

/**
 * Previous / next page under a cursor-paged list, with the page number announced politely. `next`
 * is the cursor the API returned for the page shown (none on the last page); `busy` holds the
 * button while a new page is still the placeholder.
 */
export function CursorPager({
  pages,
  next,
  busy = false,
  label,
}: {
  pages: CursorPages;
  next: string | undefined;
  busy?: boolean;
  label?: string;
}) {
  const { t } = useTranslation();
  return (
    <nav
      aria-label={label ?? t('pager.label')}
      className="actions"
      style={{ marginTop: 12, alignItems: 'center' }}
    >
      <Button disabled={pages.page <= 1} onClick={pages.prev}>
        {t('pager.prev')}
      </Button>
      <span aria-live="polite">{t('pager.page', { page: pages.page })}</span>
      <Button disabled={!next || busy} onClick={() => next && pages.next(next)}>
        {t('pager.next')}
      </Button>
    </nav>
  );
}

/** What a cursor-paged list query gives (a react-query result of `{ items, cursor }`). */
export interface CursorPageQuery<T> {
  readonly data?: { items: T[]; cursor?: string | undefined } | undefined;
  readonly isError: boolean;
  readonly error: unknown;
  readonly isFetching: boolean;
  readonly isPlaceholderData?: boolean;
  refetch(): unknown;
}

/**
 * One page of a cursor-paged list as a table (plain markup, components/DataTable.tsx: scrolls
 * sideways on a phone), its error state, and the pager under it. `rows` narrows or reorders what
 * the page holds (default: all of it).
 */
export function CursorPagedTable<T extends { id: string }>({
  query,
  pages,
  label,
  empty,
  columns,
  rows,
  pagerLabel,
}: {
  query: CursorPageQuery<T>;
  pages: CursorPages;
  /** The table's accessible name. */
  label: string;
  empty: string;
  columns: readonly DataColumn<T>[];
  rows?: (items: T[]) => T[];
  pagerLabel?: string;
}) {
  const items = query.data?.items ?? [];
  return (
    <>
      {query.isError ? (
        <ErrorState error={query.error} onRetry={() => void query.refetch()} />
      ) : (
        <DataTable<T>
          rowKey={(r) => r.id}
          size="small"
          busy={query.isFetching}
          rows={rows ? rows(items) : items}
          label={label}
          empty={query.data ? <EmptyState text={empty} /> : <Loading />}
          columns={columns}
        />
      )}
      <CursorPager
        pages={pages}
        next={query.data?.cursor}
        busy={query.isPlaceholderData ?? false}
        {...(pagerLabel ? { label: pagerLabel } : {})}
      />
    </>
  );
}
