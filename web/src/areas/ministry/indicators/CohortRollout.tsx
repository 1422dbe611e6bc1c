import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CohortDimension, type IndicatorDef, useCohorts, useRolloutView } from '../../../api/indicators';
import { DataTable } from '../../../components/DataTable';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { categoryValueLabel, tierLabel } from '../../../i18n/labels';
import { Badge, SelectField } from '../ui';
import { Chart } from './Chart';
import type { Table as ExportTable } from './export';
import { ExportButtons, label } from './IndicatorsConsole';

const DIMS: CohortDimension[] = [
  'areaType',
  'development',
  'migrantShare',
  'infrastructure',
  'hardship',
  'tier',
  'wave',
  'province',
];

/** Category against category (分类指导): the cohorts of one dimension, their medians and mean score. */
export function CohortView({ indicators }: { indicators: readonly IndicatorDef[] }) {
  const { t, i18n } = useTranslation();
  const [dim, setDim] = useState<CohortDimension>('areaType');
  const [module, setModule] = useState('');
  const q = useCohorts(dim, module);
  const rollout = useRolloutView();
  const modules = [...new Set((rollout.data?.districts ?? []).flatMap((d) => d.enabled))].sort();
  const dimLabel = (d: CohortDimension) =>
    d === 'tier'
      ? t('ministry.tier')
      : d === 'wave'
        ? t('indicators.wave')
        : d === 'province'
          ? t('indicators.province')
          : t(`category.${d}`);
  const valueLabel = (v: string) =>
    dim === 'tier' ? tierLabel(t, v) : dim === 'wave' || dim === 'province' ? v : categoryValueLabel(t, v);
  const names = (q.data?.cohorts ?? []).map((c) => valueLabel(c.value)).join('\n');
  const option = useMemo(
    () => ({
      tooltip: {},
      grid: { left: 48, right: 24, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: names ? names.split('\n') : [] },
      yAxis: { type: 'value', max: 100 },
      series: [
        {
          type: 'bar',
          name: t('indicators.meanScore'),
          data: (q.data?.cohorts ?? []).map((c) => c.meanScore),
        },
      ],
    }),
    [q.data, t, names],
  );
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const table = (): ExportTable => ({
    header: [
      dimLabel(dim),
      t('indicators.districts'),
      t('indicators.meanScore'),
      ...indicators.map((i) => label(i18n.language, i.labels)),
    ],
    rows: q.data.cohorts.map((c) => [
      valueLabel(c.value),
      c.districts,
      c.meanScore ?? '',
      ...indicators.map((i) => c.medians[i.code] ?? ''),
    ]),
  });
  return (
    <div className="stack">
      <div className="plan-row">
        <SelectField
          id="ind-cohort-dim"
          label={t('indicators.dimension')}
          value={dim}
          onChange={(d) => setDim(d as CohortDimension)}
          options={DIMS.map((d) => ({ value: d, label: dimLabel(d) }))}
        />
        <SelectField
          id="ind-cohort-module"
          label={t('indicators.inUse')}
          value={module}
          onChange={setModule}
          options={[
            { value: '', label: t('ministry.filterAll') },
            ...modules.map((m) => ({ value: m, label: t(`modules.${m}`, { defaultValue: m }) })),
          ]}
        />
        <ExportButtons table={table} base={`indicators-cohorts-${dim}${module ? `-${module}` : ''}`} />
      </div>
      <Chart option={option} label={`${t('indicators.meanScore')} · ${dimLabel(dim)}`} height={240} />
      <DataTable
        rows={q.data.cohorts}
        rowKey={(c) => c.value}
        size="small"
        label={t('indicators.views.cohorts')}
        columns={[
          { key: 'value', title: dimLabel(dim), render: (c) => valueLabel(c.value) },
          { key: 'districts', title: t('indicators.districts'), render: (c) => c.districts },
          { key: 'mean', title: t('indicators.meanScore'), render: (c) => c.meanScore ?? '—' },
          ...indicators.map((i) => ({
            key: i.code,
            title: label(i18n.language, i.labels),
            render: (c: { medians: Record<string, number | null> }) =>
              c.medians[i.code] ?? t('indicators.noData'),
          })),
        ]}
      />
    </div>
  );
}

/** Modules × districts: enabled by the flags against in use in the district's own data. */
export function RolloutMatrix() {
  const { t } = useTranslation();
  const q = useRolloutView();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const modules = [...new Set(q.data.districts.flatMap((d) => d.enabled))].sort();
  if (!modules.length) return <EmptyState text={t('indicators.noSnapshot')} />;
  const state = (d: (typeof q.data.districts)[number], m: string) =>
    d.adopted.includes(m) ? 'adopted' : d.enabled.includes(m) ? 'enabled' : 'off';
  const text = (s: string) =>
    s === 'adopted'
      ? t('indicators.adopted')
      : s === 'enabled'
        ? t('indicators.enabledOnly')
        : t('indicators.off');
  const table = (): ExportTable => ({
    header: [t('indicators.module'), ...q.data.districts.map((d) => d.name)],
    rows: modules.map((m) => [
      t(`modules.${m}`, { defaultValue: m }),
      ...q.data.districts.map((d) => text(state(d, m))),
    ]),
  });
  return (
    <div className="stack">
      <ExportButtons table={table} base="indicators-rollout" />
      <DataTable
        rows={modules}
        rowKey={(m) => m}
        size="small"
        label={t('indicators.views.rollout')}
        columns={[
          {
            key: 'm',
            title: t('indicators.module'),
            render: (m: string) => t(`modules.${m}`, { defaultValue: m }),
          },
          ...q.data.districts.map((d) => ({
            key: d.id,
            title: d.name,
            render: (m: string) => {
              const s = state(d, m);
              return (
                <Badge tone={s === 'adopted' ? 'green' : s === 'enabled' ? 'gold' : undefined}>
                  {text(s)}
                </Badge>
              );
            },
          })),
        ]}
      />
    </div>
  );
}
