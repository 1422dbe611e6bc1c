import { Alert, Button, Form } from 'antd';
// The input alone: `antd`'s Input also attaches Search, TextArea, Password and OTP (~9 KB gzipped).
import Input from 'antd/es/input/Input';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommunities, useStreets } from '../../../api/client';
import {
  type InvitationInput,
  type InvitationView,
  useCreateInvitation,
  useInvitations,
} from '../../../api/onboarding';
import { NativeSelect } from '../../../components/Controls';
import { DataTable } from '../../../components/DataTable';
import { applyProblem } from '../../../components/formErrors';
import { Tag } from '../../../components/plain';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import { roleLabel } from '../../../i18n/labels';
import onboardingZh from '../../../i18n/onboarding.zh-CN';
import { chinaDateTime } from '../../../time';

registerStrings('onboarding', onboardingZh);

const ROLES = [
  'street-staff',
  'community-worker',
  'department-staff',
  'call-centre-operator',
  'district-admin',
];
const DEPARTMENTS = [
  'civil-affairs',
  'labour',
  'health',
  'family-planning',
  'public-security',
  'housing',
  'education',
  'culture',
  'commerce',
];

interface Values {
  name: string;
  channel: 'sms' | 'email';
  mobile?: string;
  email?: string;
  role: InvitationInput['role'];
  streetCode?: string;
  communityCode?: string;
  department?: NonNullable<InvitationInput['scope']>['department'];
}

function CommunitySelect({
  street,
  id,
  value,
  onChange,
}: {
  street: string;
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const q = useCommunities(street);
  return (
    <NativeSelect
      id={id}
      value={value}
      onChange={(v) => onChange?.(v ?? '')}
      aria-busy={q.isLoading || undefined}
      options={(q.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
    />
  );
}

/** Two or three choices as native radio buttons (a Form.Item control: `id`, `value`, `onChange`). */
function RadioChoice({
  id,
  value,
  onChange,
  label,
  options,
}: {
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
  label: string;
  options: { value: string; label: string }[];
}) {
  return (
    <div id={id} role="radiogroup" aria-label={label} className="checkbox-group">
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="radio"
            name={id ?? label}
            value={o.value}
            checked={value === o.value}
            onChange={() => onChange?.(o.value)}
          />
          {o.label}
        </label>
      ))}
    </div>
  );
}

/** Invite staff by mobile or e-mail with a role and a scope from the district's own org. */
export default function Invitations() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<Values>();
  const list = useInvitations();
  const create = useCreateInvitation();
  const streets = useStreets();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const role = Form.useWatch('role', form);
  const channel = Form.useWatch('channel', form);
  const street = Form.useWatch('streetCode', form);

  const submit = async (v: Values) => {
    const scope =
      v.role === 'street-staff'
        ? { streetCode: v.streetCode }
        : v.role === 'community-worker'
          ? { communityCode: v.communityCode }
          : v.role === 'department-staff'
            ? { department: v.department }
            : {};
    try {
      await create.mutateAsync({
        name: v.name,
        channel: v.channel,
        ...(v.channel === 'sms' ? { mobile: v.mobile } : { email: v.email }),
        role: v.role,
        scope,
      });
      setNotice({ ok: true, text: t('onboarding.invitations.sent') });
      form.resetFields();
    } catch (e) {
      applyProblem(form, e, i18n.language, { rename: (f) => f.replace(/^scope\./, '') });
      setNotice({ ok: false, text: errorMessage(e) });
    }
  };

  return (
    <div className="stack">
      <section className="panel" aria-labelledby="invite-title">
        <h2 className="card-title" id="invite-title">
          {t('onboarding.invitations.title')}
        </h2>
        {notice ? (
          <Alert
            type={notice.ok ? 'success' : 'error'}
            role={notice.ok ? 'status' : 'alert'}
            showIcon
            message={notice.text}
            className="form-alert"
          />
        ) : null}
        <Form
          form={form}
          layout="vertical"
          name="invite"
          initialValues={{ channel: 'sms', role: 'street-staff' }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            label={t('onboarding.invitations.name')}
            name="name"
            rules={[{ required: true, min: 2 }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('onboarding.invitations.channel')} name="channel">
            <RadioChoice
              label={t('onboarding.invitations.channel')}
              options={[
                { value: 'sms', label: t('onboarding.invitations.sms') },
                { value: 'email', label: t('onboarding.invitations.email') },
              ]}
            />
          </Form.Item>
          {channel === 'email' ? (
            <Form.Item
              label={t('onboarding.invitations.email_')}
              name="email"
              rules={[{ required: true, type: 'email' }]}
            >
              <Input inputMode="email" />
            </Form.Item>
          ) : (
            <Form.Item
              label={t('onboarding.invitations.mobile')}
              name="mobile"
              rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('join.adminMobileRequired') }]}
            >
              <Input inputMode="tel" maxLength={11} />
            </Form.Item>
          )}
          <Form.Item label={t('onboarding.invitations.role')} name="role" rules={[{ required: true }]}>
            <NativeSelect options={ROLES.map((r) => ({ value: r, label: roleLabel(t, r) }))} />
          </Form.Item>
          {role === 'street-staff' || role === 'community-worker' ? (
            <Form.Item
              label={t('onboarding.invitations.street')}
              name="streetCode"
              rules={[{ required: true }]}
            >
              <NativeSelect
                aria-busy={streets.isPending || undefined}
                options={(streets.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
              />
            </Form.Item>
          ) : null}
          {role === 'community-worker' && street ? (
            <Form.Item
              label={t('onboarding.invitations.community')}
              name="communityCode"
              rules={[{ required: true }]}
            >
              <CommunitySelect street={street} />
            </Form.Item>
          ) : null}
          {role === 'department-staff' ? (
            <Form.Item
              label={t('onboarding.invitations.department')}
              name="department"
              rules={[{ required: true }]}
            >
              <NativeSelect
                options={DEPARTMENTS.map((d) => ({ value: d, label: t(`onboarding.departments.${d}`) }))}
              />
            </Form.Item>
          ) : null}
          <Button type="primary" htmlType="submit" loading={create.isPending}>
            {t('onboarding.invitations.send')}
          </Button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="invitations-list">
        <h2 className="card-title" id="invitations-list">
          {t('onboarding.invitations.list')}
        </h2>
        {list.isPending ? (
          <Loading />
        ) : list.isError ? (
          <ErrorState error={list.error} onRetry={() => void list.refetch()} />
        ) : list.data.length === 0 ? (
          <EmptyState text={t('onboarding.invitations.empty')} />
        ) : (
          <DataTable<InvitationView>
            rowKey={(i) => i.id}
            rows={list.data}
            label={t('onboarding.invitations.list')}
            columns={[
              { key: 'name', title: t('onboarding.invitations.name'), render: (i) => i.name },
              { key: 'role', title: t('onboarding.invitations.role'), render: (i) => roleLabel(t, i.role) },
              { key: 'to', title: t('onboarding.invitations.channel'), render: (i) => i.to },
              {
                key: 'status',
                title: t('onboarding.queue.status'),
                render: (i) => (
                  <Tag
                    color={
                      i.status === 'accepted' ? 'success' : i.status === 'expired' ? 'default' : 'processing'
                    }
                  >
                    {t(`onboarding.invitations.status.${i.status}`)}
                  </Tag>
                ),
              },
              {
                key: 'validUntil',
                title: t('onboarding.invitations.validUntil'),
                render: (i) => chinaDateTime(i.validUntil),
              },
            ]}
          />
        )}
      </section>
    </div>
  );
}
