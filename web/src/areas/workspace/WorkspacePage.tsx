import { Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Route, Routes, useLocation } from 'react-router';
import { useCommunities, useStreets } from '../../api/client';
import type { Me, Street } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { useDivisionNames } from '../../components/DivisionName';
import { MenuIcon } from '../../components/icons';
import { NavMenu } from '../../components/NavMenu';
import { Button, Notice, Tag } from '../../components/plain';
import { RequireAuth } from '../../components/RequireAuth';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { lazyArea } from '../../i18n';
import { MODULE_GROUP_KEYS, MODULE_GROUPS, moduleLabel, roleLabel, statusLabel } from '../../i18n/labels';
import { communityCaps } from './community/caps';
import { hotlineNav } from './hotline/nav';
import { WorkspaceNotFound } from './NotFound';
import GettingStarted from './onboarding/GettingStarted';
import { populationNav } from './population/nav';
import { caseCaps } from './services/common';
import { serviceDeskNav } from './services/nav';

// Each area is its own chunk, with its strings (the menu labels alone are in the entry): the
// comprehensive database (ECharts and all), 办件, the service desk, the hotline (which files cases
// and shows the service desk's rating follow-up), Open311, community work. The shell and the
// overview are plain markup (components/plain.tsx: no antd at all, so the first screen never waits
// for it); the pages behind the menu that need antd load it with their own chunk, and `lazyArea`
// wraps them in antd's theme (scripts/budgets.ts).
const ModulesPage = lazyArea(() => import('./ModulesPage'));
const Invitations = lazyArea(() => import('./onboarding/Invitations'));
const ModulePlaceholder = lazyArea(() => import('./ModulePlaceholder'));
const PopulationArea = lazyArea(() => import('./population/PopulationArea'));
const ServicesArea = lazyArea(() => import('./services/ServicesArea'));
const ServiceDeskArea = lazyArea(() => import('./services/ServiceDeskArea'));
// 数据交换 (module `data-exchange`): the Open311 endpoint and its API keys.
const Open311Page = lazyArea(() => import('./open311/Open311Page'));
// Community work (issue 15): each module that has its pages replaces the placeholder below.
const CommunityArea = lazyArea(() => import('./community/CommunityArea'));
const HotlineArea = lazyArea(() => import('./hotline/HotlineArea'));
const SelfGovernanceArea = lazyArea(() => import('./community/SelfGovernanceArea'));
const EventsArea = lazyArea(() => import('./community/EventsArea'));
const CivilOrganizationsArea = lazyArea(() => import('./community/CivilOrganizationsArea'));
const PartyBuildingArea = lazyArea(() => import('./community/PartyBuildingArea'));

/** 社区活动 (events of `culture-education-sports`) sits under 社区工作 for those who manage events. */
const EVENTS_MODULE = 'culture-education-sports';
const managesEvents = (me: Me) =>
  ['district-admin', 'street-staff', 'community-worker'].some((r) => me.roles.includes(r));
/** 社区党建 is in the menu only for those who work with party branches (`party-building:manage`). */
const PARTY_MODULE = 'party-building';
const managesParty = managesEvents;

function Communities({ street }: { street: Street }) {
  const { t } = useTranslation();
  const q = useCommunities(street.code);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (q.data.length === 0) return <EmptyState text={t('workspace.communitiesEmpty')} />;
  return (
    <DataTable
      size="small"
      rowKey={(c) => c.code}
      rows={q.data}
      label={`${street.name} ${t('workspace.communities')}`}
      columns={[
        { key: 'name', title: t('workspace.communities'), render: (c) => c.name },
        { key: 'code', title: t('workspace.code'), render: (c) => c.code, className: 'mono' },
      ]}
    />
  );
}

function Streets() {
  const { t } = useTranslation();
  const q = useStreets();
  return (
    <section className="panel" aria-labelledby="workspace-streets">
      <h2 className="card-title" id="workspace-streets">
        {t('workspace.streets')}
      </h2>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.length === 0 ? (
        <EmptyState text={t('workspace.streetsEmpty')} />
      ) : (
        <DataTable
          rowKey={(s) => s.code}
          rows={q.data}
          pageSize={20}
          label={t('workspace.streets')}
          expand={{
            render: (s) => <Communities street={s} />,
            can: (s) => s.communityCount > 0,
          }}
          columns={[
            { key: 'name', title: t('workspace.streetName'), render: (s) => s.name },
            { key: 'code', title: t('workspace.code'), render: (s) => s.code, className: 'mono' },
            {
              key: 'count',
              title: t('workspace.communityCount'),
              render: (s) => s.communityCount,
              align: 'right',
            },
          ]}
        />
      )}
    </section>
  );
}

