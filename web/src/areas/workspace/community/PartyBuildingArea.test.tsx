import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { PartyBranch, PartyMember, PartyOverview } from '../../../api/party';
import { json, mockFetch, problem, renderPage, signInStaff, staffMe } from '../../../test/utils';
import PartyBuildingArea from './PartyBuildingArea';

const C1 = '110101001001';
const YEAR = new Date().getFullYear();
const me = (roles: string[], modules = ['party-building']) =>
  staffMe({
    name: '社区工作者',
    roles,
    scope: { communityCode: C1, streetCode: C1.slice(0, 9) },
    modules,
    tenant: { id: 'T', slug: 'dongcheng-110101', name: '东城区', status: 'active' },
  });

const session = () => signInStaff();

const branch: PartyBranch = {
  id: '01JBRANCH00000000000000001',
  communityCode: C1,
  name: '和平里社区党支部',
  kind: 'branch',
  secretary: '刘红',
  foundedOn: '2020-07-01',
  members: 2,
  createdAt: new Date().toISOString(),
  createdBy: 'worker',
  version: 1,
};
const period = (p: string, state: 'held' | 'missed' | 'open' | 'future') => ({
  period: p,
  held: state === 'held' ? 1 : 0,
  state,
});
const overview: PartyOverview = {
  year: YEAR,
  branches: [
    {
      branch,
      kinds: [
        {
          kind: 'congress',
          cadence: 'quarterly',
          held: 1,
          expected: 4,
          due: 1,
          missed: 0,
          periods: [period(`${YEAR}-Q1`, 'held')],
        },
        {
          kind: 'committee',
          cadence: 'monthly',
          held: 1,
          expected: 12,
          due: 2,
          missed: 1,
          periods: [period(`${YEAR}-01`, 'held'), period(`${YEAR}-02`, 'missed')],
        },
        { kind: 'group', cadence: 'monthly', held: 2, expected: 12, due: 2, missed: 0, periods: [] },
        { kind: 'lecture', cadence: 'quarterly', held: 1, expected: 4, due: 1, missed: 0, periods: [] },
      ],
      otherActivities: 3,
      behind: true,
    },
  ],
};
const member = (over: Partial<PartyMember>): PartyMember => ({
  id: '01JMEMBER00000000000000001',
  branchId: branch.id,
  communityCode: C1,
  name: '王**',
  linked: true,
  residentId: '01JRES00000000000000000001',
  consent: {
    method: 'written',
    givenOn: '2026-03-01',
    recordedBy: 'worker',
    recordedAt: new Date().toISOString(),
  },
  standing: 'full',
  joinedOn: '1985-06-20',
  status: 'active',
  createdAt: new Date().toISOString(),
  createdBy: 'worker',
  version: 1,
  ...over,
});
const members = [
  member({}),
  member({
    id: '01JMEMBER00000000000000002',
    name: '陈**',
    linked: false,
    residentId: undefined,
    consent: undefined,
    standing: 'probationary',
  }),
];

const branchPage = () => {
  session();
  const { calls } = mockFetch({
    [`GET /api/t/community/party/branches/${branch.id}`]: () => json(branch),
    [`GET /api/t/community/party/branches/${branch.id}/members`]: () => json({ items: members }),
    [`GET /api/t/community/party/branches/${branch.id}/meetings?year=${YEAR}`]: () =>
      json({ year: YEAR, items: [] }),
    [`GET /api/t/community/party/overview?year=${YEAR}`]: () => json(overview),
    'GET /api/t/residents ?*': () =>
      json({
        items: [
          {
            id: '01JRES00000000000000000009',
            name: '赵*',
            idNumber: '110101********0012',
            communityCode: C1,
            status: 'active',
          },
        ],
      }),
    [`POST /api/t/community/party/branches/${branch.id}/members`]: (c) =>
      (c.body as { residentId?: string }).residentId
        ? json(member({ id: '01JMEMBER00000000000000003', name: '赵*' }), 201)
        : problem({
            status: 400,
            code: 'PARTY_MEMBER_NAME_REQUIRED',
            title: '未关联居民信息时须填写党员姓名',
          }),
    [`PATCH /api/t/community/party/branches/${branch.id}/members/01JMEMBER00000000000000002`]: () =>
      json(member({ id: '01JMEMBER00000000000000002', standing: 'full', version: 2 })),
    [`POST /api/t/community/party/branches/${branch.id}/meetings`]: (c) =>
      json(
        {
          id: '01JMEET000000000000000001',
          branchId: branch.id,
          communityCode: C1,
          ...(c.body as object),
          present: 1,
          absent: 1,
          createdAt: '',
          createdBy: 'w',
        },
        201,
      ),
  });
  renderPage(<PartyBuildingArea me={me(['community-worker'])} />, {
    route: `/m/party-building/${branch.id}`,
    path: '/m/party-building/*',
  });
  return calls;
};

