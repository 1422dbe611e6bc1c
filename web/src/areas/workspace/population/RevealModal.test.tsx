import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { dongchengWorker } from '../../../test/fixtures';
import { json, mockFetch, problem, renderPage, signInStaff } from '../../../test/utils';
import { ScopeProvider } from './common';
import { ResidentDetail } from './ResidentDetail';

const ID = '01JBRESIDENT0000000000000A';
const COMMUNITY = '110101001001';

const me = dongchengWorker();

const masked = {
  id: ID,
  status: 'active',
  version: 3,
  communityCode: COMMUNITY,
  streetCode: '110101001',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  lastVerifiedAt: '2026-01-01T00:00:00Z',
  name: '张*',
  idNumber: '110105********002X',
  mobile: '138****5678',
  sex: '***',
  registration: '***',
  masked: true,
};

const signIn = () => signInStaff();

const render = () =>
  renderPage(
    <ScopeProvider me={me}>
      <ResidentDetail />
    </ScopeProvider>,
    { route: `/workspace/population/residents/${ID}`, path: '/workspace/population/residents/:id' },
  );

const base = {
  [`GET /api/t/residents/${ID}`]: () => json(masked),
  [`GET /api/t/residents/${ID}/history`]: () =>
    json({
      items: [
        {
          version: 1,
          action: 'import',
          at: '2026-01-01T00:00:00Z',
          actor: 'dongcheng.community',
          role: 'community-worker',
          channel: 'web',
          importId: '01JBIMPORT000000000000000A',
          fields: ['name'],
          changes: { name: { from: null, to: '张*' } },
        },
      ],
    }),
};

describe('查看完整信息: reveal with a reason', () => {
  it('shows masked values, refuses without a reason, reveals with one and says it is logged', async () => {
    signIn();
    const { calls } = mockFetch({
      ...base,
      [`POST /api/t/residents/${ID}/reveal`]: () =>
        json({
          ...masked,
          name: '张三',
          idNumber: '11010519491231002X',
          mobile: '13812345678',
          revealed: ['name', 'idNumber', 'mobile'],
        }),
    });
    render();

    expect((await screen.findByTestId('resident-id-number')).textContent).toBe('110105********002X');
    expect(screen.getByText('138****5678')).toBeVisible();
    expect(screen.getByText(COMMUNITY)).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: '查看完整信息' }));
    const dialog = await screen.findByRole('dialog');
    expect(dialog.textContent).toContain('记入审计日志');
    fireEvent.click(screen.getByRole('button', { name: '确认查看' }));
    expect(await screen.findByText('请填写查看理由（至少 4 个字）')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);

    fireEvent.change(screen.getByLabelText('查看理由'), { target: { value: '核对低保申请材料' } });
    fireEvent.click(screen.getByRole('button', { name: '确认查看' }));

    await waitFor(() =>
      expect(screen.getByTestId('resident-id-number').textContent).toBe('11010519491231002X'),
    );
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.headers.authorization).toBe('Bearer a');
    expect(post?.body).toMatchObject({ reason: '核对低保申请材料' });
    expect((post!.body as { fields: string[] }).fields).toEqual(
      expect.arrayContaining(['name', 'idNumber', 'mobile']),
    );
    expect(screen.getByText(/已连同理由记入审计日志/)).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: '隐藏完整信息' }));
    await waitFor(() =>
      expect(screen.getByTestId('resident-id-number').textContent).toBe('110105********002X'),
    );
  });

  it('shows the API refusal in the dialog and keeps the values masked', async () => {
    signIn();
    mockFetch({
      ...base,
      [`POST /api/t/residents/${ID}/reveal`]: () =>
        problem({
          status: 403,
          code: 'FORBIDDEN',
          message: { zh: '无权查看 idNumber 明文', en: 'may not reveal idNumber' },
        }),
    });
    render();
    fireEvent.click(await screen.findByRole('button', { name: '查看完整信息' }));
    fireEvent.change(await screen.findByLabelText('查看理由'), { target: { value: '核对身份信息' } });
    fireEvent.click(screen.getByRole('button', { name: '确认查看' }));
    // The answer can arrive while the dialog is still opening (antd's motion): wait until it shows.
    await waitFor(() => expect(screen.getByText('无权查看 idNumber 明文')).toBeVisible());
    expect(screen.getByTestId('resident-id-number').textContent).toBe('110105********002X');
  });
});
