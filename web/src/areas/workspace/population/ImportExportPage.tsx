import { Alert, Button, Card, Checkbox, Form, Input, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportResidents, type ResidentStatus, saveBlob } from '../../../api/population';
import { useErrorMessage } from '../../../components/States';
import { usePopulationScope } from './common';
import { ImportCard } from './ImportCard';

function ExportCard() {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const { scope, caps } = usePopulationScope();
  const [form] = Form.useForm<{ purpose: string; status: ResidentStatus; unmasked: boolean }>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (v: { purpose: string; status: ResidentStatus; unmasked: boolean }) => {
    setBusy(true);
    setResult(null);
    try {
      const { blob, filename } = await exportResidents({
        purpose: v.purpose.trim(),
        status: v.status,
        unmasked: Boolean(v.unmasked),
        ...(scope.community ? { community: scope.community } : scope.street ? { street: scope.street } : {}),
      });
      saveBlob(blob, filename ?? 'residents-export.csv');
      setResult({ ok: true, text: t('population.export.done') });
    } catch (err) {
      setResult({ ok: false, text: errorText(err) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={<h2 className="card-title">{t('population.export.title')}</h2>}>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ status: 'active', unmasked: false }}
        onFinish={(v) => void submit(v)}
        style={{ maxWidth: 560 }}
      >
        <Form.Item
          name="purpose"
          label={t('population.export.purpose')}
          extra={t('population.export.purposeHelp')}
          rules={[
            { required: true, whitespace: true, min: 4, message: t('population.export.purposeRequired') },
          ]}
        >
          <Input.TextArea rows={2} maxLength={500} placeholder={t('population.export.purposePlaceholder')} />
        </Form.Item>
        <Form.Item name="status" label={t('population.export.status')}>
          <Select
            options={(['active', 'moved-out', 'deceased'] as const).map((s) => ({
              value: s,
              label: t(`population.status.${s}`),
            }))}
          />
        </Form.Item>
        {caps.reveal ? (
          <Form.Item name="unmasked" valuePropName="checked" extra={t('population.export.maskedDefault')}>
            <Checkbox>{t('population.export.unmasked')}</Checkbox>
          </Form.Item>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('population.export.submit')}
        </Button>
      </Form>
      {result ? (
        <Alert
          style={{ marginTop: 12 }}
          type={result.ok ? 'success' : 'error'}
          role={result.ok ? 'status' : 'alert'}
          showIcon
          message={result.text}
        />
      ) : null}
    </Card>
  );
}

/** Import (template, upload, summary, row report) and export with a stated purpose. */
export function ImportExportPage() {
  return (
    <div className="stack">
      <ImportCard />
      <ExportCard />
    </div>
  );
}
