import { LoadingOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Descriptions, Progress, Space, Typography, Upload } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import {
  beginImport,
  downloadTemplate,
  type ImportJob,
  type ImportSummary,
  importSummaryOf,
  isImportFinished,
  popKeys,
  saveBlob,
  UploadError,
  useImportJob,
  XLSX_TYPE,
} from '../../../api/population';
import { useErrorMessage } from '../../../components/States';
import { ScopePicker, usePopulationScope } from './common';
import { ImportSummaryView } from './ImportSummary';

interface FileInfo {
  name: string;
  size: number;
}

/** Where the card is: choosing, uploading, waiting for the background job, or finished. */
type Run =
  | { step: 'idle' }
  | { step: 'preparing'; file: FileInfo }
  | { step: 'uploading'; file: FileInfo; percent: number }
  | { step: 'starting'; file: FileInfo }
  /** Background imports are not configured: the one-request import is running. */
  | { step: 'direct'; file: FileInfo }
  | { step: 'job'; id: string; file?: FileInfo | undefined; resumed?: boolean }
  | { step: 'summary'; summary: ImportSummary; file: FileInfo }
  | { step: 'cancelled' }
  | { step: 'error'; error: unknown; file?: FileInfo };

/** The job of this tab, so a worker who leaves the page and comes back sees its progress. */
const JOB_KEY = 'linli.population.importJob';

function storedJob(): { id: string; file?: FileInfo } | undefined {
  try {
    const v = JSON.parse(sessionStorage.getItem(JOB_KEY) ?? 'null') as {
      id?: unknown;
      file?: FileInfo;
    } | null;
    return v && typeof v.id === 'string' ? { id: v.id, ...(v.file ? { file: v.file } : {}) } : undefined;
  } catch {
    return undefined;
  }
}

function rememberJob(id: string, file: FileInfo): void {
  try {
    sessionStorage.setItem(JOB_KEY, JSON.stringify({ id, file }));
  } catch {
    // storage may be unavailable on a locked-down kiosk: the progress is then shown on this visit only
  }
}

function forgetJob(): void {
  try {
    sessionStorage.removeItem(JOB_KEY);
  } catch {
    // see rememberJob
  }
}

