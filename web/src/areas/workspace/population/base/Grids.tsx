/** 网格: the grids of a community (buildings covered, grid worker) and the residents living in one. */
import { Button, Col, Form, Row, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  baseKeys,
  fetchGridResidents,
  fetchGrids,
  type Grid,
  type StoredRecord,
  useAllBuildings,
  useCursorList,
  useSaveGrid,
} from '../../../../api/baseData';
import type { Resident, ResidentStatus } from '../../../../api/population';
import { useValueLabel } from '../common';
import { CheckList, TextArea, TextInput } from './controls';
import {
  CursorTable,
  RecordFormDialog,
  RecordsTab,
  textOrUndefined,
  useRecordForm,
  valueColumn,
} from './shared';

type GridRow = StoredRecord<Grid>;

export function GridsTab({ community }: { community: string }) {
  const { t } = useTranslation();
  const q = useCursorList(baseKeys.grids(community), (cursor, signal) =>
    fetchGrids(community, cursor, signal),
  );
  return (
    <RecordsTab<GridRow>
      list={q}
      label={t('population.baseData.grids.title')}
      empty={t('population.baseData.grids.empty')}
      createText={t('population.baseData.grids.create')}
      open={(r, opened) => ({
        key: r.value.code,
        text: t('population.baseData.grids.residents'),
        label: t('population.baseData.grids.residentsOf', { name: r.value.name }),
        pressed: r.value.code === opened,
      })}
      name={(r) => r.value.name}
      columns={[
        valueColumn<Grid>(t('population.baseData.grids.code'), 'code', { className: 'mono' }),
        valueColumn<Grid>(t('population.baseData.grids.name'), 'name'),
        {
          title: t('population.baseData.grids.buildings'),
          key: 'buildings',
          render: (_: unknown, r) =>
            r.value.buildings?.length ? (
              <span className="tags">
                {r.value.buildings.map((b) => (
                  <Tag key={b} className="mono">
                    {b}
                  </Tag>
                ))}
              </span>
            ) : (
              '—'
            ),
        },
        {
          title: t('population.baseData.grids.worker'),
          key: 'worker',
          render: (_: unknown, r) =>
            [r.value.workerName, r.value.workerUsername ? `(${r.value.workerUsername})` : '']
              .filter(Boolean)
              .join(' ') || '—',
        },
        valueColumn<Grid>(t('population.baseData.grids.description'), 'description'),
      ]}
      view={(code, onClose) => (
        <GridResidentsCard
          key={code}
          community={community}
          code={code}
          name={q.rows.find((r) => r.value.code === code)?.value.name}
          onClose={onClose}
        />
      )}
      form={(props) => (
        <GridFormModal
          {...props}
          community={community}
          knownCodes={q.rows.map((r) => r.value.code)}
          otherGrids={q.rows.filter((r) => r.value.code !== props.existing?.value.code).map((r) => r.value)}
        />
      )}
    />
  );
}

