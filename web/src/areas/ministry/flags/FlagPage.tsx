/**
 * One flag's page in the ministry's flag console (lazy: loaded when a flag is opened): its rules,
 * the rollout plan (waves promoted one by one), the definition editor with a dry run, and the
 * kill switch.
 */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type DryRun,
  type FlagDefinition,
  type FlagDetail,
  useDryRun,
  useFlag,
  useKillFlag,
  useSaveFlag,
} from '../../../api/flags';
import type { LocalizedText } from '../../../api/types';
import { DataTable } from '../../../components/DataTable';
import { Button, Notice } from '../../../components/plain';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { moduleLabel, tierLabel } from '../../../i18n/labels';
import { TIERS } from '../categories';
import { Badge, Panel, WhyField } from '../ui';
import { PlanEditor } from './PlanEditor';

function useLocalized() {
  const { i18n } = useTranslation();
  return (l: LocalizedText | undefined) => (l ? (i18n.language === 'en' ? l.en : l.zh) : '');
}

function DryRunView({ result }: { result: DryRun }) {
  const { t } = useTranslation();
  const rows = [
    ...result.gains.map((g) => ({ ...g, change: t('flags.editor.gains') })),
    ...result.losses.map((g) => ({ ...g, change: t('flags.editor.losses') })),
  ];
  return (
    <section aria-live="polite" className="dry-run">
      <p>
        <strong>{t('flags.editor.affected', { count: result.affectedTenants })}</strong>
      </p>
      {result.needsSecondApproval ? (
        <Notice
          type="warning"
          title={t('flags.editor.fourEyes', { threshold: result.threshold })}
          role="status"
        />
      ) : null}
      {rows.length === 0 ? (
        <p>{t('flags.editor.none')}</p>
      ) : (
        <DataTable
          size="small"
          rows={rows}
          rowKey={(r) => `${r.tenantId}-${r.flagKey}-${r.change}`}
          label={t('flags.editor.dryRun')}
          columns={[
            { key: 'name', title: t('flags.editor.district'), render: (r) => r.name },
            { key: 'flag', title: t('flags.list.key'), render: (r) => moduleLabel(t, r.flagKey) },
            {
              key: 'change',
              title: t('flags.history.diff'),
              render: (r) => (
                <span>
                  <Badge tone={r.change === t('flags.editor.gains') ? 'green' : 'red'}>{r.change}</Badge>{' '}
                  {r.after}
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
  const [confirmKill, setConfirmKill] = useState(false);

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
      <label className="checkbox" htmlFor={id}>
        <input
          type="checkbox"
          id={id}
          checked={b.allowed}
          disabled={!canWrite}
          onChange={(e) => set({ ...b, allowed: e.target.checked })}
        />
        {label}
      </label>
      {b.allowed ? (
        <label htmlFor={`${id}-tier`} className="plan-select">
          <span>{t('flags.editor.minTier')}</span>
          <select
            id={`${id}-tier`}
            className="filter-select"
            value={b.minTier}
            disabled={!canWrite}
            onChange={(e) => set({ ...b, minTier: e.target.value })}
          >
            <option value="">{t('flags.editor.any')}</option>
            {TIERS.map((x) => (
              <option key={x} value={x}>
                {tierLabel(t, x)}
              </option>
            ))}
          </select>
        </label>
      ) : null}
    </div>
  );

  return (
    <Panel title={t('flags.editor.title')}>
      {!canWrite ? (
        <Notice type="info" title={t('flags.editor.readOnly')} className="page-alert" role="status" />
      ) : null}
      {notice ? (
        <Notice
          type={notice.type}
          role={notice.type === 'error' ? 'alert' : 'status'}
          title={notice.text}
          className="page-alert"
        />
      ) : null}
      <div className="plan-row">
        <label className="checkbox" htmlFor="flag-enabled">
          <input
            type="checkbox"
            role="switch"
            aria-checked={enabled}
            id="flag-enabled"
            checked={enabled}
            disabled={!canWrite}
            onChange={(e) => setEnabled(e.target.checked)}
          />
          {t('flags.editor.enabled')}
        </label>
      </div>
      {boundEditor('flag-opt-in', t('flags.editor.optIn'), optIn, setOptIn)}
      {boundEditor('flag-opt-out', t('flags.editor.optOut'), optOut, setOptOut)}
      <label htmlFor="flag-rules" className="plan-justification">
        <span>{t('flags.editor.definition')}</span>
        <span className="muted">{t('flags.editor.definitionHint')}</span>
        <textarea
          id="flag-rules"
          className="plain-input mono"
          rows={8}
          value={rules}
          readOnly={!canWrite}
          onChange={(e) => setRules(e.target.value)}
        />
      </label>
      <div className="stack plan-actions">
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
            <WhyField id="flag-why" label={t('flags.editor.why')} value={why} onChange={setWhy} />
            <Button
              variant="primary"
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
            <div className="plan-row">
              <input
                className="plain-input"
                aria-label={t('flags.editor.killReason')}
                placeholder={t('flags.editor.killReason')}
                value={killWhy}
                onChange={(e) => setKillWhy(e.target.value)}
              />
              <Button
                className="ui-btn-danger"
                disabled={!killWhy.trim() || !def.enabled || confirmKill}
                onClick={() => setConfirmKill(true)}
              >
                {t('flags.editor.kill')}
              </Button>
            </div>
            {confirmKill ? (
              // Asked in place (antd's Popconfirm is not loaded for it): a second, explicit click.
              <div className="plan-row">
                <Notice type="warning" title={t('flags.editor.killConfirm')} role="status" />
                <Button
                  className="ui-btn-danger"
                  loading={kill.isPending}
                  onClick={() =>
                    kill.mutate(killWhy, {
                      onSuccess: (o) => {
                        setConfirmKill(false);
                        setNotice({
                          type: 'success',
                          text: t('flags.editor.killed', { version: o.version }),
                        });
                      },
                      onError: (e) => setNotice({ type: 'error', text: errorText(e) }),
                    })
                  }
                >
                  {t('flags.editor.killYes')}
                </Button>
                <Button onClick={() => setConfirmKill(false)}>{t('flags.editor.killNo')}</Button>
              </div>
            ) : null}
          </>
        ) : null}
      </div>
    </Panel>
  );
}

export default function FlagPage({ canWrite }: { canWrite: boolean }) {
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
      <h2>
        {moduleLabel(t, d.key) || localized(d.labels)} <Badge>{t(`flags.kinds.${d.kind}`)}</Badge>{' '}
        <span className="muted">v{q.data.version}</span>
      </h2>
      <Panel title={t('flags.editor.rules')} level={3}>
        <ol className="rule-list">
          {(d.rules ?? []).map((r) => (
            <li key={r.id}>
              <code>{r.id}</code> {localized(r.description)}
              {r.percentage !== undefined ? ` (${r.percentage}%)` : ''}
            </li>
          ))}
        </ol>
      </Panel>
      <PlanEditor detail={q.data} canWrite={canWrite} />
      <DefinitionEditor detail={q.data} canWrite={canWrite} />
    </div>
  );
}
