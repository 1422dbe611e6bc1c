import { Alert, Button, Tag } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  RESIDENT_TAGS,
  type Resident,
  type ResidentSearch,
  type ResidentStatus,
  type ResidentTag,
  useResidentsPage,
} from '../../../api/population';
import { CursorPagedTable, useCursorPages } from '../../../components/CursorPager';
import { useDivisionNames } from '../../../components/DivisionName';
import { fmtDate, Panel, ScopePicker, usePopulationScope, useValueLabel } from './common';

// The form (its fields and checks) loads when it is opened, not with the list.
const ResidentFormModal = lazy(() =>
  import('./ResidentForm').then((m) => ({ default: m.ResidentFormModal })),
);

type By = 'name' | 'idNumber' | 'mobile' | 'building' | 'tag';
const PAGE = 20;

/** Residents in scope: search (name prefix, exact ID / mobile, building, tag), cursor pages, masked. */
export function ResidentsPage() {
  const { t } = useTranslation();
  const label = useValueLabel();
  const { caps, scope } = usePopulationScope();
  const [by, setBy] = useState<By>('name');
  const [term, setTerm] = useState('');
  const [tag, setTag] = useState<ResidentTag | undefined>();
  const [status, setStatus] = useState<ResidentStatus | undefined>('active');
  const [search, setSearch] = useState<Partial<ResidentSearch>>({});
  const pages = useCursorPages();
  const [form, setForm] = useState<'create' | 'move-in' | null>(null);

  const query: ResidentSearch = {
    ...(scope.community ? { community: scope.community } : scope.street ? { street: scope.street } : {}),
    ...search,
    limit: PAGE,
  };
  if (query.building && !query.community) delete query.building;
  const q = useResidentsPage(query, pages.cursor);

  const submit = () => {
    const v = term.trim();
    const next: Partial<ResidentSearch> = {};
    if (by === 'tag') {
      if (tag) next.tag = tag;
    } else if (v) next[by] = by === 'idNumber' ? v.toUpperCase() : v;
    if (status && !next.idNumber && !next.mobile && !next.name && !next.tag) next.status = status;
    setSearch(next);
    pages.reset();
  };
  const reset = () => {
    setTerm('');
    setTag(undefined);
    setSearch(status ? { status } : {});
    pages.reset();
  };

  // An empty answer says what was looked for, where, and what to try next.
  const nameOf = useDivisionNames([scope.community, scope.street]);
  const where =
    (scope.community && (nameOf(scope.community) ?? scope.community)) ||
    (scope.street && (nameOf(scope.street) ?? scope.street)) ||
    t('population.search.emptyWhy.scopeAll');
  const emptyText = (): string => {
    const w = (k: string, term = '') =>
      t(`population.search.emptyWhy.${k}`, {
        where,
        term,
        status: search.status ? label('status', search.status) : '',
      });
    const tries = (...keys: string[]) => keys.map((k) => t(`population.search.emptyWhy.${k}`)).join(' ');
    const scoped = scope.community || (scope.street && !caps.fixedStreet) ? ['tryScope'] : [];
    if (search.name) return `${w('name', search.name)} ${tries('tryName', ...scoped)}`;
    if (search.idNumber) return `${w('idNumber', search.idNumber)} ${tries('tryId', ...scoped)}`;
    if (search.mobile) return `${w('mobile', search.mobile)} ${tries('tryMobile', ...scoped)}`;
    const statusTry = search.status && search.status !== 'active' ? ['tryStatus'] : [];
    if (search.tag) return `${w('tag', label('tags', search.tag))} ${tries(...scoped)}`.trim();
    if (search.building) return `${w('building', search.building)} ${tries(...statusTry, ...scoped)}`.trim();
    return `${w('list')} ${tries(...(search.status ? ['tryStatus'] : []), ...(caps.write ? ['tryRegister'] : []))}`.trim();
  };

  const placeholders: Record<By, string> = {
    name: t('population.search.placeholderName'),
    idNumber: t('population.search.placeholderIdNumber'),
    mobile: t('population.search.placeholderMobile'),
    building: t('population.search.placeholderBuilding'),
    tag: '',
  };

  return (
    <div className="stack">
      <Panel
        title={t('population.search.title')}
        extra={
          caps.write ? (
            <div className="actions">
              <Button type="primary" onClick={() => setForm('create')}>
                {t('population.search.create')}
              </Button>
              <Button onClick={() => setForm('move-in')}>{t('population.search.moveIn')}</Button>
            </div>
          ) : null
        }
      >
        <div className="stack">
          <ScopePicker />
          <form
            aria-label={t('population.search.title')}
            className="actions"
            style={{ alignItems: 'center' }}
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <select
              className="native-select"
              aria-label={t('population.search.by')}
              value={by}
              onChange={(e) => setBy(e.target.value as By)}
            >
              <option value="name">{t('population.search.byName')}</option>
              <option value="idNumber">{t('population.search.byIdNumber')}</option>
              <option value="mobile">{t('population.search.byMobile')}</option>
              {scope.community ? <option value="building">{t('population.search.byBuilding')}</option> : null}
              <option value="tag">{t('population.search.byTag')}</option>
            </select>
            {by === 'tag' ? (
              <select
                className="native-select"
                aria-label={t('population.search.byTag')}
                value={tag ?? ''}
                onChange={(e) => setTag((e.target.value || undefined) as ResidentTag | undefined)}
                style={{ minWidth: 180 }}
              >
                <option value="" disabled>
                  {t('population.search.byTag')}
                </option>
                {RESIDENT_TAGS.map((k) => (
                  <option key={k} value={k}>
                    {t(`population.tags.${k}`)}
                  </option>
                ))}
              </select>
            ) : (
              <input
                className="native-input"
                type="search"
                aria-label={t('population.search.term')}
                placeholder={placeholders[by]}
                value={term}
                onChange={(e) => setTerm(e.target.value)}
                inputMode={by === 'mobile' ? 'tel' : 'text'}
                style={{ width: 240 }}
              />
            )}
            <select
              className="native-select"
              aria-label={t('population.search.status')}
              value={status ?? 'any'}
              onChange={(e) =>
                setStatus(e.target.value === 'any' ? undefined : (e.target.value as ResidentStatus))
              }
            >
              <option value="any">{t('population.search.anyStatus')}</option>
              <option value="active">{t('population.status.active')}</option>
              <option value="moved-out">{t('population.status.moved-out')}</option>
              <option value="deceased">{t('population.status.deceased')}</option>
            </select>
            <Button type="primary" htmlType="submit">
              {t('population.search.submit')}
            </Button>
            <Button onClick={reset}>{t('population.search.reset')}</Button>
          </form>
          <p className="muted">{t('population.search.maskedNote')}</p>
        </div>
      </Panel>

      <Panel title={t('population.search.results')}>
        <CursorPagedTable<Resident>
          query={q}
          pages={pages}
          label={t('population.search.results')}
          empty={emptyText()}
          columns={[
            {
              key: 'name',
              title: t('population.fields.name'),
              render: (r) => (
                <Link
                  to={`/workspace/population/residents/${r.id}`}
                  aria-label={`${t('population.search.open')} ${r.name ?? ''}`}
                >
                  {r.name ?? '—'}
                </Link>
              ),
            },
            {
              key: 'idNumber',
              title: t('population.fields.idNumber'),
              className: 'mono',
              render: (r) => r.idNumber,
            },
            { key: 'sex', title: t('population.fields.sex'), render: (r) => label('sex', r.sex) },
            {
              key: 'mobile',
              title: t('population.fields.mobile'),
              className: 'mono',
              render: (r) => r.mobile,
            },
            {
              key: 'registration',
              title: t('population.fields.registration'),
              render: (r) => label('registration', r.registration),
            },
            {
              key: 'status',
              title: t('population.fields.status'),
              render: (r) => (
                <Tag color={r.status === 'active' ? 'green' : 'default'}>{label('status', r.status)}</Tag>
              ),
            },
            {
              key: 'lastVerifiedAt',
              title: t('population.fields.lastVerifiedAt'),
              render: (r) => fmtDate(r.lastVerifiedAt),
            },
          ]}
        />
      </Panel>
      {!scope.community && by === 'building' ? (
        <Alert type="info" message={t('population.scope.pickCommunity')} />
      ) : null}
      {form ? (
        <Suspense fallback={null}>
          <ResidentFormModal mode={form} onClose={() => setForm(null)} />
        </Suspense>
      ) : null}
    </div>
  );
}
