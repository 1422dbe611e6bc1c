import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type PopulationStats, usePopulationStats } from '../../../api/population';
import { DataTable } from '../../../components/DataTable';
import { useDivisionNames } from '../../../components/DivisionName';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { type ChartOption, useECharts } from '../../../components/useECharts';
import { fmtDateTime, ScopePicker, Panel as Section, Segmented, usePopulationScope } from './common';

const loadECharts = () => import('./echarts');

/** An ECharts canvas, with ECharts itself imported only when the first chart mounts. */
function Chart({ option, label, height = 320 }: { option: ChartOption; label: string; height?: number }) {
  const { t } = useTranslation();
  const { ref, ready } = useECharts(option, loadECharts);
  return (
    <div>
      {ready ? null : <p className="muted">{t('population.analytics.chartLoading')}</p>}
      <div ref={ref} role="img" aria-label={label} style={{ width: '100%', height }} />
    </div>
  );
}

/** A chart with its data table as the accessible alternative (and the choice on a kiosk). */
function Panel({
  title,
  chart,
  table,
  empty = false,
}: {
  title: string;
  chart: () => ReactNode;
  table: () => ReactNode;
  empty?: boolean;
}) {
  const { t } = useTranslation();
  const [view, setView] = useState<'chart' | 'table'>('chart');
  if (empty)
    return (
      <Section title={title}>
        <EmptyState text={t('population.analytics.noData')} />
      </Section>
    );
  return (
    <Section
      title={title}
      extra={
        <Segmented<'chart' | 'table'>
          label={`${title} ${t('population.analytics.view')}`}
          name={`view-${title}`}
          value={view}
          onChange={setView}
          options={[
            { value: 'chart', label: t('population.analytics.asChart') },
            { value: 'table', label: t('population.analytics.asTable') },
          ]}
        />
      }
    >
      {view === 'chart' ? chart() : table()}
    </Section>
  );
}

