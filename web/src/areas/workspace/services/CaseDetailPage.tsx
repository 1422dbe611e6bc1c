import { useMutation } from '@tanstack/react-query';
import { Alert, Button, Form, Input, Tag } from 'antd';
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
import { CheckboxList, NativeSelect, Panel, RadioList } from '../../../components/Controls';
import { Dialog } from '../../../components/Dialog';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { chinaDateTime } from '../../../time';
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
      {open ? (
        <Dialog
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
        >
          <p>{t('cases.reveal.intro')}</p>
          <Form
            form={form}
            layout="vertical"
            requiredMark
            initialValues={{ fields: sealed.map((f) => f.key) }}
          >
            <Form.Item name="fields" label={t('cases.reveal.fields')} rules={[{ required: true }]}>
              <CheckboxList
                label={t('cases.reveal.fields')}
                options={sealed.map((f) => ({ value: f.key, label: pick(i18n.language, f.label) }))}
              />
            </Form.Item>
            <Form.Item
              name="reason"
              label={t('cases.reveal.reason')}
              rules={[
                { required: true, whitespace: true, min: 2, message: t('cases.detail.reasonRequired') },
              ]}
            >
              <Input.TextArea rows={2} maxLength={200} placeholder={t('cases.reveal.reasonPlaceholder')} />
            </Form.Item>
          </Form>
          {reveal.isError ? (
            <Alert type="error" role="alert" showIcon message={errorText(reveal.error)} />
          ) : null}
        </Dialog>
      ) : null}
    </>
  );
}

