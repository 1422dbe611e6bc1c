import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImportJob, ImportPreview } from '../../../api/population';
import { i18n } from '../../../i18n';
import { dongchengWorker } from '../../../test/fixtures';
import { json, mockFetch, mockXhr, renderPage, signInStaff } from '../../../test/utils';
import { ScopeProvider } from './common';
import { ImportExportPage } from './ImportExportPage';

const COMMUNITY = '110101001001';
const JOB = '01JBIMPORT000000000000000C';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const UPLOAD_URL = '/local-uploads';

const me = dongchengWorker();

const signIn = () => signInStaff();

const base = {
  id: JOB,
  filename: '居民导入.xlsx',
  size: 3 * 1024 * 1024,
  by: 'dongcheng.community',
  createdAt: '2026-01-01T00:00:00Z',
};

const fields = { key: `t/T/imports/${JOB}`, 'Content-Type': XLSX, policy: 'cG9saWN5', signature: 'c2ln' };

const done: ImportJob = {
  ...base,
  status: 'done',
  rows: 3000,
  imported: 2990,
  existing: 4,
  failed: 6,
  blankRows: 0,
  issues: 6,
  byCode: { RESIDENT_ID_CHECKSUM: 6 },
  truncated: false,
  file: { format: 'xlsx' },
  startedAt: '2026-01-01T00:00:01Z',
  finishedAt: '2026-01-01T00:00:02Z',
  ms: 1000,
};

/** The platform as the card sees it: `job` is what the next poll answers. */
function platform(initial: ImportJob) {
  const state = { job: initial, polls: 0 };
  const { calls } = mockFetch({
    'POST /api/t/imports': () =>
      json(
        {
          ...base,
          status: 'awaiting-upload',
          upload: { url: UPLOAD_URL, fields, expiresAt: '' },
          maxBytes: base.size,
        },
        201,
      ),
    [`POST /api/t/imports/${JOB}/start`]: () => json({ ...base, status: 'queued' }, 202),
    [`GET /api/t/imports/${JOB}/preview ?*`]: () => json(preview),
    [`GET /api/t/imports/${JOB}`]: () => {
      state.polls++;
      return json(state.job);
    },
  });
  return { state, calls };
}

const renderCard = () =>
  renderPage(
    <ScopeProvider me={me}>
      <ImportExportPage />
    </ScopeProvider>,
  );

const fileInput = (container: HTMLElement) => container.querySelector('input[type=file]') as HTMLInputElement;

const pick = (container: HTMLElement) => {
  const input = fileInput(container);
  const file = new File([new Uint8Array(base.size)], base.filename, { type: XLSX });
  fireEvent.change(input, { target: { files: [file] } });
  return file;
};

const phase = () => screen.getByTestId('import-phase');

/** The preview of the uploaded file (before anything is written): all rows valid. */
const preview: ImportPreview = {
  rows: 3000,
  imported: 2996,
  failed: 4,
  blankRows: 0,
  issues: 4,
  byCode: { RESIDENT_ID_CHECKSUM: 4 },
  truncated: false,
  file: { format: 'xlsx', headerRow: 1, mapping: [{ index: 0, header: '姓名', field: 'name' }] },
  sample: [],
  errors: [],
  fields: [{ field: 'name', zh: '姓名', required: true }],
  savedMapping: {},
};

/** The preview is shown: confirm the import. */
const confirm = async () => {
  const region = await screen.findByRole('region', { name: '导入预览' });
  fireEvent.click(within(region).getByRole('button', { name: '确认导入' }));
};

