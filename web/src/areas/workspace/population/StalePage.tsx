import { Card, InputNumber, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Resident, useStale } from '../../../api/population';
import { CursorPagedTable, useCursorPages } from '../../../components/CursorPager';
import { fmtDate, ScopePicker, usePopulationScope } from './common';

const DAY = 86_400_000;

/** Freshness view: active residents not verified for N days (the district's setting by default). */
export function StalePage() {
  const { t, i18n } = useTranslation();
  const { scope } = usePopulationScope();
  const [days, setDays] = useState<number | undefined>();
  const pages = useCursorPages();
  const q = useStale(
    {
      ...(scope.community ? { community: scope.community } : scope.street ? { street: scope.street } : {}),
      ...(days !== undefined ? { days } : {}),
    },
    pages.cursor,
  );
  return (
    <Card title={<h2 className="card-title">{t('population.stale.title')}</h2>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        {q.data ? (
          <Typography.Paragraph>
            {t('population.stale.intro', {
              days: q.data.days,
              before: fmtDate(q.data.before, i18n.language),
            })}
          </Typography.Paragraph>
        ) : null}
        <Space wrap>
          <ScopePicker />
          <label htmlFor="stale-days">
            {t('population.stale.days')}{' '}
            <InputNumber
              id="stale-days"
              min={0}
              max={3650}
              value={days ?? q.data?.days}
              onChange={(v) => {
                setDays(v ?? undefined);
                pages.reset();
              }}
            />
          </label>
        </Space>
        <CursorPagedTable<Resident>
          query={q}
          pages={pages}
          label={t('population.stale.title')}
          empty={t('population.stale.empty')}
          columns={[
            {
              title: t('population.fields.name'),
              dataIndex: 'name',
              render: (v: string, r) => (
                <Link to={`/workspace/population/residents/${r.id}`}>{v ?? '—'}</Link>
              ),
            },
            { title: t('population.fields.idNumber'), dataIndex: 'idNumber', className: 'mono' },
            { title: t('population.fields.communityCode'), dataIndex: 'communityCode', className: 'mono' },
            {
              title: t('population.fields.lastVerifiedAt'),
              dataIndex: 'lastVerifiedAt',
              render: (v: string) => fmtDate(v, i18n.language),
            },
            {
              title: t('population.stale.days'),
              key: 'age',
              align: 'right',
              render: (_: unknown, r) =>
                r.lastVerifiedAt ? Math.floor((Date.now() - Date.parse(r.lastVerifiedAt)) / DAY) : '—',
            },
          ]}
        />
      </Space>
    </Card>
  );
}
