/**
 * The ministry console's indicators: ranking with composite score (filters by tier, category
 * dimensions, wave, province), side-by-side of 2–6 districts (radar by group, bars with the median),
 * trends, cohorts, module rollout, the indicator system and waves promoted on evidence. Every view
 * exports to CSV and Excel; suppressed counts show as "<5", never 0.
 */
import type { TFunction } from 'i18next';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Cell,
  cellAt,
  type DayView,
  type DistrictRow,
  type IndicatorDef,
  useComputeNow,
  useIndicatorTable,
  useIndicatorTrend,
} from '../../../api/indicators';
import type { Me, TenantCategory } from '../../../api/types';
import { DataTable } from '../../../components/DataTable';
import { Button } from '../../../components/plain';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import indicatorsZh from '../../../i18n/indicators.zh-CN';
import { categoryValueLabel, tierLabel } from '../../../i18n/labels';
import { CATEGORY_VALUES, DIMENSIONS } from '../categories';
import { Badge, Panel, SelectField, useNotice, ViewSwitch } from '../ui';
import { Chart } from './Chart';
import { type Table as ExportTable, exportTable } from './export';

registerStrings('indicators', indicatorsZh);

// The views used less often load when opened (each its own chunk, within the route budget).
const CohortView = lazy(() => import('./CohortRollout').then((m) => ({ default: m.CohortView })));
const RolloutMatrix = lazy(() => import('./CohortRollout').then((m) => ({ default: m.RolloutMatrix })));
const SystemEditor = lazy(() => import('./SystemEditor'));
const WavePromotion = lazy(() => import('./WavePromotion'));

/** The indicator groups, in the order the console lists them. */
export const GROUPS = [
  'coverage',
  'service',
  'efficiency',
  'satisfaction',
  'adoption',
  'equity',
  'data-quality',
] as const;
type View = 'ranking' | 'compare' | 'trend' | 'cohorts' | 'rollout' | 'system' | 'waves';

/** A value as shown: "<5" when suppressed, "no data", or the number with its unit. */
export const fmtCell = (t: TFunction, c: Cell | undefined, unit?: IndicatorDef['unit']): string => {
  if (c?.status === 'suppressed') return t('indicators.suppressed');
  if (!c || c.status === 'no-data' || c.value === undefined) return t('indicators.noData');
  const u = unit ? t(`indicators.units.${unit}`) : '';
  return `${c.value}${u === '%' ? '%' : u ? ` ${u}` : ''}`;
};

/** The same value for a file: a number when there is one, "<5" or "" otherwise. */
export const exportCell = (c: Cell | undefined): string | number =>
  c?.status === 'ok' && c.value !== undefined ? c.value : c?.status === 'suppressed' ? '<5' : '';

export const label = (i18nLang: string, l: { zh: string; en: string }) => (i18nLang === 'en' ? l.en : l.zh);

export function ExportButtons({ table, base }: { table: () => ExportTable; base: string }) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <Button onClick={() => exportTable(table(), base, 'csv')}>{t('indicators.exportCsv')}</Button>
      <Button onClick={() => exportTable(table(), base, 'xlsx')}>{t('indicators.exportXlsx')}</Button>
    </div>
  );
}

type Filters = { tier?: string; wave?: string; province?: string } & Partial<
  Record<keyof TenantCategory, string>
>;

const filterRows = (rows: readonly DistrictRow[], f: Filters) =>
  rows.filter(
    (r) =>
      (!f.tier || r.tier === f.tier) &&
      (!f.wave || r.wave === f.wave) &&
      (!f.province || r.province === f.province) &&
      DIMENSIONS.every((d) => !f[d] || r.category[d] === f[d]),
  );

