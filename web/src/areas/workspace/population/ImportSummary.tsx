import { useQuery } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { downloadReport, type ImportSummary, saveBlob } from '../../../api/population';
import { DataTable } from '../../../components/DataTable';
import { useErrorMessage } from '../../../components/States';
import { FactList, Panel } from './common';
import { ImportFileFacts } from './ImportFileFacts';
import { parseReport, type ReportIssue } from './importReport';

/** How many issue lines are listed on screen; the downloadable report has them all. */
const SHOWN = 100;

/** The report's issues, read once per import (it never changes). */
function useReportIssues(summary: ImportSummary) {
  return useQuery({
    queryKey: ['imports', summary.id, 'report'],
    queryFn: async () => {
      const { blob } = await downloadReport(summary.id);
      return parseReport(await new Response(blob).text());
    },
    enabled: summary.issues > 0 && !summary.fileError,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
}

/**
 * The rows to fix: row number (and worksheet), the column by its name, what is wrong in the user's
 * language (the code only on hover). `title` replaces the default caption.
 */
export function IssuesTable({
  issues,
  total,
  title,
}: {
  issues: readonly (ReportIssue & { sheet?: string | undefined })[];
  total: number;
  title?: string;
}) {
  const { t, i18n } = useTranslation();
  const sheets = issues.some((x) => x.sheet);
  const fieldLabel = (f: string) => {
    if (!f) return t('population.import.wholeFile');
    const key = `population.fields.${f}`;
    const s = t(key);
    return s === key ? f : s;
  };
  return (
    <div style={{ marginTop: 12 }}>
      <DataTable<ReportIssue & { sheet?: string | undefined; key: number }>
        size="small"
        pageSize={20}
        label={t('population.import.issuesTitle')}
        caption={
          title ??
          (total > issues.length
            ? t('population.import.issuesFirst', { shown: issues.length, total })
            : t('population.import.issuesTitle'))
        }
        rowKey={(x) => x.key}
        rows={issues.map((x, key) => ({ ...x, key }))}
        columns={[
          ...(sheets
            ? [
                {
                  key: 'sheet',
                  title: t('population.importPreview.sheet'),
                  render: (x: { sheet?: string | undefined }) => x.sheet,
                },
              ]
            : []),
          {
            key: 'row',
            title: t('population.import.row'),
            align: 'right',
            render: (x) => (x.row > 0 ? x.row : '—'),
          },
          { key: 'field', title: t('population.import.field'), render: (x) => fieldLabel(x.field) },
          {
            key: 'message',
            title: t('population.import.problem'),
            render: (x) => <span title={x.code}>{i18n.language === 'en' ? x.message.en : x.message.zh}</span>,
          },
        ]}
      />
    </div>
  );
}

/** The outcome of one import: counts, issues by code, and the row-level report to download. */
export function ImportSummaryView({ summary }: { summary: ImportSummary }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const [downloading, setDownloading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const codes = Object.entries(summary.byCode ?? {}).sort((a, b) => b[1] - a[1]);
  const report = useReportIssues(summary);
  // A code reads as its message (from the report); the code itself stays on hover.
  const messageOf = new Map((report.data ?? []).map((x) => [x.code, x.message] as const));
  const codeText = (code: string) => {
    const m =
      messageOf.get(code) ?? (summary.fileError?.code === code ? summary.fileError.message : undefined);
    return m ? (i18n.language === 'en' ? m.en : m.zh) : code;
  };
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
    <Panel
      title={t('population.import.summaryTitle')}
      role="region"
      label={t('population.import.summaryTitle')}
    >
      {fileError ? (
        <Alert
          type="error"
          role="alert"
          showIcon
          message={t('population.import.fileError')}
          description={
            <span title={fileError.code}>
              {i18n.language === 'en' ? fileError.message.en : fileError.message.zh}
            </span>
          }
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
      <FactList
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
      <ImportFileFacts file={summary.file} />
      {codes.length ? (
        <div style={{ marginTop: 12 }}>
          <DataTable
            size="small"
            rowKey={(c) => c.code}
            label={t('population.import.byCode')}
            caption={t('population.import.byCode')}
            rows={codes.map(([code, count]) => ({ code, count }))}
            columns={[
              {
                key: 'code',
                title: t('population.import.code'),
                render: (c) => <span title={c.code}>{codeText(c.code)}</span>,
              },
              { key: 'count', title: t('population.import.count'), align: 'right', render: (c) => c.count },
            ]}
          />
        </div>
      ) : null}
      {summary.file.exampleRows ? (
        <Alert
          type="info"
          showIcon
          message={t('population.import.exampleSkipped', { count: summary.file.exampleRows })}
          className="page-alert"
        />
      ) : null}
      {report.data?.length ? (
        <IssuesTable issues={report.data.slice(0, SHOWN)} total={summary.issues} />
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
    </Panel>
  );
}
