import { Form, Select, Space, Table, Tag } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type CohortDimension, type IndicatorDef, useCohorts, useRolloutView } from '../../../api/indicators';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { categoryValueLabel, tierLabel } from '../../../i18n/labels';
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
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap align="end">
        <Form.Item label={t('indicators.dimension')} htmlFor="ind-cohort-dim">
          <Select
            id="ind-cohort-dim"
            className="filter-select"
            value={dim}
            onChange={setDim}
            options={DIMS.map((d) => ({ value: d, label: dimLabel(d) }))}
          />
        </Form.Item>
        <Form.Item label={t('indicators.inUse')} htmlFor="ind-cohort-module">
          <Select
            id="ind-cohort-module"
            className="filter-select"
            value={module}
            onChange={setModule}
            options={[
              { value: '', label: t('ministry.filterAll') },
              ...modules.map((m) => ({ value: m, label: t(`modules.${m}`, { defaultValue: m }) })),
            ]}
          />
        </Form.Item>
        <ExportButtons table={table} base={`indicators-cohorts-${dim}${module ? `-${module}` : ''}`} />
      </Space>
      <Chart option={option} label={`${t('indicators.meanScore')} · ${dimLabel(dim)}`} height={240} />
      <Table
        rowKey="value"
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={[...q.data.cohorts]}
        columns={[
          { title: dimLabel(dim), dataIndex: 'value', render: (v: string) => valueLabel(v) },
          { title: t('indicators.districts'), dataIndex: 'districts' },
          {
            title: t('indicators.meanScore'),
            dataIndex: 'meanScore',
            render: (v: number | null) => v ?? '—',
          },
          ...indicators.map((i) => ({
            title: label(i18n.language, i.labels),
            key: i.code,
            render: (_: unknown, c: { medians: Record<string, number | null> }) =>
              c.medians[i.code] ?? t('indicators.noData'),
          })),
        ]}
      />
    </Space>
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
    <Space direction="vertical" style={{ width: '100%' }}>
      <ExportButtons table={table} base="indicators-rollout" />
      <Table
        rowKey={(m) => m}
        size="small"
        pagination={false}
        scroll={{ x: 'max-content' }}
        dataSource={modules}
        columns={[
          {
            title: t('indicators.module'),
            key: 'm',
            render: (_: unknown, m: string) => t(`modules.${m}`, { defaultValue: m }),
          },
          ...q.data.districts.map((d) => ({
            title: d.name,
            key: d.id,
            render: (_: unknown, m: string) => {
              const s = state(d, m);
              return (
                <Tag color={s === 'adopted' ? 'green' : s === 'enabled' ? 'gold' : undefined}>{text(s)}</Tag>
              );
            },
          })),
        ]}
      />
    </Space>
  );
}
