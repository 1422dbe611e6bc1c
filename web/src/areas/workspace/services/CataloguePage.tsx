import {
  App,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  InputNumber,
  Modal,
  Space,
  Switch,
  Table,
  Typography,
} from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type CatalogueEntry,
  type ServiceDefinition,
  useAdminCatalogue,
  useSaveService,
  useSetEnabled,
  useTemplates,
} from '../../../api/serviceDesk';
import { applyProblem } from '../../../components/formErrors';

const CHANNELS = ['portal', 'call-centre', 'kiosk', 'sms', 'open311', 'counter'] as const;

/** Where an API field error shows in the form (others on the name, so none is lost). */
const FIELD_OF: Record<string, keyof EditValues> = {
  'definition.name.zh': 'nameZh',
  'definition.name.en': 'nameZh',
  'definition.summary.zh': 'summaryZh',
  'definition.channels': 'channels',
  'definition.timeLimitDays': 'timeLimitDays',
};

interface EditValues {
  nameZh: string;
  summaryZh: string;
  channels: ServiceDefinition['channels'];
  timeLimitDays: number;
  steps: number[];
}

/** The district admin adapts a service and saves it as the next version (or adopts a template). */
function AdaptModal({
  target,
  onClose,
}: {
  target: { definition: ServiceDefinition; expectedVersion: number } | null;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<EditValues>();
  const save = useSaveService();
  const def = target?.definition;
  return (
    <Modal
      open={!!target}
      title={def ? `${t('serviceDesk.catalogue.adapt')} · ${def.name.zh}` : ''}
      okText={t('serviceDesk.catalogue.save')}
      cancelText={t('serviceDesk.catalogue.cancel')}
      onCancel={onClose}
      destroyOnHidden
      confirmLoading={save.isPending}
      onOk={() => form.submit()}
    >
      {def ? (
        <Form<EditValues>
          form={form}
          layout="vertical"
          initialValues={{
            nameZh: def.name.zh,
            summaryZh: def.summary.zh,
            channels: def.channels,
            timeLimitDays: def.timeLimitDays,
            steps: def.workflow.map((s) => s.timeLimitDays),
          }}
          onFinish={(v) => {
            const definition: ServiceDefinition = {
              ...def,
              name: { ...def.name, zh: v.nameZh },
              summary: { ...def.summary, zh: v.summaryZh },
              channels: v.channels,
              timeLimitDays: v.timeLimitDays,
              workflow: def.workflow.map((s, i) => ({ ...s, timeLimitDays: v.steps[i] ?? s.timeLimitDays })),
            };
            save.mutate(
              { definition, expectedVersion: target.expectedVersion },
              {
                onSuccess: (e) => {
                  void message.success(t('serviceDesk.catalogue.saved', { version: e.service.version }));
                  onClose();
                },
                onError: (err) =>
                  applyProblem(form, err, i18n.language, {
                    rename: (f) => FIELD_OF[f] ?? 'nameZh',
                  }),
              },
            );
          }}
        >
          <Form.Item
            name="nameZh"
            label={t('serviceDesk.catalogue.name')}
            rules={[{ required: true, max: 200 }]}
          >
            <Input />
          </Form.Item>
          <Form.Item
            name="summaryZh"
            label={t('serviceDesk.catalogue.summary')}
            rules={[{ required: true, max: 200 }]}
          >
            <Input.TextArea rows={2} />
          </Form.Item>
          <Form.Item name="channels" label={t('serviceDesk.catalogue.channels')} rules={[{ required: true }]}>
            <Checkbox.Group
              options={CHANNELS.map((c) => ({ value: c, label: t(`serviceDesk.channels.${c}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="timeLimitDays"
            label={t('serviceDesk.catalogue.timeLimit')}
            rules={[{ required: true }]}
          >
            <InputNumber min={1} max={180} />
          </Form.Item>
          <Typography.Text strong>{t('serviceDesk.catalogue.steps')}</Typography.Text>
          {def.workflow.map((s, i) => (
            <Form.Item key={s.key} name={['steps', i]} label={s.name.zh} rules={[{ required: true }]}>
              <InputNumber min={1} max={90} />
            </Form.Item>
          ))}
        </Form>
      ) : null}
    </Modal>
  );
}

/** 服务事项目录: the district's services, switched on/off, adapted as new versions; templates to adopt. */
export function CataloguePage() {
  const { t } = useTranslation();
  const catalogue = useAdminCatalogue();
  const templates = useTemplates();
  const enable = useSetEnabled();
  const [editing, setEditing] = useState<{ definition: ServiceDefinition; expectedVersion: number } | null>(
    null,
  );
  const notHeld = (templates.data?.items ?? []).filter((x) => !x.held);
  return (
    <Card title={<h2 className="card-title">{t('serviceDesk.catalogue.title')}</h2>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('serviceDesk.catalogue.intro')}</Typography.Paragraph>
        <Table<CatalogueEntry>
          rowKey={(e) => e.service.code}
          loading={catalogue.isLoading}
          dataSource={catalogue.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: t('serviceDesk.catalogue.empty') }}
          columns={[
            { title: t('serviceDesk.catalogue.name'), render: (_, e) => e.service.name.zh },
            {
              title: t('serviceDesk.catalogue.department'),
              render: (_, e) => t(`serviceDesk.departments.${e.service.department}`),
            },
            { title: t('serviceDesk.catalogue.timeLimit'), render: (_, e) => e.service.timeLimitDays },
            { title: t('serviceDesk.catalogue.version'), render: (_, e) => `v${e.service.version}` },
            {
              title: t('serviceDesk.catalogue.enabled'),
              render: (_, e) => (
                <Switch
                  checked={e.enabled}
                  aria-label={`${t('serviceDesk.catalogue.enabled')} ${e.service.name.zh}`}
                  loading={enable.isPending && enable.variables?.code === e.service.code}
                  onChange={(on) =>
                    enable.mutate({
                      code: e.service.code,
                      enabled: on,
                      expectedVersion: e.service.version ?? 1,
                    })
                  }
                />
              ),
            },
            {
              title: '',
              render: (_, e) => (
                <Button
                  onClick={() =>
                    setEditing({ definition: e.service, expectedVersion: e.service.version ?? 1 })
                  }
                >
                  {t('serviceDesk.catalogue.adapt')}
                </Button>
              ),
            },
          ]}
        />
        {notHeld.length ? (
          <>
            <Typography.Title level={3}>{t('serviceDesk.catalogue.templates')}</Typography.Title>
            <Space wrap>
              {notHeld.map((x) => (
                <Button
                  key={x.service.code}
                  onClick={() => setEditing({ definition: x.service, expectedVersion: 0 })}
                >
                  {t('serviceDesk.catalogue.adopt')} · {x.service.name.zh}
                </Button>
              ))}
            </Space>
          </>
        ) : null}
      </Space>
      {/* antd's App (message, modal) where a page uses `App.useApp()`, not around every route:
          it brings Modal and the notifications into the entry (~37 KB gzipped). */}
      <App component={false}>
        <AdaptModal target={editing} onClose={() => setEditing(null)} />
      </App>
    </Card>
  );
}
