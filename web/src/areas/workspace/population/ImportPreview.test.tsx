/**
 * The preview step of the import card (issue 16): nothing is written until 确认导入; the preview
 * shows the header row, the column mapping (an unknown column mapped by hand is previewed again
 * and committed with the import), the first rows as stored (masked), the errors in the chosen
 * language, communities and addresses — for a background job and for the one-request import.
 */
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ImportPreview, ImportSummary } from '../../../api/population';
import type { Me } from '../../../api/types';
import { i18n } from '../../../i18n';
import { type Call, json, mockFetch, mockXhr, problem, renderPage, signInStaff } from '../../../test/utils';
import { ScopeProvider } from './common';
import { ImportExportPage } from './ImportExportPage';

const COMMUNITY = '110105001001';
const JOB = '01JBIMPORT000000000000000P';

const me: Me = {
  sub: 's',
  username: 'chaoyang.community',
  name: '社区工作者',
  kind: 'staff',
  tenant: {
    id: 'T',
    slug: 'chaoyang-110105',
    name: '朝阳区',
    divisionCode: '110105',
    tier: 'basic',
    status: 'active',
  },
  roles: ['community-worker'],
  scope: { communityCode: COMMUNITY, streetCode: '110105001' },
  modules: [],
};

const signIn = () => signInStaff();

const FIELDS: ImportPreview['fields'] = [
  { field: 'name', zh: '姓名', required: true },
  { field: 'idNumber', zh: '身份证号', required: true },
  { field: 'registration', zh: '户籍类型', required: true },
  { field: 'mobile', zh: '手机号', required: false },
  { field: 'communityCode', zh: '社区代码', required: true },
  { field: 'address', zh: '住址', required: false },
];

const UNKNOWN_COMMUNITY = {
  zh: '社区“光华里东社区”不在导入范围内，是否为：光华里社区？',
  en: 'Community "光华里东社区" is not among those you may import into; did you mean: 光华里社区?',
};
const SCIENTIFIC = {
  zh: '身份证号被 Excel 转成了数字（1.10105E+17），后几位已丢失，请将该列设为文本后重新填写',
  en: 'Excel turned the ID number into a number (1.10105E+17) and lost its last digits; set the column to text and enter it again',
};

/** A committee's roster: title rows above the header, 联系方式 not recognised. */
const roster = (mobileMapped: boolean): ImportPreview => ({
  rows: 12,
  imported: 10,
  failed: 2,
  blankRows: 1,
  issues: 2,
  byCode: { IMPORT_COMMUNITY_UNKNOWN: 1, RESIDENT_ID_SCIENTIFIC: 1 },
  truncated: false,
  file: {
    format: 'csv',
    encoding: 'gb18030',
    headerRow: 3,
    rowsAboveHeader: 2,
    mapping: [
      { index: 0, header: '序号' },
      { index: 1, header: '姓名', field: 'name' },
      { index: 2, header: '身份证号码', field: 'idNumber' },
      { index: 3, header: '户籍类型', field: 'registration' },
      { index: 4, header: '联系方式', ...(mobileMapped ? { field: 'mobile' as const } : {}) },
      { index: 5, header: '所属社区', field: 'communityCode' },
      { index: 6, header: '现住址', field: 'address' },
    ],
    communities: { byCode: 1, byName: 8, bySheet: 0, byDefault: 1 },
    communityRows: [{ code: COMMUNITY, name: '光华里社区', rows: 10 }],
    addresses: { parsed: 6, text: 2 },
    legacyIdsUpgraded: 0,
  },
  sample: [
    {
      row: 4,
      values: {
        name: '王**',
        idNumber: '110105********1234',
        sex: 'male',
        registration: 'local',
        communityCode: COMMUNITY,
        address: '光华里小区3号楼2单元501室',
        building: '3',
        unit: '2',
        room: '501',
        ...(mobileMapped ? { mobile: '139****5678' } : {}),
        tags: [],
      },
    },
  ],
  errors: [
    { row: 11, field: 'communityCode', code: 'IMPORT_COMMUNITY_UNKNOWN', message: UNKNOWN_COMMUNITY },
    { row: 14, field: 'idNumber', code: 'RESIDENT_ID_SCIENTIFIC', message: SCIENTIFIC },
  ],
  fields: FIELDS,
  savedMapping: {},
});

