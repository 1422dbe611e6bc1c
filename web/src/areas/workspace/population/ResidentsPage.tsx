import { Alert, Button, Card, Input, Select, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
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
import { fmtDate, ScopePicker, usePopulationScope, useValueLabel } from './common';
import { ResidentFormModal } from './ResidentForm';

type By = 'name' | 'idNumber' | 'mobile' | 'building' | 'tag';
const PAGE = 20;

/** Residents in scope: search (name prefix, exact ID / mobile, building, tag), cursor pages, masked. */
export function ResidentsPage() {
  const { t, i18n } = useTranslation();
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
      <Card
        title={<h2 className="card-title">{t('population.search.title')}</h2>}
        extra={
          caps.write ? (
            <Space wrap>
              <Button type="primary" onClick={() => setForm('create')}>
                {t('population.search.create')}
              </Button>
              <Button onClick={() => setForm('move-in')}>{t('population.search.moveIn')}</Button>
            </Space>
          ) : null
        }
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <ScopePicker />
          <form
            aria-label={t('population.search.title')}
            onSubmit={(e) => {
              e.preventDefault();
              submit();
            }}
          >
            <Space wrap align="end">
              <Select<By>
                aria-label={t('population.search.by')}
                value={by}
                onChange={(v) => setBy(v)}
                style={{ minWidth: 140 }}
                options={[
                  { value: 'name', label: t('population.search.byName') },
                  { value: 'idNumber', label: t('population.search.byIdNumber') },
                  { value: 'mobile', label: t('population.search.byMobile') },
                  ...(scope.community
                    ? [{ value: 'building' as const, label: t('population.search.byBuilding') }]
                    : []),
                  { value: 'tag', label: t('population.search.byTag') },
                ]}
              />
              {by === 'tag' ? (
                <Select<ResidentTag>
                  aria-label={t('population.search.byTag')}
                  value={tag}
                  onChange={setTag}
                  style={{ minWidth: 180 }}
                  placeholder={t('population.search.byTag')}
                  options={RESIDENT_TAGS.map((k) => ({ value: k, label: t(`population.tags.${k}`) }))}
                />
              ) : (
                <Input
                  aria-label={t('population.search.term')}
                  placeholder={placeholders[by]}
                  value={term}
                  onChange={(e) => setTerm(e.target.value)}
                  allowClear
                  inputMode={by === 'mobile' ? 'tel' : 'text'}
                  style={{ width: 240, maxWidth: '100%' }}
                />
              )}
              <Select<ResidentStatus | 'any'>
                aria-label={t('population.search.status')}
                value={status ?? 'any'}
                onChange={(v) => setStatus(v === 'any' ? undefined : v)}
                style={{ minWidth: 120 }}
                options={[
                  { value: 'any', label: t('population.search.anyStatus') },
                  { value: 'active', label: t('population.status.active') },
                  { value: 'moved-out', label: t('population.status.moved-out') },
                  { value: 'deceased', label: t('population.status.deceased') },
                ]}
              />
              <Button type="primary" htmlType="submit">
                {t('population.search.submit')}
              </Button>
              <Button onClick={reset}>{t('population.search.reset')}</Button>
            </Space>
          </form>
          <Typography.Text type="secondary">{t('population.search.maskedNote')}</Typography.Text>
        </Space>
      </Card>

      <Card title={<h2 className="card-title">{t('population.search.results')}</h2>}>
        <CursorPagedTable<Resident>
          query={q}
          pages={pages}
          label={t('population.search.results')}
          empty={emptyText()}
          columns={[
            {
              title: t('population.fields.name'),
              dataIndex: 'name',
              render: (v: string, r) => (
                <Link
                  to={`/workspace/population/residents/${r.id}`}
                  aria-label={`${t('population.search.open')} ${v ?? ''}`}
                >
                  {v ?? '—'}
                </Link>
              ),
            },
            { title: t('population.fields.idNumber'), dataIndex: 'idNumber', className: 'mono' },
            { title: t('population.fields.sex'), dataIndex: 'sex', render: (v) => label('sex', v) },
            { title: t('population.fields.mobile'), dataIndex: 'mobile', className: 'mono' },
            {
              title: t('population.fields.registration'),
              dataIndex: 'registration',
              render: (v) => label('registration', v),
            },
            {
              title: t('population.fields.status'),
              dataIndex: 'status',
              render: (v: ResidentStatus) => (
                <Tag color={v === 'active' ? 'green' : 'default'}>{label('status', v)}</Tag>
              ),
            },
            {
              title: t('population.fields.lastVerifiedAt'),
              dataIndex: 'lastVerifiedAt',
              render: (v: string) => fmtDate(v, i18n.language),
            },
          ]}
        />
      </Card>
      {!scope.community && by === 'building' ? (
        <Alert type="info" message={t('population.scope.pickCommunity')} />
      ) : null}
      {form ? <ResidentFormModal mode={form} onClose={() => setForm(null)} /> : null}
    </div>
  );
}
