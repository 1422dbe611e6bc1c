import { App, Card, Form, Menu, Select, Space, Table, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation, useNavigate } from 'react-router';
import { useMinistryTenants } from '../../api/client';
import type { Me, MinistryTenant, TenantCategory } from '../../api/types';
import { RequireAuth } from '../../components/RequireAuth';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { categoryValueLabel, placementLabel, statusLabel, tierLabel } from '../../i18n/labels';
import Applications from './applications/Applications';
import { CATEGORY_VALUES } from './categories';
import { FlagsConsole } from './flags/FlagsConsole';
import { IndicatorsConsole } from './indicators/IndicatorsConsole';

const TIERS = ['basic', 'standard', 'demonstration'] as const;

export { CATEGORY_VALUES };

const DIMENSIONS = Object.keys(CATEGORY_VALUES) as (keyof TenantCategory)[];

type Filters = { tier?: string } & Partial<Record<keyof TenantCategory, string>>;

export function filterTenants(tenants: readonly MinistryTenant[], f: Filters): MinistryTenant[] {
  return tenants.filter(
    (x) => (!f.tier || x.tier === f.tier) && DIMENSIONS.every((d) => !f[d] || x.category?.[d] === f[d]),
  );
}

function Tenants() {
  const { t } = useTranslation();
  const q = useMinistryTenants();
  const [filters, setFilters] = useState<Filters>({});
  const rows = useMemo(() => (q.data ? filterTenants(q.data, filters) : []), [q.data, filters]);
  const all = { value: '', label: t('ministry.filterAll') };
  return (
    <Card title={<h2 className="card-title">{t('ministry.tenants')}</h2>}>
      <Form layout="vertical" className="filters">
        <Space wrap align="end">
          <Form.Item label={t('ministry.filterTier')} htmlFor="filter-tier">
            <Select
              id="filter-tier"
              className="filter-select"
              value={filters.tier ?? ''}
              onChange={(v: string) => setFilters((f) => ({ ...f, tier: v || undefined }))}
              options={[all, ...TIERS.map((v) => ({ value: v, label: tierLabel(t, v) }))]}
            />
          </Form.Item>
          {DIMENSIONS.map((d) => (
            <Form.Item key={d} label={t(`category.${d}`)} htmlFor={`filter-${d}`}>
              <Select
                id={`filter-${d}`}
                className="filter-select"
                value={filters[d] ?? ''}
                onChange={(v: string) => setFilters((f) => ({ ...f, [d]: v || undefined }))}
                options={[
                  all,
                  ...CATEGORY_VALUES[d].map((v) => ({ value: v, label: categoryValueLabel(t, v) })),
                ]}
              />
            </Form.Item>
          ))}
        </Space>
      </Form>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState text={t('ministry.empty')} />
      ) : (
        <>
          <p aria-live="polite">{t('ministry.count', { count: rows.length })}</p>
          <Table
            rowKey="id"
            dataSource={rows}
            scroll={{ x: 'max-content' }}
            pagination={rows.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            columns={[
              {
                title: t('ministry.name'),
                dataIndex: 'name',
                render: (name: string, r) => <a href={`/t/${encodeURIComponent(r.slug)}`}>{name}</a>,
              },
              { title: t('ministry.divisionCode'), dataIndex: 'divisionCode', className: 'mono' },
              { title: t('ministry.tier'), dataIndex: 'tier', render: (v: string) => tierLabel(t, v) },
              {
                title: t('ministry.category'),
                dataIndex: 'category',
                render: (c: TenantCategory | undefined) =>
                  c ? (
                    <span className="tags">
                      {DIMENSIONS.map((d) => (
                        <Tag key={d} title={t(`category.${d}`)}>
                          {t(`category.${d}`)}: {categoryValueLabel(t, c[d])}
                        </Tag>
                      ))}
                    </span>
                  ) : null,
              },
              { title: t('ministry.wave'), dataIndex: 'wave' },
              { title: t('ministry.status'), dataIndex: 'status', render: (v: string) => statusLabel(t, v) },
              {
                title: t('ministry.placement'),
                dataIndex: 'placement',
                render: (v: string) => placementLabel(t, v),
              },
            ]}
          />
        </>
      )}
    </Card>
  );
}

function Console({ me }: { me: Me }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  return (
    <div className="page page-wide">
      <header className="page-header">
        <Typography.Title level={1}>{t('ministry.title')}</Typography.Title>
        <div className="page-header-meta">
          <span>{me.name || me.username}</span>
        </div>
      </header>
      <div className="area-layout">
        <nav className="area-sider" aria-label={t('ministry.title')}>
          <Menu
            mode="inline"
            selectedKeys={[pathname.startsWith('/ministry/flags') ? '/ministry/flags' : pathname]}
            onClick={({ key }) => navigate(key)}
            items={[
              { key: '/ministry', label: t('ministry.tenants') },
              { key: '/ministry/applications', label: t('ministry.applications') },
              { key: '/ministry/flags', label: t('ministry.flags') },
              { key: '/ministry/indicators', label: t('ministry.indicators') },
            ]}
          />
        </nav>
        {/* antd's App: the consoles' messages (`App.useApp()`); not in the entry (providers.tsx). */}
        <App component={false}>
          <div className="area-content">
            <Routes>
              <Route index element={<Tenants />} />
              <Route
                path="applications"
                element={<Applications canReview={me.roles.includes('ministry-admin')} />}
              />
              <Route path="flags/*" element={<FlagsConsole me={me} />} />
              <Route path="indicators" element={<IndicatorsConsole me={me} />} />
            </Routes>
          </div>
        </App>
      </div>
    </div>
  );
}

export default function MinistryPage() {
  return <RequireAuth kind="ministry">{(me) => <Console me={me} />}</RequireAuth>;
}
