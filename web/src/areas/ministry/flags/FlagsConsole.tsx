import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes } from 'react-router';
import {
  type FlagDefinition,
  useDecideChange,
  useFlagHistory,
  useFlagList,
  usePendingChanges,
} from '../../../api/flags';
import type { Me } from '../../../api/types';
import { DataTable } from '../../../components/DataTable';
import { Button, Notice } from '../../../components/plain';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import flagsZh from '../../../i18n/flags.zh-CN';
import { moduleLabel } from '../../../i18n/labels';
import { chinaDateTime } from '../../../time';
import { Badge, Panel } from '../ui';

registerStrings('flags', flagsZh);

// The matrix and a flag's editor (plan, definition, kill switch) load when opened.
const ModuleMatrix = lazy(() => import('./ModuleMatrix').then((m) => ({ default: m.ModuleMatrix })));
const FlagPage = lazy(() => import('./FlagPage'));

function FlagsNav() {
  const { t } = useTranslation();
  return (
    <nav aria-label={t('ministry.flags')} className="flags-nav">
      <NavLink to="/ministry/flags" end>
        {t('flags.nav.list')}
      </NavLink>
      <NavLink to="/ministry/flags/matrix">{t('flags.nav.matrix')}</NavLink>
      <NavLink to="/ministry/flags/history">{t('flags.nav.history')}</NavLink>
    </nav>
  );
}

