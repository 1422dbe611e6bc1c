/**
 * Pieces the base-data tabs share: problem lines, the cursor-paged table with
 * "load more" and its last two columns, the saved notice, the community gate.
 */
import { Alert, Button, type FormInstance } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CSSProperties, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../../api/errors';
import { type DataColumn, DataTable } from '../../../../components/DataTable';
import { applyProblem } from '../../../../components/formErrors';
import { EmptyState, ErrorState, useErrorMessage } from '../../../../components/States';
import { fmtDateTime, ScopePicker, usePopulationScope } from '../common';

/** What to tell the user about a failed save: a version conflict plainly, else the API's message. */
export function useProblemText() {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  return (err: unknown): string =>
    err instanceof ApiError && err.code === 'VERSION_CONFLICT'
      ? t('population.baseData.conflict')
      : errorText(err);
}

/**
 * Show a failed save on a form: field errors under their fields, the rest (and the API's message)
 * in the returned lines for an alert.
 */
export function useFormProblem(known: readonly string[]) {
  const { t, i18n } = useTranslation();
  const problemText = useProblemText();
  // biome-ignore lint/suspicious/noExplicitAny: any form's values: the paths come from the API
  return (err: unknown, form: FormInstance<any>): string[] => {
    const { fields, rest } = applyProblem(form, err, i18n.language, { known });
    // A plain validation failure says nothing the fields do not; a refusal (409) names the specifics.
    if (fields.length && !rest.length && err instanceof ApiError && err.status === 400)
      return [t('population.form.fixErrors')];
    return [problemText(err), ...rest];
  };
}

export function ProblemAlert({ lines }: { lines: string[] }) {
  if (!lines.length) return null;
  return (
    <Alert
      type="error"
      role="alert"
      showIcon
      message={lines[0]}
      description={lines.length > 1 ? lines.slice(1).join('；') : undefined}
      style={{ marginTop: 12 }}
    />
  );
}

/** "Load more" under a cursor-paged table, with how many rows are shown (announced politely). */
export function LoadMore({
  count,
  hasMore,
  loading,
  onMore,
  label,
}: {
  count: number;
  hasMore: boolean;
  loading: boolean;
  onMore: () => void;
  /** What the list is, for the landmark's name. */
  label: string;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={label} className="actions" style={{ marginTop: 12 }}>
      <span className="muted" aria-live="polite" style={{ alignSelf: 'center' }}>
        {hasMore ? t('population.baseData.shown', { count }) : t('population.baseData.shownAll', { count })}
      </span>
      {hasMore ? (
        <Button onClick={onMore} loading={loading}>
          {t('population.common.loadMore')}
        </Button>
      ) : null}
    </nav>
  );
}

/** A list from `useCursorList`: its rows, its paging and its error. */
interface CursorList<T> {
  rows: T[];
  isError: boolean;
  error: unknown;
  isFetching: boolean;
  isFetchingNextPage: boolean;
  hasNextPage: boolean;
  refetch: () => unknown;
  fetchNextPage: () => unknown;
}

/**
 * antd-style column descriptions (`dataIndex`, `render(value, row, index)`: the base-data tabs keep
 * writing them so) as the plain table's columns (components/DataTable.tsx; antd's Table is not loaded).
 */
export function toDataColumns<T>(columns: ColumnsType<T>, rows?: readonly T[]): DataColumn<T>[] {
  const get = (row: T, path: unknown): unknown => {
    if (path === undefined) return undefined;
    const parts = Array.isArray(path) ? path : [path];
    // biome-ignore lint/suspicious/noExplicitAny: a column's data path into any row
    return parts.reduce<any>((v, p) => (v == null ? undefined : v[p as string]), row);
  };
  return columns.map((c, i) => {
    const col = c as {
      key?: React.Key;
      dataIndex?: unknown;
      title?: ReactNode;
      align?: 'left' | 'right' | 'center';
      className?: string;
      render?: (value: unknown, row: T, index: number) => ReactNode;
    };
    const key = String(
      col.key ?? (Array.isArray(col.dataIndex) ? col.dataIndex.join('.') : (col.dataIndex ?? i)),
    );
    return {
      key,
      title: col.title,
      ...(col.align === 'left' || col.align === 'right' ? { align: col.align } : {}),
      ...(col.className ? { className: col.className } : {}),
      render: (row: T) => {
        const v = get(row, col.dataIndex);
        return col.render ? col.render(v, row, rows ? rows.indexOf(row) : 0) : (v as ReactNode);
      },
    };
  });
}