describe('background import in the import card', () => {
  it('shows upload progress, then live counts while importing, then the summary', async () => {
    signIn();
    const { requests } = mockXhr();
    const { state, calls } = platform({
      ...base,
      status: 'running',
      progress: { rows: 1200, imported: 1180, existing: 15, failed: 5 },
    });
    const { container } = renderCard();
    const file = pick(container);

    await waitFor(() => expect(requests).toHaveLength(1));
    const create = calls.find((c) => c.method === 'POST' && c.url === '/api/t/imports');
    expect(create?.body).toEqual({
      filename: base.filename,
      size: file.size,
      contentType: XLSX,
      community: COMMUNITY,
    });
    const xhr = requests[0]!;
    expect(xhr.url).toBe(UPLOAD_URL);
    expect(xhr.headers.authorization).toBeUndefined();
    expect([...(xhr.body as FormData).keys()]).toEqual([
      'key',
      'Content-Type',
      'policy',
      'signature',
      'file',
    ]);

    // the live region says what is happening, the bar shows how far
    act(() => xhr.progress(45, 100));
    expect(phase().textContent).toBe('正在上传文件：45%（1.4 MB / 3.0 MB）');
    expect(phase().getAttribute('aria-live')).toBe('polite');
    expect(screen.getByRole('progressbar', { name: '上传进度' }).getAttribute('aria-valuenow')).toBe('45');
    expect(fileInput(container).disabled).toBe(true);
    expect(calls.some((c) => c.url.endsWith('/start'))).toBe(false);

    act(() => xhr.respond(204));
    // the job waits for its preview: nothing starts until the import is confirmed
    await screen.findByRole('region', { name: '导入预览' });
    expect(calls.some((c) => c.url.endsWith('/start'))).toBe(false);
    await confirm();
    expect(await screen.findByTestId('import-progress-rows')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST' && c.url === `/api/t/imports/${JOB}/start`)).toBe(true);
    expect(screen.getByTestId('import-progress-rows').textContent).toBe('1200');
    expect(screen.getByTestId('import-progress-imported').textContent).toBe('1180');
    expect(screen.getByTestId('import-progress-existing').textContent).toBe('15');
    expect(screen.getByTestId('import-progress-failed').textContent).toBe('5');
    expect(phase().textContent).toBe(
      '正在导入：已处理 1200 行，成功导入 1180 行，已登记跳过 15 行，未导入 5 行',
    );
    expect(screen.queryByRole('region', { name: '导入结果' })).toBeNull();

    state.job = done;
    const region = await screen.findByRole('region', { name: '导入结果' });
    expect(within(region).getByTestId('import-imported').textContent).toBe('2990');
    expect(within(region).getByTestId('import-failed').textContent).toBe('6');
    expect(within(region).getByTestId('import-existing').textContent).toBe('4');
    expect(within(region).getByRole('button', { name: '下载逐行报告（CSV）' })).toBeVisible();
    expect(phase().textContent).toBe('导入完成');
    expect(screen.queryByTestId('import-progress-rows')).toBeNull();

    // finished: the poller stops, and the upload control is usable again
    const polls = state.polls;
    await new Promise((r) => setTimeout(r, 1500));
    expect(state.polls).toBe(polls);
    expect(fileInput(container).disabled).toBe(false);
  });

  it('shows why a job failed, in the current language, with advice', async () => {
    signIn();
    const { requests } = mockXhr();
    platform({
      ...base,
      status: 'failed',
      error: {
        code: 'IMPORT_INTERRUPTED',
        message: {
          zh: '导入中断。请重新上传同一文件：已导入的行会按身份证号自动跳过',
          en: 'The import was interrupted. Upload the same file again: rows already imported are skipped by ID number',
        },
      },
    });
    const { container } = renderCard();
    pick(container);
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.respond(204));
    await confirm();

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('导入失败');
    expect(alert.textContent).toContain(
      '导入中断。请重新上传同一文件：已导入的行会按身份证号自动跳过 (IMPORT_INTERRUPTED)',
    );
    expect(alert.textContent).toContain('已导入的行会按身份证号自动跳过，不会重复登记');
    expect(phase().textContent).toBe('导入失败');
    expect(screen.queryByRole('region', { name: '导入结果' })).toBeNull();

    try {
      await act(() => i18n.changeLanguage('en'));
      const en = screen.getByRole('alert');
      expect(en.textContent).toContain('The import failed');
      expect(en.textContent).toContain('The import was interrupted. Upload the same file again');
    } finally {
      await act(() => i18n.changeLanguage('zh-CN'));
    }
  });

  it('says the upload failed (with the storage error code) and starts nothing', async () => {
    signIn();
    const { requests } = mockXhr();
    const { calls } = platform({ ...base, status: 'queued' });
    const { container } = renderCard();
    expect(fileInput(container).disabled).toBe(false);
    pick(container);
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() =>
      requests[0]!.respond(
        400,
        '<?xml version="1.0" encoding="UTF-8"?><Error><Code>EntityTooLarge</Code><Message>too big</Message></Error>',
      ),
    );
    expect((await screen.findByRole('alert')).textContent).toBe(
      '文件上传失败（EntityTooLarge），请检查网络后重新上传。',
    );
    expect(calls.some((c) => c.url.endsWith('/start'))).toBe(false);
    expect(fileInput(container).disabled).toBe(false);
  });

  it('stops the upload and the poller when the page is left', async () => {
    signIn();
    const { requests } = mockXhr();
    const { state } = platform({ ...base, status: 'queued' });
    const first = renderCard();
    pick(first.container);
    await waitFor(() => expect(requests).toHaveLength(1));
    first.unmount();
    expect(requests[0]!.aborted).toBe(true);

    // a second visit: upload, start, poll — then leave while it is queued
    const second = renderCard();
    pick(second.container);
    await waitFor(() => expect(requests).toHaveLength(2));
    act(() => requests[1]!.respond(204));
    await confirm();
    expect(await screen.findByText('文件已上传，等待开始导入…')).toBeVisible();
    await waitFor(() => expect(state.polls).toBeGreaterThan(0));
    second.unmount();
    const polls = state.polls;
    await new Promise((r) => setTimeout(r, 2500));
    expect(state.polls).toBe(polls);
  });
});
