import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Resident, useStale } from '../../../api/population';
import { CursorPagedTable, useCursorPages } from '../../../components/CursorPager';
import { DivisionName } from '../../../components/DivisionName';
import { fmtDate, Panel, ScopePicker, usePopulationScope } from './common';

const DAY = 86_400_000;

/** Freshness view: active residents not verified for N days (the district's setting by default). */
export function StalePage() {
  const { t } = useTranslation();
  const { scope } = usePopulationScope();
  const [days, setDays] = useState<number | undefined>();
  const pages = useCursorPages();
  const q = useStale(
    {
      ...(scope.community ? { community: scope.community } : scope.street ? { street: scope.street } : {}),
      ...(days !== undefined ? { days } : {}),
    },
    pages.cursor,
  );
  return (
    <Panel title={t('population.stale.title')}>
      <div className="stack">
        {q.data ? (
          <p>
            {t('population.stale.intro', {
              days: q.data.days,
              before: fmtDate(q.data.before),
            })}
          </p>
        ) : null}
        <div className="actions" style={{ alignItems: 'center' }}>
          <ScopePicker />
          <label className="inline-field" htmlFor="stale-days">
            {t('population.stale.days')}
            <input
              id="stale-days"
              className="native-input"
              type="number"
              inputMode="numeric"
              min={0}
              max={3650}
              style={{ width: 100 }}
              value={days ?? q.data?.days ?? ''}
              onChange={(e) => {
                const n = e.target.value === '' ? undefined : Number(e.target.value);
                setDays(
                  n === undefined || Number.isNaN(n) ? undefined : Math.min(3650, Math.max(0, Math.floor(n))),
                );
                pages.reset();
              }}
            />
          </label>
        </div>
        <CursorPagedTable<Resident>
          query={q}
          pages={pages}
          label={t('population.stale.title')}
          empty={t('population.stale.empty')}
          columns={[
            {
              key: 'name',
              title: t('population.fields.name'),
              render: (r) => <Link to={`/workspace/population/residents/${r.id}`}>{r.name ?? '—'}</Link>,
            },
            {
              key: 'idNumber',
              title: t('population.fields.idNumber'),
              className: 'mono',
              render: (r) => r.idNumber,
            },
            {
              key: 'communityCode',
              title: t('population.fields.communityCode'),
              render: (r) => <DivisionName code={r.communityCode} />,
            },
            {
              key: 'lastVerifiedAt',
              title: t('population.fields.lastVerifiedAt'),
              render: (r) => fmtDate(r.lastVerifiedAt),
            },
            {
              key: 'age',
              title: t('population.stale.days'),
              align: 'right',
              render: (r) =>
                r.lastVerifiedAt ? Math.floor((Date.now() - Date.parse(r.lastVerifiedAt)) / DAY) : '—',
            },
          ]}
        />
      </div>
    </Panel>
  );
}
