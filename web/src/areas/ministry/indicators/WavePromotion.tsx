import { Alert, App, Button, Form, Input, InputNumber, Select, Space, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
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
import { EmptyState, ErrorState, Loading } from '../../../components/States';
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
  const { message } = App.useApp();
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
    <Form layout="vertical">
      <Typography.Title level={3}>{t('indicators.waves.thresholds')}</Typography.Title>
      {rows.map((r, n) => (
        <Space key={r.id} wrap align="end">
          <Select
            aria-label={t('indicators.indicator')}
            className="filter-select"
            value={r.code}
            options={options}
            onChange={(code) => setRows((rs) => rs.map((x, i) => (i === n ? { ...x, code } : x)))}
          />
          <Select
            aria-label={t('indicators.waves.threshold')}
            value={r.cmp}
            options={[
              { value: 'gte', label: t('indicators.waves.gte') },
              { value: 'lte', label: t('indicators.waves.lte') },
            ]}
            onChange={(cmp) => setRows((rs) => rs.map((x, i) => (i === n ? { ...x, cmp } : x)))}
          />
          <InputNumber
            aria-label={`${t('indicators.waves.threshold')} ${r.code}`}
            value={r.value}
            onChange={(v) =>
              setRows((rs) => rs.map((x, i) => (i === n ? { ...x, value: Number(v ?? 0) } : x)))
            }
          />
          <Button onClick={() => setRows((rs) => rs.filter((_, i) => i !== n))}>×</Button>
        </Space>
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
      <Form.Item label={t('indicators.waves.thresholdsWhy')} htmlFor="ind-thr-why">
        <Input id="ind-thr-why" value={why} onChange={(e) => setWhy(e.target.value)} />
      </Form.Item>
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
            { onSuccess: () => setWhy(''), onError: (e) => void message.error(e.message) },
          )
        }
      >
        {t('indicators.waves.setThresholds')}
      </Button>
    </Form>
  );
}

function EvidencePanel({ flagKey, waveId, me }: { flagKey: string; waveId: string; me: Me }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
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
  const onError = (e: Error) => void message.error(e.message);
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Typography.Text>
        {ev.previousWaveId
          ? t('indicators.waves.previous', {
              wave: ev.previousWaveId,
              count: ev.districts.length,
              day: ev.day ?? '—',
            })
          : t('indicators.waves.noPrevious')}
      </Typography.Text>
      <Table
        rowKey="indicator"
        size="small"
        pagination={false}
        dataSource={[...ev.checks]}
        locale={{ emptyText: t('indicators.waves.noThresholds') }}
        columns={[
          { title: t('indicators.indicator'), dataIndex: 'indicator', render: (c: string) => nameOf(c) },
          {
            title: t('indicators.waves.threshold'),
            key: 'thr',
            render: (_: unknown, c: Check) => `${t(`indicators.waves.${c.comparator}`)} ${c.threshold}`,
          },
          {
            title: t('indicators.waves.value'),
            dataIndex: 'value',
            render: (v?: number) => v ?? t('indicators.noData'),
          },
          {
            title: '',
            dataIndex: 'pass',
            render: (p: boolean) => (
              <Tag color={p ? 'green' : 'red'}>
                {p ? t('indicators.waves.met') : t('indicators.waves.unmet')}
              </Tag>
            ),
          },
        ]}
      />
      {ev.promoted ? (
        <Alert type="success" showIcon message={t('indicators.waves.alreadyPromoted')} />
      ) : isAdmin ? (
        <Button
          type="primary"
          loading={promote.isPending}
          onClick={() => promote.mutate(ev.flagVersion, { onSuccess: (r) => setResult(r.outcome), onError })}
        >
          {t('indicators.waves.promote')}
        </Button>
      ) : null}
      {result === 'promoted' ? (
        <Alert type="success" showIcon message={t('indicators.waves.promoted')} />
      ) : null}
      {result === 'pending-approval' ? (
        <Alert type="info" showIcon message={t('indicators.waves.pending')} />
      ) : null}
      {!ev.promoted && (result === 'blocked' || (!ev.pass && ev.previousWaveId)) ? (
        <Alert type="warning" showIcon message={t('indicators.waves.blocked')} />
      ) : null}
      {!ev.promoted && pendingOverride ? (
        <Alert
          type="info"
          message={t('indicators.waves.overridePending', {
            by: pendingOverride.requestedBy,
            at: pendingOverride.requestedAt.slice(0, 16).replace('T', ' '),
            reason: pendingOverride.reason,
          })}
        />
      ) : null}
      {!ev.promoted && isAdmin && !ev.pass && ev.previousWaveId ? (
        pendingOverride ? (
          pendingOverride.requestedBy === me.username ? (
            <Typography.Text type="secondary">{t('indicators.waves.sameAdmin')}</Typography.Text>
          ) : (
            <Form layout="vertical">
              <Form.Item label={t('indicators.waves.approveReason')} htmlFor="ind-approve-reason">
                <Input.TextArea
                  id="ind-approve-reason"
                  rows={2}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </Form.Item>
              <Button
                type="primary"
                disabled={reason.trim().length < 10}
                loading={approve.isPending}
                onClick={() =>
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
              </Button>
            </Form>
          )
        ) : (
          <Form layout="vertical">
            <Form.Item label={t('indicators.waves.overrideReason')} htmlFor="ind-override-reason">
              <Input.TextArea
                id="ind-override-reason"
                rows={2}
                value={reason}
                onChange={(e) => setReason(e.target.value)}
              />
            </Form.Item>
            <Button
              disabled={reason.trim().length < 10}
              loading={ask.isPending}
              onClick={() => ask.mutate(reason, { onSuccess: () => setReason(''), onError })}
            >
              {t('indicators.waves.requestOverride')}
            </Button>
          </Form>
        )
      ) : null}
    </Space>
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
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap align="end">
        <Form.Item label={t('indicators.waves.flag')} htmlFor="ind-wave-flag">
          <Select
            id="ind-wave-flag"
            className="filter-select"
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
        </Form.Item>
        {plan ? (
          <Form.Item label={t('indicators.waves.wave')} htmlFor="ind-wave-id">
            <Select
              id="ind-wave-id"
              className="filter-select"
              value={waveId}
              onChange={setWaveId}
              options={[
                { value: '', label: '—' },
                ...plan.waves.map((w) => ({ value: w.id, label: `${w.id}${w.promotion ? ' ✓' : ''}` })),
              ]}
            />
          </Form.Item>
        ) : null}
      </Space>
      {plan && detail.data && me.roles.includes('ministry-admin') ? (
        <ThresholdEditor flagKey={flagKey} thresholds={plan.thresholds ?? {}} version={detail.data.version} />
      ) : null}
      {flagKey && waveId ? (
        <EvidencePanel key={`${flagKey}/${waveId}`} flagKey={flagKey} waveId={waveId} me={me} />
      ) : null}
    </Space>
  );
}
