import { LoadingOutlined, UploadOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import {
  downloadTemplate,
  type ImportField,
  type ImportJob,
  type ImportMapping,
  type ImportSummary,
  importSummaryOf,
  isImportFinished,
  type PreviewSource,
  popKeys,
  prepareImport,
  saveBlob,
  startImportJob,
  UploadError,
  uploadResidents,
  useImportJob,
  useImportPreview,
  XLSX_TYPE,
} from '../../../api/population';
import { Progress } from '../../../components/plain';
import { useErrorMessage } from '../../../components/States';
import { FactList, Panel, ScopePicker, usePopulationScope } from './common';
import { ImportPreviewView } from './ImportPreview';
import { ImportSummaryView } from './ImportSummary';

interface FileInfo {
  name: string;
  size: number;
}

/**
 * Where the card is: choosing, uploading, previewing (nothing written yet), committing, waiting
 * for the background job, or finished.
 */
type Run =
  | { step: 'idle' }
  | { step: 'preparing'; file: FileInfo }
  | { step: 'uploading'; file: FileInfo; percent: number }
  | { step: 'preview'; file: FileInfo; source: PreviewSource }
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
 * Import residents from a CSV/XLSX file, with a preview before anything is written (issue 16):
 * the file goes straight to storage (with upload progress) for a background job that waits; its
 * preview shows the header row, the column mapping (changeable by hand), the first rows as they
 * would be stored and the errors the file would produce; 确认导入 starts the job with the same
 * mapping and options (live counts, polled about every second), then the summary and row report.
 * Where background imports are not configured the file goes with each preview and with the import.
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
  const fileRef = useRef<HTMLInputElement>(null);
  const [sheet, setSheet] = useState<string | undefined>(undefined);
  const [sheets, setSheets] = useState<{ name: string; rows: number }[]>([]);
  const [mapping, setMapping] = useState<ImportMapping>({});
  /** The file of the last preview, kept after 返回修改 so it can be previewed again. */
  const [chosen, setChosen] = useState<{ file: File; source: PreviewSource; community?: string } | null>(
    null,
  );
  const controller = useRef<AbortController | null>(null);
  const fileKey = useRef(0);

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

  const source = run.step === 'preview' ? run.source : undefined;
  const options = { community, upgradeLegacyIds: upgradeLegacy, sheet, mapping };
  const previewQuery = useImportPreview(source, options);
  const preview = source ? previewQuery.data : undefined;

  // The workbook's sheets, as the preview of all of them lists them (a chosen sheet lists itself only).
  const listed = !sheet ? preview?.file.sheets : undefined;
  useEffect(() => {
    if (listed && listed.length > 1) setSheets(listed.map((s) => ({ name: s.name, rows: s.rows })));
  }, [listed]);

  // Another default community: a background job keeps the one it was created with, so start over.
  const previewedCommunity = chosen?.community;
  useEffect(() => {
    if (run.step === 'preview' && (community ?? undefined) !== previewedCommunity) setRun({ step: 'idle' });
  }, [community, previewedCommunity, run.step]);

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

  /** Upload `file` for a background job that waits for its preview (or keep it, where there are none). */
  const prepare = async (file: File) => {
    controller.current?.abort();
    const ctl = new AbortController();
    controller.current = ctl;
    const current = () => controller.current === ctl;
    const info: FileInfo = { name: file.name, size: file.size };
    let shown = -1;
    setTemplateError(null);
    setSheet(undefined);
    setSheets([]);
    setMapping({});
    setChosen(null);
    setRun({ step: 'preparing', file: info });
    try {
      const prepared = await prepareImport(file, {
        community,
        upgradeLegacyIds: upgradeLegacy,
        signal: ctl.signal,
        onPhase: () => {
          if (current()) setRun({ step: 'uploading', file: info, percent: 0 });
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
      fileKey.current += 1;
      const src: PreviewSource =
        prepared.kind === 'job' ? prepared : { kind: 'direct', file, key: fileKey.current };
      setChosen({ file, source: src, ...(community ? { community } : {}) });
      setRun({ step: 'preview', file: info, source: src });
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

  /** 重新预览 after 返回修改: the uploaded job again if the default community is the same. */
  const previewAgain = () => {
    if (!chosen) return;
    if ((chosen.community ?? undefined) === (community ?? undefined))
      setRun({
        step: 'preview',
        file: { name: chosen.file.name, size: chosen.file.size },
        source: chosen.source,
      });
    else void prepare(chosen.file);
  };

  /** 确认导入: the import runs with the mapping and options of the preview shown. */
  const commit = async () => {
    if (run.step !== 'preview' || !preview) return;
    const { file, source: src } = run;
    const opts = { upgradeLegacyIds: upgradeLegacy, sheet, mapping };
    setChosen(null);
    if (src.kind === 'job') {
      setRun({ step: 'starting', file });
      try {
        const started = await startImportJob(src.id, opts);
        qc.setQueryData(popKeys.importJob(started.id), started);
        rememberJob(started.id, file);
        setRun({ step: 'job', id: started.id, file });
      } catch (err) {
        setRun({ step: 'error', error: err, file });
      }
      return;
    }
    setRun({ step: 'direct', file });
    try {
      const summary = await uploadResidents(src.file, { community, ...opts });
      setRun({ step: 'summary', summary, file });
      void qc.invalidateQueries({ queryKey: ['population', 'residents'] });
    } catch (err) {
      setRun({ step: 'error', error: err, file });
    }
  };

  const map = (header: string, field: ImportField | null) => setMapping((m) => ({ ...m, [header]: field }));

  const cancel = () => controller.current?.abort();

  const describe = (err: unknown) =>
    err instanceof UploadError ? t('population.import.uploadFailed', { code: err.code }) : errorText(err);
  const localized = (m: { zh: string; en: string }) => (i18n.language === 'en' ? m.en : m.zh);

  const previewing = run.step === 'preview' && !preview && !previewQuery.error;
  const busy =
    run.step === 'preparing' ||
    run.step === 'uploading' ||
    run.step === 'starting' ||
    run.step === 'direct' ||
    previewing ||
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
  else if (run.step === 'preview') {
    if (previewQuery.error) phase = t('population.importPreview.failed');
    else if (!preview || previewQuery.isFetching) phase = t('population.importPreview.reading');
    else if (preview.fileError) phase = t('population.importPreview.readyRefused');
    else phase = t('population.importPreview.ready', { valid: preview.imported, failed: preview.failed });
  } else if (run.step === 'starting') phase = t('population.import.starting');
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
  const inPreview = run.step === 'preview';

  return (
    <Panel title={t('population.import.title')}>
      <div className="stack">
        <p>{t('population.import.intro')}</p>
        <ScopePicker />
        <p className="muted">{t('population.import.communityOptional')}</p>
        <div className="actions">
          <Button onClick={() => void template('xlsx')}>{t('population.import.templateXlsx')}</Button>
          <Button onClick={() => void template('csv')}>{t('population.import.templateCsv')}</Button>
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            checked={upgradeLegacy}
            disabled={busy && !inPreview}
            onChange={(e) => setUpgradeLegacy(e.target.checked)}
          />
          {t('population.import.upgradeLegacy')}
        </label>
        <div className="actions">
          {/* The file chooser: the native input, hidden, opened by the button (which carries its name). */}
          <input
            ref={fileRef}
            type="file"
            hidden
            accept={`.csv,.txt,.xlsx,text/csv,${XLSX_TYPE}`}
            disabled={busy}
            onChange={(e) => {
              const f = e.target.files?.[0];
              e.target.value = '';
              if (f) void prepare(f);
            }}
          />
          <Button
            type={inPreview ? 'default' : 'primary'}
            icon={<UploadOutlined />}
            loading={busy && !inPreview}
            disabled={busy && inPreview}
            onClick={() => fileRef.current?.click()}
          >
            {t('population.import.upload')}
          </Button>
          {chosen && !inPreview && !busy ? (
            <Button onClick={previewAgain}>
              {t('population.importPreview.again', { name: chosen.file.name })}
            </Button>
          ) : null}
        </div>
        <p className="muted">{t('population.import.uploadHint')}</p>
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
          <p className="muted">
            {t('population.import.fileLine', { name: file.name, size: fmtBytes(file.size) })}
          </p>
        ) : null}
        {run.step === 'uploading' ? (
          <div className="import-upload-progress">
            <Progress percent={run.percent} label={t('population.import.uploadProgress')} />
            <Button onClick={cancel}>{t('population.import.cancelUpload')}</Button>
          </div>
        ) : null}
        {progress ? (
          <FactList
            items={(
              [
                ['rows', t('population.import.processed')],
                ['imported', t('population.import.imported')],
                ['existing', t('population.import.existing')],
                ['failed', t('population.import.failed')],
              ] as const
            ).map(([key, label]) => ({
              key,
              label,
              children: <span data-testid={`import-progress-${key}`}>{progress[key]}</span>,
            }))}
          />
        ) : null}
        {waiting ? <p className="muted">{t('population.import.backgroundHint')}</p> : null}
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
        {run.step === 'preview' && previewQuery.error ? (
          <Alert type="error" role="alert" showIcon message={errorText(previewQuery.error)} />
        ) : null}
        {run.step === 'error' ? (
          <Alert type="error" role="alert" showIcon message={describe(run.error)} />
        ) : null}
      </div>
      {run.step === 'preview' && preview ? (
        <div style={{ marginTop: 16 }}>
          <ImportPreviewView
            preview={preview}
            mapping={mapping}
            onMap={map}
            sheets={sheets}
            sheet={sheet}
            onSheet={setSheet}
            checking={previewQuery.isFetching}
            committing={false}
            onCommit={() => void commit()}
            onBack={() => setRun({ step: 'idle' })}
          />
        </div>
      ) : null}
      {summary ? (
        <div style={{ marginTop: 16 }}>
          <ImportSummaryView summary={summary} />
        </div>
      ) : null}
    </Panel>
  );
}