function Ranking({
  view,
  selected,
  onSelect,
  onCompare,
}: {
  view: DayView;
  selected: string[];
  onSelect: (ids: string[]) => void;
  onCompare: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [f, setF] = useState<Filters>({});
  const rows = useMemo(
    () => filterRows(view.districts, f).sort((a, b) => (a.rank ?? 9999) - (b.rank ?? 9999)),
    [view, f],
  );
  const all = { value: '', label: t('ministry.filterAll') };
  const uniq = (xs: (string | null)[]) => [...new Set(xs.filter((x): x is string => !!x))].sort();
  const select = (key: keyof Filters, labelText: string, values: string[], show = (v: string) => v) => (
    <SelectField
      key={key}
      id={`ind-filter-${key}`}
      label={labelText}
      value={f[key] ?? ''}
      onChange={(v) => setF((x) => ({ ...x, [key]: v || undefined }))}
      options={[all, ...values.map((v) => ({ value: v, label: show(v) }))]}
    />
  );
  const table = (): ExportTable => ({
    header: [
      t('indicators.rank'),
      t('indicators.district'),
      t('ministry.tier'),
      t('indicators.wave'),
      t('indicators.score'),
      ...view.indicators.map((i) => label(i18n.language, i.labels)),
    ],
    rows: rows.map((r) => [
      r.rank ?? '',
      r.name,
      tierLabel(t, r.tier),
      r.wave ?? '',
      r.score ?? '',
      ...view.indicators.map((_, k) => exportCell(cellAt(r, k))),
    ]),
  });
  return (
    <>
      <div className="filters plan-row">
        {select('tier', t('ministry.filterTier'), ['basic', 'standard', 'demonstration'], (v) =>
          tierLabel(t, v),
        )}
        {select('wave', t('indicators.filterWave'), uniq(view.districts.map((d) => d.wave)))}
        {select('province', t('indicators.filterProvince'), uniq(view.districts.map((d) => d.province)))}
        {DIMENSIONS.map((d) =>
          select(d, t(`category.${d}`), [...CATEGORY_VALUES[d]], (v) => categoryValueLabel(t, v)),
        )}
      </div>
      <div className="plan-row ind-actions">
        <span aria-live="polite">{t('indicators.selected', { count: selected.length })}</span>
        <Button variant="primary" disabled={selected.length < 2 || selected.length > 6} onClick={onCompare}>
          {t('indicators.compareSelected')}
        </Button>
        <ExportButtons table={table} base="indicators-ranking" />
      </div>
      <div className="pin-first ind-ranking">
        <DataTable
          rows={rows}
          rowKey={(r) => r.id}
          pageSize={20}
          label={t('indicators.views.ranking')}
          columns={[
            {
              // The district with its comparison box, pinned while the indicators scroll (1366 px).
              key: 'name',
              title: t('indicators.district'),
              render: (r: DistrictRow) => (
                <label className="checkbox">
                  <input
                    type="checkbox"
                    aria-label={`${t('indicators.select')} ${r.name}`}
                    checked={selected.includes(r.id)}
                    onChange={(e) =>
                      onSelect(
                        e.target.checked ? [...selected, r.id].slice(-6) : selected.filter((x) => x !== r.id),
                      )
                    }
                  />
                  {r.name}
                </label>
              ),
            },
            { key: 'rank', title: t('indicators.rank'), render: (r: DistrictRow) => r.rank ?? '—' },
            { key: 'tier', title: t('ministry.tier'), render: (r: DistrictRow) => tierLabel(t, r.tier) },
            { key: 'wave', title: t('indicators.wave'), render: (r: DistrictRow) => r.wave },
            {
              key: 'score',
              title: t('indicators.score'),
              render: (r: DistrictRow) => (
                <span title={t('indicators.coverage', { pct: Math.round(r.coverage * 100) })}>
                  <strong>{r.score ?? '—'}</strong>
                </span>
              ),
            },
            ...view.indicators.map((i, k) => ({
              key: i.code,
              title: <span title={i.formula}>{label(i18n.language, i.labels)}</span>,
              render: (r: DistrictRow) => {
                const c = cellAt(r, k);
                return (
                  <span
                    className={c.status === 'ok' ? undefined : 'muted'}
                    title={c.status === 'suppressed' ? t('indicators.suppressedHint') : undefined}
                  >
                    {fmtCell(t, c, i.unit)}
                  </span>
                );
              },
            })),
          ]}
        />
      </div>
    </>
  );
}

function SideBySide({ view, ids }: { view: DayView; ids: string[] }) {
  const { t, i18n } = useTranslation();
  const rows = ids.map((id) => view.districts.find((d) => d.id === id)).filter((d): d is DistrictRow => !!d);
  const [code, setCode] = useState(view.indicators[0]?.code ?? '');
  const at = view.indicators.findIndex((i) => i.code === code);
  const ind = view.indicators[at];
  const radar = useMemo(
    () => ({
      legend: { bottom: 0 },
      tooltip: {},
      radar: { indicator: GROUPS.map((g) => ({ name: t(`indicators.groups.${g}`), max: 100 })) },
      series: [
        {
          type: 'radar',
          data: rows.map((r) => ({
            name: r.name,
            value: GROUPS.map((g) => r.groups[view.groups.indexOf(g)] ?? 0),
          })),
        },
      ],
    }),
    [rows, t, view.groups],
  );
  const bars = useMemo(() => {
    const median = ind ? view.medians[ind.code] : null;
    return {
      tooltip: {},
      grid: { left: 48, right: 24, top: 24, bottom: 48 },
      xAxis: { type: 'category', data: rows.map((r) => r.name) },
      yAxis: { type: 'value' },
      series: [
        {
          type: 'bar',
          data: rows.map((r) => {
            const c = ind ? cellAt(r, at) : undefined;
            return c?.status === 'ok' ? c.value : null;
          }),
          markLine:
            median === null || median === undefined
              ? undefined
              : {
                  data: [{ yAxis: median, name: t('indicators.median') }],
                  label: { formatter: `${t('indicators.median')} {c}` },
                },
        },
      ],
    };
  }, [rows, ind, at, view.medians, t]);
  if (rows.length < 2) return <EmptyState text={t('indicators.pickTwo')} />;
  const table = (): ExportTable => ({
    header: [t('indicators.indicator'), ...rows.map((r) => r.name), t('indicators.medianAll')],
    rows: [
      [t('indicators.score'), ...rows.map((r) => r.score ?? ''), ''],
      ...view.indicators.map((i, k) => [
        label(i18n.language, i.labels),
        ...rows.map((r) => exportCell(cellAt(r, k))),
        view.medians[i.code] ?? '',
      ]),
    ],
  });
  return (
    <div className="stack">
      <ExportButtons table={table} base="indicators-side-by-side" />
      <h3>{t('indicators.radarTitle')}</h3>
      <Chart option={radar} label={t('indicators.radarTitle')} />
      <div className="plan-row">
        <SelectField
          id="ind-bar-code"
          label={t('indicators.indicator')}
          value={code}
          onChange={setCode}
          options={view.indicators.map((i) => ({ value: i.code, label: label(i18n.language, i.labels) }))}
        />
      </div>
      {ind ? (
        <Chart
          option={bars}
          label={t('indicators.barsTitle', { name: label(i18n.language, ind.labels) })}
          height={260}
        />
      ) : null}
      <DataTable
        rows={view.indicators}
        rowKey={(i) => i.code}
        size="small"
        label={t('indicators.views.compare')}
        columns={[
          {
            key: 'l',
            title: t('indicators.indicator'),
            render: (i: IndicatorDef) => label(i18n.language, i.labels),
          },
          ...rows.map((r) => ({
            key: r.id,
            title: r.name,
            render: (i: IndicatorDef) => fmtCell(t, cellAt(r, view.indicators.indexOf(i)), i.unit),
          })),
          {
            key: 'median',
            title: t('indicators.medianAll'),
            render: (i: IndicatorDef) => view.medians[i.code] ?? t('indicators.noData'),
          },
        ]}
      />
    </div>
  );
}

function Trends({ view, ids }: { view: DayView; ids: string[] }) {
  const { t, i18n } = useTranslation();
  const [code, setCode] = useState(
    view.indicators.find((i) => i.code === 'on_time_rate')?.code ?? view.indicators[0]?.code ?? '',
  );
  const chosen = ids.length ? ids : view.districts.slice(0, 3).map((d) => d.id);
  const q = useIndicatorTrend(chosen, code);
  const at = q.data?.codes.indexOf(code) ?? -1;
  const option = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 48, right: 24, top: 24, bottom: 56 },
      xAxis: { type: 'category', data: q.data?.series[0]?.points.map((p) => p.day) ?? [] },
      yAxis: { type: 'value' },
      series: (q.data?.series ?? []).map((s) => ({
        type: 'line',
        name: s.name,
        showSymbol: false,
        data: s.points.map((p) => {
          const c = cellAt(p, at);
          return c.status === 'ok' ? c.value : null;
        }),
      })),
    }),
    [q.data, at],
  );
  const table = (): ExportTable => ({
    header: [t('indicators.district'), ...(q.data?.series[0]?.points.map((p) => p.day) ?? [])],
    rows: (q.data?.series ?? []).map((s) => [s.name, ...s.points.map((p) => exportCell(cellAt(p, at)))]),
  });
  return (
    <div className="stack">
      <div className="plan-row">
        <SelectField
          id="ind-trend-code"
          label={t('indicators.trendIndicator')}
          value={code}
          onChange={setCode}
          options={view.indicators.map((i) => ({ value: i.code, label: label(i18n.language, i.labels) }))}
        />
        <ExportButtons table={table} base={`indicators-trend-${code}`} />
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : null}
      {q.data ? <Chart option={option} label={t('indicators.views.trend')} /> : null}
      {q.data?.series.some((s) => s.points.some((p) => p.synthetic)) ? (
        <div>
          <Badge>{t('indicators.synthetic')}</Badge>
        </div>
      ) : null}
    </div>
  );
}

