/** 楼栋与房屋: a community's buildings, one building's housing units, and their forms. */
import { PlusOutlined } from '@ant-design/icons';
import { Button, Col, Form, Row, Space, Tag } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  BUILDING_USES,
  type Building,
  type BuildingUse,
  baseKeys,
  fetchBuildings,
  fetchUnits,
  type HousingUnit,
  OCCUPANCIES,
  type Occupancy,
  type StoredRecord,
  TENURES,
  type Tenure,
  UNIT_USES,
  type UnitUse,
  useCursorList,
  useSaveBuilding,
  useSaveUnit,
} from '../../../../api/baseData';
import { chinaYear } from '../../../../time';
import { usePopulationScope } from '../common';
import { NativeSelect, NumberInput, TextInput } from './controls';
import {
  CursorTable,
  intOrUndefined,
  RecordFormDialog,
  RecordsTab,
  SavedAlert,
  textOrUndefined,
  useRecordForm,
  valueColumn,
} from './shared';

type BuildingRow = StoredRecord<Building>;
type UnitRow = StoredRecord<HousingUnit>;

/** Occupancy as words in a tag (the colour only repeats what the text says). */
const OCCUPANCY_COLOR: Record<Occupancy, string> = {
  occupied: 'green',
  vacant: 'orange',
  seasonal: 'blue',
};

export function OccupancyTag({ value }: { value: Occupancy | undefined }) {
  const { t } = useTranslation();
  if (!value) return <>—</>;
  return (
    <Tag color={OCCUPANCY_COLOR[value]} data-testid="occupancy">
      {t(`population.baseData.occupancy.${value}`)}
    </Tag>
  );
}

/** The buildings of `community`; choosing one shows its housing units below. */
export function BuildingsTab({ community }: { community: string }) {
  const { t } = useTranslation();
  const q = useCursorList(baseKeys.buildings(community), (cursor, signal) =>
    fetchBuildings(community, cursor, signal),
  );
  return (
    <RecordsTab<BuildingRow>
      list={q}
      label={t('population.baseData.buildings.title')}
      empty={t('population.baseData.buildings.empty')}
      createText={t('population.baseData.buildings.create')}
      open={(r, opened) => ({
        key: r.value.number,
        text: t('population.baseData.buildings.units'),
        label: t('population.baseData.buildings.unitsOf', { number: r.value.number }),
        pressed: r.value.number === opened,
      })}
      name={(r) => r.value.number}
      rowClassName={(r, opened) => (r.value.number === opened ? 'row-selected' : '')}
      columns={[
        valueColumn<Building>(t('population.baseData.buildings.number'), 'number', { className: 'mono' }),
        valueColumn<Building>(t('population.baseData.buildings.name'), 'name'),
        valueColumn<Building>(t('population.baseData.buildings.address'), 'address'),
        valueColumn<Building>(t('population.baseData.buildings.floors'), 'floors', { align: 'right' }),
        {
          title: t('population.baseData.buildings.use'),
          key: 'use',
          render: (_: unknown, r) => t(`population.baseData.buildingUses.${r.value.use}`),
        },
        valueColumn<Building>(t('population.baseData.buildings.yearBuilt'), 'yearBuilt'),
      ]}
      view={(number, onClose) => (
        <UnitsCard
          key={number}
          community={community}
          building={number}
          buildingName={q.rows.find((r) => r.value.number === number)?.value.name}
          onClose={onClose}
        />
      )}
      form={(props) => (
        <BuildingFormModal
          {...props}
          community={community}
          knownNumbers={q.rows.map((r) => r.value.number)}
        />
      )}
    />
  );
}

