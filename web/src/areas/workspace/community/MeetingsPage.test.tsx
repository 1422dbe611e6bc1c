import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Meeting } from '../../../api/meetings';
import { json, mockFetch, renderPage, signInStaff, staffMe } from '../../../test/utils';
import SelfGovernanceArea from './SelfGovernanceArea';

const C1 = '110101001001';
const me = staffMe({
  name: '社区工作者',
  roles: ['community-worker'],
  scope: { communityCode: C1, streetCode: C1.slice(0, 9) },
  modules: ['self-governance'],
});

const session = () => signInStaff();

const mt = (over: Partial<Meeting>): Meeting => ({
  id: '01JMEET00000000000000000A1',
  communityCode: C1,
  kind: 'residents',
  scope: { kind: 'community' },
  title: '加装电梯居民会议',
  startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  place: '社区会议室',
  convener: '社区居委会',
  agenda: [
    { id: 'a1', title: '加装电梯方案' },
    { id: 'a2', title: '费用分摊' },
  ],
  basis: 'households',
  expected: 40,
  recorded: 0,
  headCount: 0,
  present: 0,
  quorum: { expected: 40, present: 0, required: 21, reached: false },
  status: 'planned',
  minutes: [],
  corrections: [],
  createdAt: new Date().toISOString(),
  createdBy: 'worker',
  version: 1,
  ...over,
});
const planned = mt({});
const published = mt({
  id: '01JMEET00000000000000000B2',
  title: '楼道堆物清理楼栋会',
  kind: 'building',
  status: 'published',
  startsAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
  present: 12,
  headCount: 12,
  quorum: undefined,
  basis: undefined,
  expected: undefined,
  minutes: [{ agendaId: 'a1', discussion: '清理楼道', decision: '周六统一清理' }],
  publishedAt: new Date().toISOString(),
  noticeId: '01JNOTICE0000000000000000A',
});

describe('居民会议 (workspace)', () => {
  it('lists upcoming and held meetings in tabs beside the consultations', async () => {
    session();
    mockFetch({
      'GET /api/t/community/meetings': () => json({ items: [published, planned] }),
      'GET /api/t/community/consultations': () => json({ items: [] }),
      [`GET /api/t/org/streets/${C1.slice(0, 9)}/communities`]: () => json([]),
    });
    renderPage(<SelfGovernanceArea me={me} />, {
      route: '/m/self-governance/meetings',
      path: '/m/self-governance/*',
    });
    expect(await screen.findByRole('link', { name: '居民会议', current: 'page' })).toBeVisible();
    const table = await screen.findByRole('table', { name: '居民会议' });
    expect(within(table).getByRole('link', { name: '加装电梯居民会议' })).toBeVisible();
    expect(within(table).queryByText('楼道堆物清理楼栋会')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: '已召开' }));
    expect(await screen.findByRole('link', { name: '楼道堆物清理楼栋会' })).toBeVisible();
    expect(screen.getByLabelText('会议名称')).toBeVisible();
    expect(screen.getByLabelText('应到人数（户数）')).toBeVisible();
  });

  it('shows attendees masked and the quorum not reached for a planned 居民会议, and saves attendance', async () => {
    session();
    const { calls } = mockFetch({
      [`GET /api/t/community/meetings/${planned.id}`]: () =>
        json({
          meeting: mt({
            recorded: 1,
            present: 1,
            quorum: { expected: 40, present: 1, required: 21, reached: false },
          }),
          attendees: [{ residentId: '01JRES00000000000000000001', as: 'household', name: '王*' }],
        }),
      [`PUT /api/t/community/meetings/${planned.id}/attendance`]: () => json(mt({ version: 2 })),
    });
    renderPage(<SelfGovernanceArea me={me} />, {
      route: `/m/self-governance/meetings/${planned.id}`,
      path: '/m/self-governance/*',
    });
    const table = await screen.findByRole('table', { name: '出席情况' });
    expect(within(table).getByText('王*')).toBeVisible();
    expect(screen.getByText('未过半数，依法不能举行')).toBeVisible();
    expect(screen.getByText('会议召开后才能填写纪要')).toBeVisible();
    fireEvent.change(screen.getByLabelText('其他出席人数'), { target: { value: '25' } });
    fireEvent.click(screen.getByRole('button', { name: '保存出席情况' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        version: 1,
        attendees: [{ residentId: '01JRES00000000000000000001', as: 'household' }],
        headCount: 25,
      }),
    );
  });

  it('writes the minutes per agenda item and publishes them as a notice', async () => {
    session();
    const held = mt({ status: 'held', present: 25, headCount: 25, version: 4 });
    let current = held;
    const { calls } = mockFetch({
      [`GET /api/t/community/meetings/${held.id}`]: () => json({ meeting: current, attendees: [] }),
      [`PUT /api/t/community/meetings/${held.id}/minutes`]: (c) => {
        current = mt({
          ...held,
          version: 5,
          minutes: (c.body as { items: Meeting['minutes'] }).items,
        });
        return json(current);
      },
      [`POST /api/t/community/meetings/${held.id}/publish`]: () =>
        json(mt({ ...current, status: 'published' })),
    });
    renderPage(<SelfGovernanceArea me={me} />, {
      route: `/m/self-governance/meetings/${held.id}`,
      path: '/m/self-governance/*',
    });
    fireEvent.change(await screen.findByLabelText('1. 加装电梯方案 讨论情况'), {
      target: { value: '居民充分讨论' },
    });
    fireEvent.change(screen.getByLabelText('1. 加装电梯方案 决定'), { target: { value: '同意加装' } });
    fireEvent.change(screen.getByLabelText('1. 加装电梯方案 赞成'), { target: { value: '20' } });
    expect(screen.getByRole('button', { name: '发布纪要' })).toBeDisabled();
    fireEvent.click(screen.getByRole('button', { name: '保存纪要' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PUT')?.body).toEqual({
        version: 4,
        summary: '',
        items: [
          {
            agendaId: 'a1',
            discussion: '居民充分讨论',
            decision: '同意加装',
            votes: { for: 20, against: 0, abstain: 0 },
          },
        ],
      }),
    );
    const publish = await screen.findByRole('button', { name: '发布纪要' });
    await waitFor(() => expect(publish).toBeEnabled());
    expect(screen.getByRole('checkbox', { name: /同时作为社区公告/ })).toBeChecked();
    fireEvent.click(publish);
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ version: 5, notice: true }),
    );
  });
});
