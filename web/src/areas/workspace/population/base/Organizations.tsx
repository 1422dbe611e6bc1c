/** 社区组织: party branches, volunteer teams, civil organizations and businesses of a community. */
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Col, Form, Row, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  baseKeys,
  fetchOrganizations,
  ORGANIZATION_TYPES,
  type Organization,
  type OrganizationType,
  type StoredRecord,
  useCreateOrganization,
  useCursorList,
  useOrganization,
  useUpdateOrganization,
} from '../../../../api/baseData';
import type { FieldError } from '../../../../api/errors';
import { Dialog } from '../../../../components/Dialog';
import { ErrorState, Loading } from '../../../../components/States';
import { CommunityBadge, Fact, fmtDateTime, useLocalized, usePopulationScope } from '../common';
import { NativeSelect, NumberInput, TextInput } from './controls';
import {
  CursorTable,
  intOrUndefined,
  isMasked,
  ProblemAlert,
  textOrUndefined,
  useFormProblem,
  useRecordColumns,
} from './shared';

type OrgRow = StoredRecord<Organization>;

/** What a save answered: saved, perhaps with warnings (a credit code that fails its check). */
interface SaveNote {
  warnings: readonly FieldError[];
}

export function OrganizationsTab({ community }: { community: string }) {
  const { t } = useTranslation();
  const text = useLocalized();
  const { caps } = usePopulationScope();
  const [type, setType] = useState<OrganizationType | undefined>();
  const [viewing, setViewing] = useState<string | null>(null);
  const [form, setForm] = useState<{ id?: string } | null>(null);
  const [note, setNote] = useState<SaveNote | null>(null);
  const q = useCursorList(baseKeys.organizations(community, type), (cursor, signal) =>
    fetchOrganizations(community, type, cursor, signal),
  );
  const title = t('population.baseData.organizations.title');
  const recordColumns = useRecordColumns<(typeof q.rows)[number]>(caps.write, (r) => ({
    open: {
      text: t('population.baseData.organizations.view'),
      label: `${t('population.baseData.organizations.view')} ${r.value.name}`,
      onClick: () => setViewing(r.id),
    },
    name: r.value.name,
    onEdit: () => setForm({ id: r.id }),
  }));
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <select
          className="native-select"
          aria-label={t('population.baseData.organizations.filterType')}
          value={type ?? 'all'}
          onChange={(e) =>
            setType(e.target.value === 'all' ? undefined : (e.target.value as OrganizationType))
          }
          style={{ minWidth: 180 }}
        >
          <option value="all">{t('population.baseData.organizations.allTypes')}</option>
          {ORGANIZATION_TYPES.map((k) => (
            <option key={k} value={k}>
              {t(`population.baseData.orgTypes.${k}`)}
            </option>
          ))}
        </select>
        {caps.write ? (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setForm({})}>
            {t('population.baseData.organizations.create')}
          </Button>
        ) : null}
      </Space>
      {note ? (
        note.warnings.length ? (
          <Alert
            type="warning"
            role="status"
            showIcon
            closable
            onClose={() => setNote(null)}
            message={t('population.baseData.organizations.savedWithWarnings')}
            description={
              <ul className="checklist">
                {note.warnings.map((w) => (
                  <li key={`${w.field}-${w.code}`}>
                    {text(w.message)} <span className="mono">({w.code})</span>
                  </li>
                ))}
              </ul>
            }
          />
        ) : (
          <Alert
            type="success"
            role="status"
            showIcon
            closable
            onClose={() => setNote(null)}
            message={t('population.baseData.saved')}
          />
        )
      ) : null}
      <CursorTable<OrgRow>
        list={q}
        label={title}
        empty={t('population.baseData.organizations.empty')}
        columns={[
          {
            title: t('population.baseData.organizations.name'),
            key: 'name',
            render: (_: unknown, r) => r.value.name,
          },
          {
            title: t('population.baseData.organizations.type'),
            key: 'type',
            render: (_: unknown, r) => t(`population.baseData.orgTypes.${r.value.type}`),
          },
          {
            title: t('population.baseData.organizations.creditCode'),
            key: 'creditCode',
            className: 'mono',
            render: (_: unknown, r) => r.value.creditCode ?? '—',
          },
          {
            title: t('population.baseData.organizations.memberCount'),
            key: 'memberCount',
            align: 'right',
            render: (_: unknown, r) => r.value.memberCount ?? '—',
          },
          ...recordColumns,
        ]}
      />
      {viewing ? <OrganizationDetailModal id={viewing} onClose={() => setViewing(null)} /> : null}
      {form ? (
        form.id ? (
          <EditOrganization id={form.id} onClose={() => setForm(null)} onSaved={setNote} />
        ) : (
          <OrganizationFormModal community={community} onClose={() => setForm(null)} onSaved={setNote} />
        )
      ) : null}
    </Space>
  );
}

