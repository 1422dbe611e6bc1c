import { Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Route, Routes, useLocation } from 'react-router';
import { useMinistryTenants } from '../../api/client';
import type { Me, MinistryTenant, TenantCategory } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { RequireAuth } from '../../components/RequireAuth';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { lazyArea } from '../../i18n';
import { categoryValueLabel, placementLabel, statusLabel, tierLabel } from '../../i18n/labels';
import { CATEGORY_VALUES, DIMENSIONS, TIERS } from './categories';
import './ministry.css';
import { Badge, Panel, SelectField } from './ui';

// The consoles load when first opened, so the registry (the landing page) carries none of them:
// every part stays within the 300 KB staff-route budget (web/scripts/budgets.ts). The console is
// plain markup throughout (no antd: `plain`, so they do not wait for antd's theme).
const Applications = lazyArea(() => import('./applications/Applications'), { plain: true });
const FlagsConsole = lazyArea(() => import('./flags/FlagsConsole'), { plain: true });
const IndicatorsConsole = lazyArea(() => import('./indicators/IndicatorsConsole'), { plain: true });

export { CATEGORY_VALUES };

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
    <Panel title={t('ministry.tenants')}>
      <div className="filters plan-row">
        <SelectField
          id="filter-tier"
          label={t('ministry.filterTier')}
          value={filters.tier ?? ''}
          onChange={(v) => setFilters((f) => ({ ...f, tier: v || undefined }))}
          options={[all, ...TIERS.map((v) => ({ value: v, label: tierLabel(t, v) }))]}
        />
        {DIMENSIONS.map((d) => (
          <SelectField
            key={d}
            id={`filter-${d}`}
            label={t(`category.${d}`)}
            value={filters[d] ?? ''}
            onChange={(v) => setFilters((f) => ({ ...f, [d]: v || undefined }))}
            options={[all, ...CATEGORY_VALUES[d].map((v) => ({ value: v, label: categoryValueLabel(t, v) }))]}
          />
        ))}
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState text={t('ministry.empty')} />
      ) : (
        <>
          <p aria-live="polite">{t('ministry.count', { count: rows.length })}</p>
          <DataTable
            rows={rows}
            rowKey={(r) => r.id}
            label={t('ministry.tenants')}
            pageSize={20}
            columns={[
              {
                key: 'name',
                title: t('ministry.name'),
                render: (r) => <a href={`/t/${encodeURIComponent(r.slug)}`}>{r.name}</a>,
                className: 'nowrap',
              },
              {
                key: 'code',
                title: t('ministry.divisionCode'),
                render: (r) => r.divisionCode,
                className: 'mono nowrap',
              },
              {
                key: 'tier',
                title: t('ministry.tier'),
                render: (r) => tierLabel(t, r.tier),
                className: 'nowrap',
              },
              {
                key: 'category',
                title: t('ministry.category'),
                render: (r) =>
                  r.category ? (
                    <span className="tags">
                      {DIMENSIONS.map((d) => (
                        <Badge key={d} title={t(`category.${d}`)}>
                          {t(`category.${d}`)}: {categoryValueLabel(t, r.category![d])}
                        </Badge>
                      ))}
                    </span>
                  ) : null,
              },
              { key: 'wave', title: t('ministry.wave'), render: (r) => r.wave, className: 'nowrap' },
              {
                key: 'status',
                title: t('ministry.status'),
                render: (r) => statusLabel(t, r.status),
                className: 'nowrap',
              },
              {
                key: 'placement',
                title: t('ministry.placement'),
                render: (r) => placementLabel(t, r.placement),
                className: 'nowrap',
              },
            ]}
          />
        </>
      )}
    </Panel>
  );
}

function Console({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const items = [
    { key: '/ministry', label: t('ministry.tenants') },
    { key: '/ministry/applications', label: t('ministry.applications') },
    { key: '/ministry/flags', label: t('ministry.flags') },
    { key: '/ministry/indicators', label: t('ministry.indicators') },
  ];
  const selected = pathname.startsWith('/ministry/flags') ? '/ministry/flags' : pathname.replace(/\/$/, '');
  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1>{t('ministry.title')}</h1>
        <div className="page-header-meta">
          <span>{me.name || me.username}</span>
        </div>
      </header>
      <div className="area-layout">
        <nav className="area-sider" aria-label={t('ministry.title')}>
          {/* The menu as plain links (styles.css `.nav-menu`, as components/NavMenu.tsx draws it;
              four links, kept here so the workspace's NavMenu chunk is not split for them). */}
          <ul className="nav-menu">
            {items.map((l) => (
              <li key={l.key}>
                <Link
                  to={l.key}
                  className="nav-menu-item"
                  aria-current={l.key === selected ? 'page' : undefined}
                >
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div className="area-content">
          <Suspense fallback={<Loading />}>
            <Routes>
              <Route index element={<Tenants />} />
              <Route
                path="applications"
                element={<Applications canReview={me.roles.includes('ministry-admin')} />}
              />
              <Route path="flags/*" element={<FlagsConsole me={me} />} />
              <Route path="indicators" element={<IndicatorsConsole me={me} />} />
            </Routes>
          </Suspense>
        </div>
      </div>
    </div>
  );
}

export default function MinistryPage() {
  return <RequireAuth kind="ministry">{(me) => <Console me={me} />}</RequireAuth>;
}
