import { type ReactNode, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFlag, useFlagList } from '../../../api/flags';
import {
  type Evidence,
  type PromotionResult,
  useApproveOverride,
  useEvidence,
  useIndicatorDefinitions,
  usePromoteOnEvidence,
  useRequestOverride,
  useSetThresholds,
} from '../../../api/indicators';
import type { Me } from '../../../api/types';
import { DataTable } from '../../../components/DataTable';
import { Button, Notice } from '../../../components/plain';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { chinaDateTime } from '../../../time';
import { Badge, InputField, SelectField, useNotice } from '../ui';
import { label } from './IndicatorsConsole';

type Thresholds = Evidence['thresholds'];
type Check = Evidence['checks'][number];

/** The thresholds of a plan: indicator, ≥ or ≤, value. */
function ThresholdEditor({
  flagKey,
  thresholds,
  version,
}: {
  flagKey: string;
  thresholds: Thresholds;
  version: number;
}) {
  const { t, i18n } = useTranslation();
  const [notice, notify] = useNotice();
  const defs = useIndicatorDefinitions();
  const set = useSetThresholds(flagKey);
  const [rows, setRows] = useState<{ id: number; code: string; cmp: 'gte' | 'lte'; value: number }[]>([]);
  const [why, setWhy] = useState('');
  useEffect(() => {
    setRows(
      Object.entries(thresholds).map(([code, v], id) =>
        'gte' in v
          ? { id, code, cmp: 'gte' as const, value: v.gte }
          : { id, code, cmp: 'lte' as const, value: v.lte },
      ),
    );
  }, [thresholds]);
  const options = (defs.data?.current.indicators ?? []).map((i) => ({
    value: i.code,
    label: label(i18n.language, i.labels),
  }));
  return (
    <div className="stack">
      <h3>{t('indicators.waves.thresholds')}</h3>
      {notice}
      {rows.map((r, n) => (
        <div key={r.id} className="plan-row">
          <select
            aria-label={t('indicators.indicator')}
            className="filter-select plain-input"
            value={r.code}
            onChange={(e) => {
              const code = e.target.value;
              setRows((rs) => rs.map((x, i) => (i === n ? { ...x, code } : x)));
            }}
          >
            {options.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
          <select
            aria-label={t('indicators.waves.threshold')}
            className="plain-input"
            value={r.cmp}
            onChange={(e) => {
              const cmp = e.target.value as 'gte' | 'lte';
              setRows((rs) => rs.map((x, i) => (i === n ? { ...x, cmp } : x)));
            }}
          >
            <option value="gte">{t('indicators.waves.gte')}</option>
            <option value="lte">{t('indicators.waves.lte')}</option>
          </select>
          <input
            type="number"
            step="any"
            className="plain-input input-weight"
            aria-label={`${t('indicators.waves.threshold')} ${r.code}`}
            value={r.value}
            onChange={(e) => {
              const value = Number(e.target.value || 0);
              setRows((rs) => rs.map((x, i) => (i === n ? { ...x, value } : x)));
            }}
          />
          <Button
            aria-label={`${t('indicators.waves.threshold')} ${r.code} ×`}
            onClick={() => setRows((rs) => rs.filter((_, i) => i !== n))}
          >
            ×
          </Button>
        </div>
      ))}
      <div>
        <Button
          onClick={() =>
            setRows((rs) => [...rs, { id: Date.now(), code: options[0]?.value ?? '', cmp: 'gte', value: 90 }])
          }
        >
          +
        </Button>
      </div>
      <InputField
        id="ind-thr-why"
        label={t('indicators.waves.thresholdsWhy')}
        value={why}
        onChange={setWhy}
        wide
      />
      <div>
        <Button
          disabled={!why.trim()}
          loading={set.isPending}
          onClick={() =>
            set.mutate(
              {
                thresholds: Object.fromEntries(
                  rows.map((r) => [r.code, r.cmp === 'gte' ? { gte: r.value } : { lte: r.value }]),
                ),
                expectedVersion: version,
                why,
              },
              { onSuccess: () => setWhy(''), onError: (e) => notify({ type: 'error', text: e.message }) },
            )
          }
        >
          {t('indicators.waves.setThresholds')}
        </Button>
      </div>
    </div>
  );
}

/** A reason (ten characters at least) and the button that sends it with the decision. */
function ReasonAction({
  id,
  label,
  reason,
  onReason,
  primary = false,
  loading,
  onSend,
  children,
}: {
  id: string;
  label: string;
  reason: string;
  onReason: (reason: string) => void;
  primary?: boolean;
  loading: boolean;
  onSend: () => void;
  children: ReactNode;
}) {
  return (
    <div className="stack">
      <InputField id={id} label={label} rows={2} value={reason} onChange={onReason} wide />
      <div>
        <Button
          variant={primary ? 'primary' : 'default'}
          disabled={reason.trim().length < 10}
          loading={loading}
          onClick={onSend}
        >
          {children}
        </Button>
      </div>
    </div>
  );
}

function EvidencePanel({ flagKey, waveId, me }: { flagKey: string; waveId: string; me: Me }) {
  const { t, i18n } = useTranslation();
  const [notice, notify] = useNotice();
  const q = useEvidence(flagKey, waveId);
  const defs = useIndicatorDefinitions();
  const promote = usePromoteOnEvidence(flagKey, waveId);
  const ask = useRequestOverride(flagKey, waveId);
  const approve = useApproveOverride(flagKey, waveId);
  const [result, setResult] = useState<PromotionResult['outcome'] | null>(null);
  const [reason, setReason] = useState('');
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const ev = q.data;
  const isAdmin = me.roles.includes('ministry-admin');
  const nameOf = (code: string) => {
    const d = defs.data?.current.indicators.find((i) => i.code === code);
    return d ? label(i18n.language, d.labels) : code;
  };
  const pendingOverride = ev.override?.status === 'pending' ? ev.override : null;
  const onError = (e: Error) => notify({ type: 'error', text: e.message });
  return (
    <div className="stack">
      {notice}
      <p className="muted">
        {ev.previousWaveId
          ? t('indicators.waves.previous', {
              wave: ev.previousWaveId,
              count: ev.districts.length,
              day: ev.day ?? '—',
            })
          : t('indicators.waves.noPrevious')}
      </p>
      {ev.checks.length ? (
        <DataTable
          rows={ev.checks}
          rowKey={(c) => c.indicator}
          size="small"
          label={t('indicators.waves.thresholds')}
          columns={[
            { key: 'i', title: t('indicators.indicator'), render: (c: Check) => nameOf(c.indicator) },
            {
              key: 'thr',
              title: t('indicators.waves.threshold'),
              render: (c: Check) => `${t(`indicators.waves.${c.comparator}`)} ${c.threshold}`,
            },
            {
              key: 'v',
              title: t('indicators.waves.value'),
              render: (c: Check) => c.value ?? t('indicators.noData'),
            },
            {
              key: 'pass',
              title: t('indicators.waves.verdict'),
              render: (c: Check) => (
                <Badge tone={c.pass ? 'green' : 'red'}>
                  {c.pass ? t('indicators.waves.met') : t('indicators.waves.unmet')}
                </Badge>
              ),
            },
          ]}
        />
      ) : (
        <p className="muted">{t('indicators.waves.noThresholds')}</p>
      )}
      {ev.promoted ? (
        <Notice type="success" title={t('indicators.waves.alreadyPromoted')} role="status" />
      ) : isAdmin ? (
        <Button
          variant="primary"
          loading={promote.isPending}
          onClick={() => promote.mutate(ev.flagVersion, { onSuccess: (r) => setResult(r.outcome), onError })}
        >
          {t('indicators.waves.promote')}
        </Button>
      ) : null}
      {result === 'promoted' ? (
        <Notice type="success" title={t('indicators.waves.promoted')} role="status" />
      ) : null}
      {result === 'pending-approval' ? (
        <Notice type="info" title={t('indicators.waves.pending')} role="status" />
      ) : null}
      {!ev.promoted && (result === 'blocked' || (!ev.pass && ev.previousWaveId)) ? (
        <Notice type="warning" title={t('indicators.waves.blocked')} role="status" />
      ) : null}
      {!ev.promoted && pendingOverride ? (
        <Notice
          type="info"
          title={t('indicators.waves.overridePending', {
            by: pendingOverride.requestedBy,
            at: chinaDateTime(pendingOverride.requestedAt),
            reason: pendingOverride.reason,
          })}
          role="status"
        />
      ) : null}
      {!ev.promoted && isAdmin && !ev.pass && ev.previousWaveId ? (
        pendingOverride ? (
          pendingOverride.requestedBy === me.username ? (
            <p className="muted">{t('indicators.waves.sameAdmin')}</p>
          ) : (
            <ReasonAction
              id="ind-approve-reason"
              label={t('indicators.waves.approveReason')}
              reason={reason}
              onReason={setReason}
              primary
              loading={approve.isPending}
              onSend={() =>
                approve.mutate(
                  { reason, expectedVersion: ev.flagVersion },
                  {
                    onSuccess: (r) => {
                      setResult(r.outcome);
                      setReason('');
                    },
                    onError,
                  },
                )
              }
            >
              {t('indicators.waves.approveOverride')}
            </ReasonAction>
          )
        ) : (
          <ReasonAction
            id="ind-override-reason"
            label={t('indicators.waves.overrideReason')}
            reason={reason}
            onReason={setReason}
            loading={ask.isPending}
            onSend={() => ask.mutate(reason, { onSuccess: () => setReason(''), onError })}
          >
            {t('indicators.waves.requestOverride')}
          </ReasonAction>
        )
      ) : null}
    </div>
  );
}

/** Waves promoted on evidence: pick a module with a plan and its next wave. */
export function WavePromotion({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const list = useFlagList();
  const [flagKey, setFlagKey] = useState('');
  const detail = useFlag(flagKey);
  const [waveId, setWaveId] = useState('');
  if (list.isPending) return <Loading />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  const withPlans = list.data.flags.filter((f) => f.hasPlan);
  if (!withPlans.length) return <EmptyState text={t('indicators.waves.noPlan')} />;
  const plan = flagKey ? detail.data?.plan : null;
  return (
    <div className="stack">
      <div className="plan-row">
        <SelectField
          id="ind-wave-flag"
          label={t('indicators.waves.flag')}
          value={flagKey}
          onChange={(k) => {
            setFlagKey(k);
            setWaveId('');
          }}
          options={[
            { value: '', label: '—' },
            ...withPlans.map((f) => ({ value: f.key, label: label(i18n.language, f.labels) })),
          ]}
        />
        {plan ? (
          <SelectField
            id="ind-wave-id"
            label={t('indicators.waves.wave')}
            value={waveId}
            onChange={setWaveId}
            options={[
              { value: '', label: '—' },
              ...plan.waves.map((w) => ({ value: w.id, label: `${w.id}${w.promotion ? ' ✓' : ''}` })),
            ]}
          />
        ) : null}
      </div>
      {plan && detail.data && me.roles.includes('ministry-admin') ? (
        <ThresholdEditor flagKey={flagKey} thresholds={plan.thresholds ?? {}} version={detail.data.version} />
      ) : null}
      {flagKey && waveId ? (
        <EvidencePanel key={`${flagKey}/${waveId}`} flagKey={flagKey} waveId={waveId} me={me} />
      ) : null}
    </div>
  );
}

export default WavePromotion;