/** One organization as the API shows it to the role (contact masked). */
function OrganizationDetailModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const q = useOrganization(id);
  const v = q.data?.value;
  return (
    <Dialog
      title={v?.name ?? t('population.baseData.organizations.title')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('population.common.close')}</Button>}
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <dl className="fact-list">
          <Fact label={t('population.baseData.organizations.type')}>
            {t(`population.baseData.orgTypes.${q.data.value.type}`)}
          </Fact>
          <Fact label={t('population.baseData.organizations.creditCode')}>
            <span className="mono">{q.data.value.creditCode ?? '—'}</span>
          </Fact>
          <Fact label={t('population.baseData.organizations.contactName')}>
            {q.data.value.contactName ?? '—'}
          </Fact>
          <Fact label={t('population.baseData.organizations.contactMobile')}>
            <span className="mono">{q.data.value.contactMobile ?? '—'}</span>
          </Fact>
          <Fact label={t('population.baseData.organizations.memberCount')}>
            {q.data.value.memberCount ?? '—'}
          </Fact>
          <Fact label={t('population.fields.communityCode')}>
            <CommunityBadge code={q.data.communityCode} />
          </Fact>
          <Fact label={t('population.baseData.updatedAt')}>
            {fmtDateTime(q.data.updatedAt, i18n.language)}
          </Fact>
          <Fact label={t('population.fields.version')}>{q.data.version}</Fact>
        </dl>
      )}
    </Dialog>
  );
}

/** Load the organization as the role sees it, then edit it. */
function EditOrganization({
  id,
  onClose,
  onSaved,
}: {
  id: string;
  onClose: () => void;
  onSaved: (note: SaveNote) => void;
}) {
  const { t } = useTranslation();
  const q = useOrganization(id);
  if (q.data)
    return (
      <OrganizationFormModal
        community={q.data.communityCode}
        existing={q.data}
        onClose={onClose}
        onSaved={onSaved}
      />
    );
  return (
    <Dialog
      title={t('population.baseData.organizations.editTitle')}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('population.common.close')}</Button>}
    >
      {q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : <Loading />}
    </Dialog>
  );
}

const ORG_FIELDS = ['name', 'type', 'creditCode', 'contactName', 'contactMobile', 'memberCount'] as const;
type OrgTextField = 'name' | 'creditCode' | 'contactName' | 'contactMobile';

interface OrgValues {
  name?: string;
  type?: OrganizationType;
  creditCode?: string;
  contactName?: string;
  contactMobile?: string;
  memberCount?: number | null;
}

/**
 * Register an organization, or change one (only the fields changed, with the version seen).
 * Masked contact details are hints: left blank, they stay as they are.
 */