function Notes({ c }: { c: StaffCase }) {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const add = useAddNote(c.id);
  const [form] = Form.useForm<{ text: string; visibility: 'internal' | 'resident' }>();
  return (
    <Panel title={<h3 className="card-title">{t('cases.detail.notes')}</h3>} size="small">
      <ul className="plain-list">
        {c.notes.map((n) => (
          <li key={`${n.at}-${n.text}`}>
            <div>
              <div className="actions">
                <Tag color={n.visibility === 'resident' ? 'green' : 'default'}>
                  {t(n.visibility === 'resident' ? 'cases.detail.noteResident' : 'cases.detail.noteInternal')}
                </Tag>
                <span className="muted">{chinaDateTime(n.at)}</span>
              </div>
              <div>{n.text}</div>
            </div>
          </li>
        ))}
      </ul>
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
          <RadioList
            label={t('cases.detail.noteVisibility')}
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
    </Panel>
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
    <div className="actions">
      <NativeSelect
        aria-label={t('cases.detail.assignPlaceholder')}
        placeholder={
          colleagues.data.items.length ? t('cases.detail.assignPlaceholder') : t('cases.detail.assignNone')
        }
        value={who}
        onChange={setWho}
        style={{ width: 280 }}
        options={colleagues.data.items.map((m) => ({
          value: m.sub,
          label: `${m.name}（${m.roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join('、')}）`,
        }))}
      />
      <Button disabled={!who} loading={assign.isPending} onClick={() => who && assign.mutate(who)}>
        {t('cases.detail.assign')}
      </Button>
      {c.assignee ? <Button onClick={() => assign.mutate(null)}>{t('cases.detail.unassign')}</Button> : null}
      {assign.isError ? (
        <span className="text-danger" role="alert">
          {errorText(assign.error)}
        </span>
      ) : null}
    </div>
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
      <Panel
        title={
          <h2 className="card-title">
            {pick(lang, c.service.name)} · <span className="mono">{c.number}</span>
          </h2>
        }
        extra={<Tag>{t(`cases.statuses.${c.status}`)}</Tag>}
      >
        <table className="facts">
          <tbody>
            <tr>
              <th scope="row">{t('cases.detail.step')}</th>
              <td>{pick(lang, c.step.name)}</td>
            </tr>
            <tr>
              <th scope="row">{t('cases.detail.channel')}</th>
              <td>{t(`cases.channels.${c.channel}`)}</td>
            </tr>
            <tr>
              <th scope="row">{t('cases.detail.stepDue')}</th>
              <td>
                {c.clock ? c.clock.stepDue : '—'}{' '}
                {c.clock?.overdue ? <Tag color="error">{t('cases.inbox.overdueTag')}</Tag> : null}
                {c.clock?.soonDue ? <Tag color="warning">{t('cases.inbox.soonTag')}</Tag> : null}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('cases.detail.due')}</th>
              <td>
                {c.due}{' '}
                {c.provisional ? (
                  <Tag title={t('cases.detail.provisionalHint')}>{t('cases.inbox.provisional')}</Tag>
                ) : null}
              </td>
            </tr>
            <tr>
              <th scope="row">{t('cases.detail.applicant')}</th>
              <td>
                {t(
                  c.applicant.kind === 'resident'
                    ? 'cases.detail.applicantResident'
                    : 'cases.detail.applicantCaller',
                )}
              </td>
            </tr>
            {c.filedBy ? (
              <tr>
                <th scope="row">{t('cases.detail.filedBy')}</th>
                <td>{c.filedBy}</td>
              </tr>
            ) : null}
            <tr>
              <th scope="row">{t('cases.detail.assignee')}</th>
              <td>
                <AssigneeName c={c} />
              </td>
            </tr>
          </tbody>
        </table>
        <ol className="steps" aria-label={t('cases.detail.steps')}>
          {c.steps.map((s, i) => {
            const done = i < c.stepIndex || (i === c.stepIndex && c.status === 'approved');
            const current = i === c.stepIndex && !done;
            return (
              <li
                key={s.key}
                className={done ? 'step-done' : current && c.status === 'rejected' ? 'step-error' : undefined}
                aria-current={current ? 'step' : undefined}
              >
                <div>
                  <div className="step-title">{pick(lang, s.name)}</div>
                  <div className="muted">
                    {t(`cases.levels.${s.level}`)} · {t('cases.detail.days', { n: s.timeLimitDays })}
                  </div>
                </div>
              </li>
            );
          })}
        </ol>
        <div style={{ marginTop: 16 }}>
          <CaseActions c={c} />
        </div>
        {c.status === 'pending' || c.status === 'returned' ? (
          <div style={{ marginTop: 12 }}>
            <Assign c={c} />
          </div>
        ) : null}
      </Panel>
      <Panel
        title={<h3 className="card-title">{t('cases.detail.form')}</h3>}
        size="small"
        extra={<RevealForm c={c} onRevealed={setRevealed} />}
      >
        <table className="facts">
          <tbody>
            {c.fields
              .filter((f) => f.type !== 'file')
              .map((f) => (
                <tr key={f.key}>
                  <th scope="row">{pick(lang, f.label)}</th>
                  <td>{show(revealed[f.key] ?? c.form[f.key])}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </Panel>
      <Panel title={<h3 className="card-title">{t('cases.detail.materials')}</h3>} size="small">
        {uploads.length ? (
          <ul className="plain-list">
            {uploads.map((u) => (
              <li key={u.uploadId}>
                <span>
                  {u.field}：{u.name}
                </span>
                <Button type="link" onClick={() => void open(u)}>
                  {t('cases.detail.download')}
                </Button>
              </li>
            ))}
          </ul>
        ) : (
          <p className="muted">{t('cases.detail.noMaterials')}</p>
        )}
      </Panel>
      <Panel title={<h3 className="card-title">{t('cases.detail.timeline')}</h3>} size="small">
        <ol className="timeline">
          {c.timeline.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the history only grows at its end
            <li key={i}>
              {chinaDateTime(e.at)} · {t(`cases.actions.${e.action}`)} · {e.role}
              {e.reason ? `：${e.reason}` : ''}
            </li>
          ))}
        </ol>
      </Panel>
      <Notes c={c} />
    </div>
  );
}
