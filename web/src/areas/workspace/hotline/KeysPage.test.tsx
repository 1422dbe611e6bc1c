import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, renderPage, signInStaff } from '../../../test/utils';
import { KeysPage } from './KeysPage';

const session = () => signInStaff();

const key = (over: Record<string, unknown>) => ({
  id: '01JKEY000000000000000000AA',
  purpose: 'sms',
  label: '短信上行',
  hint: 'abcd',
  status: 'active',
  createdAt: '2026-12-01T02:00:00.000Z',
  createdBy: '管理员',
  ...over,
});

describe('短信服务商接入密钥', () => {
  it('shows each key’s SNS topic (or that the first message will set it) and issues a key bound to a topic', async () => {
    session();
    const topic = 'arn:aws-cn:sns:cn-north-1:123456789012:linli-sms';
    const { calls } = mockFetch({
      'GET /api/t/sms/keys': () =>
        json({ items: [key({ topicArn: topic }), key({ id: '01JKEY000000000000000000BB', label: '备用' })] }),
      'POST /api/t/sms/keys': () =>
        json({ key: key({ topicArn: topic }), secret: 'lsms.T.01JKEY.secret' }, 201),
    });
    renderPage(<KeysPage purpose="sms" />);
    expect(await screen.findByText(topic)).toBeVisible();
    expect(screen.getByText('待首条消息确定')).toBeVisible();
    fireEvent.change(screen.getByLabelText('名称'), { target: { value: '短信上行' } });
    fireEvent.change(screen.getByLabelText('SNS 主题'), { target: { value: ` ${topic} ` } });
    fireEvent.click(screen.getByRole('button', { name: '生成密钥' }));
    expect(await screen.findByTestId('issued-key')).toHaveTextContent('lsms.T.01JKEY.secret');
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ label: '短信上行', topicArn: topic }),
    );
  });

  it('the telephony keys have no topic field', async () => {
    session();
    mockFetch({ 'GET /api/t/hotline/keys': () => json({ items: [] }) });
    renderPage(<KeysPage purpose="calls" />);
    expect(await screen.findByText('尚未生成密钥')).toBeVisible();
    expect(screen.queryByLabelText('SNS 主题')).toBeNull();
  });
});
