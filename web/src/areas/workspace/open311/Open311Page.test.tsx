import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderPage, signInStaff, staffMe } from '../../../test/utils';
import Open311Page from './Open311Page';

const me = (roles: string[]) =>
  staffMe({ username: 'admin', name: '管理员', roles, modules: ['data-exchange'] });

const key = {
  id: '01JD0000000000000000000001',
  label: '市民热线App',
  hint: '000001…abcd',
  createdAt: '2026-12-01T08:00:00Z',
  createdBy: 'admin',
  version: 1,
};

describe('开放接口 (Open311 keys)', () => {
  it('issues a key shown once, lists keys without secrets and revokes one after confirming', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/t/open311/keys': () => json({ items: [key] }),
      'POST /api/t/open311/keys': () =>
        json({ ...key, id: '01JD0000000000000000000002', label: '新应用', apiKey: 'o311.T.K.secret' }, 201),
      [`POST /api/t/open311/keys/${key.id}/revoke`]: () =>
        json({ ...key, revokedAt: '2026-12-02T08:00:00Z', revokedBy: 'admin', version: 2 }),
    });
    renderPage(<Open311Page me={me(['district-admin'])} />);
    expect(await screen.findByText('市民热线App')).toBeVisible();
    expect(screen.getByText(/\/open311\/v2\/leishan-522634\//)).toBeVisible();

    fireEvent.change(screen.getByLabelText('用途说明'), { target: { value: '新应用' } });
    fireEvent.click(screen.getByRole('button', { name: '签发密钥' }));
    expect(await screen.findByTestId('open311-new-key')).toHaveTextContent('o311.T.K.secret');
    expect(calls.find((c) => c.method === 'POST' && c.url.endsWith('/open311/keys'))?.body).toEqual({
      label: '新应用',
    });

    fireEvent.click(screen.getByRole('button', { name: '吊销 市民热线App' }));
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith(`/${key.id}/revoke`))).toBe(true));
  });

  it('tells other staff that only the district admin manages keys, and asks for nothing', async () => {
    const { calls } = mockFetch({});
    renderPage(<Open311Page me={me(['community-worker'])} />);
    expect(await screen.findByText('仅区县管理员可以管理开放接口密钥。')).toBeVisible();
    expect(calls).toEqual([]);
  });
});