export function OrganizationFormModal({
  community,
  existing,
  onClose,
  onSaved,
}: {
  community: string;
  existing?: OrgRow;
  onClose: () => void;
  onSaved: (note: SaveNote) => void;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<OrgValues>();
  const [problem, setProblem] = useState<string[]>([]);
  const create = useCreateOrganization();
  const update = useUpdateOrganization(existing?.id ?? '');
  const formProblem = useFormProblem(ORG_FIELDS);
  const cur = existing?.value;
  const clear = (v: string | undefined) => (v && !isMasked(v) ? v : undefined);
  const initial: OrgValues = cur
    ? {
        name: cur.name,
        type: cur.type,
        creditCode: clear(cur.creditCode),
        contactName: clear(cur.contactName),
        contactMobile: clear(cur.contactMobile),
        memberCount: cur.memberCount ?? null,
      }
    : {};
  const hint = (v: string | undefined) =>
    v && isMasked(v) ? t('population.form.keepBlank', { current: v }) : undefined;

  const submit = async () => {
    const v = await form.validateFields();
    setProblem([]);
    const body: Partial<Organization> = {};
    for (const f of ['name', 'creditCode', 'contactName', 'contactMobile'] as OrgTextField[]) {
      const s = textOrUndefined(v[f]);
      if (s) body[f] = f === 'creditCode' ? s.toUpperCase() : s;
    }
    if (v.type) body.type = v.type;
    const members = intOrUndefined(v.memberCount);
    if (members !== undefined) body.memberCount = members;
    try {
      let saved: OrgRow;
      if (existing && cur) {
        for (const k of Object.keys(body) as (keyof Organization)[]) if (body[k] === cur[k]) delete body[k];
        if (Object.keys(body).length === 0) {
          setProblem([t('population.form.nothingChanged')]);
          return;
        }
        saved = await update.mutateAsync({ ...body, version: existing.version });
      } else {
        saved = await create.mutateAsync({ ...body, communityCode: community } as Organization);
      }
      onSaved({ warnings: saved.warnings ?? [] });
      onClose();
    } catch (err) {
      setProblem(formProblem(err, form));
    }
  };

  const req = (field: string) => [
    { required: true, whitespace: true, message: t('population.form.required', { field }) },
  ];
  return (
    <Dialog
      title={
        existing
          ? t('population.baseData.organizations.editTitle')
          : t('population.baseData.organizations.createTitle')
      }
      okText={t('population.form.save')}
      cancelText={t('population.common.cancel')}
      onOk={() => void submit().catch(() => undefined)}
      onCancel={onClose}
      confirmLoading={create.isPending || update.isPending}
      width={640}
    >
      <CommunityBadge code={community} />
      <Form form={form} layout="vertical" initialValues={initial} style={{ marginTop: 12 }}>
        <Row gutter={12}>
          <Col xs={24} sm={16}>
            <Form.Item
              name="name"
              label={t('population.baseData.organizations.name')}
              rules={req(t('population.baseData.organizations.name'))}
            >
              <TextInput maxLength={100} autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item
              name="type"
              label={t('population.baseData.organizations.type')}
              rules={req(t('population.baseData.organizations.type'))}
            >
              <NativeSelect
                options={ORGANIZATION_TYPES.map((k) => ({
                  value: k,
                  label: t(`population.baseData.orgTypes.${k}`),
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="creditCode"
              label={t('population.baseData.organizations.creditCode')}
              extra={t('population.baseData.organizations.creditCodeHelp')}
            >
              <TextInput
                maxLength={18}
                className="mono"
                autoComplete="off"
                placeholder={hint(cur?.creditCode)}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="memberCount" label={t('population.baseData.organizations.memberCount')}>
              <NumberInput min={0} max={1_000_000} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="contactName" label={t('population.baseData.organizations.contactName')}>
              <TextInput maxLength={50} autoComplete="off" placeholder={hint(cur?.contactName)} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="contactMobile"
              label={t('population.baseData.organizations.contactMobile')}
              rules={[
                { pattern: /^1[3-9]\d{9}$/, message: t('population.baseData.organizations.mobileInvalid') },
              ]}
            >
              <TextInput
                maxLength={11}
                inputMode="tel"
                autoComplete="off"
                placeholder={hint(cur?.contactMobile)}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <ProblemAlert lines={problem} />
    </Dialog>
  );
}