function PendingApprovals({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const q = usePendingChanges();
  const decide = useDecideChange();
  const [note, setNote] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  return (
    <Panel title={t('flags.pending.title')}>
      {error ? <Notice type="error" role="alert" title={error} className="page-alert" /> : null}
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.pending.length === 0 ? (
        <EmptyState text={t('flags.pending.empty')} />
      ) : (
        <ul className="pending-list">
          {q.data.pending.map((p) => (
            <li key={p.id} className="pending-item">
              <strong>{moduleLabel(t, p.flagKey)}</strong>{' '}
              <Badge>{t(`flags.history.kinds.${p.record.kind}`)}</Badge>
              <div>
                {t('flags.pending.author')}: {p.record.who} · {chinaDateTime(p.record.at)}
              </div>
              <div>
                {t('flags.pending.why')}: {p.record.why}
              </div>
              <div>
                {t('flags.pending.affected')}: {p.record.affectedTenants}
              </div>
              {canWrite && p.canApprove ? (
                <div className="plan-row">
                  <Button
                    variant="primary"
                    onClick={() =>
                      decide.mutate(
                        { id: p.id, decision: 'approve' },
                        { onError: (e) => setError(errorText(e)) },
                      )
                    }
                  >
                    {t('flags.pending.approve')}
                  </Button>
                  <input
                    className="plain-input"
                    aria-label={t('flags.pending.rejectNote')}
                    placeholder={t('flags.pending.rejectNote')}
                    value={note[p.id] ?? ''}
                    onChange={(e) => setNote((n) => ({ ...n, [p.id]: e.target.value }))}
                  />
                  <Button
                    className="ui-btn-danger"
                    disabled={!note[p.id]?.trim()}
                    onClick={() =>
                      decide.mutate(
                        { id: p.id, decision: 'reject', note: note[p.id] ?? '' },
                        { onError: (e) => setError(errorText(e)) },
                      )
                    }
                  >
                    {t('flags.pending.reject')}
                  </Button>
                </div>
              ) : (
                <span className="muted">{t('flags.pending.own')}</span>
              )}
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function FlagList({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const q = useFlagList();
  return (
    <div className="stack">
      <Panel title={t('flags.list.title')}>
        {q.isPending ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : (
          <>
            <p aria-live="polite">
              {t('flags.list.version', { version: q.data.version })} ·{' '}
              {t('flags.list.districts', { count: q.data.districtCount })}
              {q.data.pending > 0 ? ` · ${t('flags.list.pending', { count: q.data.pending })}` : ''}
            </p>
            <DataTable
              rows={q.data.flags}
              rowKey={(f) => f.key}
              label={t('flags.list.title')}
              columns={[
                {
                  key: 'key',
                  title: t('flags.list.key'),
                  render: (f) => (
                    <Link to={`/ministry/flags/${encodeURIComponent(f.key)}`}>{moduleLabel(t, f.key)}</Link>
                  ),
                },
                { key: 'kind', title: t('flags.list.kind'), render: (f) => t(`flags.kinds.${f.kind}`) },
                {
                  key: 'state',
                  title: t('flags.list.state'),
                  render: (f) =>
                    f.enabled ? (
                      <Badge tone="green">{t('flags.list.active')}</Badge>
                    ) : (
                      <Badge tone="red">{t('flags.list.killed')}</Badge>
                    ),
                },
                {
                  key: 'on',
                  title: t('flags.list.onCount'),
                  align: 'right',
                  render: (f) => `${f.onCount} / ${q.data.districtCount}`,
                },
                {
                  key: 'plan',
                  title: t('flags.list.plan'),
                  render: (f) => (f.hasPlan ? <Badge tone="blue">{t('flags.list.hasPlan')}</Badge> : '—'),
                },
                {
                  key: 'override',
                  title: t('flags.list.override'),
                  render: (f) =>
                    (f.districtOverride as FlagDefinition['districtOverride'] | null)
                      ? t('flags.list.yes')
                      : '—',
                },
              ]}
            />
          </>
        )}
      </Panel>
      <PendingApprovals canWrite={canWrite} />
    </div>
  );
}

function HistoryPage() {
  const { t } = useTranslation();
  const q = useFlagHistory();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Panel title={t('flags.history.title')}>
      <DataTable
        rows={q.data.versions}
        rowKey={(r) => r.version}
        pageSize={20}
        label={t('flags.history.title')}
        columns={[
          { key: 'v', title: t('flags.history.version'), render: (r) => `v${r.version}` },
          {
            key: 'at',
            title: t('flags.history.at'),
            render: (r) => chinaDateTime(r.change.at, { seconds: true }),
          },
          {
            key: 'kind',
            title: t('flags.history.kind'),
            render: (r) => t(`flags.history.kinds.${r.change.kind}`),
          },
          { key: 'who', title: t('flags.history.who'), render: (r) => r.change.who },
          { key: 'why', title: t('flags.history.why'), render: (r) => r.change.why },
          {
            key: 'diff',
            title: t('flags.history.diff'),
            render: (r) => (
              <span className="tags">
                {r.change.diff.added.map((k) => (
                  <Badge key={`a-${k}`} tone="green">
                    + {moduleLabel(t, k)}
                  </Badge>
                ))}
                {r.change.diff.removed.map((k) => (
                  <Badge key={`r-${k}`} tone="red">
                    − {moduleLabel(t, k)}
                  </Badge>
                ))}
                {r.change.diff.changed.map((c) => (
                  <Badge key={`c-${c.key}`}>
                    {moduleLabel(t, c.key)}: {c.fields.map((f) => f.field).join(', ')}
                  </Badge>
                ))}
              </span>
            ),
          },
          {
            key: 'approval',
            title: t('flags.history.approval'),
            render: (r) =>
              `${t(`flags.history.approvals.${r.change.approval}`)}${
                r.change.approvals.length ? ` (${r.change.approvals.map((a) => a.by).join(', ')})` : ''
              }`,
          },
        ]}
      />
    </Panel>
  );
}

/** The ministry's flag console: list + approvals, districts × modules matrix, flag editor, history. */
export function FlagsConsole({ me }: { me: Me }) {
  const canWrite = me.roles.includes('ministry-admin');
  return (
    <div className="stack">
      <FlagsNav />
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route index element={<FlagList canWrite={canWrite} />} />
          <Route
            path="matrix"
            element={
              <div className="panel">
                <ModuleMatrix />
              </div>
            }
          />
          <Route path="history" element={<HistoryPage />} />
          <Route path=":key" element={<FlagPage canWrite={canWrite} />} />
        </Routes>
      </Suspense>
    </div>
  );
}

export default FlagsConsole;
