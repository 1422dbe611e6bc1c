/** 户: the households of a community, one household's members, and the household form. */
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Row, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  baseKeys,
  fetchHouseholds,
  HOUSEHOLD_HEAD,
  HOUSEHOLD_TYPES,
  type Household,
  type HouseholdInput,
  type HouseholdPatch,
  type HouseholdType,
  householdType,
  type StoredRecord,
  useCursorList,
  useHousehold,
  usePatchHousehold,
  useResidentsById,
  useSaveHousehold,
} from '../../../../api/baseData';
import { DataTable } from '../../../../components/DataTable';
import { EmptyState } from '../../../../components/States';
import { CommunityBadge, Fact } from '../common';
import { NativeSelect, TextInput } from './controls';
import { RELATIONSHIPS, relationshipLabel } from './relationships';
import {
  isMasked,
  RecordDialog,
  RecordFacts,
  RecordFormDialog,
  RecordsTab,
  textOrUndefined,
  toDataColumns,
  useRecordForm,
} from './shared';

type HouseholdRow = StoredRecord<Household>;

const addressOf = (h: Household) => [h.building, h.unit, h.room].filter(Boolean).join('-') || '—';

/** The households of `community`, paged; members and changes in dialogs. */
export function HouseholdsTab({ community }: { community: string }) {
  const { t } = useTranslation();
  const q = useCursorList(baseKeys.households(community), (cursor, signal) =>
    fetchHouseholds(community, cursor, signal),
  );
  const typeLabel = (v: HouseholdType | undefined) =>
    v ? t(`population.baseData.households.types.${v}`) : '—';
  return (
    <RecordsTab<HouseholdRow>
      list={q}
      label={t('population.baseData.households.title')}
      empty={t('population.baseData.households.empty')}
      createText={t('population.baseData.households.create')}
      open={(r) => ({
        key: r.value.householdRef,
        text: t('population.baseData.households.view'),
        label: `${t('population.baseData.households.view')} ${r.value.householdRef}`,
      })}
      name={(r) => r.value.householdRef}
      columns={[
        {
          title: t('population.baseData.households.householdRef'),
          key: 'ref',
          className: 'mono',
          render: (_: unknown, r) => r.value.householdRef,
        },
        {
          title: t('population.baseData.households.type'),
          key: 'type',
          render: (_: unknown, r) => typeLabel(householdType(r.value)),
        },
        {
          title: t('population.baseData.households.address'),
          key: 'address',
          className: 'mono',
          render: (_: unknown, r) => addressOf(r.value),
        },
        {
          title: t('population.baseData.households.memberCount'),
          key: 'members',
          align: 'right',
          render: (_: unknown, r) => r.value.members?.length ?? 0,
        },
      ]}
      view={(ref, onClose) => <HouseholdDetailModal householdRef={ref} onClose={onClose} />}
      form={(props) => (
        <HouseholdFormModal
          {...props}
          community={community}
          knownRefs={q.rows.map((r) => r.value.householdRef)}
        />
      )}
    />
  );
}

