import { Alert, Button, Card, Descriptions, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadReport, type ImportSummary, saveBlob } from '../../../api/population';
import { useErrorMessage } from '../../../components/States';

/** The outcome of one import: counts, issues by code, and the row-level report to download. */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codes = Object.entries(summary.byCode ?? {}).sort((a, b) => b[1] - a[1]);
  const download = async () => {
    setDownloading(true);
    setError(null);
    try {
      const { blob, filename } = await downloadReport(summary.id);
      saveBlob(blob, filename ?? `import-${summary.id}-report.csv`);
    } catch (err) {
      setError(err);
    } finally {
      setDownloading(false);
    }
  };
  const fileError = summary.fileError;
  return (
    <Card
      title={<h2 className="card-title">{t('population.import.summaryTitle')}</h2>}
      role="region"
      aria-label={t('population.import.summaryTitle')}
    >
      {fileError ? (
        <Alert
          type="error"
          role="alert"
          showIcon
          message={t('population.import.fileError')}
          description={`${i18n.language === 'en' ? fileError.message.en : fileError.message.zh} (${fileError.code})`}
          className="form-alert"
        />
      ) : summary.failed === 0 ? (
        <Alert
          type="success"
          role="status"
          showIcon
          message={t('population.import.allGood')}
          className="form-alert"
        />
      ) : (
        <Alert
          type="warning"
          role="status"
          showIcon
          message={t('population.import.someFailed', { failed: summary.failed })}
          className="form-alert"
        />
      )}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, sm: 2, md: 4 }}
        items={[
          {
            key: 'rows',
            label: t('population.import.rows'),
            children: <span data-testid="import-rows">{summary.rows}</span>,
          },
          {
            key: 'imported',
            label: t('population.import.imported'),
            children: <strong data-testid="import-imported">{summary.imported}</strong>,
          },
          {
            key: 'failed',
            label: t('population.import.failed'),
            children: <strong data-testid="import-failed">{summary.failed}</strong>,
          },
          {
            key: 'existing',
            label: t('population.import.existing'),
            children: <span data-testid="import-existing">{summary.existing ?? 0}</span>,
          },
        ]}
      />
      {codes.length ? (
        <Table
          style={{ marginTop: 12 }}
          size="small"
          rowKey="code"
          pagination={false}
          aria-label={t('population.import.byCode')}
          title={() => t('population.import.byCode')}
          dataSource={codes.map(([code, count]) => ({ code, count }))}
          columns={[
            { title: t('population.import.code'), dataIndex: 'code', className: 'mono' },
            { title: t('population.import.count'), dataIndex: 'count', align: 'right' },
          ]}
        />
      ) : null}
      {summary.truncated ? <Alert type="info" showIcon message={t('population.import.truncated')} /> : null}
      {summary.issues > 0 || summary.failed > 0 ? (
        <div className="actions" style={{ marginTop: 12 }}>
          <Button onClick={() => void download()} loading={downloading}>
            {t('population.import.report')}
          </Button>
        </div>
      ) : null}
      {error ? <Alert type="error" role="alert" showIcon message={errorText(error)} /> : null}
    </Card>
  );
}
