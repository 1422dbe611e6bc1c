import {
  Alert,
  Button,
  Card,
  Checkbox,
  Input,
  Popconfirm,
  Select,
  Space,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, NavLink, Route, Routes, useParams } from 'react-router';
import {
  type DryRun,
  type FlagDefinition,
  type FlagDetail,
  useDecideChange,
  useDryRun,
  useFlag,
  useFlagHistory,
  useFlagList,
  useKillFlag,
  usePendingChanges,
  useSaveFlag,
} from '../../../api/flags';
import type { LocalizedText, Me } from '../../../api/types';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import flagsZh from '../../../i18n/flags.zh-CN';
import { moduleLabel, tierLabel } from '../../../i18n/labels';
import { ModuleMatrix } from './ModuleMatrix';
import { PlanEditor } from './PlanEditor';

registerStrings('flags', flagsZh);

const TIERS = ['basic', 'standard', 'demonstration'] as const;

function useLocalized() {
  const { i18n } = useTranslation();
  return (l: LocalizedText | undefined) => (l ? (i18n.language === 'en' ? l.en : l.zh) : '');
}

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
    <Card title={<h2 className="card-title">{t('flags.pending.title')}</h2>}>
      {error ? <Alert type="error" role="alert" showIcon message={error} className="page-alert" /> : null}
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
              <Typography.Text strong>{moduleLabel(t, p.flagKey)}</Typography.Text>{' '}
              <Tag>{t(`flags.history.kinds.${p.record.kind}`)}</Tag>
              <div>
                {t('flags.pending.author')}: {p.record.who} · {dayjs(p.record.at).format('YYYY-MM-DD HH:mm')}
              </div>
              <div>
                {t('flags.pending.why')}: {p.record.why}
              </div>
              <div>
                {t('flags.pending.affected')}: {p.record.affectedTenants}
              </div>
              {canWrite && p.canApprove ? (
                <Space wrap>
                  <Button
                    type="primary"
                    onClick={() =>
                      decide.mutate(
                        { id: p.id, decision: 'approve' },
                        { onError: (e) => setError(errorText(e)) },
                      )
                    }
                  >
                    {t('flags.pending.approve')}
                  </Button>
                  <Input
                    aria-label={t('flags.pending.rejectNote')}
                    placeholder={t('flags.pending.rejectNote')}
                    value={note[p.id] ?? ''}
                    onChange={(e) => setNote((n) => ({ ...n, [p.id]: e.target.value }))}
                  />
                  <Button
                    danger
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
                </Space>
              ) : (
                <Typography.Text type="secondary">{t('flags.pending.own')}</Typography.Text>
              )}
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

function FlagList({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const q = useFlagList();
  return (
    <div className="stack">
      <Card title={<h2 className="card-title">{t('flags.list.title')}</h2>}>
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
            <Table
              rowKey="key"
              dataSource={q.data.flags}
              pagination={false}
              scroll={{ x: 'max-content' }}
              columns={[
                {
                  title: t('flags.list.key'),
                  dataIndex: 'key',
                  render: (key: string) => (
                    <Link to={`/ministry/flags/${encodeURIComponent(key)}`}>{moduleLabel(t, key)}</Link>
                  ),
                },
                {
                  title: t('flags.list.kind'),
                  dataIndex: 'kind',
                  render: (k: string) => t(`flags.kinds.${k}`),
                },
                {
                  title: t('flags.list.state'),
                  dataIndex: 'enabled',
                  render: (on: boolean) =>
                    on ? (
                      <Tag color="green">{t('flags.list.active')}</Tag>
                    ) : (
                      <Tag color="red">{t('flags.list.killed')}</Tag>
                    ),
                },
                {
                  title: t('flags.list.onCount'),
                  dataIndex: 'onCount',
                  align: 'right',
                  render: (n: number) => `${n} / ${q.data.districtCount}`,
                },
                {
                  title: t('flags.list.plan'),
                  dataIndex: 'hasPlan',
                  render: (p: boolean) => (p ? <Tag color="blue">{t('flags.list.hasPlan')}</Tag> : '—'),
                },
                {
                  title: t('flags.list.override'),
                  dataIndex: 'districtOverride',
                  render: (o: FlagDefinition['districtOverride'] | null) => (o ? t('flags.list.yes') : '—'),
                },
              ]}
            />
          </>
        )}
      </Card>
      <PendingApprovals canWrite={canWrite} />
    </div>
  );
}