function Dashboard({ s, names }: { s: PopulationStats; names: Map<string, string> }) {
  const { t, i18n } = useTranslation();
  const male = t('population.analytics.male');
  const female = t('population.analytics.female');
  const local = t('population.registration.local');
  const migrant = t('population.registration.migrant');
  const tagName = (k: string) => {
    const key = `population.tags.${k}`;
    const out = t(key);
    return out === key ? k : out;
  };
  const communityName = (c: string) => names.get(c) ?? c;
  const pyramid = [...s.pyramid];
  const tags = Object.entries(s.tags).sort((a, b) => b[1] - a[1]);
  const housing = [
    { key: 'occupied', value: s.housing.occupied },
    { key: 'vacant', value: s.housing.vacant },
    { key: 'seasonal', value: s.housing.seasonal },
  ];
  const [options] = useState(() => ({
    pyramid: {
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        valueFormatter: (v: number) => String(Math.abs(v)),
      },
      legend: { data: [male, female], top: 0 },
      grid: { left: 56, right: 16, bottom: 24, top: 32 },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => String(Math.abs(v)) } },
      yAxis: { type: 'category', data: pyramid.map((b) => b.band), axisTick: { show: false } },
      series: [
        {
          name: male,
          type: 'bar',
          stack: 'p',
          data: pyramid.map((b) => -b.male),
          itemStyle: { color: '#1677ff' },
        },
        {
          name: female,
          type: 'bar',
          stack: 'p',
          data: pyramid.map((b) => b.female),
          itemStyle: { color: '#eb2f96' },
        },
      ],
    },
    registration: {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          data: [
            { name: local, value: s.registration.local },
            { name: migrant, value: s.registration.migrant },
          ],
        },
      ],
    },
    communities: {
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 48, right: 16, bottom: 72, top: 32 },
      xAxis: {
        type: 'category',
        data: s.byCommunity.map((c) => communityName(c.communityCode)),
        axisLabel: { rotate: 30, interval: 0 },
      },
      yAxis: { type: 'value' },
      series: [
        {
          name: t('population.analytics.residents'),
          type: 'bar',
          data: s.byCommunity.map((c) => c.residents),
        },
        { name: t('population.analytics.migrant'), type: 'bar', data: s.byCommunity.map((c) => c.migrant) },
        { name: t('population.analytics.elderly'), type: 'bar', data: s.byCommunity.map((c) => c.elderly) },
      ],
    },
    tags: {
      tooltip: { trigger: 'axis' },
      grid: { left: 120, right: 16, bottom: 24, top: 16 },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: tags.map(([k]) => tagName(k)) },
      series: [{ type: 'bar', data: tags.map(([, v]) => v) }],
    },
    housing: {
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      series: [
        {
          type: 'pie',
          radius: '65%',
          data: housing.map((h) => ({ name: t(`population.analytics.${h.key}`), value: h.value })),
        },
      ],
    },
  }));
  const num = (n: number) => n.toLocaleString(i18n.language === 'en' ? 'en' : 'zh-CN');
  return (
    <div className="stack">
      <div className="stat-grid">
        {[
          ['residents', s.residents],
          ['households', s.households],
          ['buildings', s.buildings],
          ['units', s.housing.units],
        ].map(([k, v]) => (
          <div className="stat" key={k as string}>
            <div className="stat-title">{t(`population.analytics.${k}`)}</div>
            <div className="stat-value">{num(v as number)}</div>
          </div>
        ))}
      </div>
      <p className="muted">{t('population.analytics.asOf', { time: fmtDateTime(s.asOf) })}</p>
      <Panel
        title={t('population.analytics.pyramid')}
        empty={s.residents === 0}
        chart={() => (
          <Chart option={options.pyramid} label={t('population.analytics.pyramid')} height={460} />
        )}
        table={() => (
          <DataTable
            size="small"
            rowKey={(b) => b.band}
            label={t('population.analytics.pyramid')}
            rows={[...pyramid].reverse()}
            columns={[
              { key: 'band', title: t('population.analytics.band'), render: (b) => b.band },
              { key: 'male', title: male, align: 'right', render: (b) => num(b.male) },
              { key: 'female', title: female, align: 'right', render: (b) => num(b.female) },
            ]}
          />
        )}
      />
      <div className="two-col">
        <div>
          <Panel
            title={t('population.analytics.registration')}
            empty={s.registration.local + s.registration.migrant === 0}
            chart={() => (
              <Chart option={options.registration} label={t('population.analytics.registration')} />
            )}
            table={() => (
              <DataTable
                size="small"
                rowKey={(r) => r.k}
                label={t('population.analytics.registration')}
                rows={[
                  { k: local, v: s.registration.local },
                  { k: migrant, v: s.registration.migrant },
                ]}
                columns={[
                  { key: 'k', title: t('population.fields.registration'), render: (r) => r.k },
                  {
                    key: 'v',
                    title: t('population.analytics.count'),
                    align: 'right',
                    render: (r) => num(r.v),
                  },
                ]}
              />
            )}
          />
        </div>
        <div>
          <Panel
            title={t('population.analytics.housing')}
            empty={s.housing.units === 0}
            chart={() => <Chart option={options.housing} label={t('population.analytics.housing')} />}
            table={() => (
              <DataTable
                size="small"
                rowKey={(r) => r.key}
                label={t('population.analytics.housing')}
                rows={[
                  ...housing.map((h) => ({
                    key: h.key,
                    label: t(`population.analytics.${h.key}`),
                    v: num(h.value),
                  })),
                  {
                    key: 'rate',
                    label: t('population.analytics.occupancyRate'),
                    v: `${(s.housing.occupancyRate * 100).toFixed(1)}%`,
                  },
                ]}
                columns={[
                  { key: 'label', title: t('population.analytics.housing'), render: (r) => r.label },
                  { key: 'v', title: t('population.analytics.units'), align: 'right', render: (r) => r.v },
                ]}
              />
            )}
          />
        </div>
      </div>
      <Panel
        title={t('population.analytics.tagsTotal')}
        empty={tags.length === 0}
        chart={() => <Chart option={options.tags} label={t('population.analytics.tagsTotal')} height={260} />}
        table={() => (
          <DataTable
            size="small"
            rowKey={(r) => r[0]}
            label={t('population.analytics.tagsTotal')}
            rows={tags}
            columns={[
              { key: 'k', title: t('population.fields.tags'), render: (r) => tagName(r[0]) },
              { key: 'v', title: t('population.analytics.count'), align: 'right', render: (r) => num(r[1]) },
            ]}
          />
        )}
      />
      <Panel
        title={t('population.analytics.tagsByCommunity')}
        empty={s.byCommunity.length === 0}
        chart={() => (
          <Chart
            option={options.communities}
            label={t('population.analytics.tagsByCommunity')}
            height={380}
          />
        )}
        table={() => (
          <DataTable
            size="small"
            rowKey={(c) => c.communityCode}
            pageSize={20}
            label={t('population.analytics.tagsByCommunity')}
            rows={s.byCommunity}
            columns={[
              {
                key: 'community',
                title: t('population.analytics.community'),
                render: (c) => <span title={c.communityCode}>{communityName(c.communityCode)}</span>,
              },
              {
                key: 'residents',
                title: t('population.analytics.residents'),
                align: 'right',
                render: (c) => num(c.residents),
              },
              {
                key: 'migrant',
                title: t('population.analytics.migrant'),
                align: 'right',
                render: (c) => num(c.migrant),
              },
              {
                key: 'elderly',
                title: t('population.analytics.elderly'),
                align: 'right',
                render: (c) => num(c.elderly),
              },
            ]}
          />
        )}
      />
    </div>
  );
}

/** District analytics from write-time counters: pyramid, registration, groups by community, housing. */
export function AnalyticsPage() {
  const { t } = useTranslation();
  const { scope } = usePopulationScope();
  const q = usePopulationStats(scope.community ? undefined : scope.street, scope.community);
  // District-wide the communities span every street: each street's list is asked for once.
  const codes = q.data?.byCommunity.map((c) => c.communityCode) ?? [];
  const nameOf = useDivisionNames(codes);
  const names = new Map(codes.flatMap((c) => (nameOf(c) ? [[c, nameOf(c)!] as const] : [])));
  return (
    <div className="stack">
      <Section title={t('population.analytics.title')}>
        <div className="stack">
          <p className="muted">{t('population.analytics.intro')}</p>
          <ScopePicker />
        </div>
      </Section>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        // Keyed by scope and language so the chart options are rebuilt when either changes.
        <Dashboard
          key={`${q.data.asOf}-${t('population.analytics.male')}-${names.size}`}
          s={q.data}
          names={names}
        />
      )}
    </div>
  );
}
