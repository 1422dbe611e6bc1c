import { Alert, Button, Form, Input } from 'antd';
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
import { CheckboxList, Panel, Toggle } from '../../../components/Controls';
import { DataTable } from '../../../components/DataTable';
import { Dialog } from '../../../components/Dialog';
import { applyProblem } from '../../../components/formErrors';
import { NumberInput } from '../../../components/NumberInput';
import { Loading } from '../../../components/States';

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
  onSaved,
}: {
  target: { definition: ServiceDefinition; expectedVersion: number } | null;
  onClose: () => void;
  onSaved: (version: number) => void;
}) {
  const { t, i18n } = useTranslation();
  const [form] = Form.useForm<EditValues>();
  const save = useSaveService();
  const def = target?.definition;
  return target ? (
    <Dialog
      title={def ? `${t('serviceDesk.catalogue.adapt')} · ${def.name.zh}` : ''}
      okText={t('serviceDesk.catalogue.save')}
      cancelText={t('serviceDesk.catalogue.cancel')}
      onCancel={onClose}
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
                  onSaved(e.service.version ?? 1);
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
            <CheckboxList
              label={t('serviceDesk.catalogue.channels')}
              options={CHANNELS.map((c) => ({ value: c, label: t(`serviceDesk.channels.${c}`) }))}
            />
          </Form.Item>
          <Form.Item
            name="timeLimitDays"
            label={t('serviceDesk.catalogue.timeLimit')}
            rules={[{ required: true }]}
          >
            <NumberInput min={1} max={180} precision={0} />
          </Form.Item>
          <p>
            <strong>{t('serviceDesk.catalogue.steps')}</strong>
          </p>
          {def.workflow.map((s, i) => (
            <Form.Item key={s.key} name={['steps', i]} label={s.name.zh} rules={[{ required: true }]}>
              <NumberInput min={1} max={90} precision={0} />
            </Form.Item>
          ))}
        </Form>
      ) : null}
    </Dialog>
  ) : null;
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
  const [saved, setSaved] = useState<number>();
  const notHeld = (templates.data?.items ?? []).filter((x) => !x.held);
  return (
    <Panel title={<h2 className="card-title">{t('serviceDesk.catalogue.title')}</h2>}>
      <div className="stack">
        <p>{t('serviceDesk.catalogue.intro')}</p>
        {saved !== undefined ? (
          <Alert
            role="status"
            type="success"
            showIcon
            closable
            onClose={() => setSaved(undefined)}
            message={t('serviceDesk.catalogue.saved', { version: saved })}
          />
        ) : null}
        <DataTable<CatalogueEntry>
          rowKey={(e) => e.service.code}
          label={t('serviceDesk.catalogue.title')}
          busy={catalogue.isFetching}
          rows={catalogue.data?.items ?? []}
          empty={catalogue.isLoading ? <Loading /> : t('serviceDesk.catalogue.empty')}
          columns={[
            { key: 'name', title: t('serviceDesk.catalogue.name'), render: (e) => e.service.name.zh },
            {
              key: 'department',
              title: t('serviceDesk.catalogue.department'),
              render: (e) => t(`serviceDesk.departments.${e.service.department}`),
            },
            {
              key: 'timeLimit',
              title: t('serviceDesk.catalogue.timeLimit'),
              render: (e) => e.service.timeLimitDays,
            },
            {
              key: 'version',
              title: t('serviceDesk.catalogue.version'),
              render: (e) => `v${e.service.version}`,
            },
            {
              key: 'enabled',
              title: t('serviceDesk.catalogue.enabled'),
              render: (e) => (
                <Toggle
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
              key: 'adapt',
              title: t('serviceDesk.catalogue.actions'),
              render: (e) => (
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
            <h3 className="card-title">{t('serviceDesk.catalogue.templates')}</h3>
            <div className="actions">
              {notHeld.map((x) => (
                <Button
                  key={x.service.code}
                  onClick={() => setEditing({ definition: x.service, expectedVersion: 0 })}
                >
                  {t('serviceDesk.catalogue.adopt')} · {x.service.name.zh}
                </Button>
              ))}
            </div>
          </>
        ) : null}
      </div>
      <AdaptModal target={editing} onClose={() => setEditing(null)} onSaved={setSaved} />
    </Panel>
  );
}