function DryRunView({ result }: { result: DryRun }) {
  const { t } = useTranslation();
  const rows = [
    ...result.gains.map((g) => ({ ...g, change: t('flags.editor.gains') })),
    ...result.losses.map((g) => ({ ...g, change: t('flags.editor.losses') })),
  ];
  return (
    <section aria-live="polite" className="dry-run">
      <Typography.Paragraph strong>
        {t('flags.editor.affected', { count: result.affectedTenants })}
      </Typography.Paragraph>
      {result.needsSecondApproval ? (
        <Alert
          type="warning"
          showIcon
          message={t('flags.editor.fourEyes', { threshold: result.threshold })}
        />
      ) : null}
      {rows.length === 0 ? (
        <Typography.Paragraph>{t('flags.editor.none')}</Typography.Paragraph>
      ) : (
        <Table
          size="small"
          rowKey={(r) => `${r.tenantId}-${r.flagKey}-${r.change}`}
          pagination={false}
          dataSource={rows}
          columns={[
            { title: t('flags.editor.district'), dataIndex: 'name' },
            { title: t('flags.list.key'), dataIndex: 'flagKey', render: (k: string) => moduleLabel(t, k) },
            {
              title: t('flags.history.diff'),
              dataIndex: 'change',
              render: (c: string, r) => (
                <span>
                  <Tag color={c === t('flags.editor.gains') ? 'green' : 'red'}>{c}</Tag> {r.after}
                </span>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}

type Bound = { allowed: boolean; minTier: string };
const boundOf = (b: { minTier?: string } | undefined): Bound => ({ allowed: !!b, minTier: b?.minTier ?? '' });

function DefinitionEditor({ detail, canWrite }: { detail: FlagDetail; canWrite: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const def = detail.definition;
  const plain = (def.rules ?? []).filter((r) => !r.id.startsWith('plan:'));
  const [enabled, setEnabled] = useState(def.enabled);
  const [rules, setRules] = useState(JSON.stringify(plain, null, 2));
  const [optIn, setOptIn] = useState(boundOf(def.districtOverride?.optIn));
  const [optOut, setOptOut] = useState(boundOf(def.districtOverride?.optOut));
  const [why, setWhy] = useState('');
  const [notice, setNotice] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const dry = useDryRun(def.key);
  const save = useSaveFlag(def.key);
  const kill = useKillFlag(def.key);
  const [killWhy, setKillWhy] = useState('');

  useEffect(() => {
    setEnabled(def.enabled);
    setRules(
      JSON.stringify(
        (def.rules ?? []).filter((r) => !r.id.startsWith('plan:')),
        null,
        2,
      ),
    );
    setOptIn(boundOf(def.districtOverride?.optIn));
    setOptOut(boundOf(def.districtOverride?.optOut));
  }, [def]);

  const build = (): FlagDefinition | null => {
    let parsed: FlagDefinition['rules'];
    try {
      parsed = JSON.parse(rules);
      if (!Array.isArray(parsed)) throw new Error('not an array');
    } catch {
      setNotice({ type: 'error', text: t('flags.editor.invalidJson') });
      return null;
    }
    const bound = (b: Bound) =>
      b.allowed ? { ...(b.minTier ? { minTier: b.minTier as never } : {}) } : undefined;
    const districtOverride = {
      ...(optIn.allowed ? { optIn: bound(optIn) } : {}),
      ...(optOut.allowed ? { optOut: bound(optOut) } : {}),
    };
    const next: FlagDefinition = {
      ...def,
      enabled,
      // The plan's rules stay first, as the server generates them.
      rules: [...(def.rules ?? []).filter((r) => r.id.startsWith('plan:')), ...parsed],
    };
    if (optIn.allowed || optOut.allowed) next.districtOverride = districtOverride;
    else delete next.districtOverride;
    return next;
  };

  const boundEditor = (id: string, label: string, b: Bound, set: (b: Bound) => void) => (
    <div className="plan-row">
      <Checkbox
        id={id}
        checked={b.allowed}
        disabled={!canWrite}
        onChange={(e) => set({ ...b, allowed: e.target.checked })}
      >
        {label}
      </Checkbox>
      {b.allowed ? (
        <label htmlFor={`${id}-tier`} className="plan-select">
          <span>{t('flags.editor.minTier')}</span>
          <Select
            id={`${id}-tier`}
            className="filter-select"
            value={b.minTier}
            disabled={!canWrite}
            onChange={(v: string) => set({ ...b, minTier: v })}
            options={[
              { value: '', label: t('flags.editor.any') },
              ...TIERS.map((x) => ({ value: x, label: tierLabel(t, x) })),
            ]}
          />
        </label>
      ) : null}
    </div>
  );

  return (
    <Card title={<h2 className="card-title">{t('flags.editor.title')}</h2>}>
      {!canWrite ? (
        <Alert type="info" showIcon message={t('flags.editor.readOnly')} className="page-alert" />
      ) : null}
      {notice ? (
        <Alert
          type={notice.type}
          role={notice.type === 'error' ? 'alert' : 'status'}
          showIcon
          message={notice.text}
          className="page-alert"
        />
      ) : null}
      <div className="plan-row">
        <Switch
          id="flag-enabled"
          checked={enabled}
          disabled={!canWrite}
          onChange={setEnabled}
          aria-label={t('flags.editor.enabled')}
        />
        <label htmlFor="flag-enabled">{t('flags.editor.enabled')}</label>
      </div>
      {boundEditor('flag-opt-in', t('flags.editor.optIn'), optIn, setOptIn)}
      {boundEditor('flag-opt-out', t('flags.editor.optOut'), optOut, setOptOut)}
      <label htmlFor="flag-rules" className="plan-justification">
        <span>{t('flags.editor.definition')}</span>
        <Typography.Paragraph type="secondary">{t('flags.editor.definitionHint')}</Typography.Paragraph>
        <Input.TextArea
          id="flag-rules"
          className="mono"
          rows={8}
          value={rules}
          readOnly={!canWrite}
          onChange={(e) => setRules(e.target.value)}
        />
      </label>
      <Space direction="vertical" className="plan-actions">
        <Button
          onClick={() => {
            const next = build();
            if (next) dry.mutate(next, { onError: (e) => setNotice({ type: 'error', text: errorText(e) }) });
          }}
          loading={dry.isPending}
        >
          {t('flags.editor.dryRun')}
        </Button>
        {dry.data ? <DryRunView result={dry.data} /> : null}
        {canWrite ? (
          <>
            <label htmlFor="flag-why" className="plan-justification">
              <span>{t('flags.editor.why')}</span>
              <Input.TextArea id="flag-why" rows={2} value={why} onChange={(e) => setWhy(e.target.value)} />
            </label>
            <Button
              type="primary"
              loading={save.isPending}
              onClick={() => {
                if (!why.trim()) return setNotice({ type: 'error', text: t('flags.editor.whyRequired') });
                const next = build();
                if (!next) return;
                save.mutate(
                  { definition: next, expectedVersion: detail.version, why },
                  {
                    onSuccess: (o) => {
                      setWhy('');
                      setNotice(
                        o.status === 'applied'
                          ? { type: 'success', text: t('flags.editor.applied', { version: o.version }) }
                          : { type: 'info', text: t('flags.editor.pendingCreated') },
                      );
                    },
                    onError: (e) => setNotice({ type: 'error', text: errorText(e) }),
                  },
                );
              }}
            >
              {t('flags.editor.save')}
            </Button>
            <Space wrap>
              <Input
                aria-label={t('flags.editor.killReason')}
                placeholder={t('flags.editor.killReason')}
                value={killWhy}
                onChange={(e) => setKillWhy(e.target.value)}
              />
              <Popconfirm
                title={t('flags.editor.killConfirm')}
                disabled={!killWhy.trim() || !def.enabled}
                onConfirm={() =>
                  kill.mutate(killWhy, {
                    onSuccess: (o) =>
                      setNotice({ type: 'success', text: t('flags.editor.killed', { version: o.version }) }),
                    onError: (e) => setNotice({ type: 'error', text: errorText(e) }),
                  })
                }
              >
                <Button danger disabled={!killWhy.trim() || !def.enabled}>
                  {t('flags.editor.kill')}
                </Button>
              </Popconfirm>
            </Space>
          </>
        ) : null}
      </Space>
    </Card>
  );
}

function FlagPage({ canWrite }: { canWrite: boolean }) {
  const { t } = useTranslation();
  const localized = useLocalized();
  const { key = '' } = useParams();
  const q = useFlag(key);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const d = q.data.definition;
  return (
    <div className="stack">
      <Link to="/ministry/flags">{t('flags.editor.back')}</Link>
      <Typography.Title level={2}>
        {moduleLabel(t, d.key) || localized(d.labels)} <Tag>{t(`flags.kinds.${d.kind}`)}</Tag>{' '}
        <Typography.Text type="secondary">v{q.data.version}</Typography.Text>
      </Typography.Title>
      <Card title={<h3 className="card-title">{t('flags.editor.rules')}</h3>}>
        <ol className="rule-list">
          {(d.rules ?? []).map((r) => (
            <li key={r.id}>
              <code>{r.id}</code> {localized(r.description)}
              {r.percentage !== undefined ? ` (${r.percentage}%)` : ''}
            </li>
          ))}
        </ol>
      </Card>
      <PlanEditor detail={q.data} canWrite={canWrite} />
      <DefinitionEditor detail={q.data} canWrite={canWrite} />
    </div>
  );
}

function HistoryPage() {
  const { t } = useTranslation();
  const q = useFlagHistory();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  return (
    <Card title={<h2 className="card-title">{t('flags.history.title')}</h2>}>
      <Table
        rowKey="version"
        dataSource={q.data.versions}
        pagination={{ pageSize: 20, showSizeChanger: false }}
        scroll={{ x: 'max-content' }}
        columns={[
          { title: t('flags.history.version'), dataIndex: 'version', render: (v: number) => `v${v}` },
          {
            title: t('flags.history.at'),
            dataIndex: ['change', 'at'],
            render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm:ss'),
          },
          {
            title: t('flags.history.kind'),
            dataIndex: ['change', 'kind'],
            render: (k: string) => t(`flags.history.kinds.${k}`),
          },
          { title: t('flags.history.who'), dataIndex: ['change', 'who'] },
          { title: t('flags.history.why'), dataIndex: ['change', 'why'] },
          {
            title: t('flags.history.diff'),
            key: 'diff',
            render: (_: unknown, r) => (
              <span className="tags">
                {r.change.diff.added.map((k) => (
                  <Tag key={`a-${k}`} color="green">
                    + {moduleLabel(t, k)}
                  </Tag>
                ))}
                {r.change.diff.removed.map((k) => (
                  <Tag key={`r-${k}`} color="red">
                    − {moduleLabel(t, k)}
                  </Tag>
                ))}
                {r.change.diff.changed.map((c) => (
                  <Tag key={`c-${c.key}`}>
                    {moduleLabel(t, c.key)}: {c.fields.map((f) => f.field).join(', ')}
                  </Tag>
                ))}
              </span>
            ),
          },
          {
            title: t('flags.history.approval'),
            key: 'approval',
            render: (_: unknown, r) =>
              `${t(`flags.history.approvals.${r.change.approval}`)}${
                r.change.approvals.length ? ` (${r.change.approvals.map((a) => a.by).join(', ')})` : ''
              }`,
          },
        ]}
      />
    </Card>
  );
}

/** The ministry's flag console: list + approvals, districts × modules matrix, flag editor, history. */
export function FlagsConsole({ me }: { me: Me }) {
  const canWrite = me.roles.includes('ministry-admin');
  return (
    <div className="stack">
      <FlagsNav />
      <Routes>
        <Route index element={<FlagList canWrite={canWrite} />} />
        <Route
          path="matrix"
          element={
            <Card>
              <ModuleMatrix />
            </Card>
          }
        />
        <Route path="history" element={<HistoryPage />} />
        <Route path=":key" element={<FlagPage canWrite={canWrite} />} />
      </Routes>
    </div>
  );
}
