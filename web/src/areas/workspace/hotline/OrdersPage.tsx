import { Card, Form, Select, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type InboxItem, useInbox } from '../../../api/cases';
import { CursorPager, useCursorPages } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/States';
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
    <Card title={<h2 className="card-title">{t('hotline.orders.title')}</h2>}>
      <p>{t('hotline.orders.intro')}</p>
      <Form layout="inline">
        <Form.Item label={t('hotline.orders.channel')} htmlFor="orders-channel">
          <Select
            id="orders-channel"
            value={channel}
            style={{ minWidth: 120 }}
            onChange={(c) => {
              setChannel(c);
              pages.reset();
            }}
            options={CHANNELS.map((c) => ({ value: c, label: t(`cases.channels.${c}`) }))}
          />
        </Form.Item>
        <Form.Item label={t('hotline.orders.status')} htmlFor="orders-status">
          <Select
            id="orders-status"
            value={status}
            style={{ minWidth: 120 }}
            onChange={(s) => {
              setStatus(s);
              pages.reset();
            }}
            options={STATUSES.map((s) => ({ value: s, label: t(`cases.statuses.${s}`) }))}
          />
        </Form.Item>
      </Form>
      {q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
      <Table<InboxItem>
        rowKey="caseId"
        loading={q.isLoading}
        dataSource={q.data?.items ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('hotline.orders.empty') }}
        columns={[
          { title: t('hotline.orders.number'), dataIndex: 'number', className: 'mono' },
          { title: t('hotline.orders.service'), render: (_, r) => pick(i18n.language, r.serviceName) },
          {
            title: t('hotline.orders.department'),
            render: (_, r) =>
              r.department
                ? t(`serviceDesk.departments.${r.department}`, { defaultValue: r.department })
                : '—',
          },
          {
            title: t('hotline.orders.status'),
            render: (_, r) => <Tag>{t(`cases.statuses.${r.status}`)}</Tag>,
          },
          { title: t('hotline.orders.filedOn'), dataIndex: 'filedOn' },
          { title: t('hotline.orders.due'), dataIndex: 'due' },
        ]}
      />
      <CursorPager pages={pages} next={q.data?.cursor} busy={q.isPlaceholderData} />
    </Card>
  );
}
