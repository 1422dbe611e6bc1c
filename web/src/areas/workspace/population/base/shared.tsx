/**
 * Pieces the base-data tabs share: problem lines, the cursor-paged table with
 * "load more" and its last two columns, the saved notice, the community gate, the tab
 * itself (create, notice, table, a record's view, the form) and the form's dialog.
 */
import { PlusOutlined } from '@ant-design/icons';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Form, type FormInstance, Space } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type CSSProperties, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { StoredRecord } from '../../../../api/baseData';
import { ApiError } from '../../../../api/errors';
import { type DataColumn, DataTable } from '../../../../components/DataTable';
import { Dialog } from '../../../../components/Dialog';
import { applyProblem } from '../../../../components/formErrors';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../../components/States';
import { CommunityBadge, Fact, fmtDateTime, ScopePicker, usePopulationScope } from '../common';

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

/** The fields of a record's value that show as they are (text or a number). */
type PlainField<V> = {
  [K in keyof V]-?: V[K] extends string | number | undefined ? K : never;
}[keyof V] &
  string;

/** A column of one field of the record's value, as it is ("—" when the record has none). */
export function valueColumn<V>(
  title: string,
  field: PlainField<V>,
  { className, align }: { className?: string; align?: 'right' } = {},
): ColumnsType<StoredRecord<V>>[number] {
  return {
    title,
    key: field,
    ...(className ? { className } : {}),
    ...(align ? { align } : {}),
    render: (_: unknown, r: StoredRecord<V>) => (r.value[field] as string | number | undefined) ?? '—',
  };
}

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
  const { t } = useTranslation();
  return [
    {
      title: t('population.baseData.updatedAt'),
      dataIndex: 'updatedAt',
      render: (v: string) => fmtDateTime(v),
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

/**
 * A base-data tab: "create" (for those who may write, after the tab's filters), the notice of the
 * last save, the records' table ending in the record columns, then the record's own view (opened
 * by its key: a number, a code, an id) and the form. `Note` is what a save tells the notice.
 */
export function RecordsTab<Row extends { id: string; updatedAt: string }, Note = void>({
  list,
  label,
  empty,
  columns,
  createText,
  filters,
  open,
  name,
  rowClassName,
  view,
  form,
  notice,
}: {
  list: CursorList<Row>;
  /** The table's accessible name. */
  label: string;
  empty: string;
  /** The tab's own columns; the record columns follow. */
  columns: ColumnsType<Row>;
  createText: string;
  /** Shown before "create", on one line with it. */
  filters?: ReactNode;
  /** The button to the record's own view; `opened` is the key of the view shown. */
  open: (row: Row, opened: string | null) => Omit<RowActions['open'], 'onClick'> & { key: string };
  /** How the row is named in its buttons' accessible names. */
  name: (row: Row) => string;
  rowClassName?: (row: Row, opened: string | null) => string;
  view: (key: string, onClose: () => void) => ReactNode;
  form: (props: {
    existing: Row | undefined;
    onClose: () => void;
    onSaved: (note: Note) => void;
  }) => ReactNode;
  /** The notice of a save (by default "saved"). */
  notice?: (note: Note, onClose: () => void) => ReactNode;
}) {
  const { caps } = usePopulationScope();
  const [opened, setOpened] = useState<string | null>(null);
  const [editing, setEditing] = useState<{ existing?: Row } | null>(null);
  const [saved, setSaved] = useState<{ note: Note } | null>(null);
  const recordColumns = useRecordColumns<Row>(caps.write, (r) => {
    const { key, ...button } = open(r, opened);
    return {
      open: { ...button, onClick: () => setOpened(key) },
      name: name(r),
      onEdit: () => setEditing({ existing: r }),
    };
  });
  const create = caps.write ? (
    <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({})}>
      {createText}
    </Button>
  ) : null;
  const closeNotice = () => setSaved(null);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      {filters ? (
        <Space wrap>
          {filters}
          {create}
        </Space>
      ) : (
        create
      )}
      {saved ? notice ? notice(saved.note, closeNotice) : <SavedAlert onClose={closeNotice} /> : null}
      <CursorTable<Row>
        list={list}
        label={label}
        empty={empty}
        {...(rowClassName ? { rowClassName: (r: Row) => rowClassName(r, opened) } : {})}
        columns={[...columns, ...recordColumns]}
      />
      {opened ? view(opened, () => setOpened(null)) : null}
      {editing
        ? form({
            existing: editing.existing,
            onClose: () => setEditing(null),
            onSaved: (note) => setSaved({ note }),
          })
        : null}
    </Space>
  );
}

/**
 * A base-data form's state: the antd form, the problem lines of the last save, `submit` (validate,
 * then `save` the values; a failed save shows on the form) and the "required" rule.
 */
export function useRecordForm<V>(fields: readonly string[]) {
  const { t } = useTranslation();
  const [form] = Form.useForm<V>();
  const [problem, setProblem] = useState<string[]>([]);
  const formProblem = useFormProblem(fields);
  return {
    form,
    problem,
    setProblem,
    submit: (save: (values: V) => Promise<void>) => async () => {
      const v = await form.validateFields();
      setProblem([]);
      try {
        await save(v);
      } catch (err) {
        setProblem(formProblem(err, form));
      }
    },
    required: (field: string) => [
      { required: true, whitespace: true, message: t('population.form.required', { field }) },
    ],
  };
}

/**
 * A base-data form in a dialog: the community (or `head`), the fields, the problem of the last save.
 * "Save" runs `onSubmit`; a validation failure stays on the fields.
 */
export function RecordFormDialog<V extends object>({
  title,
  community,
  head,
  form,
  problem,
  initialValues,
  onSubmit,
  onClose,
  saving,
  width = 640,
  children,
}: {
  title: string;
  community: string;
  head?: ReactNode;
  form: FormInstance<V>;
  problem: string[];
  initialValues: V;
  onSubmit: () => Promise<void>;
  onClose: () => void;
  saving: boolean;
  width?: number;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      okText={t('population.form.save')}
      cancelText={t('population.common.cancel')}
      onOk={() => void onSubmit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={saving}
      width={width}
    >
      {head ?? <CommunityBadge code={community} />}
      <Form form={form} layout="vertical" initialValues={initialValues} style={{ marginTop: 12 }}>
        {children}
      </Form>
      <ProblemAlert lines={problem} />
    </Dialog>
  );
}

/** A record fetched afresh, in a dialog with "close": loading, its failure, or `children` of it. */
export function RecordDialog<T>({
  title,
  q,
  onClose,
  width,
  children,
}: {
  title: string;
  q: UseQueryResult<T>;
  onClose: () => void;
  width?: number;
  children: (record: T) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <Dialog
      title={title}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('population.common.close')}</Button>}
      {...(width ? { width } : {})}
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        children(q.data)
      )}
    </Dialog>
  );
}

/** The facts a stored record's view ends with: its community, when it last changed, its version. */
export function RecordFacts({
  record,
}: {
  record: { communityCode: string; updatedAt: string; version: number };
}) {
  const { t } = useTranslation();
  return (
    <>
      <Fact label={t('population.fields.communityCode')}>
        <CommunityBadge code={record.communityCode} />
      </Fact>
      <Fact label={t('population.baseData.updatedAt')}>{fmtDateTime(record.updatedAt)}</Fact>
      <Fact label={t('population.fields.version')}>{record.version}</Fact>
    </>
  );
}
