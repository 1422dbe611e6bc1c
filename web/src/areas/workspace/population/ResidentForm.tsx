import { Alert, Col, Form, Input, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import {
  isParked,
  RESIDENT_TAGS,
  type Resident,
  type ResidentInput,
  useCreateResident,
  useMoveIn,
  useStreetCommunities,
  useUpdateResident,
} from '../../../api/population';
import { useDivisionNames } from '../../../components/DivisionName';
import { applyProblem } from '../../../components/formErrors';
import { useErrorMessage } from '../../../components/States';
import { type CodeList, codeLabel, codeOptions } from './codeLabels';
import { topField, usePopulationScope } from './common';

const isCodeList = (f: string): f is CodeList =>
  f === 'ethnicity' || f === 'education' || f === 'politicalStatus' || f === 'relationship';

const TEXT_FIELDS = [
  'name',
  'idNumber',
  'mobile',
  'ethnicity',
  'education',
  'politicalStatus',
  'building',
  'unit',
  'room',
  'householdRef',
  'relationship',
] as const;
const ALL_FIELDS = [
  ...TEXT_FIELDS,
  'registration',
  'tags',
  'communityCode',
  'from',
  'sex',
  'birthDate',
] as const;

type Values = Partial<
  Record<(typeof TEXT_FIELDS)[number] | 'registration' | 'communityCode' | 'from', string>
> & {
  tags?: string[];
};

const clear = (v: unknown) => typeof v === 'string' && v !== '' && !v.includes('*');

/**
 * Register, edit or move in a resident. Editing a masked record sends only the fields the user
 * filled in (a masked value is never written back); field errors of the API (ID checksum, sex or
 * birth-date mismatch…) appear under their fields in the UI language.
 */
export function ResidentFormModal({
  mode,
  resident,
  onClose,
  onDone,
}: {
  mode: 'create' | 'edit' | 'move-in';
  resident?: Resident;
  onClose: () => void;
  /** Told what happened (saved, or parked for the street's review). */
  onDone?: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorMessage();
  const { scope, caps } = usePopulationScope();
  const [form] = Form.useForm<Values>();
  const [problem, setProblem] = useState<string[]>([]);
  const street = scope.street ?? resident?.streetCode;
  // A community worker reads their own street's entry, filtered to their community.
  const communities = useStreetCommunities(street ?? caps.fixedCommunity?.slice(0, 9));
  const nameOf = useDivisionNames([resident?.communityCode]);
  const create = useCreateResident();
  const moveIn = useMoveIn();
  const update = useUpdateResident(resident?.id ?? '');
  const pending = create.isPending || moveIn.isPending || update.isPending;

  // Prefill with what is known in clear (a revealed record); masked values become placeholders.
  const initial: Values = {};
  if (resident) {
    for (const f of TEXT_FIELDS) if (clear(resident[f])) initial[f] = resident[f] as string;
    if (clear(resident.registration)) initial.registration = resident.registration!;
    if (resident.tags?.every(clear)) initial.tags = resident.tags.filter((x) => x !== 'elderly');
  } else {
    initial.registration = 'local';
  }
  if (mode !== 'edit') {
    const c = caps.fixedCommunity ?? scope.community;
    if (c) initial.communityCode = c;
  }

  const placeholder = (f: keyof Resident) => {
    if (mode !== 'edit' || !resident) return undefined;
    const v = resident[f];
    if (v === undefined || clear(v)) return undefined;
    const current = Array.isArray(v)
      ? v.join('、')
      : isCodeList(f)
        ? (codeLabel(f, String(v), i18n.language) ?? String(v))
        : String(v);
    return t('population.form.keepBlank', { current });
  };

  const onError = (err: unknown) => {
    const { fields, rest: lines } = applyProblem(form, err, i18n.language, {
      known: ALL_FIELDS,
      rename: topField,
    });
    setProblem(
      fields.length && !lines.length ? [t('population.form.fixErrors')] : [errorText(err), ...lines],
    );
  };

  const submit = async () => {
    const v = await form.validateFields();
    setProblem([]);
    const body: ResidentInput & { from?: string } = {};
    for (const f of TEXT_FIELDS) {
      const s = v[f]?.trim();
      if (s) body[f] = s;
    }
    if (v.registration) body.registration = v.registration;
    if (v.communityCode) body.communityCode = v.communityCode;
    if (mode === 'edit') {
      if (v.tags && JSON.stringify(v.tags) !== JSON.stringify(initial.tags)) body.tags = v.tags;
      if (v.registration === initial.registration) delete body.registration;
      for (const f of TEXT_FIELDS) if (body[f] === initial[f]) delete body[f];
      if (Object.keys(body).length === 0) {
        setProblem([t('population.form.nothingChanged')]);
        return;
      }
      try {
        const r = await update.mutateAsync({ ...body, version: resident!.version });
        onDone?.(isParked(r) ? t('population.detail.parked') : t('population.form.saved'));
        onClose();
      } catch (err) {
        onError(err);
      }
      return;
    }
    body.tags = v.tags ?? [];
    try {
      const r =
        mode === 'move-in'
          ? await moveIn.mutateAsync({ ...body, ...(v.from?.trim() ? { from: v.from.trim() } : {}) })
          : await create.mutateAsync(body);
      if (isParked(r)) {
        // Nothing moved yet: the source community's street (or the district) confirms first.
        onDone?.(
          t(r.review.action === 'move-in' ? 'population.form.transferPending' : 'population.detail.parked'),
        );
        onClose();
        return;
      }
      onDone?.(t('population.form.saved'));
      onClose();
      navigate(`/workspace/population/residents/${r.id}`);
    } catch (err) {
      onError(err);
    }
  };

  const title =
    mode === 'create'
      ? t('population.form.createTitle')
      : mode === 'move-in'
        ? t('population.form.moveInTitle')
        : t('population.form.editTitle');
  const required = mode !== 'edit';
  const req = (field: string) =>
    required ? [{ required: true, whitespace: true, message: t('population.form.required', { field }) }] : [];

  return (
    <Modal
      open
      title={title}
      okText={t('population.form.save')}
      cancelText={t('population.common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={pending}
      width={720}
      destroyOnHidden
    >
      {mode === 'move-in' ? <Alert type="info" showIcon message={t('population.form.moveInIntro')} /> : null}
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        requiredMark={required}
        className="resident-form"
      >
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="name"
              label={t('population.fields.name')}
              rules={req(t('population.fields.name'))}
            >
              <Input maxLength={50} autoComplete="off" placeholder={placeholder('name')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="idNumber"
              label={t('population.fields.idNumber')}
              extra={t('population.form.idHelp')}
              rules={req(t('population.fields.idNumber'))}
            >
              <Input
                maxLength={18}
                className="mono"
                autoComplete="off"
                placeholder={placeholder('idNumber')}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="registration"
              label={t('population.fields.registration')}
              rules={req(t('population.fields.registration'))}
            >
              <Select
                allowClear={mode === 'edit'}
                placeholder={placeholder('registration')}
                options={[
                  { value: 'local', label: t('population.registration.local') },
                  { value: 'migrant', label: t('population.registration.migrant') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="mobile" label={t('population.fields.mobile')}>
              <Input maxLength={20} inputMode="tel" autoComplete="off" placeholder={placeholder('mobile')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="communityCode"
              label={t('population.fields.communityCode')}
              rules={req(t('population.fields.communityCode'))}
            >
              <Select
                disabled={Boolean(caps.fixedCommunity) && mode !== 'edit'}
                allowClear={mode === 'edit'}
                placeholder={
                  mode === 'edit'
                    ? (nameOf(resident?.communityCode) ?? resident?.communityCode)
                    : t('population.scope.chooseCommunity')
                }
                loading={communities.isPending && Boolean(street)}
                options={(communities.data ?? []).map((c) => ({
                  value: c.code,
                  label: c.name,
                  title: c.code,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="tags" label={t('population.fields.tags')} extra={t('population.form.tagsHelp')}>
              <Select
                mode="multiple"
                placeholder={placeholder('tags')}
                options={RESIDENT_TAGS.filter((k) => k !== 'elderly').map((k) => ({
                  value: k,
                  label: t(`population.tags.${k}`),
                }))}
              />
            </Form.Item>
          </Col>
          {(['building', 'unit', 'room'] as const).map((f) => (
            <Col xs={8} key={f}>
              <Form.Item name={f} label={t(`population.fields.${f}`)}>
                <Input maxLength={20} placeholder={placeholder(f)} />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} sm={12}>
            <Form.Item name="householdRef" label={t('population.fields.householdRef')}>
              <Input maxLength={40} placeholder={placeholder('householdRef')} />
            </Form.Item>
          </Col>
          {(['relationship', 'ethnicity', 'education', 'politicalStatus'] as const).map((f) => (
            <Col xs={24} sm={12} key={f}>
              <Form.Item name={f} label={t(`population.fields.${f}`)}>
                <Select
                  showSearch
                  allowClear
                  placeholder={placeholder(f)}
                  options={codeOptions(f, i18n.language)}
                  filterOption={(input, o) => !!o?.search.includes(input.trim().toLowerCase())}
                />
              </Form.Item>
            </Col>
          ))}
          {mode === 'move-in' ? (
            <Col xs={24}>
              <Form.Item name="from" label={t('population.form.from')}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
      </Form>
      {problem.length ? (
        <Alert
          type="error"
          role="alert"
          showIcon
          message={problem[0]}
          description={problem.length > 1 ? problem.slice(1).join('；') : undefined}
        />
      ) : null}
    </Modal>
  );
}