/** 1.5 MB, 320 KB, 12 B (units read the same in both languages). */
export function fmtBytes(n: number): string {
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} B`;
}

const isAbort = (err: unknown) => err instanceof DOMException && err.name === 'AbortError';
const isFatal = (err: unknown) => err instanceof ApiError && err.status >= 400 && err.status < 500;

/**
 * Import residents from a CSV/XLSX file: the file goes straight to storage (with upload
 * progress), a background job imports it (live counts, polled about every second), then the
 * summary and row report. Where background imports are not configured the file goes in one
 * request, as before.
 */
export function ImportCard() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const qc = useQueryClient();
  const { scope } = usePopulationScope();
  const community = scope.community;
  const [run, setRun] = useState<Run>(() => {
    const stored = storedJob();
    return stored ? { step: 'job', id: stored.id, file: stored.file, resumed: true } : { step: 'idle' };
  });
  const [templateError, setTemplateError] = useState<unknown>(null);
  const [upgradeLegacy, setUpgradeLegacy] = useState(false);
  const controller = useRef<AbortController | null>(null);

  // Leaving the page stops the upload (the poller stops with its query observer).
  useEffect(
    () => () => {
      const c = controller.current;
      controller.current = null;
      c?.abort();
    },
    [],
  );

  const jobId = run.step === 'job' ? run.id : undefined;
  const resumed = run.step === 'job' && Boolean(run.resumed);
  const jobQuery = useImportJob(jobId);
  const job: ImportJob | undefined = jobId ? jobQuery.data : undefined;
  const status = job?.status;
  const jobFatal = Boolean(jobId) && isFatal(jobQuery.error);

  useEffect(() => {
    if (!jobId) return;
    if (status === 'done' || status === 'failed' || jobFatal) forgetJob();
    if (status === 'done') {
      void qc.invalidateQueries({ queryKey: ['population', 'residents'] });
      void qc.invalidateQueries({ queryKey: ['population', 'stale'] });
      void qc.invalidateQueries({ queryKey: ['population', 'analytics'] });
    }
    // A job remembered from an earlier visit that is gone (or another user's): start afresh.
    if (jobFatal && resumed) setRun({ step: 'idle' });
  }, [jobId, status, jobFatal, resumed, qc]);

  const template = async (format: 'csv' | 'xlsx') => {
    setTemplateError(null);
    try {
      const { blob, filename } = await downloadTemplate(format, community);
      saveBlob(blob, filename ?? `residents-template.${format}`);
    } catch (err) {
      setTemplateError(err);
    }
  };

  const upload = async (file: File) => {
    controller.current?.abort();
    const ctl = new AbortController();
    controller.current = ctl;
    const current = () => controller.current === ctl;
    const info: FileInfo = { name: file.name, size: file.size };
    let shown = -1;
    setTemplateError(null);
    setRun({ step: 'preparing', file: info });
    try {
      const res = await beginImport(file, {
        community,
        upgradeLegacyIds: upgradeLegacy,
        signal: ctl.signal,
        onPhase: (phase) => {
          if (!current()) return;
          if (phase === 'upload') setRun({ step: 'uploading', file: info, percent: 0 });
          else if (phase === 'start') setRun({ step: 'starting', file: info });
          else setRun({ step: 'direct', file: info });
        },
        onProgress: (loaded, total) => {
          if (!current()) return;
          const percent = Math.min(100, Math.floor((loaded * 100) / Math.max(total, 1)));
          if (percent === shown) return;
          shown = percent;
          setRun({ step: 'uploading', file: info, percent });
        },
      });
      if (!current()) return;
      if (res.kind === 'summary') {
        setRun({ step: 'summary', summary: res.summary, file: info });
        void qc.invalidateQueries({ queryKey: ['population', 'residents'] });
        return;
      }
      qc.setQueryData(popKeys.importJob(res.job.id), res.job);
      rememberJob(res.job.id, info);
      setRun({ step: 'job', id: res.job.id, file: info });
    } catch (err) {
      if (!current()) return; // replaced by another file, or the page was left
      setRun(
        isAbort(err) || ctl.signal.aborted
          ? { step: 'cancelled' }
          : { step: 'error', error: err, file: info },
      );
    } finally {
      if (current()) controller.current = null;
    }
  };

  const cancel = () => controller.current?.abort();

  const describe = (err: unknown) =>
    err instanceof UploadError ? t('population.import.uploadFailed', { code: err.code }) : errorText(err);
  const localized = (m: { zh: string; en: string }) => (i18n.language === 'en' ? m.en : m.zh);

  const busy =
    run.step === 'preparing' ||
    run.step === 'uploading' ||
    run.step === 'starting' ||
    run.step === 'direct' ||
    (run.step === 'job' && !isImportFinished(job) && !jobFatal);

  const file = run.step === 'idle' || run.step === 'cancelled' ? undefined : run.file;
  const progress = job?.status === 'running' ? job.progress : undefined;
  const summary = run.step === 'summary' ? run.summary : importSummaryOf(job);
  const failure = job?.status === 'failed' ? job.error : undefined;

  let phase = '';
  if (run.step === 'preparing') phase = t('population.import.preparing');
  else if (run.step === 'uploading')
    phase = t('population.import.uploadingFile', {
      percent: run.percent,
      loaded: fmtBytes(Math.round((run.file.size * run.percent) / 100)),
      total: fmtBytes(run.file.size),
    });
  else if (run.step === 'starting') phase = t('population.import.starting');
  else if (run.step === 'direct') phase = t('population.import.uploading');
  else if (run.step === 'cancelled') phase = t('population.import.uploadCancelled');
  else if (run.step === 'summary') phase = t('population.import.finished');
  else if (run.step === 'job' && job) {
    if (job.status === 'done') phase = t('population.import.finished');
    else if (job.status === 'failed') phase = t('population.import.jobFailed');
    else if (job.status === 'running')
      phase = t('population.import.running', {
        rows: progress?.rows ?? 0,
        imported: progress?.imported ?? 0,
        existing: progress?.existing ?? 0,
        failed: progress?.failed ?? 0,
      });
    else phase = t('population.import.queued');
  }

  const waiting =
    run.step === 'job' && (status === 'queued' || status === 'awaiting-upload' || status === 'running');

  return (
    <Card title={<h2 className="card-title">{t('population.import.title')}</h2>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('population.import.intro')}</Typography.Paragraph>
        <ScopePicker requireCommunity />
        <Space wrap>
          <Button onClick={() => void template('xlsx')}>{t('population.import.templateXlsx')}</Button>
          <Button onClick={() => void template('csv')}>{t('population.import.templateCsv')}</Button>
        </Space>
        <Checkbox
          checked={upgradeLegacy}
          disabled={busy}
          onChange={(e) => setUpgradeLegacy(e.target.checked)}
        >
          {t('population.import.upgradeLegacy')}
        </Checkbox>
        <Upload
          accept={`.csv,.txt,.xlsx,text/csv,${XLSX_TYPE}`}
          maxCount={1}
          showUploadList={false}
          disabled={busy || !community}
          beforeUpload={(f) => {
            void upload(f);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={busy} disabled={!community}>
            {t('population.import.upload')}
          </Button>
        </Upload>
        <Typography.Text type="secondary">{t('population.import.uploadHint')}</Typography.Text>
        {!community ? <Alert type="info" showIcon message={t('population.scope.pickCommunity')} /> : null}
        {templateError ? (
          <Alert type="error" role="alert" showIcon message={errorText(templateError)} />
        ) : null}

        <div className="import-phase">
          {busy ? <LoadingOutlined aria-hidden="true" /> : null}
          {/* Always rendered, so screen readers announce each change of phase and the counts. */}
          <div role="status" aria-live="polite" aria-atomic="true" data-testid="import-phase">
            {phase}
          </div>
        </div>
        {file ? (
          <Typography.Text type="secondary">
            {t('population.import.fileLine', { name: file.name, size: fmtBytes(file.size) })}
          </Typography.Text>
        ) : null}
        {run.step === 'uploading' ? (
          <div className="import-upload-progress">
            <Progress percent={run.percent} aria-label={t('population.import.uploadProgress')} />
            <Button onClick={cancel}>{t('population.import.cancelUpload')}</Button>
          </div>
        ) : null}
        {progress ? (
          <Descriptions
            bordered
            size="small"
            column={{ xs: 1, sm: 2, md: 4 }}
            items={[
              {
                key: 'rows',
                label: t('population.import.processed'),
                children: <span data-testid="import-progress-rows">{progress.rows}</span>,
              },
              {
                key: 'imported',
                label: t('population.import.imported'),
                children: <span data-testid="import-progress-imported">{progress.imported}</span>,
              },
              {
                key: 'existing',
                label: t('population.import.existing'),
                children: <span data-testid="import-progress-existing">{progress.existing}</span>,
              },
              {
                key: 'failed',
                label: t('population.import.failed'),
                children: <span data-testid="import-progress-failed">{progress.failed}</span>,
              },
            ]}
          />
        ) : null}
        {waiting ? (
          <Typography.Text type="secondary">{t('population.import.backgroundHint')}</Typography.Text>
        ) : null}
        {job?.status === 'failed' ? (
          <Alert
            type="error"
            role="alert"
            showIcon
            message={t('population.import.jobFailed')}
            description={
              <>
                <div>{failure ? `${localized(failure.message)} (${failure.code})` : null}</div>
                <div>{t('population.import.retryAdvice')}</div>
              </>
            }
          />
        ) : null}
        {run.step === 'job' && jobQuery.error && !resumed ? (
          <Alert
            type={jobFatal ? 'error' : 'warning'}
            role="alert"
            showIcon
            message={errorText(jobQuery.error)}
          />
        ) : null}
        {run.step === 'error' ? (
          <Alert type="error" role="alert" showIcon message={describe(run.error)} />
        ) : null}
      </Space>
      {summary ? (
        <div style={{ marginTop: 16 }}>
          <ImportSummaryView summary={summary} />
        </div>
      ) : null}
    </Card>
  );
}