/** A cursor-paged list as a table (scrolls sideways on a phone) with "load more", or its error. */
export function CursorTable<T extends { id: string }>({
  list,
  label,
  empty,
  columns,
  rowClassName,
}: {
  list: CursorList<T>;
  /** The table's accessible name (and the "load more" landmark's). */
  label: string;
  empty: string;
  columns: ColumnsType<T>;
  rowClassName?: (row: T) => string;
}) {
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  return (
    <>
      <DataTable<T>
        rowKey={(r) => r.id}
        size="small"
        busy={list.isFetching && !list.isFetchingNextPage}
        rows={list.rows}
        label={label}
        {...(rowClassName ? { rowClassName } : {})}
        empty={<EmptyState text={empty} />}
        columns={toDataColumns(columns, list.rows)}
      />
      <LoadMore
        label={label}
        count={list.rows.length}
        hasMore={list.hasNextPage}
        loading={list.isFetchingNextPage}
        onMore={() => void list.fetchNextPage()}
      />
    </>
  );
}

/** "Saved", announced politely, until closed. */
export function SavedAlert({ onClose, style }: { onClose: () => void; style?: CSSProperties }) {
  const { t } = useTranslation();
  return (
    <Alert
      type="success"
      role="status"
      showIcon
      closable
      onClose={onClose}
      message={t('population.baseData.saved')}
      {...(style ? { style } : {})}
    />
  );
}

/** The community chooser; the children (given the chosen community) only once one is chosen. */
export function WithCommunity({ children }: { children: (community: string) => ReactNode }) {
  const { t } = useTranslation();
  const { scope } = usePopulationScope();
  return (
    <div className="stack">
      <ScopePicker requireCommunity />
      {scope.community ? (
        children(scope.community)
      ) : (
        <Alert type="info" showIcon message={t('population.scope.pickCommunity')} />
      )}
    </div>
  );
}

/** A whole number from a form value (InputNumber gives number | null). */
export const intOrUndefined = (v: unknown): number | undefined =>
  typeof v === 'number' && Number.isFinite(v) ? v : undefined;

/** A trimmed string, or undefined when blank. */
export const textOrUndefined = (v: unknown): string | undefined => {
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  return s ? s : undefined;
};

/** A masked value (`***`, `110105********002X`) cannot be written back. */
export const isMasked = (v: unknown) => typeof v === 'string' && v.includes('*');

export interface RowActions {
  /** The record's own view (units, residents, details); `pressed` when it is the one shown. */
  readonly open: { text: string; label: string; pressed?: boolean; onClick: () => void };
  /** How the row is named in its buttons' accessible names. */
  readonly name: string;
  readonly onEdit: () => void;
}

/**
 * The columns every base-data table ends with: when the record last changed, and its actions
 * (its own view; "edit" only for those who may write).
 */
export function useRecordColumns<T extends { updatedAt: string }>(
  canEdit: boolean,
  actions: (row: T) => RowActions,
): ColumnsType<T> {
  const { t, i18n } = useTranslation();
  return [
    {
      title: t('population.baseData.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string) => fmtDateTime(v, i18n.language),
    },
    {
      title: t('population.baseData.actions'),
      key: 'actions',
      render: (_: unknown, row) => {
        const { open, name, onEdit } = actions(row);
        return (
          <div className="actions" style={{ gap: 8 }}>
            <Button
              size="small"
              aria-label={open.label}
              {...(open.pressed !== undefined ? { 'aria-pressed': open.pressed } : {})}
              onClick={open.onClick}
            >
              {open.text}
            </Button>
            {canEdit ? (
              <Button size="small" aria-label={`${t('population.baseData.edit')} ${name}`} onClick={onEdit}>
                {t('population.baseData.edit')}
              </Button>
            ) : null}
          </div>
        );
      },
    },
  ];
}
