import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem, renderPage, signInStaff } from '../../../test/utils';
import Invitations from './Invitations';

const INVITED = {
  id: 'inv-1',
  name: '王芳',
  channel: 'sms',
  to: '138****0000',
  role: 'community-worker',
  scope: { communityCode: '110101001001' },
  status: 'pending',
  validUntil: '2026-12-10T08:00:00.000Z',
  createdAt: '2026-12-03T08:00:00.000Z',
};

const api = (over: Record<string, Parameters<typeof mockFetch>[0][string]> = {}) =>
  mockFetch({
    'GET /api/t/invitations': () => json([INVITED]),
    'GET /api/t/org/streets': () => json([{ code: '110101001', name: '东华门街道', communityCount: 1 }]),
    'GET /api/t/org/streets/110101001/communities': () =>
      json([{ code: '110101001001', name: '多福巷社区', streetCode: '110101001', kind: 'residents' }]),
    ...over,
  });

describe('inviting staff', () => {
  it('lists the invitations sent, role and status in words', async () => {
    signInStaff();
    api();
    renderPage(<Invitations />);
    const table = await screen.findByRole('table', { name: '已发出的邀请' });
    const row = within(table).getByText('王芳').closest('tr')!;
    expect(within(row).getByText('社区工作者')).toBeInTheDocument();
    expect(within(row).getByText('待接受')).toBeInTheDocument();
  });

  it('invites a community worker by SMS into one community, picked street by street', async () => {
    signInStaff();
    const { calls } = api({ 'POST /api/t/invitations': () => json({ ...INVITED, id: 'inv-2' }, 201) });
    renderPage(<Invitations />);
    fireEvent.change(await screen.findByLabelText('姓名'), { target: { value: '王芳' } });
    fireEvent.change(screen.getByLabelText('手机号'), { target: { value: '13800000000' } });
    fireEvent.change(screen.getByLabelText('角色'), { target: { value: 'community-worker' } });
    const street = await screen.findByLabelText('所属街道');
    await screen.findByRole('option', { name: '东华门街道' });
    fireEvent.change(street, { target: { value: '110101001' } });
    const community = await screen.findByLabelText('所属社区');
    await screen.findByRole('option', { name: '多福巷社区' });
    fireEvent.change(community, { target: { value: '110101001001' } });
    fireEvent.click(screen.getByRole('button', { name: '发送邀请' }));
    await screen.findByText('邀请已发送');
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      name: '王芳',
      channel: 'sms',
      mobile: '13800000000',
      role: 'community-worker',
      scope: { communityCode: '110101001001' },
    });
  });

  it('sends nothing without the street a street worker needs, and shows the API’s refusal on the form', async () => {
    signInStaff();
    const { calls } = api({
      'POST /api/t/invitations': () =>
        problem({
          status: 409,
          code: 'INVITATION_EXISTS',
          title: 'Conflict',
          message: { zh: '该手机号已有待接受的邀请', en: 'Already invited' },
        }),
    });
    renderPage(<Invitations />);
    fireEvent.change(await screen.findByLabelText('姓名'), { target: { value: '李强' } });
    fireEvent.change(screen.getByLabelText('手机号'), { target: { value: '13900000000' } });
    fireEvent.click(screen.getByRole('button', { name: '发送邀请' }));
    await waitFor(() => expect(screen.getByLabelText('所属街道')).toHaveAttribute('aria-invalid', 'true'));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    const street = screen.getByLabelText('所属街道');
    await screen.findByRole('option', { name: '东华门街道' });
    fireEvent.change(street, { target: { value: '110101001' } });
    fireEvent.click(screen.getByRole('button', { name: '发送邀请' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('该手机号已有待接受的邀请');
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });
});
