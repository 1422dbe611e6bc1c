import { useMutation } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  List,
  Modal,
  Radio,
  Select,
  Space,
  Steps,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  downloadMaterial,
  revealCase,
  type StaffCase,
  useAddNote,
  useAssign,
  useAssignees,
  useStaffCase,
} from '../../../api/cases';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { CaseActions } from './CaseActions';
import { pick } from './common';

type Value = StaffCase['form'][string];
type Upload = { uploadId: string; name: string; type: string; size: number };
const isUploads = (v: Value): v is Upload[] => Array.isArray(v) && v.some((x) => typeof x === 'object');
const show = (v: Value | undefined) =>
  v === undefined
    ? '—'
    : Array.isArray(v)
      ? v.map((x) => (typeof x === 'string' ? x : x.name)).join('、')
      : String(v);

/** "查看完整信息": sealed answers in clear only with a reason; the API logs the view. */
function RevealForm({ c, onRevealed }: { c: StaffCase; onRevealed: (v: Record<string, Value>) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<{ fields: string[]; reason: string }>();
  const sealed = c.fields.filter((f) => f.sealed && c.form[f.key] !== undefined);
  const reveal = useMutation({
    mutationFn: (v: { fields: string[]; reason: string }) => revealCase(c.id, v.fields, v.reason),
    onSuccess: (r) => {
      onRevealed(r.form);
      setOpen(false);
    },
  });
  if (!sealed.length) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)}>{t('cases.detail.reveal')}</Button>
      <Modal
        open={open}
        title={t('cases.reveal.title')}
        okText={t('cases.reveal.confirm')}
        cancelText={t('cases.detail.cancel')}
        confirmLoading={reveal.isPending}
        onOk={() =>
          void form
            .validateFields()
            .then((v) => reveal.mutate({ ...v, reason: v.reason.trim() }))
            .catch(() => undefined)
        }
        onCancel={() => setOpen(false)}
        destroyOnHidden
      >
        <Typography.Paragraph>{t('cases.reveal.intro')}</Typography.Paragraph>
        <Form form={form} layout="vertical" requiredMark initialValues={{ fields: sealed.map((f) => f.key) }}>
          <Form.Item name="fields" label={t('cases.reveal.fields')} rules={[{ required: true }]}>
            <Select
              mode="multiple"
              options={sealed.map((f) => ({ value: f.key, label: pick(i18n.language, f.label) }))}
            />
          </Form.Item>
          <Form.Item
            name="reason"
            label={t('cases.reveal.reason')}
            rules={[{ required: true, whitespace: true, min: 2, message: t('cases.detail.reasonRequired') }]}
          >
            <Input.TextArea rows={2} maxLength={200} placeholder={t('cases.reveal.reasonPlaceholder')} />
          </Form.Item>
        </Form>
        {reveal.isError ? (
          <Alert type="error" role="alert" showIcon message={errorText(reveal.error)} />
        ) : null}
      </Modal>
    </>
  );
}

function Notes({ c }: { c: StaffCase }) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const add = useAddNote(c.id);
  const [form] = Form.useForm<{ text: string; visibility: 'internal' | 'resident' }>();
  return (
    <Card title={<h3 className="card-title">{t('cases.detail.notes')}</h3>} size="small">
      <List
        size="small"
        dataSource={c.notes}
        renderItem={(n) => (
          <List.Item>
            <Space direction="vertical" size={0}>
              <Space>
                <Tag color={n.visibility === 'resident' ? 'green' : 'default'}>
                  {t(n.visibility === 'resident' ? 'cases.detail.noteResident' : 'cases.detail.noteInternal')}
                </Tag>
                <Typography.Text type="secondary">{n.at.slice(0, 16).replace('T', ' ')}</Typography.Text>
              </Space>
              <span>{n.text}</span>
            </Space>
          </List.Item>
        )}
      />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ visibility: 'internal' }}
        onFinish={(v) =>
          add.mutate(
            { text: v.text.trim(), visibility: v.visibility },
            { onSuccess: () => form.resetFields() },
          )
        }
      >
        <Form.Item name="text" label={t('cases.detail.notes')} rules={[{ required: true, whitespace: true }]}>
          <Input.TextArea rows={2} maxLength={1000} placeholder={t('cases.detail.notePlaceholder')} />
        </Form.Item>
        <Form.Item name="visibility">
          <Radio.Group
            options={[
              { value: 'internal', label: t('cases.detail.noteInternal') },
              { value: 'resident', label: t('cases.detail.noteResident') },
            ]}
          />
        </Form.Item>
        <Button htmlType="submit" loading={add.isPending}>
          {t('cases.detail.addNote')}
        </Button>
        {add.isError ? <Alert type="error" role="alert" showIcon message={errorText(add.error)} /> : null}
      </Form>
    </Card>
  );
}

/** Assign to a colleague who can see the case, chosen by name (only for those who handle cases). */
function Assign({ c }: { c: StaffCase }) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const assign = useAssign(c.id);
  const colleagues = useAssignees(c.id);
  const [who, setWho] = useState<string>();
  // A viewer who may not handle cases (403) is not offered the control at all.
  if (!colleagues.data) return null;
  return (
    <Space wrap>
      <Select
        aria-label={t('cases.detail.assignPlaceholder')}
        placeholder={t('cases.detail.assignPlaceholder')}
        value={who}
        onChange={setWho}
        showSearch
        optionFilterProp="label"
        style={{ width: 280 }}
        notFoundContent={t('cases.detail.assignNone')}
        options={colleagues.data.items.map((m) => ({
          value: m.sub,
          label: `${m.name}（${m.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join('、')}）`,
        }))}
      />
      <Button disabled={!who} loading={assign.isPending} onClick={() => who && assign.mutate(who)}>
        {t('cases.detail.assign')}
      </Button>
      {c.assignee ? <Button onClick={() => assign.mutate(null)}>{t('cases.detail.unassign')}</Button> : null}
      {assign.isError ? <Typography.Text type="danger">{errorText(assign.error)}</Typography.Text> : null}
    </Space>
  );
}

