import { describe, expect, it, vi } from 'vitest';
import { importSummary } from '../test/fixtures';
import { json, mockFetch, mockXhr, problem, signInStaff } from '../test/utils';
import { ApiError } from './errors';
import { beginImport, UploadError, uploadImportFile } from './population';

const COMMUNITY = '110101001001';
const JOB = '01JBIMPORT000000000000000B';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const S3 = 'https://linli-imports.s3.cn-north-1.amazonaws.com.cn/';

const signIn = () => signInStaff();

const fields = {
  key: `t/01JBTENANT0000000000000000/imports/${JOB}`,
  'Content-Type': XLSX,
  Policy: 'eyJjb25kaXRpb25zIjpbXX0',
  'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
  'X-Amz-Signature': 'abc123',
};

const created = {
  id: JOB,
  status: 'awaiting-upload',
  filename: '居民.xlsx',
  size: 4,
  by: 'dongcheng.community',
  createdAt: '2026-01-01T00:00:00Z',
  upload: { url: S3, fields, expiresAt: '2026-01-01T00:15:00Z' },
  maxBytes: 4,
};

const summary = importSummary(JOB);

const xlsxFile = () => new File([new Uint8Array([0x50, 0x4b, 3, 4])], '居民.xlsx', { type: XLSX });

describe('direct upload of an import file', () => {
  it('posts the form fields first, in order, then the file — no Authorization, no credentials', async () => {
    signIn();
    const { requests } = mockXhr();
    const progress = vi.fn();
    const file = xlsxFile();
    const done = uploadImportFile(created.upload, file, { onProgress: progress });

    expect(requests).toHaveLength(1);
    const req = requests[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe(S3);
    expect(req.withCredentials).toBe(false);
    expect(Object.keys(req.headers).map((h) => h.toLowerCase())).not.toContain('authorization');
    expect(req.body).toBeInstanceOf(FormData);
    const entries = [...(req.body as FormData).entries()];
    expect(entries.map(([name]) => name)).toEqual([...Object.keys(fields), 'file']);
    expect(entries.slice(0, -1).map(([, v]) => v)).toEqual(Object.values(fields));
    const sent = entries.at(-1)![1] as File;
    expect(sent.name).toBe('居民.xlsx');
    expect(sent.size).toBe(file.size);

    req.progress(2, 8);
    expect(progress).toHaveBeenLastCalledWith(2, 8);
    req.respond(204);
    await expect(done).resolves.toBeUndefined();
  });

  it('rejects with the S3 error code of a refused upload, and on a network error', async () => {
    const { requests } = mockXhr();
    const refused = uploadImportFile(created.upload, xlsxFile());
    requests[0]!.respond(
      400,
      '<?xml version="1.0" encoding="UTF-8"?><Error><Code>EntityTooLarge</Code><Message>Your proposed upload exceeds the maximum allowed size</Message></Error>',
    );
    const err = await refused.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadError);
    expect((err as UploadError).status).toBe(400);
    expect((err as UploadError).code).toBe('EntityTooLarge');

    const lost = uploadImportFile(created.upload, xlsxFile());
    requests[1]!.fail();
    await expect(lost).rejects.toMatchObject({ name: 'UploadError', status: 0, code: 'NETWORK' });

    const ctl = new AbortController();
    const aborted = uploadImportFile(created.upload, xlsxFile(), { signal: ctl.signal });
    ctl.abort();
    await expect(aborted).rejects.toMatchObject({ name: 'AbortError' });
    expect(requests[2]!.aborted).toBe(true);
  });
});

describe('beginImport', () => {
  it('creates the job with the file facts, uploads to the form, then starts the job', async () => {
    signIn();
    const { requests } = mockXhr();
    const { calls } = mockFetch({
      'POST /api/t/imports': () => json(created, 201),
      [`POST /api/t/imports/${JOB}/start`]: () => json({ ...created, status: 'queued' }, 202),
    });
    const phases: string[] = [];
    const started = beginImport(xlsxFile(), { community: COMMUNITY, onPhase: (p) => phases.push(p) });

    await vi.waitFor(() => expect(requests).toHaveLength(1));
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers.authorization).toBe('Bearer a');
    expect(calls[0]?.body).toEqual({
      filename: '居民.xlsx',
      size: 4,
      contentType: XLSX,
      community: COMMUNITY,
    });
    // nothing is started before the file is up
    expect(calls.some((c) => c.url.endsWith('/start'))).toBe(false);
    requests[0]!.respond(204);

    const res = await started;
    expect(res).toMatchObject({ kind: 'job', job: { id: JOB, status: 'queued' } });
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([
      'POST /api/t/imports',
      `POST /api/t/imports/${JOB}/start`,
    ]);
    expect(phases).toEqual(['upload', 'start']);
  });

  it('declares a CSV as text/csv even where the browser labels it as an Excel file', async () => {
    signIn();
    mockXhr();
    const { calls } = mockFetch({
      'POST /api/t/imports': () =>
        problem({ status: 403, code: 'FORBIDDEN', message: { zh: '无权导入', en: 'Forbidden' } }),
    });
    const csv = new File(['姓名,身份证号\r\n'], '居民.csv', { type: 'application/vnd.ms-excel' });
    await expect(beginImport(csv)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    expect(calls[0]?.body).toEqual({ filename: '居民.csv', size: csv.size, contentType: 'text/csv' });
  });

  it('falls back to the one-request import when background imports are not configured (503)', async () => {
    signIn();
    const { requests } = mockXhr();
    const { calls } = mockFetch({
      'POST /api/t/imports': () =>
        problem({
          status: 503,
          code: 'IMPORTS_UNAVAILABLE',
          message: { zh: '大文件导入服务未配置', en: 'Background imports are not configured' },
        }),
      [`POST /api/t/imports/residents?community=${COMMUNITY}&filename=${encodeURIComponent('居民.xlsx')}`]:
        () => json(summary, 201),
    });
    const phases: string[] = [];
    const res = await beginImport(xlsxFile(), { community: COMMUNITY, onPhase: (p) => phases.push(p) });

    expect(res).toEqual({ kind: 'summary', summary });
    expect(phases).toEqual(['direct']);
    expect(requests).toHaveLength(0);
    const direct = calls[1]!;
    expect(direct.headers['content-type']).toBe(XLSX);
    expect(direct.headers.authorization).toBe('Bearer a');
  });

  it('does not fall back on other refusals: a 415 is the caller’s to show', async () => {
    signIn();
    const { requests } = mockXhr();
    const { calls } = mockFetch({
      'POST /api/t/imports': () =>
        problem({
          status: 415,
          code: 'IMPORT_UNSUPPORTED_FORMAT',
          message: { zh: '仅支持 CSV（.csv/.txt）或 Excel（.xlsx）文件', en: 'Only CSV or Excel' },
        }),
    });
    const err = await beginImport(new File(['x'], 'a.pdf', { type: 'application/pdf' })).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('IMPORT_UNSUPPORTED_FORMAT');
    expect(calls).toHaveLength(1);
    expect(requests).toHaveLength(0);
  });
});