export function IndicatorsConsole({ me }: { me: Me }) {
  const { t } = useTranslation();
  const [notice, notify] = useNotice();
  const q = useIndicatorTable();
  const compute = useComputeNow();
  const [view, setView] = useState<View>('ranking');
  const [selected, setSelected] = useState<string[]>([]);
  const isAdmin = me.roles.includes('ministry-admin');
  const views: View[] = ['ranking', 'compare', 'trend', 'cohorts', 'rollout', 'system', 'waves'];
  return (
    <Panel
      title={t('indicators.title')}
      extra={
        isAdmin ? (
          <Button
            loading={compute.isPending}
            onClick={() =>
              compute.mutate(undefined, {
                onSuccess: (r) =>
                  notify({
                    type: 'success',
                    text: t('indicators.computed', { count: r.districts, day: r.day }),
                  }),
                onError: (e) => notify({ type: 'error', text: e.message }),
              })
            }
          >
            {t('indicators.computeNow')}
          </Button>
        ) : null
      }
    >
      {notice}
      <ViewSwitch
        label={t('indicators.title')}
        value={view}
        onChange={setView}
        options={views.map((v) => ({ value: v, label: t(`indicators.views.${v}`) }))}
      />
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <div className="ind-view">
          <p className="muted">
            {q.data.day
              ? t('indicators.asOf', { day: q.data.day, version: q.data.version })
              : t(isAdmin ? 'indicators.noSnapshot' : 'indicators.noSnapshotYet')}
            {q.data.districts.some((d) => d.synthetic) ? ` · ${t('indicators.synthetic')}` : ''}
          </p>
          <Suspense fallback={<Loading />}>
            {view === 'ranking' ? (
              <Ranking
                view={q.data}
                selected={selected}
                onSelect={setSelected}
                onCompare={() => setView('compare')}
              />
            ) : view === 'compare' ? (
              <SideBySide view={q.data} ids={selected} />
            ) : view === 'trend' ? (
              <Trends view={q.data} ids={selected} />
            ) : view === 'cohorts' ? (
              <CohortView indicators={q.data.indicators} />
            ) : view === 'rollout' ? (
              <RolloutMatrix />
            ) : view === 'system' ? (
              <SystemEditor canEdit={isAdmin} />
            ) : (
              <WavePromotion me={me} />
            )}
          </Suspense>
        </div>
      )}
    </Panel>
  );
}

export default IndicatorsConsole;
