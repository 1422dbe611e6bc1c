import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { StaffCase } from '../../../api/cases';
import { dongchengWorker } from '../../../test/fixtures';
import { json, mockFetch, problem, renderPage, signInStaff } from '../../../test/utils';
import CaseDetailPage from './CaseDetailPage';
import InboxPage from './InboxPage';

const C1 = '110101001001';
const ID = '01JBCASE00000000000000000A';
const me = dongchengWorker({ modules: ['civil-affairs'] }, { tier: 'standard' });
const signIn = () => signInStaff();

const row = (id: string, number: string, over: Record<string, unknown> = {}) => ({
  caseId: id,
  number,
  serviceCode: 'elderly-allowance',
  serviceName: { zh: '高龄津贴', en: 'Old-age allowance' },
  status: 'pending',
  stepIndex: 0,
  stepDue: '2026-12-04',
  due: '2026-12-22',
  channel: 'portal',
  communityCode: C1,
  filedOn: '2026-12-01',
  provisional: false,
  remaining: 2,
  overdue: false,
  soonDue: false,
  ...over,
});

const catalogue = { items: [] };

describe('办件待办 inbox', () => {
  it('lists the desk soonest due first, flags overdue, filters, and bulk-accepts with per-case results', async () => {
    signIn();
    const { calls } = mockFetch({
      'GET /api/t/services/catalogue': () => json(catalogue),
      'GET /api/t/cases?scope=desk&status=pending&limit=50': () =>
        json({
          items: [
            row('01JBCASE00000000000000000B', '110101-20261201-0002', {
              overdue: true,
              remaining: -1,
              escalated: 'street',
            }),
            row(ID, '110101-20261201-0001', { soonDue: true, remaining: 1 }),
          ],
        }),
      'POST /api/t/cases/bulk-accept': () =>
        json({
          items: [
            { id: '01JBCASE00000000000000000B', ok: true, status: 'pending' },
            { id: ID, ok: false, code: 'CASE_WRONG_STEP' },
          ],
        }),
    });
    renderPage(<InboxPage me={me} />, {
      route: '/workspace/services/inbox',
      path: '/workspace/services/inbox',
    });
    const table = await screen.findByRole('table', { name: '办件列表' });
    expect(await within(table).findByText('110101-20261201-0002')).toBeVisible();
    expect(within(table).getByText('超期')).toBeVisible();
    expect(within(table).getByText('临期')).toBeVisible();
    expect(within(table).getByText('督办')).toHaveAttribute('title', '已超期，督办至街道');

    // Select both and accept: one result per case.
    const boxes = within(table).getAllByRole('checkbox');
    fireEvent.click(boxes[1]!);
    fireEvent.click(boxes[2]!);
    fireEvent.click(screen.getByRole('button', { name: '批量受理（2）' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      items: [
        { id: '01JBCASE00000000000000000B', step: 0 },
        { id: ID, step: 0 },
      ],
    });
    expect(await screen.findByText('已受理 1 件，未受理 1 件', undefined, { timeout: 20_000 })).toBeVisible();
    expect(await screen.findByText('110101-20261201-0001：CASE_WRONG_STEP')).toBeVisible();
    // A table with selection is slow to render in jsdom on a loaded machine: room to finish.
  }, 300_000);
});

const detail = (over: Partial<StaffCase> = {}): StaffCase => ({
  id: ID,
  number: '110101-20261201-0001',
  service: { code: 'elderly-allowance', name: { zh: '高龄津贴', en: 'Old-age allowance' }, version: 1 },
  status: 'pending',
  stepIndex: 0,
  step: {
    index: 0,
    key: 'accept',
    name: { zh: '社区受理', en: 'Community intake' },
    level: 'community',
    timeLimitDays: 3,
  },
  channel: 'portal',
  filedOn: '2026-12-01',
  due: '2026-12-22',
  provisional: false,
  updatedAt: '2026-12-01T02:00:00Z',
  version: 1,
  communityCode: C1,
  streetCode: '110101001',
  applicant: { kind: 'resident' },
  form: {
    'applicant-name': '张*兰',
    'id-number': '110101********0019',
    'id-card-scan': [
      { uploadId: '01JBUPLOAD0000000000000000', name: '身份证.jpg', type: 'image/jpeg', size: 2048 },
    ],
  },
  fields: [
    {
      key: 'applicant-name',
      label: { zh: '申请人姓名', en: 'Applicant name' },
      type: 'text',
      required: true,
      sealed: true,
    },
    {
      key: 'id-number',
      label: { zh: '公民身份号码', en: 'Citizen ID number' },
      type: 'idNumber',
      required: true,
      sealed: true,
    },
    {
      key: 'id-card-scan',
      label: { zh: '身份证照片', en: 'ID card photo' },
      type: 'file',
      required: true,
      sealed: false,
    },
  ],
  steps: [
    {
      index: 0,
      key: 'accept',
      name: { zh: '社区受理', en: 'Community intake' },
      level: 'community',
      timeLimitDays: 3,
    },
    {
      index: 1,
      key: 'review',
      name: { zh: '街道审核', en: 'Street review' },
      level: 'street',
      timeLimitDays: 5,
    },
  ],
  timeline: [
    {
      at: '2026-12-01T02:00:00Z',
      action: 'submit',
      role: 'resident',
      actor: 'x',
      fromStep: 0,
      toStep: 0,
      status: 'pending',
    },
  ],
  notes: [],
  clock: {
    stepDue: '2026-12-04',
    due: '2026-12-22',
    remaining: 2,
    overdue: false,
    soonDue: false,
    provisional: false,
  },
  allowedActions: ['accept', 'return', 'reject'],
  transferTargets: [],
  ...over,
});

const renderDetail = () =>
  renderPage(<CaseDetailPage />, {
    route: `/workspace/services/cases/${ID}`,
    path: '/workspace/services/cases/:id',
  });

describe('办件详情 case detail', () => {
  it('shows the masked form, only the allowed actions, and returns for materials with a reason', async () => {
    signIn();
    const { calls } = mockFetch({
      [`GET /api/t/cases/${ID}`]: () => json(detail()),
      [`POST /api/t/cases/${ID}/actions`]: () => json(detail({ status: 'returned', allowedActions: [] })),
    });
    renderDetail();
    expect(await screen.findByText('110101********0019')).toBeVisible();
    expect(screen.getByText(/身份证\.jpg/)).toBeVisible();
    // The timeline reads China's clock: filed at 02:00 UTC is 10:00 in the district.
    expect(screen.getByText(/^2026-12-01 10:00 · /)).toBeVisible();
    expect(screen.getByRole('button', { name: '受理并转下一环节' })).toBeVisible();
    expect(screen.queryByRole('button', { name: '办结（准予）' })).toBeNull();
    expect(screen.queryByRole('button', { name: '转办' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: '退回补正' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    expect(
      await within(dialog).findByText('请填写理由（至少 2 个字）', undefined, { timeout: 20_000 }),
    ).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('理由'), { target: { value: '身份证照片不清晰' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '确定' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      action: 'return',
      step: 0,
      reason: '身份证照片不清晰',
    });
    expect(await screen.findByText('该办件当前不在您的环节，无可执行操作')).toBeVisible();
  });

  it('assigns to a colleague chosen by name, and shows the assignee by name', async () => {
    signIn();
    const colleagues = {
      items: [
        { sub: 'sub-wang', name: '王芳', roles: ['community-worker'] },
        { sub: 'sub-li', name: '李强', roles: ['district-admin'] },
      ],
    };
    const { calls } = mockFetch({
      [`GET /api/t/cases/${ID}`]: () => json(detail()),
      [`GET /api/t/cases/${ID}/assignees`]: () => json(colleagues),
      [`POST /api/t/cases/${ID}/assign`]: () => json(detail({ assignee: 'sub-wang' })),
    });
    renderDetail();
    const picker = await screen.findByRole('combobox', { name: '选择同事（可输入姓名）' });
    expect(screen.getByRole('option', { name: '王芳（社区工作者）' })).toBeInTheDocument();
    fireEvent.change(picker, { target: { value: 'sub-wang' } });
    fireEvent.click(screen.getByRole('button', { name: /^分\s?派$/ }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST' && c.url.endsWith('/assign'))?.body).toEqual({
        assignee: 'sub-wang',
      }),
    );
    expect(await screen.findByText('王芳')).toBeVisible();
  });

  it('reveals a sealed answer only with a reason', async () => {
    signIn();
    const { calls } = mockFetch({
      [`GET /api/t/cases/${ID}`]: () => json(detail()),
      [`POST /api/t/cases/${ID}/reveal`]: () =>
        json({ form: { 'id-number': '110101194003020019' }, revealed: ['id-number'], reason: '核对身份' }),
    });
    renderDetail();
    fireEvent.click(await screen.findByRole('button', { name: '查看完整信息' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('审计日志');
    fireEvent.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(
      await within(dialog).findByText('请填写理由（至少 2 个字）', undefined, { timeout: 20_000 }),
    ).toBeVisible();
    fireEvent.change(within(dialog).getByLabelText('查看理由'), { target: { value: '核对身份' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(await screen.findByText('110101194003020019')).toBeVisible();
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ reason: '核对身份' });
  });

  it('says so when the case is not in the caller’s scope', async () => {
    signIn();
    mockFetch({
      [`GET /api/t/cases/${ID}`]: () =>
        problem({
          status: 404,
          code: 'CASE_NOT_FOUND',
          message: { zh: '未找到该办件', en: 'Case not found' },
        }),
    });
    renderDetail();
    expect(await screen.findByText('未找到该办件')).toBeVisible();
  });
});
