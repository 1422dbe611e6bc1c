import { Alert, Button, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useStreets } from '../../../api/client';
import {
  type SmsInbound,
  type SmsLogEntry,
  type SmsRules,
  useBroadcast,
  useCloseSms,
  useSaveSmsRules,
  useSmsLog,
  useSmsMessages,
  useSmsRules,
} from '../../../api/hotline';
import type { Me } from '../../../api/types';
import { NativeSelect, Panel, SelectFilter, TabSet } from '../../../components/Controls';
import { DataTable } from '../../../components/DataTable';
import { applyProblem } from '../../../components/formErrors';
import { NumberInput } from '../../../components/NumberInput';
import { ErrorState, Loading } from '../../../components/States';
import { chinaClock, chinaDateTime } from '../../../time';
import { CommunitySelect, FileCaseCard } from './FileCaseCard';
import { has } from './nav';

/** Texts residents sent for the hotline: turn one into a case (channel sms), or close it. */
function Messages() {
  const { t } = useTranslation();
  const [status, setStatus] = useState<'open' | 'closed'>('open');
  const q = useSmsMessages(status);
  const close = useCloseSms();
  const [active, setActive] = useState<SmsInbound>();
  return (
    <div className="stack">
      <SelectFilter
        id="sms-status"
        label={t('hotline.sms.status')}
        value={status}
        style={{ alignSelf: 'flex-start' }}
        onChange={(s) => setStatus(s as 'open' | 'closed')}
        options={(['open', 'closed'] as const).map((s) => ({
          value: s,
          label: t(`hotline.sms.statuses.${s}`),
        }))}
      />
      {q.isError ? <ErrorState error={q.error} onRetry={() => void q.refetch()} /> : null}
      <DataTable<SmsInbound>
        rowKey={(m) => m.id}
        label={t('hotline.sms.messages')}
        busy={q.isFetching}
        rows={q.data?.items ?? []}
        empty={q.isLoading ? <Loading /> : t('hotline.sms.empty')}
        columns={[
          { key: 'at', title: t('hotline.sms.at'), render: (m) => chinaDateTime(m.receivedAt) },
          { key: 'from', title: t('hotline.sms.from'), className: 'mono', render: (m) => m.from },
          { key: 'text', title: t('hotline.sms.text'), render: (m) => m.text },
          {
            key: 'actions',
            title: t('hotline.sms.actions'),
            render: (m) =>
              m.status === 'open' ? (
                <span className="row-actions">
                  <Button type="primary" onClick={() => setActive(m)}>
                    {t('hotline.sms.toCase')}
                  </Button>
                  <Button onClick={() => close.mutate({ id: m.id })}>{t('hotline.sms.close')}</Button>
                </span>
              ) : (
                <Tag>{m.caseNumber ?? t('hotline.sms.statuses.closed')}</Tag>
              ),
          },
        ]}
      />
      {active ? (
        <FileCaseCard
          key={active.id}
          channel="sms"
          applicant={{ mobile: active.from }}
          onFiled={(number) =>
            close.mutate({ id: active.id, caseNumber: number }, { onSuccess: () => setActive(undefined) })
          }
        />
      ) : null}
    </div>
  );
}

/** A notice texted to a community's residents (opted-out numbers skipped). */
function Broadcast() {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ text: string; community: string }>();
  const send = useBroadcast();
  const streets = useStreets();
  const [street, setStreet] = useState<string>();
  const [result, setResult] = useState<string>();
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={(v) =>
        send.mutate(
          { text: v.text, area: { community: v.community } },
          {
            onSuccess: (r) => setResult(t('hotline.sms.sent', r)),
            onError: (e) => applyProblem(form, e, i18n.language),
          },
        )
      }
    >
      <Form.Item label={t('hotline.file.street')} htmlFor="bc-street">
        <NativeSelect
          id="bc-street"
          value={street}
          onChange={(s) => {
            setStreet(s);
            form.setFieldsValue({ community: undefined as unknown as string });
          }}
          options={(streets.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
        />
      </Form.Item>
      <Form.Item name="community" label={t('hotline.file.community')} rules={[{ required: true }]}>
        {street ? <CommunitySelect street={street} /> : <NativeSelect disabled options={[]} />}
      </Form.Item>
      <Form.Item
        name="text"
        label={t('hotline.sms.text')}
        extra={t('hotline.sms.broadcastHelp')}
        rules={[{ required: true, whitespace: true }]}
      >
        <Input.TextArea rows={3} maxLength={300} showCount />
      </Form.Item>
      {result ? <Alert type="success" showIcon message={result} /> : null}
      <Button type="primary" htmlType="submit" loading={send.isPending}>
        {t('hotline.sms.send')}
      </Button>
    </Form>
  );
}