/** The housing units of one building: use, tenure and occupancy (as text, in a tag). */
export function UnitsCard({
  community,
  building,
  buildingName,
  onClose,
}: {
  community: string;
  building: string;
  buildingName?: string | undefined;
  onClose?: () => void;
}) {
  const { t } = useTranslation();
  const { caps } = usePopulationScope();
  const [form, setForm] = useState<{ existing?: UnitRow } | null>(null);
  const [saved, setSaved] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const q = useCursorList(baseKeys.units(community, building), (cursor, signal) =>
    fetchUnits(community, building, cursor, signal),
  );
  // Keyboard and screen-reader users land on what they asked to see.
  useEffect(() => heading.current?.focus(), []);
  const title = buildingName
    ? t('population.baseData.units.titleNamed', { number: building, name: buildingName })
    : t('population.baseData.units.title', { number: building });
  return (
    <section className="panel" aria-label={title}>
      <div className="card-head">
        <h3 className="card-title" tabIndex={-1} ref={heading}>
          {title}
        </h3>
        {
          <Space wrap>
            {caps.write ? (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({})}>
                {t('population.baseData.units.create')}
              </Button>
            ) : null}
            {onClose ? <Button onClick={onClose}>{t('population.common.close')}</Button> : null}
          </Space>
        }
      </div>
      {saved ? <SavedAlert onClose={() => setSaved(false)} style={{ marginBottom: 12 }} /> : null}
      <CursorTable<UnitRow>
        list={q}
        label={title}
        empty={t('population.baseData.units.empty')}
        columns={[
          valueColumn<HousingUnit>(t('population.fields.unit'), 'unit', { className: 'mono' }),
          valueColumn<HousingUnit>(t('population.fields.room'), 'room', { className: 'mono' }),
          {
            title: t('population.baseData.units.areaSqm'),
            key: 'area',
            align: 'right',
            render: (_: unknown, r) => r.value.areaSqm ?? '—',
          },
          {
            title: t('population.baseData.units.use'),
            key: 'use',
            render: (_: unknown, r) => t(`population.baseData.unitUses.${r.value.use}`),
          },
          {
            title: t('population.baseData.units.tenure'),
            key: 'tenure',
            render: (_: unknown, r) => t(`population.baseData.tenure.${r.value.tenure}`),
          },
          {
            title: t('population.baseData.units.occupancy'),
            key: 'occupancy',
            render: (_: unknown, r) => <OccupancyTag value={r.value.occupancy} />,
          },
          ...(caps.write
            ? [
                {
                  title: t('population.baseData.actions'),
                  key: 'actions',
                  render: (_: unknown, r: UnitRow) => (
                    <Button
                      size="small"
                      aria-label={`${t('population.baseData.edit')} ${[r.value.unit, r.value.room].filter(Boolean).join('-')}`}
                      onClick={() => setForm({ existing: r })}
                    >
                      {t('population.baseData.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {form ? (
        <UnitFormModal
          community={community}
          building={building}
          existing={form.existing}
          knownKeys={q.rows.map((r) => `${r.value.unit ?? ''}#${r.value.room}`)}
          onClose={() => setForm(null)}
          onSaved={() => setSaved(true)}
        />
      ) : null}
    </section>
  );
}

/** The form's fields (a field error of another field, e.g. the community, goes to the alert). */
const BUILDING_FIELDS = ['number', 'name', 'address', 'floors', 'use', 'yearBuilt'] as const;

interface BuildingValues {
  number?: string;
  name?: string;
  address?: string;
  floors?: number | null;
  use?: BuildingUse;
  yearBuilt?: number | null;
}

/** Register or change a building (the API creates or replaces by number). */
export function BuildingFormModal({
  community,
  existing,
  knownNumbers = [],
  onClose,
  onSaved,
}: {
  community: string;
  existing?: BuildingRow | undefined;
  knownNumbers?: readonly string[];
  onClose: () => void;
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const { form, problem, submit, required } = useRecordForm<BuildingValues>(BUILDING_FIELDS);
  const save = useSaveBuilding();
  const editing = Boolean(existing);
  const thisYear = chinaYear();
  const initial: BuildingValues = existing ? { ...existing.value } : { use: 'residential' };

  const onSubmit = submit(async (v) => {
    const number = v.number?.trim() ?? '';
    if (!editing && knownNumbers.includes(number)) {
      form.setFields([{ name: 'number', errors: [t('population.baseData.buildings.exists', { number })] }]);
      return;
    }
    const body: Building = { communityCode: community, number, use: v.use ?? 'residential' };
    const name = textOrUndefined(v.name);
    const address = textOrUndefined(v.address);
    const floors = intOrUndefined(v.floors);
    const yearBuilt = intOrUndefined(v.yearBuilt);
    if (name) body.name = name;
    if (address) body.address = address;
    if (floors !== undefined) body.floors = floors;
    if (yearBuilt !== undefined) body.yearBuilt = yearBuilt;
    // The version seen (0 when creating): nobody's edit is overwritten unseen.
    await save.mutateAsync({ ...body, version: existing?.version ?? 0 });
    onSaved?.();
    onClose();
  });

  return (
    <RecordFormDialog
      title={
        editing
          ? t('population.baseData.buildings.editTitle')
          : t('population.baseData.buildings.createTitle')
      }
      community={community}
      form={form}
      problem={problem}
      initialValues={initial}
      onSubmit={onSubmit}
      onClose={onClose}
      saving={save.isPending}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="number"
            label={t('population.baseData.buildings.number')}
            extra={t('population.baseData.buildings.numberHelp')}
            rules={required(t('population.baseData.buildings.number'))}
          >
            <TextInput maxLength={20} className="mono" autoComplete="off" disabled={editing} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('population.baseData.buildings.name')}>
            <TextInput maxLength={50} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24}>
          <Form.Item name="address" label={t('population.baseData.buildings.address')}>
            <TextInput maxLength={200} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="use" label={t('population.baseData.buildings.use')} rules={[{ required: true }]}>
            <NativeSelect
              options={BUILDING_USES.map((k) => ({
                value: k,
                label: t(`population.baseData.buildingUses.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="floors" label={t('population.baseData.buildings.floors')}>
            <NumberInput min={1} max={200} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item name="yearBuilt" label={t('population.baseData.buildings.yearBuilt')}>
            <NumberInput min={1800} max={thisYear} />
          </Form.Item>
        </Col>
      </Row>
    </RecordFormDialog>
  );
}

/** The form's fields (an unknown building, for one, goes to the alert). */
const UNIT_FIELDS = ['unit', 'room', 'areaSqm', 'use', 'tenure', 'occupancy'] as const;

interface UnitValues {
  unit?: string;
  room?: string;
  areaSqm?: number | null;
  use?: UnitUse;
  tenure?: Tenure;
  occupancy?: Occupancy;
}

/** Register or change a housing unit of `building` (the API creates or replaces by unit and room). */
export function UnitFormModal({
  community,
  building,
  existing,
  knownKeys = [],
  onClose,
  onSaved,
}: {
  community: string;
  building: string;
  existing?: UnitRow | undefined;
  /** `unit#room` of the units listed: creating one of them would replace it. */
  knownKeys?: readonly string[];
  onClose: () => void;
  onSaved?: () => void;
}) {
  const { t } = useTranslation();
  const { form, problem, submit, required } = useRecordForm<UnitValues>(UNIT_FIELDS);
  const save = useSaveUnit();
  const editing = Boolean(existing);
  const initial: UnitValues = existing ? { ...existing.value } : { use: 'residential' };

  const onSubmit = submit(async (v) => {
    const unit = textOrUndefined(v.unit);
    const room = v.room?.trim() ?? '';
    if (!editing && knownKeys.includes(`${unit ?? ''}#${room}`)) {
      form.setFields([{ name: 'room', errors: [t('population.baseData.units.exists')] }]);
      return;
    }
    const body: HousingUnit = {
      communityCode: community,
      building,
      room,
      use: v.use ?? 'residential',
      tenure: v.tenure!,
      occupancy: v.occupancy!,
    };
    if (unit) body.unit = unit;
    if (typeof v.areaSqm === 'number') body.areaSqm = v.areaSqm;
    // The version seen (0 when creating): nobody's edit is overwritten unseen.
    await save.mutateAsync({ ...body, version: existing?.version ?? 0 });
    onSaved?.();
    onClose();
  });

  return (
    <RecordFormDialog
      title={
        editing
          ? t('population.baseData.units.editTitle', { building })
          : t('population.baseData.units.createTitle', { building })
      }
      community={community}
      form={form}
      problem={problem}
      initialValues={initial}
      onSubmit={onSubmit}
      onClose={onClose}
      saving={save.isPending}
    >
      <Row gutter={12}>
        <Col xs={12} sm={8}>
          <Form.Item name="unit" label={t('population.fields.unit')}>
            <TextInput maxLength={20} className="mono" autoComplete="off" disabled={editing} />
          </Form.Item>
        </Col>
        <Col xs={12} sm={8}>
          <Form.Item
            name="room"
            label={t('population.fields.room')}
            rules={required(t('population.fields.room'))}
          >
            <TextInput maxLength={20} className="mono" autoComplete="off" disabled={editing} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item name="areaSqm" label={t('population.baseData.units.areaSqm')}>
            <NumberInput min={0.01} max={10000} step={0.01} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="use"
            label={t('population.baseData.units.use')}
            rules={required(t('population.baseData.units.use'))}
          >
            <NativeSelect
              options={UNIT_USES.map((k) => ({ value: k, label: t(`population.baseData.unitUses.${k}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="tenure"
            label={t('population.baseData.units.tenure')}
            rules={required(t('population.baseData.units.tenure'))}
          >
            <NativeSelect
              options={TENURES.map((k) => ({ value: k, label: t(`population.baseData.tenure.${k}`) }))}
            />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="occupancy"
            label={t('population.baseData.units.occupancy')}
            rules={required(t('population.baseData.units.occupancy'))}
          >
            <NativeSelect
              options={OCCUPANCIES.map((k) => ({
                value: k,
                label: t(`population.baseData.occupancy.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
      </Row>
    </RecordFormDialog>
  );
}
