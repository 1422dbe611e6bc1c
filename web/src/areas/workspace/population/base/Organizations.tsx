/** 社区组织: party branches, volunteer teams, civil organizations and businesses of a community. */
import { Alert, Button, Col, Form, Row } from 'antd';
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
import { Fact, useLocalized } from '../common';
import { NativeSelect, NumberInput, TextInput } from './controls';
import {
  intOrUndefined,
  isMasked,
  RecordDialog,
  RecordFacts,
  RecordFormDialog,
  RecordsTab,
  SavedAlert,
  textOrUndefined,
  useRecordForm,
  valueColumn,
} from './shared';

type OrgRow = StoredRecord<Organization>;

/** What a save answered: saved, perhaps with warnings (a credit code that fails its check). */
interface SaveNote {
  warnings: readonly FieldError[];
}

export function OrganizationsTab({ community }: { community: string }) {
  const { t } = useTranslation();
  const text = useLocalized();
  const [type, setType] = useState<OrganizationType | undefined>();
  const q = useCursorList(baseKeys.organizations(community, type), (cursor, signal) =>
    fetchOrganizations(community, type, cursor, signal),
  );
  return (
    <RecordsTab<OrgRow, SaveNote>
      list={q}
      label={t('population.baseData.organizations.title')}
      empty={t('population.baseData.organizations.empty')}
      createText={t('population.baseData.organizations.create')}
      filters={
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
      }
      notice={(note, onClose) =>
        note.warnings.length ? (
          <Alert
            type="warning"
            role="status"
            showIcon
            closable
            onClose={onClose}
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
          <SavedAlert onClose={onClose} />
        )
      }
      open={(r) => ({
        key: r.id,
        text: t('population.baseData.organizations.view'),
        label: `${t('population.baseData.organizations.view')} ${r.value.name}`,
      })}
      name={(r) => r.value.name}
      columns={[
        valueColumn<Organization>(t('population.baseData.organizations.name'), 'name'),
        {
          title: t('population.baseData.organizations.type'),
          key: 'type',
          render: (_: unknown, r) => t(`population.baseData.orgTypes.${r.value.type}`),
        },
        valueColumn<Organization>(t('population.baseData.organizations.creditCode'), 'creditCode', {
          className: 'mono',
        }),
        valueColumn<Organization>(t('population.baseData.organizations.memberCount'), 'memberCount', {
          align: 'right',
        }),
      ]}
      view={(id, onClose) => <OrganizationDetailModal id={id} onClose={onClose} />}
      form={({ existing, onClose, onSaved }) =>
        existing ? (
          <EditOrganization id={existing.id} onClose={onClose} onSaved={onSaved} />
        ) : (
          <OrganizationFormModal community={community} onClose={onClose} onSaved={onSaved} />
        )
      }
    />
  );
}

/** One organization as the API shows it to the role (contact masked). */
function OrganizationDetailModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  const q = useOrganization(id);
  const v = q.data?.value;
  return (
    <RecordDialog title={v?.name ?? t('population.baseData.organizations.title')} q={q} onClose={onClose}>
      {(record) => (
        <dl className="fact-list">
          <Fact label={t('population.baseData.organizations.type')}>
            {t(`population.baseData.orgTypes.${record.value.type}`)}
          </Fact>
          <Fact label={t('population.baseData.organizations.creditCode')}>
            <span className="mono">{record.value.creditCode ?? '—'}</span>
          </Fact>
          <Fact label={t('population.baseData.organizations.contactName')}>
            {record.value.contactName ?? '—'}
          </Fact>
          <Fact label={t('population.baseData.organizations.contactMobile')}>
            <span className="mono">{record.value.contactMobile ?? '—'}</span>
          </Fact>
          <Fact label={t('population.baseData.organizations.memberCount')}>
            {record.value.memberCount ?? '—'}
          </Fact>
          <RecordFacts record={record} />
        </dl>
      )}
    </RecordDialog>
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
  const { form, problem, setProblem, submit, required } = useRecordForm<OrgValues>(ORG_FIELDS);
  const create = useCreateOrganization();
  const update = useUpdateOrganization(existing?.id ?? '');
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

  const onSubmit = submit(async (v) => {
    const body: Partial<Organization> = {};
    for (const f of ['name', 'creditCode', 'contactName', 'contactMobile'] as OrgTextField[]) {
      const s = textOrUndefined(v[f]);
      if (s) body[f] = f === 'creditCode' ? s.toUpperCase() : s;
    }
    if (v.type) body.type = v.type;
    const members = intOrUndefined(v.memberCount);
    if (members !== undefined) body.memberCount = members;
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
  });

  return (
    <RecordFormDialog
      title={
        existing
          ? t('population.baseData.organizations.editTitle')
          : t('population.baseData.organizations.createTitle')
      }
      community={community}
      form={form}
      problem={problem}
      initialValues={initial}
      onSubmit={onSubmit}
      onClose={onClose}
      saving={create.isPending || update.isPending}
    >
      <Row gutter={12}>
        <Col xs={24} sm={16}>
          <Form.Item
            name="name"
            label={t('population.baseData.organizations.name')}
            rules={required(t('population.baseData.organizations.name'))}
          >
            <TextInput maxLength={100} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={8}>
          <Form.Item
            name="type"
            label={t('population.baseData.organizations.type')}
            rules={required(t('population.baseData.organizations.type'))}
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
    </RecordFormDialog>
  );
}