describe('社区党建 (workspace)', () => {
  it('shows each branch’s 三会一课 held against what is due, says who is behind, and records a branch', async () => {
    session();
    const { calls } = mockFetch({
      [`GET /api/t/community/party/overview?year=${YEAR}`]: () => json(overview),
      'POST /api/t/community/party/branches': (c) =>
        json({ ...branch, ...(c.body as object), id: '01JBRANCH00000000000000002', members: 0 }, 201),
      [`GET /api/t/org/streets/${C1.slice(0, 9)}/communities`]: () =>
        json([{ code: C1, name: '和平里社区', streetCode: C1.slice(0, 9) }]),
    });
    renderPage(<PartyBuildingArea me={me(['community-worker'])} />, {
      route: '/m/party-building',
      path: '/m/party-building/*',
    });
    const table = await screen.findByRole('table', { name: '三会一课年度情况' });
    expect(within(table).getByRole('link', { name: '和平里社区党支部' })).toBeVisible();
    expect(within(table).getByText('1 / 2')).toBeVisible();
    expect(within(table).getByText('1 期未按时召开')).toBeVisible();

    fireEvent.change(screen.getByLabelText('党组织名称'), { target: { value: '和平里第二党支部' } });
    fireEvent.change(screen.getByLabelText('书记'), { target: { value: '张伟' } });
    fireEvent.click(screen.getByRole('radio', { name: '党总支' }));
    const founded = screen.getByLabelText('成立日期');
    fireEvent.mouseDown(founded);
    fireEvent.change(founded, { target: { value: '2021-07-01' } });
    fireEvent.keyDown(founded, { key: 'Enter', code: 'Enter', keyCode: 13 });
    fireEvent.click(screen.getByRole('button', { name: '新建' }));
    expect(await screen.findByText('党组织已建立')).toBeVisible();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
      communityCode: C1,
      name: '和平里第二党支部',
      kind: 'general-branch',
      secretary: '张伟',
      foundedOn: '2021-07-01',
    });
  });

  it('a branch: members masked, linked with consent after a resident search; 转正', async () => {
    const calls = branchPage();
    const list = await screen.findByRole('table', { name: '党员名册' });
    expect(within(list).getByText('王**')).toBeVisible();
    expect(within(list).getByText('已关联（书面同意，2026-03-01）')).toBeVisible();
    fireEvent.click(within(list).getByRole('button', { name: '陈** 转正' }));
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ version: 1, standing: 'full' }),
    );

    // Link a resident: find by name, choose, consent recorded (written, today by default).
    fireEvent.change(screen.getByLabelText('按姓名或身份证号查找居民'), { target: { value: '赵' } });
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    fireEvent.click(await screen.findByRole('button', { name: '选择 赵*' }));
    const joined = screen.getByLabelText('入党日期');
    fireEvent.mouseDown(joined);
    fireEvent.change(joined, { target: { value: '1990-07-01' } });
    fireEvent.keyDown(joined, { key: 'Enter', code: 'Enter', keyCode: 13 });
    fireEvent.click(screen.getByRole('button', { name: '登记' }));
    expect(await screen.findByText('党员已登记')).toBeVisible();
    const post = calls.find((c) => c.method === 'POST' && c.url.endsWith('/members'));
    expect(post?.body).toMatchObject({
      residentId: '01JRES00000000000000000009',
      consent: { method: 'written' },
      standing: 'full',
      joinedOn: '1990-07-01',
    });
    expect(calls.find((c) => c.url.startsWith('/api/t/residents'))?.url).toContain(`community=${C1}`);
  });

  it('a branch: a 支部委员会 with attendance, an absence with its reason', async () => {
    const calls = branchPage();
    await screen.findByRole('table', { name: '党员名册' });
    // A 支部委员会: 陈** absent with a reason.
    fireEvent.click(screen.getByRole('tab', { name: '会议与活动' }));
    fireEvent.change(await screen.findByLabelText('主题'), { target: { value: '研究加装电梯议题' } });
    fireEvent.change(screen.getByLabelText('地点'), { target: { value: '党群服务中心' } });
    fireEvent.change(screen.getByLabelText('主持人'), { target: { value: '刘红' } });
    fireEvent.click(screen.getByRole('checkbox', { name: '陈** 出席' }));
    fireEvent.change(screen.getByLabelText('陈** 缺席原因'), { target: { value: '出差' } });
    fireEvent.click(screen.getByRole('button', { name: '保存记录' }));
    expect(await screen.findByText('记录已保存')).toBeVisible();
    expect(calls.find((c) => c.method === 'POST' && c.url.endsWith('/meetings'))?.body).toMatchObject({
      kind: 'committee',
      topic: '研究加装电梯议题',
      attendance: [
        { memberId: members[0]!.id, present: true },
        { memberId: members[1]!.id, present: false, reason: '出差' },
      ],
    });
  });

  it('says the module is off, and refuses roles that do not work with party branches', async () => {
    session();
    mockFetch({});
    const { unmount } = renderPage(<PartyBuildingArea me={me(['community-worker'], [])} />);
    expect(await screen.findByText('本区县未开通该模块。')).toBeVisible();
    unmount();
    renderPage(<PartyBuildingArea me={me(['department-staff'])} />);
    expect(await screen.findByText(/^您的岗位不办理该模块的业务/)).toBeVisible();
    expect(screen.queryByRole('button', { name: '新建' })).toBeNull();
  });
});
