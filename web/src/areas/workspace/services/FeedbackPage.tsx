import { Button, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type Callback,
  type Rectification,
  useCallbacks,
  useCompleteRectification,
  useRecordCallback,
  useRectifications,
} from '../../../api/serviceDesk';
import { NativeSelect, Panel, TabSet, Toggle } from '../../../components/Controls';
import { type DataColumn, DataTable } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { applyProblem } from '../../../components/formErrors';
import { Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import casesZh from '../../../i18n/cases.zh-CN';
import serviceDeskZh from '../../../i18n/serviceDesk.zh-CN';

registerStrings('serviceDesk', serviceDeskZh);
registerStrings('cases', casesZh);

const LEVELS = [
  'very-satisfied',
  'satisfied',
  'basically-satisfied',
  'dissatisfied',
  'very-dissatisfied',
] as const;

function CompleteModal({ item, onClose }: { item: Rectification | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ resolution: string }>();
  const complete = useCompleteRectification();
  return item ? (
    <Dialog
      title={item ? `${t('serviceDesk.feedback.complete')} · ${item.number}` : ''}
      okText={t('serviceDesk.feedback.submit')}
      onCancel={onClose}
      confirmLoading={complete.isPending}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) =>
          item &&
          complete.mutate(
            { r: item, resolution: v.resolution },
            {
              onSuccess: onClose,
              onError: (e) => applyProblem(form, e, i18n.language, { rename: () => 'resolution' }),
            },
          )
        }
      >
        <Form.Item
          name="resolution"
          label={t('serviceDesk.feedback.resolution')}
          rules={[
            { required: true, whitespace: true, message: t('serviceDesk.feedback.resolutionRequired') },
          ]}
        >
          <Input.TextArea rows={4} maxLength={1000} />
        </Form.Item>
      </Form>
    </Dialog>
  ) : null;
}

export function CallbackModal({ item, onClose }: { item: Callback | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<{ reached: boolean; levelAfter?: (typeof LEVELS)[number]; note: string }>();
  const record = useRecordCallback();
  const reached = Form.useWatch('reached', form);
  return item ? (
    <Dialog
      title={item ? `${t('serviceDesk.feedback.record')} · ${item.number}` : ''}
      okText={t('serviceDesk.feedback.submit')}
      onCancel={onClose}
      confirmLoading={record.isPending}
      onOk={() => form.submit()}
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ reached: true }}
        onFinish={(v) =>
          item &&
          record.mutate(
            {
              caseId: item.caseId,
              outcome: {
                reached: v.reached,
                note: v.note,
                ...(v.reached && v.levelAfter ? { levelAfter: v.levelAfter } : {}),
              },
            },
            {
              onSuccess: onClose,
              onError: (e) => applyProblem(form, e, i18n.language, { rename: () => 'note' }),
            },
          )
        }
      >
        <Form.Item name="reached" label={t('serviceDesk.feedback.reached')} valuePropName="checked">
          <Toggle />
        </Form.Item>
        {reached ? (
          <Form.Item name="levelAfter" label={t('serviceDesk.feedback.levelAfter')}>
            <NativeSelect
              allowClear
              placeholder={t('serviceDesk.feedback.noLevel')}
              options={LEVELS.map((l) => ({ value: l, label: t(`serviceDesk.levels.${l}`) }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item
          name="note"
          label={t('serviceDesk.feedback.note')}
          rules={[{ required: true, whitespace: true, message: t('serviceDesk.feedback.noteRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Dialog>
  ) : null;
}

/** 好差评整改与回访: the department's rectifications and the call-backs after unhappy ratings. */
export function FeedbackPage({
  callbacks = true,
  rectifications = true,
  title,
}: {
  callbacks?: boolean;
  rectifications?: boolean;
  /** The card's title (the hotline's call-back list is the same page). */
  title?: string;
}) {
  const { t } = useTranslation();
  const rect = useRectifications(rectifications);
  const cbs = useCallbacks(callbacks);
  const [completing, setCompleting] = useState<Rectification | null>(null);
  const [calling, setCalling] = useState<Callback | null>(null);
  const common: DataColumn<Rectification | Callback>[] = [
    { key: 'number', title: t('serviceDesk.feedback.number'), render: (x) => x.number },
    {
      key: 'service',
      title: t('serviceDesk.feedback.service'),
      render: (x) => x.serviceName.zh,
    },
    {
      key: 'level',
      title: t('serviceDesk.feedback.level'),
      // A completion call-back (a case the hotline or SMS opened) has no rating.
      render: (x) =>
        x.level ? (
          <Tag color="red">{t(`serviceDesk.levels.${x.level}`)}</Tag>
        ) : (
          <Tag color="blue">{t('serviceDesk.feedback.completion')}</Tag>
        ),
    },
    { key: 'comment', title: t('serviceDesk.feedback.comment'), render: (x) => x.comment },
  ];
  return (
    <Panel title={<h2 className="card-title">{title ?? t('serviceDesk.feedback.title')}</h2>}>
      <TabSet
        items={[
          ...(rectifications
            ? [
                {
                  key: 'rect',
                  label: t('serviceDesk.feedback.rectifications'),
                  children: (
                    <DataTable<Rectification>
                      rowKey={(r) => r.caseId}
                      label={t('serviceDesk.feedback.rectifications')}
                      busy={rect.isFetching}
                      rows={rect.data?.items ?? []}
                      empty={rect.isLoading ? <Loading /> : t('serviceDesk.feedback.emptyRect')}
                      columns={[
                        ...common,
                        { key: 'due', title: t('serviceDesk.feedback.due'), render: (r) => r.due },
                        {
                          key: 'status',
                          title: t('serviceDesk.feedback.status'),
                          render: (r) =>
                            r.status === 'open' ? (
                              <Button onClick={() => setCompleting(r)}>
                                {t('serviceDesk.feedback.complete')}
                              </Button>
                            ) : (
                              <Tag color="green">{t('serviceDesk.feedback.done')}</Tag>
                            ),
                        },
                      ]}
                    />
                  ),
                },
              ]
            : []),
          ...(callbacks
            ? [
                {
                  key: 'cb',
                  label: t('serviceDesk.feedback.callbacks'),
                  children: (
                    <DataTable<Callback>
                      rowKey={(c) => c.caseId}
                      label={t('serviceDesk.feedback.callbacks')}
                      busy={cbs.isFetching}
                      rows={cbs.data?.items ?? []}
                      empty={cbs.isLoading ? <Loading /> : t('serviceDesk.feedback.emptyCb')}
                      columns={[
                        ...common,
                        {
                          key: 'status',
                          title: t('serviceDesk.feedback.status'),
                          render: (c) =>
                            c.status === 'pending' ? (
                              <Button onClick={() => setCalling(c)}>
                                {t('serviceDesk.feedback.record')}
                              </Button>
                            ) : (
                              <Tag color="green">{t('serviceDesk.feedback.called')}</Tag>
                            ),
                        },
                      ]}
                    />
                  ),
                },
              ]
            : []),
        ]}
      />
      <CompleteModal item={completing} onClose={() => setCompleting(null)} />
      <CallbackModal item={calling} onClose={() => setCalling(null)} />
    </Panel>
  );
}