function Profile({ me }: { me: Me }) {
  const { t } = useTranslation();
  const { streetCode, communityCode, department } = me.scope;
  const nameOf = useDivisionNames([streetCode ?? communityCode?.slice(0, 9), communityCode]);
  const street = streetCode ?? communityCode?.slice(0, 9);
  const scope = [
    street ? { key: 's', label: t('workspace.street'), name: nameOf(street) ?? street, code: street } : null,
    communityCode
      ? {
          key: 'c',
          label: t('workspace.community'),
          name: nameOf(communityCode) ?? communityCode,
          code: communityCode,
        }
      : null,
    department ? { key: 'd', label: t('workspace.department'), name: department, code: undefined } : null,
  ].filter((x) => x !== null);
  return (
    <table className="facts profile">
      <tbody>
        <tr>
          <th scope="row">{t('workspace.roles')}</th>
          <td>
            {me.roles.map((r) => (
              <Tag key={r}>{roleLabel(t, r)}</Tag>
            ))}
          </td>
        </tr>
        <tr>
          <th scope="row">{t('workspace.scope')}</th>
          <td>
            {scope.length
              ? scope.map((s, i) => (
                  <span key={s.key} data-testid={`scope-${s.key}`}>
                    {i > 0 ? ' · ' : ''}
                    {s.label}{' '}
                    <span title={s.code} className={s.name === s.code ? 'mono' : undefined}>
                      {s.name}
                    </span>
                  </span>
                ))
              : t('workspace.scopeAll')}
          </td>
        </tr>
      </tbody>
    </table>
  );
}

