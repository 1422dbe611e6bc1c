import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '../../../api/serviceDesk';
import { json, mockFetch, renderPage, signInStaff } from '../../../test/utils';
import { CataloguePage } from './CataloguePage';
import { FeedbackPage } from './FeedbackPage';
import { NoticesPage } from './NoticesPage';

const signIn = () => signInStaff();

const service = (code: string, zh: string, en: string): ServiceDefinition => ({
  code,
  name: { zh, en },
  summary: { zh, en },
  department: 'community',
  module: null,
  channels: ['portal', 'counter'],
  eligibility: [],
  fields: [],
  materials: [],
  workflow: [
    {
      key: 'handle',
      name: { zh: '社区办理', en: 'Community handles' },
      level: 'community',
      actions: ['approve', 'return', 'reject'],
      timeLimitDays: 3,
    },
  ],
  timeLimitDays: 5,
  publishDecision: false,
  version: 1,
  initials: 'x',
});
const repair = service('repair-report', '报修/环境问题', 'Repairs');
const venue = service('venue-booking', '场地预约', 'Venue booking');
const entry = {
  service: repair,
  enabled: true,
  origin: 'template',
  updatedAt: '2026-12-01T00:00:00Z',
  updatedBy: 'system',
};

describe('服务事项目录', () => {
  it('switches a service off with the version it shows, and saves an adaptation as the next version', async () => {
    signIn();
    const { calls } = mockFetch({
      'GET /api/t/services/admin/catalogue': () => json({ items: [entry] }),
      'GET /api/t/services/admin/templates': () =>
        json({
          items: [
            { service: repair, held: true },
            { service: venue, held: false },
          ],
        }),
      'PUT /api/t/services/admin/catalogue/repair-report/enabled': () => json({ ...entry, enabled: false }),
      'PUT /api/t/services/admin/catalogue/repair-report': (c) =>
        json({
          ...entry,
          origin: 'district',
          service: { ...(c.body as { definition: object }).definition, version: 2 },
        }),
    });
    renderPage(<CataloguePage />);
    expect(await screen.findByText('报修/环境问题')).toBeVisible();
    expect(screen.getByRole('button', { name: /采用.*场地预约/ })).toBeVisible();

    fireEvent.click(screen.getByRole('switch', { name: '启用 报修/环境问题' }));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/enabled'))).toBe(true));
    expect(calls.find((c) => c.url.endsWith('/enabled'))?.body).toEqual({
      enabled: false,
      expectedVersion: 1,
    });

    fireEvent.click(screen.getByRole('button', { name: '调整' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.change(within(dialog).getByLabelText('事项名称'), { target: { value: '环境报修' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '保存为新版本' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'PUT' && c.url.endsWith('/repair-report'))).toBe(true),
    );
    const put = calls.find((c) => c.method === 'PUT' && c.url.endsWith('/repair-report'))!;
    expect(put.body).toMatchObject({
      expectedVersion: 1,
      definition: { code: 'repair-report', name: { zh: '环境报修' } },
    });
    // The confirmation comes from the app's message API (App.useApp), and the dialog closes.
    expect(await screen.findByText('已保存为第 2 版')).toBeVisible();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });
});

describe('好差评整改与回访', () => {
  it('completes an open rectification with what was done', async () => {
    signIn();
    const rect = {
      caseId: '01JD0000000000000000000001',
      number: '110101-20260924-0001',
      serviceCode: 'elderly-allowance',
      serviceName: { zh: '高龄津贴', en: 'Old-age allowance' },
      department: 'civil-affairs',
      communityCode: '110101001001',
      level: 'very-dissatisfied',
      comment: '等了很久',
      openedOn: '2026-09-24',
      due: '2026-10-22',
      provisional: false,
      status: 'open',
      version: 1,
    };
    const { calls } = mockFetch({
      'GET /api/t/services/rectifications': () => json({ items: [rect] }),
      [`POST /api/t/services/rectifications/civil-affairs/${rect.caseId}/complete`]: () =>
        json({ ...rect, status: 'done', version: 2 }),
    });
    renderPage(<FeedbackPage callbacks={false} />);
    expect(await screen.findByText('2026-10-22')).toBeVisible();
    expect(screen.getByText('非常不满意')).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: '办结整改' }));
    const dialog = await screen.findByRole('dialog');
    fireEvent.click(within(dialog).getByRole('button', { name: '提交' }));
    expect(await within(dialog).findByText('请填写整改措施')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(within(dialog).getByLabelText('整改措施'), { target: { value: '优化叫号流程' } });
    fireEvent.click(within(dialog).getByRole('button', { name: '提交' }));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ resolution: '优化叫号流程', version: 1 });
  });
});

describe('公告公示', () => {
  it('publishes a community notice and withdraws one with its version', async () => {
    signIn();
    const notice = {
      id: '01JD0000000000000000000002',
      kind: 'decision',
      title: '低保申请审批结果公示',
      body: '经审核……',
      scope: { kind: 'community', communityCode: '110101001001' },
      publishAt: '2026-12-02T02:00:00Z',
      status: 'published',
      entries: [{ name: '张*兰', idNumber: '1101**********0071' }],
      createdAt: '2026-12-02T02:00:00Z',
      createdBy: 'w',
      version: 1,
    };
    const { calls } = mockFetch({
      'GET /api/t/notices': () => json({ items: [notice] }),
      'POST /api/t/notices': (c) =>
        json({ ...notice, kind: 'general', id: '01JD0000000000000000000003', ...(c.body as object) }, 201),
      [`POST /api/t/notices/${notice.id}/withdraw`]: () =>
        json({ ...notice, status: 'withdrawn', version: 2 }),
    });
    renderPage(<NoticesPage district={false} communityCode="110101001001" />);
    expect(await screen.findByText('审批结果公示')).toBeVisible();
    fireEvent.change(screen.getByLabelText('标题'), { target: { value: '居民议事会通知' } });
    fireEvent.change(screen.getByLabelText('正文'), { target: { value: '周六上午九点召开。' } });
    fireEvent.click(screen.getByRole('button', { name: '发布公告' }));
    await waitFor(() =>
      expect(calls.some((c) => c.method === 'POST' && c.url === '/api/t/notices')).toBe(true),
    );
    expect(calls.find((c) => c.url === '/api/t/notices' && c.method === 'POST')?.body).toEqual({
      title: '居民议事会通知',
      body: '周六上午九点召开。',
      scope: { kind: 'community', communityCode: '110101001001' },
    });
    fireEvent.click(screen.getByRole('button', { name: '撤回' }));
    fireEvent.click(await screen.findByRole('button', { name: /确\s*定|OK/ }));
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/withdraw'))).toBe(true));
    expect(calls.find((c) => c.url.endsWith('/withdraw'))?.body).toEqual({ version: 1 });
  });
});
