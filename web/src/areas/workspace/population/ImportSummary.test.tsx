import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { ImportPreview } from '../../../api/population';
import { dongchengWorker, importSummary } from '../../../test/fixtures';
import { json, mockFetch, problem, renderPage, signInStaff } from '../../../test/utils';
import { ScopeProvider } from './common';
import { ImportExportPage } from './ImportExportPage';
import { ImportSummaryView } from './ImportSummary';

const COMMUNITY = '110101001001';
const IMPORT_ID = '01JBIMPORT000000000000000A';

const me = dongchengWorker();

const summary = importSummary(IMPORT_ID, { filename: 'residents.xlsx' });

const signIn = () => signInStaff();

describe('import result summary', () => {
  it('shows imported / failed / skipped counts, issues by code, and downloads the row report', async () => {
    signIn();
    const createObjectURL = vi.fn(() => 'blob:report');
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL, revokeObjectURL: vi.fn() }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    const { calls } = mockFetch({
      [`GET /api/t/imports/${IMPORT_ID}/report`]: () =>
        new Response(
          '\uFEFFrow,field,code,message_zh,message_en\r\n4,idNumber,RESIDENT_ID_CHECKSUM,校验码错误,bad checksum\r\n',
          {
            headers: {
              'Content-Type': 'text/csv; charset=utf-8',
              'Content-Disposition': `attachment; filename="import-${IMPORT_ID}-report.csv"`,
            },
          },
        ),
    });
    renderPage(<ImportSummaryView summary={summary} />);

    const region = screen.getByRole('region', { name: '导入结果' });
    expect(within(region).getByTestId('import-imported').textContent).toBe('2');
    expect(within(region).getByTestId('import-failed').textContent).toBe('1');
    expect(within(region).getByTestId('import-existing').textContent).toBe('0');
    expect(within(region).getByText('1 行未导入，请按下表修改后重新导入这些行')).toBeVisible();
    // on screen, in the chosen language, with the row and the column; the code only on hover
    const issues = await within(region).findByRole('table', { name: '需要修改的行' });
    const line = within(issues).getAllByRole('row')[1]!;
    expect(
      within(line)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['4', '身份证号', '校验码错误']);
    expect(within(line).getByText('校验码错误')).toHaveAttribute('title', 'RESIDENT_ID_CHECKSUM');
    const byCode = within(region).getByRole('table', { name: '问题类型' });
    expect(within(byCode).getByText('校验码错误')).toHaveAttribute('title', 'RESIDENT_ID_CHECKSUM');
    expect(region.textContent).not.toContain('RESIDENT_ID_CHECKSUM');

    fireEvent.click(within(region).getByRole('button', { name: '下载逐行报告（CSV）' }));
    await waitFor(() => expect(click).toHaveBeenCalled());
    expect(calls[0]?.url).toBe(`/api/t/imports/${IMPORT_ID}/report`);
    expect(calls[0]?.headers.authorization).toBe('Bearer a');
    const anchor = click.mock.instances[0] as unknown as HTMLAnchorElement;
    expect(anchor.download).toBe(`import-${IMPORT_ID}-report.csv`);
  });

  it('says so when every row went in (no report button)', () => {
    signIn();
    mockFetch({});
    renderPage(<ImportSummaryView summary={{ ...summary, imported: 3, failed: 0, issues: 0, byCode: {} }} />);
    expect(screen.getByText('全部导入成功')).toBeVisible();
    expect(screen.queryByRole('button', { name: '下载逐行报告（CSV）' })).toBeNull();
  });

  it('says the template example row was skipped, not imported', () => {
    signIn();
    mockFetch({});
    renderPage(
      <ImportSummaryView
        summary={{
          ...summary,
          rows: 0,
          imported: 0,
          failed: 0,
          issues: 0,
          byCode: {},
          file: { format: 'csv', exampleRows: 1 },
        }}
      />,
    );
    expect(screen.getByText('模板中的示例行（1 行，第一列标有“示例”）已跳过，没有导入。')).toBeVisible();
  });

  it('without background imports (503), previews and uploads the raw XLSX in one request and shows the summary; a refused file shows why', async () => {
    signIn();
    let refuse = false;
    const preview: ImportPreview = {
      rows: 3,
      imported: 2,
      failed: 1,
      blankRows: 0,
      issues: 1,
      byCode: { RESIDENT_ID_CHECKSUM: 1 },
      truncated: false,
      file: { format: 'xlsx', headerRow: 1 },
      sample: [],
      errors: [],
      fields: [],
      savedMapping: {},
    };
    const refusal = {
      code: 'IMPORT_MISSING_COLUMNS',
      message: { zh: '缺少必填列：身份证号', en: 'Missing columns: ID number' },
    };
    const { calls } = mockFetch({
      [`POST /api/t/imports/residents/preview?community=${COMMUNITY}&filename=residents.xlsx`]: () =>
        json(refuse ? { ...preview, imported: 0, rows: 0, fileError: refusal } : preview),
      'POST /api/t/imports': () =>
        problem({
          status: 503,
          code: 'IMPORTS_UNAVAILABLE',
          message: { zh: '大文件导入服务未配置', en: 'Background imports are not configured' },
        }),
      [`POST /api/t/imports/residents?community=${COMMUNITY}&filename=residents.xlsx`]: () =>
        refuse
          ? problem({
              status: 400,
              code: 'IMPORT_MISSING_COLUMNS',
              message: { zh: '缺少必填列：身份证号', en: 'Missing columns: ID number' },
              summary: {
                ...summary,
                rows: 0,
                imported: 0,
                failed: 0,
                byCode: {},
                issues: 0,
                fileError: {
                  code: 'IMPORT_MISSING_COLUMNS',
                  message: { zh: '缺少必填列：身份证号', en: 'Missing columns: ID number' },
                },
              },
            })
          : json(summary, 201),
    });
    const { container } = renderPage(
      <ScopeProvider me={me}>
        <ImportExportPage />
      </ScopeProvider>,
    );
    const input = container.querySelector('input[type=file]') as HTMLInputElement;
    const file = new File([new Uint8Array([0x50, 0x4b, 3, 4])], 'residents.xlsx', {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    });
    fireEvent.change(input, { target: { files: [file] } });
    const previewed = await screen.findByRole('region', { name: '导入预览' });
    expect(calls.some((c) => c.url.startsWith('/api/t/imports/residents?'))).toBe(false);
    fireEvent.click(within(previewed).getByRole('button', { name: '确认导入' }));

    const region = await screen.findByRole('region', { name: '导入结果' });
    expect(within(region).getByTestId('import-imported').textContent).toBe('2');
    expect(within(region).getByTestId('import-failed').textContent).toBe('1');
    expect(calls.find((c) => c.url.startsWith('/api/t/imports'))?.url).toBe('/api/t/imports');
    const post = calls.find((c) => c.method === 'POST' && c.url.startsWith('/api/t/imports/residents'));
    expect(post?.headers['content-type']).toBe(
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    );
    expect(post?.headers.authorization).toBe('Bearer a');

    refuse = true;
    // rc-upload renders a fresh <input type=file> after each pick
    const again = container.querySelector('input[type=file]') as HTMLInputElement;
    fireEvent.change(again, { target: { files: [file] } });
    // the preview says why, and nothing can be committed
    expect(await screen.findByText('文件目前无法导入：缺少必填列：身份证号')).toBeVisible();
    expect(
      within(screen.getByRole('region', { name: '导入预览' })).getByRole('button', { name: '确认导入' }),
    ).toBeDisabled();
  });
});