/** The assignee by name when the viewer can list colleagues, else their user ID. */
function AssigneeName({ c }: { c: StaffCase }) {
  const colleagues = useAssignees(c.id, !!c.assignee && (c.status === 'pending' || c.status === 'returned'));
  if (!c.assignee) return <>—</>;
  return <>{colleagues.data?.items.find((m) => m.sub === c.assignee)?.name ?? c.assignee}</>;
}

/** One case as staff work it: summary, steps, masked form with reveal, materials, history, notes, actions. */
export default function CaseDetailPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const q = useStaffCase(id);
  const [revealed, setRevealed] = useState<Record<string, Value>>({});
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const c = q.data;
  const lang = i18n.language;
  const uploads = c.fields.flatMap((f) => {
    const v = c.form[f.key];
    return v !== undefined && isUploads(v) ? v.map((u) => ({ ...u, field: pick(lang, f.label) })) : [];
  });
  const open = async (u: Upload) => {
    const blob = await downloadMaterial(c.id, u.uploadId);
    const url = URL.createObjectURL(blob);
    window.open(url, '_blank', 'noopener');
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <div className="stack">
      <Link to="/workspace/services/inbox">{t('cases.detail.back')}</Link>
      <Card
        title={
          <h2 className="card-title">
            {pick(lang, c.service.name)} · <span className="mono">{c.number}</span>
          </h2>
        }
        extra={<Tag>{t(`cases.statuses.${c.status}`)}</Tag>}
      >
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={t('cases.detail.step')}>{pick(lang, c.step.name)}</Descriptions.Item>
          <Descriptions.Item label={t('cases.detail.channel')}>
            {t(`cases.channels.${c.channel}`)}
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.detail.stepDue')}>
            {c.clock ? c.clock.stepDue : '—'}{' '}
            {c.clock?.overdue ? <Tag color="error">{t('cases.inbox.overdueTag')}</Tag> : null}
            {c.clock?.soonDue ? <Tag color="warning">{t('cases.inbox.soonTag')}</Tag> : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.detail.due')}>
            {c.due}{' '}
            {c.provisional ? (
              <Tag title={t('cases.detail.provisionalHint')}>{t('cases.inbox.provisional')}</Tag>
            ) : null}
          </Descriptions.Item>
          <Descriptions.Item label={t('cases.detail.applicant')}>
            {t(
              c.applicant.kind === 'resident'
                ? 'cases.detail.applicantResident'
                : 'cases.detail.applicantCaller',
            )}
          </Descriptions.Item>
          {c.filedBy ? (
            <Descriptions.Item label={t('cases.detail.filedBy')}>{c.filedBy}</Descriptions.Item>
          ) : null}
          <Descriptions.Item label={t('cases.detail.assignee')}>
            <AssigneeName c={c} />
          </Descriptions.Item>
        </Descriptions>
        <Steps
          size="small"
          style={{ marginTop: 16 }}
          current={c.stepIndex}
          status={c.status === 'rejected' ? 'error' : c.status === 'approved' ? 'finish' : 'process'}
          items={c.steps.map((s) => ({
            title: pick(lang, s.name),
            description: `${t(`cases.levels.${s.level}`)} · ${t('cases.detail.days', { n: s.timeLimitDays })}`,
          }))}
        />
        <div style={{ marginTop: 16 }}>
          <CaseActions c={c} />
        </div>
        {c.status === 'pending' || c.status === 'returned' ? (
          <div style={{ marginTop: 12 }}>
            <Assign c={c} />
          </div>
        ) : null}
      </Card>
      <Card
        title={<h3 className="card-title">{t('cases.detail.form')}</h3>}
        size="small"
        extra={<RevealForm c={c} onRevealed={setRevealed} />}
      >
        <Descriptions size="small" column={1} bordered>
          {c.fields
            .filter((f) => f.type !== 'file')
            .map((f) => (
              <Descriptions.Item key={f.key} label={pick(lang, f.label)}>
                {show(revealed[f.key] ?? c.form[f.key])}
              </Descriptions.Item>
            ))}
        </Descriptions>
      </Card>
      <Card title={<h3 className="card-title">{t('cases.detail.materials')}</h3>} size="small">
        <List
          size="small"
          dataSource={uploads}
          renderItem={(u) => (
            <List.Item
              actions={[
                <Button key="d" type="link" onClick={() => void open(u)}>
                  {t('cases.detail.download')}
                </Button>,
              ]}
            >
              {u.field}：{u.name}
            </List.Item>
          )}
        />
      </Card>
      <Card title={<h3 className="card-title">{t('cases.detail.timeline')}</h3>} size="small">
        <Timeline
          items={c.timeline.map((e) => ({
            children: (
              <span>
                {e.at.slice(0, 16).replace('T', ' ')} · {t(`cases.actions.${e.action}`)} · {e.role}
                {e.reason ? `：${e.reason}` : ''}
              </span>
            ),
          }))}
        />
      </Card>
      <Notes c={c} />
    </div>
  );
}