const renderCard = () =>
  renderPage(
    <ScopeProvider me={me}>
      <ImportExportPage />
    </ScopeProvider>,
  );

const pick = (container: HTMLElement, file: File) =>
  fireEvent.change(container.querySelector('input[type=file]') as HTMLInputElement, {
    target: { files: [file] },
  });

const queryOf = (c: Call) => Object.fromEntries(new URL(c.url, 'http://x').searchParams);

/** Choose `option` (by its text) in the select labelled `label`. */
async function choose(label: string, option: string) {
  const select = screen.getByRole('combobox', { name: label }) as HTMLSelectElement;
  const found = [...select.options].find((o) => o.textContent === option);
  if (!found) throw new Error(`no option ${option}`);
  fireEvent.change(select, { target: { value: found.value } });
}

const summary: ImportSummary = {
  id: JOB,
  status: 'done',
  rows: 12,
  imported: 10,
  existing: 0,
  failed: 2,
  blankRows: 1,
  issues: 2,
  byCode: { IMPORT_COMMUNITY_UNKNOWN: 1, RESIDENT_ID_SCIENTIFIC: 1 },
  truncated: false,
  file: { format: 'csv', headerRow: 3 },
  by: 's',
  startedAt: '2026-01-01T00:00:00Z',
  finishedAt: '2026-01-01T00:00:01Z',
  ms: 1000,
};