function Log() {
  const { t } = useTranslation();
  const q = useSmsLog();
  return (
    <DataTable<SmsLogEntry>
      rowKey={(e) => e.id}
      label={t('hotline.sms.log')}
      busy={q.isFetching}
      rows={q.data?.items ?? []}
      pageSize={50}
      empty={q.isLoading ? <Loading /> : t('hotline.sms.empty')}
      columns={[
        { key: 'at', title: t('hotline.sms.at'), render: (e) => chinaClock(e.at, { seconds: true }) },
        {
          key: 'direction',
          title: t('hotline.sms.direction'),
          render: (e) => t(`hotline.sms.directions.${e.direction}`),
        },
        { key: 'kind', title: t('hotline.sms.kind'), render: (e) => t(`hotline.sms.kinds.${e.kind}`) },
        { key: 'number', title: t('hotline.sms.from'), className: 'mono', render: (e) => e.number },
        { key: 'text', title: t('hotline.sms.text'), render: (e) => e.text },
        {
          key: 'state',
          title: t('hotline.sms.state'),
          render: (e) => <Tag>{t(`hotline.sms.states.${e.state}`)}</Tag>,
        },
      ]}
    />
  );
}

/** The district's broadcast rules: the admin edits them, other publishers read them. */
function Rules({ editable }: { editable: boolean }) {
  const { t, i18n } = useTranslation();
  const q = useSmsRules();
  const save = useSaveSmsRules();
  const [form] = Form.useForm<SmsRules>();
  const [saved, setSaved] = useState(false);
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  if (!q.data) return null;
  return (
    <Form
      form={form}
      layout="vertical"
      initialValues={q.data}
      disabled={!editable}
      onValuesChange={() => setSaved(false)}
      onFinish={(v) =>
        save.mutate(v, {
          onSuccess: () => setSaved(true),
          onError: (e) => applyProblem(form, e, i18n.language),
        })
      }
    >
      <p>{t('hotline.sms.rulesIntro')}</p>
      <Form.Item name="dailyLimit" label={t('hotline.sms.dailyLimit')} rules={[{ required: true }]}>
        <NumberInput min={0} max={1_000_000} precision={0} />
      </Form.Item>
      <Form.Item
        name="quietFrom"
        label={t('hotline.sms.quietFrom')}
        rules={[{ required: true }]}
        extra={t('hotline.sms.quietNone')}
      >
        <NumberInput min={0} max={23} precision={0} />
      </Form.Item>
      <Form.Item name="quietUntil" label={t('hotline.sms.quietUntil')} rules={[{ required: true }]}>
        <NumberInput min={0} max={23} precision={0} />
      </Form.Item>
      {saved ? <Alert type="success" showIcon message={t('hotline.sms.rulesSaved')} /> : null}
      {editable ? (
        <Button type="primary" htmlType="submit" loading={save.isPending}>
          {t('hotline.sms.rulesSave')}
        </Button>
      ) : (
        <Alert type="info" showIcon message={t('hotline.sms.rulesReadOnly')} />
      )}
    </Form>
  );
}

/** 短信: messages for the hotline, broadcasts, and the day's log with delivery states. */
export function SmsPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const operates = has(me, 'call-centre-operator', 'district-admin');
  const publishes = has(me, 'district-admin', 'street-staff', 'community-worker');
  return (
    <Panel title={<h2 className="card-title">{t('hotline.sms.title')}</h2>}>
      <TabSet
        items={[
          ...(operates
            ? [{ key: 'messages', label: t('hotline.sms.messages'), children: <Messages /> }]
            : []),
          ...(publishes
            ? [{ key: 'broadcast', label: t('hotline.sms.broadcast'), children: <Broadcast /> }]
            : []),
          ...(operates ? [{ key: 'log', label: t('hotline.sms.log'), children: <Log /> }] : []),
          ...(publishes
            ? [
                {
                  key: 'rules',
                  label: t('hotline.sms.rules'),
                  children: <Rules editable={has(me, 'district-admin')} />,
                },
              ]
            : []),
        ]}
      />
    </Panel>
  );
}