function ModuleNav({ me, onNavigate }: { me: Me; onNavigate: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const enabled = new Set(me.modules);
  const events = enabled.has(EVENTS_MODULE) && managesEvents(me);
  const groups = MODULE_GROUP_KEYS.map((g) => ({
    key: g,
    type: 'group' as const,
    label: t(`moduleGroups.${g}`),
    children: [
      ...MODULE_GROUPS[g]
        .filter((k) => enabled.has(k) && !(events && k === EVENTS_MODULE))
        .filter((k) => k !== PARTY_MODULE || managesParty(me))
        .filter((k) => k !== 'street-tasks-reports' || communityCaps(me).read)
        .map((k) => ({ key: `/workspace/m/${k}`, label: moduleLabel(t, k) })),
      ...(events && g === 'communityWork'
        ? [{ key: `/workspace/m/${EVENTS_MODULE}`, label: t('workspace.navEvents') }]
        : []),
    ],
  })).filter((g) => g.children.length > 0);
  const population = populationNav(me, t);
  const desk = serviceDeskNav(me, t);
  const hotline = hotlineNav(me, t);
  return (
    <nav aria-label={t('workspace.nav')}>
      <NavMenu
        selected={pathname}
        onNavigate={onNavigate}
        items={[
          { key: '/workspace', label: t('workspace.overview') },
          { key: '/workspace/modules', label: t('workspace.modules') },
          ...(population.length
            ? [
                {
                  key: 'population',
                  type: 'group' as const,
                  label: t('population.nav.group'),
                  children: population.map((p) => ({ key: p.key, label: p.label })),
                },
              ]
            : []),
          ...(caseCaps(me).read
            ? [
                {
                  key: 'services',
                  type: 'group' as const,
                  label: t('cases.nav.group'),
                  children: [{ key: '/workspace/services/inbox', label: t('cases.nav.inbox') }],
                },
              ]
            : []),
          ...(hotline.length
            ? [{ key: 'hotline', type: 'group' as const, label: t('hotline.nav.group'), children: hotline }]
            : []),
          ...(desk.length
            ? [
                {
                  key: 'service-desk',
                  type: 'group' as const,
                  label: t('serviceDesk.nav.group'),
                  children: desk,
                },
              ]
            : []),
          ...groups,
        ]}
      />
      {groups.length === 0 ? <p className="nav-empty">{t('workspace.navEmpty')}</p> : null}
    </nav>
  );
}

function Workspace({ me }: { me: Me }) {
  const { t } = useTranslation();
  // On a phone the ~30-item menu is folded behind one button (CSS below 768 px); wider, it is open.
  const [menuOpen, setMenuOpen] = useState(false);
  if (!me.tenant) {
    return <Notice type="warning" role="alert" title={t('workspace.noTenant')} />;
  }
  return (
    <div className="page page-wide">
      <header className="page-header">
        <h1>
          {me.tenant.name} · {t('workspace.titleSuffix')}
        </h1>
        <div className="page-header-meta">
          <span>{me.name || me.username}</span>
          {me.tenant.status !== 'active' ? (
            <Tag color="warning">{statusLabel(t, me.tenant.status)}</Tag>
          ) : null}
        </div>
      </header>
      {me.tenant.status === 'suspended' ? (
        <Notice type="warning" title={t('workspace.suspended')} className="page-alert" />
      ) : null}
      <div className="area-layout">
        <div className={`area-sider${menuOpen ? ' open' : ''}`}>
          <Button
            className="area-menu-toggle"
            icon={<MenuIcon />}
            aria-expanded={menuOpen}
            aria-controls="workspace-nav"
            onClick={() => setMenuOpen((o) => !o)}
            block
          >
            {t('workspace.menu')}
          </Button>
          <div id="workspace-nav" className="area-nav">
            <ModuleNav me={me} onNavigate={() => setMenuOpen(false)} />
          </div>
        </div>
        <div className="area-content">
          <Routes>
            <Route
              index
              element={
                <div className="stack">
                  <Profile me={me} />
                  {me.roles.includes('district-admin') ? <GettingStarted me={me} /> : null}
                  <Streets />
                </div>
              }
            />
            <Route
              path="m/street-tasks-reports/*"
              element={
                <Suspense fallback={<Loading />}>
                  <CommunityArea me={me} />
                </Suspense>
              }
            />
            {me.modules.includes('data-exchange') ? (
              <Route
                path="m/data-exchange"
                element={
                  <Suspense fallback={<Loading />}>
                    <Open311Page me={me} />
                  </Suspense>
                }
              />
            ) : null}
            <Route
              path="m/self-governance/*"
              element={
                <Suspense fallback={<Loading />}>
                  <SelfGovernanceArea me={me} />
                </Suspense>
              }
            />
            <Route
              path={`m/${EVENTS_MODULE}/*`}
              element={
                <Suspense fallback={<Loading />}>
                  <EventsArea me={me} />
                </Suspense>
              }
            />
            <Route
              path="m/civil-organizations/*"
              element={
                <Suspense fallback={<Loading />}>
                  <CivilOrganizationsArea me={me} />
                </Suspense>
              }
            />
            <Route
              path={`m/${PARTY_MODULE}/*`}
              element={
                <Suspense fallback={<Loading />}>
                  <PartyBuildingArea me={me} />
                </Suspense>
              }
            />
            <Route
              path="m/:module"
              element={
                <Suspense fallback={<Loading />}>
                  <ModulePlaceholder me={me} />
                </Suspense>
              }
            />
            {me.roles.includes('district-admin') ? (
              <Route
                path="invitations"
                element={
                  <Suspense fallback={<Loading />}>
                    <Invitations />
                  </Suspense>
                }
              />
            ) : null}
            <Route
              path="modules"
              element={
                <Suspense fallback={<Loading />}>
                  <ModulesPage me={me} />
                </Suspense>
              }
            />
            <Route
              path="services/*"
              element={
                <Suspense fallback={<Loading />}>
                  <ServicesArea me={me} />
                </Suspense>
              }
            />
            <Route
              path="service-desk/*"
              element={
                <Suspense fallback={<Loading />}>
                  <ServiceDeskArea me={me} />
                </Suspense>
              }
            />
            <Route
              path="hotline/*"
              element={
                <Suspense fallback={<Loading />}>
                  <HotlineArea me={me} />
                </Suspense>
              }
            />
            <Route
              path="population/*"
              element={
                <Suspense fallback={<Loading />}>
                  <PopulationArea me={me} />
                </Suspense>
              }
            />
            {/* An old bookmark, a mistyped address, a module this district has not enabled. */}
            <Route path="*" element={<WorkspaceNotFound />} />
          </Routes>
        </div>
      </div>
    </div>
  );
}

export default function WorkspacePage() {
  return <RequireAuth kind="staff">{(me) => <Workspace me={me} />}</RequireAuth>;
}
