import { Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InboxItem, useInbox } from '../../../api/cases';
import { Panel, SelectFilter } from '../../../components/Controls';
import { CursorPager, useCursorPages } from '../../../components/CursorPager';
import { DataTable } from '../../../components/DataTable';
import { ErrorState, Loading } from '../../../components/States';
import { pick } from '../services/common';

const STATUSES = ['pending', 'returned', 'approved', 'rejected', 'withdrawn'] as const;
const CHANNELS = ['call-centre', 'sms'] as const;

/** 热线工单: the district's cases opened by the hotline (or SMS), their department and state. */
export function OrdersPage() {
  const { t, i18n } = useTranslation();
  const [channel, setChannel] = useState<(typeof CHANNELS)[number]>('call-centre');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('pending');
  const pages = useCursorPages();
  const q = useInbox({
    scope: 'district',
    channel,
    status,
    ...(pages.cursor ? { cursor: pages.cursor } : {}),
  });
  return (
    <Panel title={<h2 className="card-title">{t('hotline.orders.title')}</h2>}>
      <p>{t('hotline.orders.intro')}</p>
      <div className="filter-row">
        <SelectFilter
          id="orders-channel"
          label={t('hotline.orders.channel')}
          value={channel}
          onChange={(c) => {
            setChannel(c as (typeof CHANNELS)[number]);
            pages.reset();
          }}
          options={CHANNELS.map((c) => ({ value: c, label: t(`cases.channels.${c}`) }))}
        />
        <SelectFilter
          id="orders-status"
          label={t('hotline.orders.status')}
          value={status}
          onChange={(s) => {
            setStatus(s as (typeof STATUSES)[number]);
            pages.reset();
          }}
          options={STATUSES.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) }))}
        />
      </div>
      {q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
      <DataTable<InboxItem>
        rowKey={(r) => r.caseId}
        label={t('hotline.orders.title')}
        busy={q.isFetching}
        rows={q.data?.items ?? []}
        empty={q.isLoading ? <Loading /> : t('hotline.orders.empty')}
        columns={[
          { key: 'number', title: t('hotline.orders.number'), className: 'mono', render: (r) => r.number },
          {
            key: 'service',
            title: t('hotline.orders.service'),
            render: (r) => pick(i18n.language, r.serviceName),
          },
          {
            key: 'department',
            title: t('hotline.orders.department'),
            render: (r) =>
              r.department
                ? t(`serviceDesk.departments.${r.department}`, { defaultValue: r.department })
                : '—',
          },
          {
            key: 'status',
            title: t('hotline.orders.status'),
            render: (r) => <Tag>{t(`cases.statuses.${r.status}`)}</Tag>,
          },
          { key: 'filedOn', title: t('hotline.orders.filedOn'), render: (r) => r.filedOn },
          { key: 'due', title: t('hotline.orders.due'), render: (r) => r.due },
        ]}
      />
      <CursorPager pages={pages} next={q.data?.cursor} busy={q.isPlaceholderData} />
    </Panel>
  );
}
