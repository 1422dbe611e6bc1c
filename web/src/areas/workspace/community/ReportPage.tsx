import { Alert, Button, Input, Space, Tag } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { type ReportCycle, useCycle, useReport, useReportActions } from '../../../api/community';
import type { Me } from '../../../api/types';
import { Panel } from '../../../components/Controls';
import { fieldColumns } from '../../../components/columns';
import { DataTable } from '../../../components/DataTable';
import { useDivisionNames } from '../../../components/DivisionName';
import { NumberInput } from '../../../components/NumberInput';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { chinaDateTime } from '../../../time';
import { communityCaps } from './caps';
import { BASE, StatusTag } from './common';

type Field = ReportCycle['fields'][number];
interface Draft {
  value: number | string | null;
  reason: string;
}

/**
 * One community's report: every figure with where it came from (the database as of the cut-off,
 * or typed), adjustments with their reasons; fill, save, submit; the street returns or accepts.
 */
export default function ReportPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const { id = '', community = '' } = useParams();
  const caps = communityCaps(me);
  const cycle = useCycle(id);
  const report = useReport(id, community);
  const act = useReportActions(id, community);
  const errorText = useErrorMessage();
  const nameOf = useDivisionNames([community]);
  const zh = i18n.language.startsWith('zh');
  const [draft, setDraft] = useState<Record<string, Draft>>({});
  const [returnReason, setReturnReason] = useState('');
  const r = report.data;
  useEffect(() => {
    if (!r) return;
    const d: Record<string, Draft> = {};
    for (const [k, v] of Object.entries(r.values))
      d[k] = { value: v.value, reason: v.adjustment?.reason ?? '' };
    setDraft(d);
  }, [r]);
  const fields = cycle.data?.cycle.fields ?? [];
  const changed = useMemo(() => {
    if (!r) return {};
    const out: Record<string, { value: number | string | null; reason?: string }> = {};
    for (const f of fields) {
      const d = draft[f.key];
      const v = r.values[f.key];
      if (!d || !v) continue;
      if (d.value !== v.value || (f.bind && d.reason !== (v.adjustment?.reason ?? '')))
        out[f.key] = { value: d.value, ...(f.bind && d.reason.trim() ? { reason: d.reason.trim() } : {}) };
    }
    return out;
  }, [draft, r, fields]);
  if (cycle.isPending || report.isPending) return <Loading />;
  if (cycle.isError) return <ErrorState error={cycle.error} onRetry={() => void cycle.refetch()} />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const rep = report.data;
  const c = cycle.data.cycle;
  const editable =
    caps.write && ['draft', 'returned', 'not-started'].includes(rep.status) && c.status === 'open';
  const reviewable = caps.assign && rep.status === 'submitted';
  const missingReason = fields.some((f) => {
    const d = draft[f.key];
    const v = rep.values[f.key];
    return f.bind && d && v && d.value !== v.prefill && !d.reason.trim();
  });
  const dirty = Object.keys(changed).length > 0;
  const pending = act.prefill.isPending || act.edit.isPending || act.move.isPending;
  const failure = act.prefill.error ?? act.edit.error ?? act.move.error;
  const set = (key: string, patch: Partial<Draft>) =>
    setDraft((d) => ({
      ...d,
      [key]: { value: d[key]?.value ?? null, reason: d[key]?.reason ?? '', ...patch },
    }));
  return (
    <Space direction="vertical" style={{ width: '100%' }} size="large">
      <Link to={caps.assign ? `${BASE}/cycles/${id}` : `${BASE}/reports`}>{t('community:reports.back')}</Link>
      <Panel
        title={
          <h2 className="card-title">
            {zh ? c.name.zh : c.name.en} · {c.period} · {nameOf(community) ?? community}
          </h2>
        }
        extra={<StatusTag status={rep.status} report />}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <span>
            {t('community:reports.asOf', { date: c.cutoff })} · {t('community:reports.due')} {c.due}
          </span>
          {rep.status !== 'not-started' ? <span>{t('community:reports.counts', rep.counts)}</span> : null}
          {rep.status === 'returned' && rep.returnReason ? (
            <Alert
              type="warning"
              showIcon
              message={t('community:reports.returnedHint', { reason: rep.returnReason })}
            />
          ) : null}
          {rep.status === 'not-started' ? (
            <Alert type="info" showIcon message={t('community:reports.notStartedHint')} />
          ) : null}
          {failure ? <Alert type="error" showIcon message={errorText(failure)} /> : null}
          <Space wrap>
            {editable ? (
              <Button
                type={rep.status === 'not-started' ? 'primary' : 'default'}
                onClick={() => act.prefill.mutate()}
                loading={act.prefill.isPending}
              >
                {rep.status === 'not-started'
                  ? t('community:reports.prefill')
                  : t('community:reports.refresh')}
              </Button>
            ) : null}
            {editable && rep.status !== 'not-started' ? (
              <>
                <Button
                  onClick={() => act.edit.mutate({ version: rep.version, values: changed })}
                  disabled={!dirty || missingReason || pending}
                >
                  {t('community:reports.save')}
                </Button>
                <Button
                  type="primary"
                  onClick={() => act.move.mutate({ action: 'submit', version: rep.version })}
                  disabled={dirty || pending}
                >
                  {t('community:reports.submit')}
                </Button>
              </>
            ) : null}
          </Space>
          {reviewable ? (
            <Space wrap align="start">
              <Button
                type="primary"
                onClick={() => act.move.mutate({ action: 'accept', version: rep.version })}
                loading={pending}
              >
                {t('community:reports.accept')}
              </Button>
              <Input
                aria-label={t('community:reports.returnReason')}
                placeholder={t('community:reports.returnReason')}
                value={returnReason}
                onChange={(e) => setReturnReason(e.target.value)}
                maxLength={500}
                style={{ width: 280 }}
              />
              <Button
                danger
                disabled={!returnReason.trim() || pending}
                onClick={() =>
                  act.move.mutate(
                    { action: 'return', version: rep.version, reason: returnReason.trim() },
                    { onSuccess: () => setReturnReason('') },
                  )
                }
              >
                {t('community:reports.return')}
              </Button>
            </Space>
          ) : null}
        </Space>
      </Panel>
      {rep.status !== 'not-started' ? (
        <Panel>
          <DataTable<Field>
            rowKey={(r) => r.key}
            size="small"
            rows={fields}
            label={zh ? c.name.zh : c.name.en}
            columns={fieldColumns<Field>([
              { title: '', render: (_, f) => f.section ?? '', width: 100 },
              { title: t('community:reports.field'), render: (_, f) => (zh ? f.label.zh : f.label.en) },
              {
                title: t('community:reports.source'),
                render: (_, f) => {
                  const v = rep.values[f.key];
                  if (!f.bind) return <Tag>{t('community:reports.typed')}</Tag>;
                  return v?.adjustment ? (
                    <Tag color="orange">{t('community:reports.adjusted')}</Tag>
                  ) : (
                    <Tag color="blue">{t('community:reports.fromDatabase')}</Tag>
                  );
                },
              },
              {
                title: t('community:reports.value'),
                render: (_, f) => {
                  const d = draft[f.key];
                  const label = zh ? f.label.zh : f.label.en;
                  if (!editable)
                    return (
                      <span data-testid={`value-${f.key}`}>{String(rep.values[f.key]?.value ?? '—')}</span>
                    );
                  return f.kind === 'text' ? (
                    <Input.TextArea
                      aria-label={label}
                      value={typeof d?.value === 'string' ? d.value : ''}
                      onChange={(e) => set(f.key, { value: e.target.value })}
                      rows={2}
                      maxLength={2000}
                      style={{ minWidth: 220 }}
                    />
                  ) : (
                    <NumberInput
                      aria-label={label}
                      min={0}
                      value={typeof d?.value === 'number' ? d.value : null}
                      onChange={(n) => set(f.key, { value: typeof n === 'number' ? n : null })}
                    />
                  );
                },
              },
              {
                title: t('community:reports.prefillValue'),
                render: (_, f) => (f.bind ? String(rep.values[f.key]?.prefill ?? '—') : ''),
              },
              {
                title: t('community:reports.reason'),
                render: (_, f) => {
                  if (!f.bind) return null;
                  const d = draft[f.key];
                  const v = rep.values[f.key];
                  const needs = d && v && d.value !== v.prefill;
                  if (!editable) return v?.adjustment?.reason ?? '';
                  if (!needs) return null;
                  const label = `${zh ? f.label.zh : f.label.en} ${t('community:reports.reason')}`;
                  return (
                    <Input
                      aria-label={label}
                      placeholder={t('community:reports.reasonRequired')}
                      status={d?.reason.trim() ? undefined : 'error'}
                      value={d?.reason ?? ''}
                      onChange={(e) => set(f.key, { reason: e.target.value })}
                      maxLength={200}
                      style={{ minWidth: 220 }}
                    />
                  );
                },
              },
            ])}
          />
        </Panel>
      ) : null}
      {rep.events.length ? (
        <Panel title={<h2 className="card-title">{t('community:reports.history')}</h2>}>
          <ol className="timeline">
            {rep.events.map((e) => (
              <li key={`${e.at}-${e.action}`}>
                {`${chinaDateTime(e.at)} ${t(`community:events.${e.action}`)} · ${e.by}${e.reason ? ` · ${e.reason}` : ''}`}
              </li>
            ))}
          </ol>
        </Panel>
      ) : null}
    </Space>
  );
}