/** One household (fresh from the API) with its members: relationship and the masked resident. */
export function HouseholdDetailModal({
  householdRef,
  onClose,
}: {
  householdRef: string;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const q = useHousehold(householdRef);
  const members = q.data?.value.members ?? [];
  const residents = useResidentsById(members.map((m) => m.residentId));
  const type = q.data ? householdType(q.data.value) : undefined;
  return (
    <RecordDialog
      title={t('population.baseData.households.detailTitle', { ref: householdRef })}
      q={q}
      onClose={onClose}
      width={720}
    >
      {(record) => (
        <Space direction="vertical" style={{ width: '100%' }}>
          <dl className="fact-list">
            <Fact label={t('population.baseData.households.householdRef')}>
              <span className="mono">{record.value.householdRef}</span>
            </Fact>
            <Fact label={t('population.baseData.households.type')}>
              {type ? t(`population.baseData.households.types.${type}`) : '—'}
            </Fact>
            <Fact label={t('population.baseData.households.address')}>
              <span className="mono">{addressOf(record.value)}</span>
            </Fact>
            <RecordFacts record={record} />
          </dl>
          <DataTable<(typeof members)[number]>
            rowKey={(m) => m.residentId}
            size="small"
            label={t('population.baseData.households.members')}
            rows={members}
            empty={<EmptyState text={t('population.baseData.households.noMembers')} />}
            columns={toDataColumns<(typeof members)[number]>(
              [
                {
                  title: t('population.fields.relationship'),
                  dataIndex: 'relationship',
                  render: (v: string) =>
                    v === HOUSEHOLD_HEAD ? (
                      <Tag color="blue">{relationshipLabel(v, i18n.language)}</Tag>
                    ) : (
                      relationshipLabel(v, i18n.language)
                    ),
                },
                {
                  title: t('population.fields.name'),
                  key: 'name',
                  render: (_: unknown, _m, i) => residents[i]?.data?.name ?? '—',
                },
                {
                  title: t('population.fields.idNumber'),
                  key: 'idNumber',
                  className: 'mono',
                  render: (_: unknown, _m, i) => residents[i]?.data?.idNumber ?? '—',
                },
                {
                  title: t('population.baseData.actions'),
                  key: 'open',
                  render: (_: unknown, m) => (
                    <Link to={`/workspace/population/residents/${m.residentId}`}>
                      {t('population.baseData.households.openResident')}
                    </Link>
                  ),
                },
              ],
              members,
            )}
          />
        </Space>
      )}
    </RecordDialog>
  );
}

/** The form's fields; `members.1.idNumber` lands on the second member's ID number. */
const FIELDS = ['householdRef', 'type', 'building', 'unit', 'room', 'members'] as const;

interface Values {
  householdRef?: string;
  type?: HouseholdType;
  building?: string;
  unit?: string;
  room?: string;
  /** A kept member carries its `residentId`; a new one is entered by ID number. */
  members?: { residentId?: string; idNumber?: string; relationship?: string }[];
}

/**
 * Register a household, or change one where it stands (PATCH with the version seen): blank address
 * fields keep their stored value, kept members keep their identity (by resident id) and only new
 * members are entered by ID number. Masked values are shown as hints, never written back.
 */
export function HouseholdFormModal({
  community,
  existing,
  knownRefs = [],
  onClose,
  onSaved,
}: {
  community: string;
  existing?: HouseholdRow | undefined;
  /** Household numbers already listed: creating one of them would replace it. */
  knownRefs?: readonly string[];
  onClose: () => void;
  onSaved?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { form, problem, submit, required } = useRecordForm<Values>(FIELDS);
  const save = useSaveHousehold();
  const patch = usePatchHousehold();
  const editing = Boolean(existing);
  const members = existing?.value.members ?? [];
  const residents = useResidentsById(members.map((m) => m.residentId));

  const clearOrUndefined = (v: string | undefined) => (v && !isMasked(v) ? v : undefined);
  const initial: Values = existing
    ? {
        householdRef: existing.value.householdRef,
        type: householdType(existing.value) ?? 'family',
        building: clearOrUndefined(existing.value.building),
        unit: clearOrUndefined(existing.value.unit),
        room: clearOrUndefined(existing.value.room),
        members: members.map((m) => ({
          residentId: m.residentId,
          idNumber: '',
          relationship: m.relationship,
        })),
      }
    : { type: 'family', members: [{ idNumber: '', relationship: HOUSEHOLD_HEAD }] };

  const hint = (v: string | undefined) =>
    v && isMasked(v) ? t('population.baseData.households.was', { value: v }) : undefined;

  const onSubmit = submit(async (v) => {
    const ref = v.householdRef?.trim() ?? '';
    if (!editing && knownRefs.includes(ref)) {
      form.setFields([
        { name: 'householdRef', errors: [t('population.baseData.households.exists', { ref })] },
      ]);
      return;
    }
    if (existing) {
      const change: HouseholdPatch = {
        version: existing.version,
        type: v.type ?? 'family',
        members: (v.members ?? []).map((m) => {
          const id = (m.idNumber ?? '').trim().toUpperCase();
          const relationship = m.relationship ?? '';
          return !id && m.residentId
            ? { residentId: m.residentId, relationship }
            : { idNumber: id, relationship };
        }),
      };
      for (const f of ['building', 'unit', 'room'] as const) {
        const s = textOrUndefined(v[f]);
        if (s) change[f] = s;
      }
      await patch.mutateAsync({ ref: existing.value.householdRef ?? existing.id, patch: change });
    } else {
      const body: HouseholdInput = {
        householdRef: ref,
        communityCode: community,
        type: v.type ?? 'family',
        members: (v.members ?? []).map((m) => ({
          idNumber: (m.idNumber ?? '').trim().toUpperCase(),
          relationship: m.relationship ?? '',
        })),
      };
      for (const f of ['building', 'unit', 'room'] as const) {
        const s = textOrUndefined(v[f]);
        if (s) body[f] = s;
      }
      await save.mutateAsync(body);
    }
    onSaved?.();
    onClose();
  });

  const relationshipOptions = RELATIONSHIPS.map((r) => ({
    value: r.code,
    label: `${r.code} ${i18n.language === 'en' ? r.en : r.zh}`,
  }));

  return (
    <RecordFormDialog
      title={
        editing
          ? t('population.baseData.households.editTitle')
          : t('population.baseData.households.createTitle')
      }
      community={community}
      head={
        <Space direction="vertical" style={{ width: '100%' }}>
          <CommunityBadge code={community} />
          {editing ? (
            <Alert type="info" showIcon message={t('population.baseData.households.editNote')} />
          ) : null}
        </Space>
      }
      form={form}
      problem={problem}
      initialValues={initial}
      onSubmit={onSubmit}
      onClose={onClose}
      saving={save.isPending || patch.isPending}
      width={760}
    >
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item
            name="householdRef"
            label={t('population.baseData.households.householdRef')}
            rules={required(t('population.baseData.households.householdRef'))}
          >
            <TextInput maxLength={40} className="mono" autoComplete="off" disabled={editing} />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="type"
            label={t('population.baseData.households.type')}
            rules={[{ required: true }]}
          >
            <NativeSelect
              options={HOUSEHOLD_TYPES.map((k) => ({
                value: k,
                label: t(`population.baseData.households.types.${k}`),
              }))}
            />
          </Form.Item>
        </Col>
        {(['building', 'unit', 'room'] as const).map((f) => (
          <Col xs={24} sm={8} key={f}>
            <Form.Item name={f} label={t(`population.fields.${f}`)}>
              <TextInput maxLength={20} autoComplete="off" placeholder={hint(existing?.value[f])} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      <Form.List name="members">
        {(fields, { add, remove }, { errors }) => (
          <fieldset className="form-fieldset">
            <legend>{t('population.baseData.households.members')}</legend>
            <p className="muted">{t('population.baseData.households.membersHelp')}</p>
            {fields.map((field, i) => (
              <Row gutter={8} key={field.key} align="bottom">
                <Col xs={24} sm={11}>
                  <Form.Item
                    name={[field.name, 'idNumber']}
                    label={t('population.baseData.households.memberId', { n: i + 1 })}
                    // A kept member may stay blank (it keeps its identity); a new one needs the number.
                    rules={
                      form.getFieldValue(['members', field.name, 'residentId'])
                        ? []
                        : required(t('population.fields.idNumber'))
                    }
                  >
                    <TextInput
                      maxLength={18}
                      className="mono"
                      autoComplete="off"
                      placeholder={
                        residents[i]?.data?.idNumber
                          ? t('population.baseData.households.was', { value: residents[i]?.data?.idNumber })
                          : undefined
                      }
                    />
                  </Form.Item>
                </Col>
                <Col xs={18} sm={10}>
                  <Form.Item
                    name={[field.name, 'relationship']}
                    label={t('population.baseData.households.memberRelationship', { n: i + 1 })}
                    rules={required(t('population.fields.relationship'))}
                  >
                    <NativeSelect options={relationshipOptions} />
                  </Form.Item>
                </Col>
                <Col xs={6} sm={3}>
                  <Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('population.baseData.households.removeMember', { n: i + 1 })}
                      title={t('population.baseData.households.removeMember', { n: i + 1 })}
                      onClick={() => remove(field.name)}
                    />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Form.ErrorList errors={errors} />
            <Button
              icon={<PlusOutlined />}
              onClick={() => add({ idNumber: '', relationship: fields.length ? undefined : HOUSEHOLD_HEAD })}
            >
              {t('population.baseData.households.addMember')}
            </Button>
          </fieldset>
        )}
      </Form.List>
    </RecordFormDialog>
  );
}
