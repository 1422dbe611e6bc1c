import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type Cell, type MatrixFilters, useFlagMatrix } from '../../../api/flags';
import { EmptyState, ErrorState, Loading } from '../../../components/States';
import { categoryValueLabel, moduleLabel, tierLabel } from '../../../i18n/labels';
import { CATEGORY_VALUES, DIMENSIONS, TIERS, WAVES } from '../categories';

function MatrixCell({
  district,
  module,
  cell,
}: {
  district: string;
  module: string;
  cell: Cell | undefined;
}) {
  const { t, i18n } = useTranslation();
  const on = cell?.value === true;
  const detail = cell ? (i18n.language === 'en' ? cell.detail.en : cell.detail.zh) : '';
  const state = on ? t('flags.matrix.on') : t('flags.matrix.off');
  const reason = cell ? t(`flags.reasons.${cell.reason}`) : '';
  const label = t('flags.matrix.cell', { district, module, state, reason, detail });
  const tip = useId();
  return (
    // The reason on hover and on keyboard focus (a plain tooltip: antd's is not loaded for it).
    <span className="matrix-tip-wrap">
      <button
        type="button"
        className={`matrix-cell ${on ? 'matrix-on' : 'matrix-off'}`}
        aria-label={label}
        aria-describedby={tip}
        data-state={on ? 'on' : 'off'}
        data-reason={cell?.reason}
      >
        {on ? '●' : '○'}
        <span className="matrix-cell-text">{state}</span>
      </button>
      <span role="tooltip" id={tip} className="matrix-tip">
        {`${reason} · ${detail}`}
      </span>
    </span>
  );
}

/** Districts × modules: on/off with the reason on hover/focus, filterable by tier, category, wave. */
export function ModuleMatrix() {
  const { t } = useTranslation();
  const [filters, setFilters] = useState<MatrixFilters>({});
  const q = useFlagMatrix(filters);
  const all = { value: '', label: t('ministry.filterAll') };
  const set = (k: keyof MatrixFilters) => (v: string) => setFilters((f) => ({ ...f, [k]: v || undefined }));
  return (
    <section aria-labelledby="matrix-title">
      <h2 id="matrix-title" className="card-title">
        {t('flags.matrix.title')}
      </h2>
      {/* Native selects: keyboard- and screen-reader-friendly on every device, including kiosks. */}
      <div className="filters plan-row">
        <label htmlFor="matrix-tier" className="plan-select">
          <span>{t('ministry.filterTier')}</span>
          <select id="matrix-tier" value={filters.tier ?? ''} onChange={(e) => set('tier')(e.target.value)}>
            {[all, ...TIERS.map((v) => ({ value: v, label: tierLabel(t, v) }))].map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        <label htmlFor="matrix-wave" className="plan-select">
          <span>{t('flags.matrix.filterWave')}</span>
          <select id="matrix-wave" value={filters.wave ?? ''} onChange={(e) => set('wave')(e.target.value)}>
            {[all, ...WAVES.map((v) => ({ value: v, label: v }))].map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {DIMENSIONS.map((d) => (
          <label key={d} htmlFor={`matrix-${d}`} className="plan-select">
            <span>{t(`category.${d}`)}</span>
            <select id={`matrix-${d}`} value={filters[d] ?? ''} onChange={(e) => set(d)(e.target.value)}>
              {[all, ...CATEGORY_VALUES[d].map((v) => ({ value: v, label: categoryValueLabel(t, v) }))].map(
                (o) => (
                  <option key={o.value} value={o.value}>
                    {o.label}
                  </option>
                ),
              )}
            </select>
          </label>
        ))}
      </div>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : q.data.districts.length === 0 ? (
        <EmptyState text={t('flags.matrix.empty')} />
      ) : (
        <div className="matrix-scroll">
          <table className="flag-matrix">
            <caption>{t('flags.matrix.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('flags.matrix.district')}</th>
                {q.data.modules.map((m) => (
                  <th scope="col" key={m.key}>
                    <span className="matrix-head">{moduleLabel(t, m.key)}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {q.data.districts.map((d) => (
                <tr key={d.id}>
                  <th scope="row">
                    <span className="matrix-district">{d.name}</span>
                    <span className="matrix-meta">
                      {tierLabel(t, d.tier)} · {d.wave ?? '—'}
                    </span>
                  </th>
                  {q.data.modules.map((m) => (
                    <td key={m.key}>
                      <MatrixCell district={d.name} module={moduleLabel(t, m.key)} cell={d.cells[m.key]} />
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