/** The residents living in the grid's buildings (masked as in the residents list). */
function GridResidentsCard({
  community,
  code,
  name,
  onClose,
}: {
  community: string;
  code: string;
  name?: string | undefined;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const label = useValueLabel();
  const heading = useRef<HTMLHeadingElement>(null);
  const q = useCursorList(baseKeys.gridResidents(community, code), (cursor, signal) =>
    fetchGridResidents(community, code, cursor, signal),
  );
  useEffect(() => heading.current?.focus(), []);
  const title = t('population.baseData.grids.residentsTitle', { grid: name ? `${code} ${name}` : code });
  return (
    <section className="panel" aria-label={title}>
      <div className="card-head">
        <h3 className="card-title" tabIndex={-1} ref={heading}>
          {title}
        </h3>
        <Button onClick={onClose}>{t('population.common.close')}</Button>
      </div>
      <CursorTable<Resident>
        list={q}
        label={title}
        empty={t('population.baseData.grids.residentsEmpty')}
        columns={[
          {
            title: t('population.fields.name'),
            dataIndex: 'name',
            render: (v: string | undefined, r) => (
              <Link
                to={`/workspace/population/residents/${r.id}`}
                aria-label={`${t('population.search.open')} ${v ?? ''}`}
              >
                {v ?? '—'}
              </Link>
            ),
          },
          { title: t('population.fields.idNumber'), dataIndex: 'idNumber', className: 'mono' },
          {
            title: t('population.baseData.households.address'),
            key: 'address',
            className: 'mono',
            render: (_: unknown, r) => [r.building, r.unit, r.room].filter(Boolean).join('-') || '—',
          },
          {
            title: t('population.fields.status'),
            dataIndex: 'status',
            render: (v: ResidentStatus) => (
              <Tag color={v === 'active' ? 'green' : 'default'}>{label('status', v)}</Tag>
            ),
          },
        ]}
      />
    </section>
  );
}

const GRID_FIELDS = ['code', 'name', 'buildings', 'workerName', 'workerUsername', 'description'] as const;

interface GridValues {
  code?: string;
  name?: string;
  buildings?: string[];
  workerName?: string;
  workerUsername?: string;
  description?: string;
}

/** Set up or change a grid; its buildings are chosen from the community's buildings. */
export function GridFormModal({
  community,
  existing,
  knownCodes = [],
  otherGrids = [],
  onClose,
  onSaved,
}: {
  community: string;
  existing?: GridRow | undefined;
  knownCodes?: readonly string[];
  /** The community's other grids listed: a building belongs to at most one grid. */
  otherGrids?: readonly Grid[];
  onClose: () => void;
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const { form, problem, submit, required } = useRecordForm<GridValues>(GRID_FIELDS);
  const save = useSaveGrid();
  const buildings = useAllBuildings(community);
  const editing = Boolean(existing);
  const initial: GridValues = existing ? { ...existing.value } : { buildings: [] };

  const onSubmit = submit(async (v) => {
    const code = v.code?.trim() ?? '';
    if (!editing && knownCodes.includes(code)) {
      form.setFields([{ name: 'code', errors: [t('population.baseData.grids.exists', { code })] }]);
      return;
    }
    const body: Grid & { version?: number } = {
      communityCode: community,
      code,
      name: v.name?.trim() ?? '',
      buildings: v.buildings ?? [],
    };
    for (const f of ['workerName', 'workerUsername', 'description'] as const) {
      const s = textOrUndefined(v[f]);
      if (s) body[f] = s;
    }
    if (existing) body.version = existing.version;
    await save.mutateAsync(body);
    onSaved?.();
    onClose();
  });

  // Buildings the grid names that are not (or no longer) registered stay choosable; buildings of
  // another grid are shown, disabled, with the grid they belong to.
  const known = new Set((buildings.data ?? []).map((b) => b.value.number));
  const takenBy = new Map(otherGrids.flatMap((g) => (g.buildings ?? []).map((b) => [b, g.name] as const)));
  const options = [
    ...(buildings.data ?? []).map((b) => {
      const base = b.value.name ? `${b.value.number} ${b.value.name}` : b.value.number;
      const other = takenBy.get(b.value.number);
      return other
        ? {
            value: b.value.number,
            label: t('population.baseData.grids.takenBy', { building: base, grid: other }),
            disabled: true,
          }
        : { value: b.value.number, label: base };
    }),
    ...(existing?.value.buildings ?? []).filter((b) => !known.has(b)).map((b) => ({ value: b, label: b })),
  ];

  return (
    <RecordFormDialog
      title={editing ? t('population.baseData.grids.editTitle') : t('population.baseData.grids.createTitle')}
      community={community}
      form={form}
      problem={problem}
      initialValues={initial}
      onSubmit={onSubmit}
      onClose={onClose}
      saving={save.isPending}
    >
      <Row gutter={12}>
        <Col xs={24} sm={8}>
          <Form.Item
            name="code"
            label={t('population.baseData.grids.code')}
            extra={t('population.baseData.grids.codeHelp')}
            rules={[
              ...required(t('population.baseData.grids.code')),
              { pattern: /^[0-9A-Za-z-]{1,20}$/, message: t('population.baseData.grids.codeInvalid') },
            ]}
          >
            <TextInput maxLength={20} className="mono" autoComplete="off" disabled={editing} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={16}>
          <Form.Item
            name="name"
            label={t('population.baseData.grids.name')}
            rules={required(t('population.baseData.grids.name'))}
          >
            <TextInput maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item
            name="buildings"
            label={t('population.baseData.grids.buildings')}
            extra={
              buildings.isError
                ? t('population.baseData.grids.buildingsFailed')
                : t('population.baseData.grids.buildingsHelp')
            }
          >
            <CheckList
              label={t('population.baseData.grids.buildings')}
              options={options}
              empty={buildings.isPending ? t('app.loading') : t('population.baseData.grids.noBuildings')}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="workerName" label={t('population.baseData.grids.workerName')}>
            <TextInput maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="workerUsername"
            label={t('population.baseData.grids.workerUsername')}
            extra={t('population.baseData.grids.workerUsernameHelp')}
          >
            <TextInput maxLength={128} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="description" label={t('population.baseData.grids.description')}>
            <TextArea maxLength={200} rows={2} />
          </Form.Item>
        </Col>
      </Row>
    </RecordFormDialog>
  );
}