describe('the preview step of an import', () => {
  it('previews a background job, remaps an unknown column, then commits with the same mapping', async () => {
    signIn();
    const { requests } = mockXhr();
    const { calls } = mockFetch({
      'POST /api/t/imports': () =>
        json(
          {
            id: JOB,
            status: 'awaiting-upload',
            filename: '花名册.csv',
            size: 9,
            by: 's',
            createdAt: '2026-01-01T00:00:00Z',
            upload: { url: '/local-uploads', fields: { key: 'k' }, expiresAt: '' },
            maxBytes: 9,
          },
          201,
        ),
      [`GET /api/t/imports/${JOB}/preview ?*`]: (c) => json(roster(Boolean(queryOf(c).mapping))),
      [`POST /api/t/imports/${JOB}/start`]: () =>
        json({ id: JOB, status: 'queued', by: 's', createdAt: '2026-01-01T00:00:00Z' }, 202),
      [`GET /api/t/imports/${JOB}`]: () => json(summary),
      [`GET /api/t/imports/${JOB}/report`]: () => new Response('row,field,code,message_zh,message_en\n'),
    });
    const { container } = renderCard();
    pick(container, new File(['x'.repeat(9)], '花名册.csv', { type: 'text/csv' }));
    await waitFor(() => expect(requests).toHaveLength(1));
    act(() => requests[0]!.respond(204));

    const region = await screen.findByRole('region', { name: '导入预览' });
    expect(within(region).getByTestId('preview-summary').textContent).toBe(
      '共 12 行数据：10 行可以导入，2 行有问题（共 2 处）',
    );
    expect(within(region).getByText('这是预览，尚未写入任何数据。核对无误后点击“确认导入”。')).toBeVisible();
    expect(within(region).getByTestId('import-header-row').textContent).toBe(
      '第 3 行（跳过上方 2 行标题或说明）',
    );
    expect(within(region).getByTestId('import-communities').textContent).toBe('光华里社区：10 行');
    expect(within(region).getByTestId('import-addresses').textContent).toBe(
      '6 条已拆分为楼栋/单元/房号，2 条按原文保存',
    );
    // the column mapping: 联系方式 not recognised
    const mapping = within(region).getByRole('table', { name: '列对应' });
    const unknownRow = within(mapping).getByText('联系方式').closest('tr') as HTMLElement;
    expect(within(unknownRow).getByText('未识别')).toBeVisible();
    // the first rows as they will be stored, masked as the API gave them, values by their labels
    const sample = within(region).getByRole('table', { name: '预览数据' });
    expect(within(sample).getByText('王**')).toBeVisible();
    expect(within(sample).getByText('110105********1234')).toBeVisible();
    expect(within(sample).getByText('户籍人口')).toBeVisible();
    expect(within(sample).getByText('光华里社区')).toBeVisible();
    expect(within(sample).getByText('光华里小区3号楼2单元501室')).toBeVisible();
    // the errors the whole file would produce, in Chinese, with row and column — not codes
    const errors = within(region).getByRole('table', { name: '需要修改的行' });
    const row11 = within(errors).getByText('11').closest('tr') as HTMLElement;
    expect(within(row11).getByText('所属社区')).toBeVisible();
    expect(within(row11).getByText(UNKNOWN_COMMUNITY.zh)).toBeVisible();
    expect(within(errors).getByText(SCIENTIFIC.zh)).toBeVisible();
    expect(within(errors).queryByText('IMPORT_COMMUNITY_UNKNOWN')).toBeNull();
    expect(calls.some((c) => c.url.endsWith('/start'))).toBe(false);
    expect(queryOf(calls.find((c) => c.url.includes('/preview'))!)).toEqual({ upgradeLegacyIds: 'false' });

    // map 联系方式 → 手机号 by hand: the file is checked again with the mapping
    await choose('“联系方式”列导入为', '手机号');
    await waitFor(() =>
      expect(calls.filter((c) => c.url.includes('/preview')).map((c) => queryOf(c).mapping)).toContain(
        JSON.stringify({ 联系方式: 'mobile' }),
      ),
    );
    await waitFor(() => expect(within(region).getByText('139****5678')).toBeVisible());
    expect(within(unknownRow).getByText('手动指定')).toBeVisible();

    // the legacy-ID option is previewed too
    fireEvent.click(screen.getByRole('checkbox', { name: /15 位旧身份证号/ }));
    await waitFor(() =>
      expect(calls.filter((c) => c.url.includes('/preview')).at(-1)!.url).toContain('upgradeLegacyIds=true'),
    );

    fireEvent.click(await within(region).findByRole('button', { name: '确认导入' }));
    await waitFor(() => expect(calls.some((c) => c.url === `/api/t/imports/${JOB}/start`)).toBe(true));
    const start = calls.find((c) => c.url === `/api/t/imports/${JOB}/start`)!;
    expect(start.body).toEqual({ upgradeLegacyIds: true, mapping: { 联系方式: 'mobile' } });
    const result = await screen.findByRole('region', { name: '导入结果' });
    expect(within(result).getByTestId('import-imported').textContent).toBe('10');
    expect(screen.queryByRole('region', { name: '导入预览' })).toBeNull();
  });

  it('without background imports: previews in the request, errors in the chosen language, 返回修改 writes nothing', async () => {
    signIn();
    mockXhr();
    const { calls } = mockFetch({
      'POST /api/t/imports': () =>
        problem({
          status: 503,
          code: 'IMPORTS_UNAVAILABLE',
          message: { zh: '大文件导入服务未配置', en: 'Background imports are not configured' },
        }),
      'POST /api/t/imports/residents/preview ?*': () => json(roster(false)),
      'POST /api/t/imports/residents ?*': () => json(summary, 201),
    });
    const { container } = renderCard();
    pick(container, new File(['x'], '花名册.csv', { type: 'text/csv' }));
    const region = await screen.findByRole('region', { name: '导入预览' });
    const previewCall = calls.find((c) => c.url.startsWith('/api/t/imports/residents/preview'))!;
    expect(queryOf(previewCall)).toEqual({ community: COMMUNITY, filename: '花名册.csv' });
    expect(within(region).getByText(SCIENTIFIC.zh)).toBeVisible();

    try {
      await act(() => i18n.changeLanguage('en'));
      const en = screen.getByRole('region', { name: 'Import preview' });
      expect(within(en).getByText(SCIENTIFIC.en)).toBeVisible();
      expect(within(en).getByText(UNKNOWN_COMMUNITY.en)).toBeVisible();
      expect(within(en).queryByText(SCIENTIFIC.zh)).toBeNull();
    } finally {
      await act(() => i18n.changeLanguage('zh-CN'));
    }

    // 返回修改: back to the options, nothing imported; the same file can be previewed again
    fireEvent.click(
      within(screen.getByRole('region', { name: '导入预览' })).getByRole('button', { name: '返回修改' }),
    );
    expect(screen.queryByRole('region', { name: '导入预览' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '重新预览“花名册.csv”' }));
    fireEvent.click(
      within(await screen.findByRole('region', { name: '导入预览' })).getByRole('button', {
        name: '确认导入',
      }),
    );
    await screen.findByRole('region', { name: '导入结果' });
    const imports = calls.filter((c) => c.method === 'POST' && c.url.startsWith('/api/t/imports/residents?'));
    expect(imports).toHaveLength(1);
    expect(queryOf(imports[0]!)).toEqual({ community: COMMUNITY, filename: '花名册.csv' });
  });

  it('a refused file (a required column not recognised) can be mapped by hand, then imported', async () => {
    signIn();
    mockXhr();
    const refused: ImportPreview = {
      rows: 0,
      imported: 0,
      failed: 0,
      blankRows: 0,
      issues: 1,
      byCode: { IMPORT_MISSING_COLUMNS: 1 },
      truncated: false,
      fileError: {
        code: 'IMPORT_MISSING_COLUMNS',
        message: { zh: '缺少必填列：姓名；未导入任何数据', en: 'Required columns are missing: name' },
      },
      file: {
        format: 'csv',
        headerRow: 1,
        mapping: [
          { index: 0, header: '住户' },
          { index: 1, header: '身份证号', field: 'idNumber' },
          { index: 2, header: '户籍类型', field: 'registration' },
        ],
      },
      sample: [],
      errors: [],
      fields: FIELDS,
      savedMapping: {},
    };
    const { fileError: _refusal, ...accepted } = refused;
    const ok: ImportPreview = {
      ...accepted,
      rows: 1,
      imported: 1,
      issues: 0,
      byCode: {},
      file: {
        ...refused.file,
        mapping: [{ index: 0, header: '住户', field: 'name' }, ...refused.file.mapping!.slice(1)],
      },
      sample: [{ row: 2, values: { name: '张*', idNumber: '110105********0012', registration: 'local' } }],
    };
    const { calls } = mockFetch({
      'POST /api/t/imports': () =>
        problem({
          status: 503,
          code: 'IMPORTS_UNAVAILABLE',
          message: { zh: '未配置', en: 'not configured' },
        }),
      'POST /api/t/imports/residents/preview ?*': (c) => json(queryOf(c).mapping ? ok : refused),
      'POST /api/t/imports/residents ?*': () =>
        json({ ...summary, rows: 1, imported: 1, failed: 0, issues: 0 }, 201),
    });
    const { container } = renderCard();
    pick(container, new File(['x'], '住户.csv', { type: 'text/csv' }));
    const region = await screen.findByRole('region', { name: '导入预览' });
    expect(within(region).getByRole('alert').textContent).toContain(
      '文件目前无法导入：缺少必填列：姓名；未导入任何数据',
    );
    const commit = within(region).getByRole('button', { name: '确认导入' });
    expect(commit).toBeDisabled();

    await choose('“住户”列导入为', '姓名（必填）');
    await waitFor(() => expect(within(region).getByRole('button', { name: '确认导入' })).toBeEnabled());
    expect(within(region).getByText('张*')).toBeVisible();
    fireEvent.click(within(region).getByRole('button', { name: '确认导入' }));
    await screen.findByRole('region', { name: '导入结果' });
    const committed = calls.find(
      (c) => c.method === 'POST' && c.url.startsWith('/api/t/imports/residents?'),
    )!;
    expect(JSON.parse(queryOf(committed).mapping!)).toEqual({ 住户: 'name' });
  });
});
