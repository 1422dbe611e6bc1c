import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { exportResidents, type ResidentStatus, saveBlob } from '../../../api/population';
import { FormField, fieldProps } from '../../../components/FormField';
import { useErrorMessage } from '../../../components/States';
import { Panel, usePopulationScope } from './common';
import { ImportCard } from './ImportCard';

function ExportCard() {
  const { t } = useTranslation();
  const errorText = useErrorMessage();
  const { scope, caps } = usePopulationScope();
  const [purpose, setPurpose] = useState('');
  const [status, setStatus] = useState<ResidentStatus>('active');
  const [unmasked, setUnmasked] = useState(false);
  const [purposeError, setPurposeError] = useState<string[] | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  const submit = async (v: { purpose: string; status: ResidentStatus; unmasked: boolean }) => {
    if (v.purpose.trim().length < 4) {
      setPurposeError([t('population.export.purposeRequired')]);
      return;
    }
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
    <Panel title={t('population.export.title')}>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit({ purpose, status, unmasked: caps.reveal && unmasked });
        }}
        style={{ maxWidth: 560 }}
      >
        <FormField
          id="export-purpose"
          label={t('population.export.purpose')}
          required
          extra={t('population.export.purposeHelp')}
          errors={purposeError}
        >
          <textarea
            {...fieldProps('export-purpose', purposeError, true)}
            className="native-input native-block"
            rows={2}
            maxLength={500}
            required
            placeholder={t('population.export.purposePlaceholder')}
            value={purpose}
            onChange={(e) => {
              setPurpose(e.target.value);
              setPurposeError(undefined);
            }}
          />
        </FormField>
        <FormField id="export-status" label={t('population.export.status')}>
          <select
            id="export-status"
            className="native-select native-block"
            value={status}
            onChange={(e) => setStatus(e.target.value as ResidentStatus)}
          >
            {(['active', 'moved-out', 'deceased'] as const).map((s) => (
              <option key={s} value={s}>
                {t(`population.status.${s}`)}
              </option>
            ))}
          </select>
        </FormField>
        {caps.reveal ? (
          <div className="form-field">
            <label className="checkbox">
              <input
                type="checkbox"
                checked={unmasked}
                aria-describedby="export-unmasked-extra"
                onChange={(e) => setUnmasked(e.target.checked)}
              />
              {t('population.export.unmasked')}
            </label>
            <div id="export-unmasked-extra" className="form-field-extra">
              {t('population.export.maskedDefault')}
            </div>
          </div>
        ) : null}
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('population.export.submit')}
        </Button>
      </form>
      {result ? (
        <Alert
          style={{ marginTop: 12 }}
          type={result.ok ? 'success' : 'error'}
          role={result.ok ? 'status' : 'alert'}
          showIcon
          message={result.text}
        />
      ) : null}
    </Panel>
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
