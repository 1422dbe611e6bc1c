import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Form, Select, Space, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type InboxItem, type InboxQuery, useBulkAccept, useInbox } from '../../../api/cases';
import { body, tenantApi } from '../../../api/http';
import type { Me } from '../../../api/types';
import { CursorPager, useCursorPages } from '../../../components/CursorPager';
import { EmptyState, ErrorState, useErrorMessage } from '../../../components/States';
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

  const columns: ColumnsType<InboxItem> = [
    {
      title: t('cases.inbox.number'),
      dataIndex: 'number',
      render: (n: string, r) => (
        <Link to={`/workspace/services/cases/${r.caseId}`} className="mono">
          {n}
        </Link>
      ),
    },
    { title: t('cases.inbox.service'), render: (_: unknown, r) => pick(i18n.language, r.serviceName) },
    {
      title: t('cases.inbox.status'),
      render: (_: unknown, r) => <Tag>{t(`cases.statuses.${r.status}`)}</Tag>,
    },
    { title: t('cases.inbox.channel'), render: (_: unknown, r) => t(`cases.channels.${r.channel}`) },
    { title: t('cases.inbox.filedOn'), dataIndex: 'filedOn' },
    { title: t('cases.inbox.stepDue'), dataIndex: 'stepDue' },
    {
      title: t('cases.inbox.remaining'),
      render: (_: unknown, r) => (
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
    <Card title={<h2 className="card-title">{t('cases.inbox.title')}</h2>}>
      <Form layout="inline" className="filters" style={{ marginBottom: 12, rowGap: 8 }}>
        <Form.Item label={t('cases.inbox.scope')} htmlFor="inbox-scope">
          <Select
            id="inbox-scope"
            style={{ minWidth: 140 }}
            value={filters.scope}
            onChange={(scope) => set({ scope })}
            options={caps.scopes.map((s) => ({ value: s, label: t(`cases.inbox.scopes.${s}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('cases.inbox.status')} htmlFor="inbox-status">
          <Select
            id="inbox-status"
            style={{ minWidth: 120 }}
            value={filters.status}
            onChange={(status) => set({ status, ...(status !== 'pending' ? { due: undefined } : {}) })}
            options={STATUSES.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('cases.inbox.service')} htmlFor="inbox-service">
          <Select
            id="inbox-service"
            allowClear
            showSearch
            optionFilterProp="label"
            style={{ minWidth: 180 }}
            value={filters.service}
            onChange={(service) => set({ service })}
            options={services}
          />
        </Form.Item>
        <Form.Item label={t('cases.inbox.channel')} htmlFor="inbox-channel">
          <Select
            id="inbox-channel"
            allowClear
            placeholder={t('cases.inbox.anyChannel')}
            style={{ minWidth: 120 }}
            value={filters.channel}
            onChange={(channel) => set({ channel })}
            options={CHANNELS.map((c) => ({ value: c, label: t(`cases.channels.${c}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('cases.inbox.due')} htmlFor="inbox-due">
          <Select
            id="inbox-due"
            allowClear
            disabled={filters.status !== 'pending'}
            placeholder={t('cases.inbox.anyDue')}
            style={{ minWidth: 120 }}
            value={filters.due}
            onChange={(due) => set({ due })}
            options={[
              { value: 'overdue', label: t('cases.inbox.overdue') },
              { value: 'soon', label: t('cases.inbox.soon') },
              { value: 'escalated', label: t('cases.inbox.escalated') },
            ]}
          />
        </Form.Item>
        <Form.Item>
          <Checkbox
            checked={filters.assignee === 'me'}
            onChange={(e) => set({ assignee: e.target.checked ? 'me' : undefined })}
          >
            {t('cases.inbox.mine')}
          </Checkbox>
        </Form.Item>
      </Form>
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
          <Table<InboxItem>
            rowKey="caseId"
            size="small"
            loading={q.isFetching}
            dataSource={rows}
            columns={columns}
            pagination={false}
            scroll={{ x: 'max-content' }}
            aria-label={t('cases.inbox.label')}
            locale={{ emptyText: <EmptyState text={t('cases.inbox.empty')} /> }}
            rowSelection={
              canBulk
                ? { selectedRowKeys: selected, onChange: (keys) => setSelected(keys.map(String)) }
                : undefined
            }
          />
          <CursorPager pages={pages} next={q.data?.cursor} busy={q.isPlaceholderData} />
        </>
      )}
    </Card>
  );
}
