import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type InboxItem, type InboxQuery, useBulkAccept, useInbox } from '../../../api/cases';
import { body, tenantApi } from '../../../api/http';
import type { Me } from '../../../api/types';
import { Panel, SelectFilter } from '../../../components/Controls';
import { CursorPager, useCursorPages } from '../../../components/CursorPager';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { caseCaps, pick } from './common';

const STATUSES = ['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
const CHANNELS = ['portal', 'counter', 'call-centre', 'kiosk', 'sms', 'open311'] as const;

type Filters = Omit<InboxQuery, 'cursor' | 'limit' | 'unit'>;

/** The services the district offers, for the service filter (the staff catalogue). */
function useServiceOptions(lang: string) {
  const q = useQuery({
    queryKey: ['services', 'catalogue', 'staff'],
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/services/catalogue', { signal })),
    staleTime: 5 * 60_000,
  });
  return (q.data?.items ?? []).map((s) => ({ value: s.code, label: pick(lang, s.name) }));
}

/**
 * 办件待办: the cases of the caller's desk or area, soonest due first, with filters, selection for
 * bulk accept, and the remaining working days (overdue and soon-due flagged).
 */
export default function InboxPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const [result, setResult] = useState<{ ok: number; failed: string[] } | undefined>();
  const errorText = useErrorMessage();
  const caps = caseCaps(me);
  const [filters, setFilters] = useState<Filters>({ scope: caps.scopes[0], status: 'pending' });
  const pages = useCursorPages();
  const q = useInbox({ ...filters, ...(pages.cursor ? { cursor: pages.cursor } : {}), limit: 50 });
  const [selected, setSelected] = useState<string[]>([]);
  const bulk = useBulkAccept();
  const services = useServiceOptions(i18n.language);
  const { reset } = pages;
  // A new filter starts from the first page with nothing selected.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the filters change
  useEffect(() => {
    reset();
    setSelected([]);
  }, [filters, reset]);

  const rows = q.data?.items ?? [];
  const byId = useMemo(() => new Map(rows.map((r) => [r.caseId, r])), [rows]);
  const acceptSelected = () =>
    bulk.mutate(
      selected.flatMap((id) => {
        const r = byId.get(id);
        return r ? [{ id, step: r.stepIndex }] : [];
      }),
      {
        onSuccess: (out) => {
          const failed = out.items.filter((i) => !i.ok);
          setResult({
            ok: out.items.length - failed.length,
            failed: failed.map((f) =>
              t('cases.inbox.bulkFailed', { number: byId.get(f.id)?.number ?? f.id, code: f.code ?? '' }),
            ),
          });
          setSelected([]);
        },
      },
    );

  const columns: DataColumn<InboxItem>[] = [
    {
      key: 'number',
      title: t('cases.inbox.number'),
      render: (r) => (
        <Link to={`/workspace/services/cases/${r.caseId}`} className="mono">
          {r.number}
        </Link>
      ),
    },
    { key: 'service', title: t('cases.inbox.service'), render: (r) => pick(i18n.language, r.serviceName) },
    {
      key: 'status',
      title: t('cases.inbox.status'),
      render: (r) => <Tag>{t(`cases.statuses.${r.status}`)}</Tag>,
    },
    { key: 'channel', title: t('cases.inbox.channel'), render: (r) => t(`cases.channels.${r.channel}`) },
    { key: 'filedOn', title: t('cases.inbox.filedOn'), render: (r) => r.filedOn },
    { key: 'stepDue', title: t('cases.inbox.stepDue'), render: (r) => r.stepDue },
    {
      key: 'remaining',
      title: t('cases.inbox.remaining'),
      render: (r) => (
        <Space size={4} wrap>
          {r.remaining !== undefined ? t('cases.inbox.remainingDays', { n: r.remaining }) : '—'}
          {r.overdue ? <Tag color="error">{t('cases.inbox.overdueTag')}</Tag> : null}
          {r.soonDue ? <Tag color="warning">{t('cases.inbox.soonTag')}</Tag> : null}
          {r.escalated ? (
            <Tag color="error" title={t(`cases.inbox.escalatedTo_${r.escalated}`)}>
              {t('cases.inbox.escalatedTag')}
            </Tag>
          ) : null}
          {r.provisional ? <Tag>{t('cases.inbox.provisional')}</Tag> : null}
          {r.assignee ? <Tag color="blue">{t('cases.inbox.assigned')}</Tag> : null}
        </Space>
      ),
    },
  ];

  const set = (patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch }));
  const canBulk = caps.handle && filters.status === 'pending' && (filters.scope ?? 'desk') === 'desk';
  return (
    <Panel title={<h2 className="card-title">{t('cases.inbox.title')}</h2>}>
      <div className="filter-row">
        <SelectFilter
          id="inbox-scope"
          label={t('cases.inbox.scope')}
          value={filters.scope}
          onChange={(scope) => set({ scope: scope as Filters['scope'] })}
          options={caps.scopes.map((s) => ({ value: s, label: t(`cases.inbox.scopes.${s}`) }))}
        />
        <SelectFilter
          id="inbox-status"
          label={t('cases.inbox.status')}
          value={filters.status}
          onChange={(v) => {
            const status = v as Filters['status'];
            set({ status, ...(status !== 'pending' ? { due: undefined } : {}) });
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) }))}
        />
        <SelectFilter
          id="inbox-service"
          label={t('cases.inbox.service')}
          allowClear
          className="filter-select"
          value={filters.service}
          onChange={(service) => set({ service })}
          options={services}
        />
        <SelectFilter
          id="inbox-channel"
          label={t('cases.inbox.channel')}
          allowClear
          placeholder={t('cases.inbox.anyChannel')}
          value={filters.channel}
          onChange={(channel) => set({ channel: channel as Filters['channel'] })}
          options={CHANNELS.map((c) => ({ value: c, label: t(`cases.channels.${c}`) }))}
        />
        <SelectFilter
          id="inbox-due"
          label={t('cases.inbox.due')}
          allowClear
          disabled={filters.status !== 'pending'}
          placeholder={t('cases.inbox.anyDue')}
          value={filters.due}
          onChange={(due) => set({ due: due as Filters['due'] })}
          options={[
            { value: 'overdue', label: t('cases.inbox.overdue') },
            { value: 'soon', label: t('cases.inbox.soon') },
            { value: 'escalated', label: t('cases.inbox.escalated') },
          ]}
        />
        <label className="checkbox">
          <input
            type="checkbox"
            checked={filters.assignee === 'me'}
            onChange={(e) => set({ assignee: e.target.checked ? 'me' : undefined })}
          />
          {t('cases.inbox.mine')}
        </label>
      </div>
      {canBulk ? (
        <Button
          type="primary"
          disabled={selected.length === 0}
          loading={bulk.isPending}
          onClick={acceptSelected}
          style={{ marginBottom: 12 }}
        >
          {t('cases.inbox.bulkAccept', { n: selected.length })}
        </Button>
      ) : null}
      {result ? (
        <Alert
          role="status"
          showIcon
          type={result.failed.length ? 'warning' : 'success'}
          style={{ marginBottom: 12 }}
          message={t('cases.inbox.bulkDone', { ok: result.ok, failed: result.failed.length })}
          description={result.failed.length ? result.failed.map((f) => <div key={f}>{f}</div>) : undefined}
          closable
          onClose={() => setResult(undefined)}
        />
      ) : null}
      {bulk.isError ? <Alert type="error" role="alert" showIcon message={errorText(bulk.error)} /> : null}
      {q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <DataTable<InboxItem>
            rowKey={(r) => r.caseId}
            size="small"
            busy={q.isFetching}
            rows={rows}
            columns={columns}
            label={t('cases.inbox.label')}
            empty={q.data ? <EmptyState text={t('cases.inbox.empty')} /> : <Loading />}
            {...(canBulk
              ? {
                  select: {
                    selected,
                    onChange: (keys) => setSelected(keys.map(String)),
                    rowLabel: (r) => t('cases.inbox.selectRow', { number: r.number }),
                    allLabel: t('cases.inbox.selectAll'),
                  },
                }
              : {})}
          />
          <CursorPager pages={pages} next={q.data?.cursor} busy={q.isPlaceholderData} />
        </>
      )}
    </Panel>
  );
}
