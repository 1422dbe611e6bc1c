import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearResidentSession } from '../../areas/portal/residentSession';
import { json, mockFetch } from '../../test/utils';
import type { ResidentCase } from './api';
import CasePage from './CasePage';
import { CASE, GUIDE, signIn } from './fixtures';

const PARAMS = { slug: 'dongcheng-110101', id: 'c1' };
const open = () => render(<CasePage data={undefined} params={PARAMS} search="" />);

beforeEach(() => signIn());
afterEach(() => {
  clearResidentSession();
  vi.unstubAllGlobals();
});

describe('a case as the resident follows it', () => {
  it('shows what to do next, the current step, the due dates and the history', async () => {
    mockFetch({ 'GET /api/t/resident/cases/c1': () => json(CASE) });
    open();
    expect(await screen.findByRole('heading', { level: 1, name: '高龄津贴' })).toBeVisible();
    expect(screen.getByTestId('case-number')).toHaveTextContent('110101-20261202-0007');
    expect(screen.getByText('办理中')).toBeVisible();
    expect(screen.getByTestId('case-next')).toHaveTextContent('街道正在审核，请耐心等待。');
    expect(screen.getByText('剩余 14 个工作日 · 本环节 2026-12-09 前完成')).toBeVisible();
    expect(screen.getByText('2026-12-23')).toBeVisible();
    const current = document.querySelector('[aria-current="step"]');
    expect(current).toHaveTextContent('街道审核');
    const history = within(screen.getByTestId('case-timeline'));
    expect(history.getByText('提交申请')).toBeVisible();
    expect(history.getByText('受理通过')).toBeVisible();
    expect(history.getByText('社区工作者')).toBeVisible();
    expect(screen.queryByRole('heading', { name: '服务评价' })).toBeNull();
  });

  it('asks before withdrawing, then shows the withdrawn case', async () => {
    const { calls } = mockFetch({
      'GET /api/t/resident/cases/c1': () => json(CASE),
      'POST /api/t/resident/cases/c1/withdraw': () =>
        json({
          ...CASE,
          status: 'withdrawn',
          canWithdraw: false,
          next: { zh: '申请已撤回。', en: 'Withdrawn.' },
        }),
    });
    open();
    fireEvent.click(await screen.findByRole('button', { name: '撤回申请' }));
    expect(screen.getByText('确定撤回这件申请吗？撤回后需重新申请。')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: '确定撤回' }));
    expect(await screen.findByText('已撤回')).toBeVisible();
    expect(screen.queryByRole('button', { name: '撤回申请' })).toBeNull();
    expect(calls.filter((c) => c.url === '/api/t/resident/cases/c1/withdraw')).toHaveLength(1);
  });

  it('answers a return for materials (补正) with a new upload, sending only what changed', async () => {
    const returned: ResidentCase = {
      ...CASE,
      status: 'returned',
      stepIndex: 0,
      step: CASE.steps[0]!,
      canResubmit: true,
      timeline: [
        ...CASE.timeline.slice(0, 1),
        {
          at: '2026-12-02T02:00:00Z',
          action: 'return',
          role: 'community-worker',
          fromStep: 0,
          toStep: 0,
          status: 'returned',
          reason: '身份证照片不清晰',
        },
      ],
      next: { zh: '请补正材料。', en: 'Provide corrections.' },
    };
    const ref = { uploadId: 'up2', name: 'new.png', type: 'image/png', size: 3 };
    const { calls } = mockFetch({
      'GET /api/t/resident/cases/c1': () => json(returned),
      'GET /api/t/resident/services/catalogue/elderly-allowance': () => json(GUIDE),
      'POST /api/t/resident/materials': () =>
        json(
          {
            uploadId: 'up2',
            upload: { url: '/local-uploads/up2', fields: {}, expiresAt: 'x' },
            maxBytes: 1,
            ref,
          },
          201,
        ),
      'POST /local-uploads/up2': () => new Response(null, { status: 204 }),
      'POST /api/t/resident/cases/c1/resubmit': () =>
        json({ ...returned, status: 'pending', canResubmit: false }),
    });
    open();
    expect(await screen.findByText('退回原因：身份证照片不清晰')).toBeVisible();
    expect(screen.getByText('待补正')).toBeVisible();
    const form = within(await screen.findByTestId('resubmit'));
    // The form loads with the service's definition (a skeleton until then).
    const file = await form.findByLabelText(/选择文件/);
    // Sealed answers (the ID number) are not asked again.
    expect(form.queryByLabelText(/^身份证号码/)).toBeNull();
    fireEvent.change(file, {
      target: { files: [new File(['abc'], 'new.png', { type: 'image/png' })] },
    });
    expect(await form.findByText('new.png')).toBeVisible();
    fireEvent.click(form.getByRole('button', { name: '提交补正' }));
    expect(await screen.findByText('补正已提交。')).toBeVisible();
    const sent = calls.find((c) => c.url === '/api/t/resident/cases/c1/resubmit');
    expect(sent?.body).toEqual({ form: { 'id-card-scan': [ref] } });
    await waitFor(() => expect(screen.queryByTestId('resubmit')).toBeNull());
  });

  it('rates a completed case once: level, the five dimensions, a comment', async () => {
    const done: ResidentCase = {
      ...CASE,
      status: 'approved',
      stepIndex: 2,
      canWithdraw: false,
      closedOn: '2026-12-10',
    };
    const { calls } = mockFetch({
      'GET /api/t/resident/cases/c1': () => json(done),
      'GET /api/t/resident/cases/c1/rating': () => json({ rating: null, open: true }),
      'POST /api/t/resident/cases/c1/rating': (call) =>
        json(
          {
            rating: {
              caseId: 'c1',
              number: CASE.number,
              serviceCode: 'elderly-allowance',
              department: 'civil-affairs',
              at: '2026-12-10T01:00:00Z',
              ...(call.body as object),
            },
          },
          201,
        ),
    });
    open();
    expect(await screen.findByRole('heading', { name: '服务评价' })).toBeVisible();
    expect(screen.queryByRole('button', { name: '撤回申请' })).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    expect(await screen.findByText('请选择总体评价。')).toBeVisible();
    const overall = within(screen.getByRole('group', { name: '总体评价' }));
    expect(overall.getAllByRole('radio')).toHaveLength(5);
    fireEvent.click(overall.getByRole('radio', { name: '满意' }));
    fireEvent.change(screen.getByLabelText('办事效率'), { target: { value: 'very-satisfied' } });
    fireEvent.change(screen.getByLabelText('意见建议（选填）'), { target: { value: '办得很快' } });
    fireEvent.click(screen.getByRole('button', { name: '提交评价' }));
    expect(await screen.findByText('您的评价：满意')).toBeVisible();
    const sent = calls.find((c) => c.method === 'POST');
    expect(sent?.body).toEqual({
      level: 'satisfied',
      dimensions: {
        attitude: 'satisfied',
        efficiency: 'very-satisfied',
        convenience: 'satisfied',
        standards: 'satisfied',
        outcome: 'satisfied',
      },
      comment: '办得很快',
    });
  });

  it('asks a signed-out visitor to sign in, and to come back here afterwards', () => {
    clearResidentSession();
    const { fn } = mockFetch({});
    window.history.replaceState(null, '', `/t/dongcheng-110101/cases/${PARAMS.id}`);
    open();
    expect(screen.getByRole('heading', { level: 1, name: '我的办件' })).toBeVisible();
    expect(screen.getByRole('link', { name: '返回门户' })).toHaveAttribute('href', '/t/dongcheng-110101');
    expect(screen.getByRole('link', { name: '居民登录' })).toHaveAttribute(
      'href',
      `/t/dongcheng-110101/login?next=${encodeURIComponent(`/t/dongcheng-110101/cases/${PARAMS.id}`)}`,
    );
    expect(fn).not.toHaveBeenCalled();
  });
});
