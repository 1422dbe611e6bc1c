import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderPage, signInStaff, staffMe } from '../../../test/utils';
import { SmsPage } from './SmsPage';

const me = (roles: string[]) => staffMe({ roles, modules: ['channel-sms'] });

const session = () => signInStaff();

describe('短信 · 发送规则', () => {
  it('the district admin changes the daily limit and quiet hours, and the page says it is saved', async () => {
    session();
    const { calls } = mockFetch({
      'GET /api/t/sms/messages': () => json({ items: [] }),
      'GET /api/t/sms/log': () => json({ day: '20261202', items: [] }),
      'GET /api/t/sms/rules': () => json({ dailyLimit: 2000, quietFrom: 21, quietUntil: 8 }),
      'PUT /api/t/sms/rules': () => json({ dailyLimit: 500, quietFrom: 22, quietUntil: 7 }),
    });
    renderPage(<SmsPage me={me(['district-admin'])} />);
    fireEvent.click(await screen.findByRole('tab', { name: '发送规则' }));
    const limit = await screen.findByLabelText('每日群发上限（条）');
    expect(limit).toHaveValue(2000);
    fireEvent.change(limit, { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText('免打扰开始（时）'), { target: { value: '22' } });
    fireEvent.change(screen.getByLabelText('免打扰结束（时）'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: '保存规则' }));
    expect(await screen.findByText('规则已保存')).toBeVisible();
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        dailyLimit: 500,
        quietFrom: 22,
        quietUntil: 7,
      }),
    );
  });

  it('a community worker reads the rules but cannot change them', async () => {
    session();
    const { calls } = mockFetch({
      'GET /api/t/sms/rules': () => json({ dailyLimit: 2000, quietFrom: 21, quietUntil: 8 }),
      'GET /api/t/streets': () => json({ items: [] }),
    });
    renderPage(<SmsPage me={me(['community-worker'])} />);
    fireEvent.click(await screen.findByRole('tab', { name: '发送规则' }));
    expect(await screen.findByLabelText('每日群发上限（条）')).toBeDisabled();
    expect(screen.getByText('仅区县管理员可以修改发送规则')).toBeVisible();
    expect(screen.queryByRole('button', { name: '保存规则' })).toBeNull();
    expect(calls.some((c) => c.method === 'PUT')).toBe(false);
  });
});
