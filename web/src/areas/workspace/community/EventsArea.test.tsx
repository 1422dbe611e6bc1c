import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { CommunityEvent } from '../../../api/community';
import { json, mockFetch, renderPage, signInStaff, staffMe } from '../../../test/utils';
import EventsArea from './EventsArea';

const C1 = '110101001001';
const me = (roles: string[], modules = ['culture-education-sports']) =>
  staffMe({ name: '社区工作者', roles, scope: { communityCode: C1, streetCode: C1.slice(0, 9) }, modules });

const session = () => signInStaff();

const ev = (over: Partial<CommunityEvent>): CommunityEvent => ({
  id: '01JEVENT0000000000000000A1',
  communityCode: C1,
  title: '重阳节敬老茶话会',
  description: '社区活动室，备有茶点',
  place: '社区活动室',
  startsAt: new Date(Date.now() + 3 * 86_400_000).toISOString(),
  capacity: 2,
  waitlist: true,
  status: 'open',
  confirmed: 2,
  waiting: 1,
  checkedIn: 0,
  createdAt: new Date().toISOString(),
  createdBy: 'worker',
  version: 1,
  ...over,
});
const upcoming = ev({});
const past = ev({
  id: '01JEVENT0000000000000000B2',
  title: '社区书法班',
  startsAt: new Date(Date.now() - 5 * 86_400_000).toISOString(),
  confirmed: 5,
  capacity: 10,
  waiting: 0,
});
const communities = () => json([{ code: C1, name: '和平里社区', streetCode: C1.slice(0, 9) }]);

describe('社区活动 (workspace)', () => {
  it('lists upcoming and past events with seats taken and the waiting list, and publishes one', async () => {
    session();
    const { calls } = mockFetch({
      'GET /api/t/community/events': () => json({ items: [past, upcoming] }),
      'POST /api/t/community/events': (c) =>
        json(ev({ ...(c.body as object), id: '01JEVENT0000000000000000C3' }), 201),
      [`GET /api/t/org/streets/${C1.slice(0, 9)}/communities`]: communities,
    });
    renderPage(<EventsArea me={me(['community-worker'])} />, {
      route: '/m/culture-education-sports',
      path: '/m/culture-education-sports/*',
    });
    const table = await screen.findByRole('table', { name: '社区活动' });
    expect(within(table).getByRole('link', { name: '重阳节敬老茶话会' })).toBeVisible();
    expect(within(table).getByText('2 / 2')).toBeVisible();
    expect(within(table).getByText('1 人')).toBeVisible();
    expect(within(table).queryByText('社区书法班')).toBeNull();
    fireEvent.click(screen.getByRole('tab', { name: /已结束/ }));
    expect(await screen.findByRole('link', { name: '社区书法班' })).toBeVisible();

    fireEvent.change(screen.getByLabelText('活动名称'), { target: { value: '亲子阅读会' } });
    fireEvent.change(screen.getByLabelText('活动介绍'), { target: { value: '绘本共读' } });
    fireEvent.change(screen.getByLabelText('活动地点'), { target: { value: '社区图书室' } });
    const start = screen.getByLabelText('开始时间');
    fireEvent.mouseDown(start);
    fireEvent.change(start, { target: { value: '2099-05-01 09:30' } });
    fireEvent.keyDown(start, { key: 'Enter', code: 'Enter', keyCode: 13 });
    fireEvent.click(screen.getByRole('button', { name: '发布' }));
    expect(await screen.findByText(/活动已发布/)).toBeVisible();
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toMatchObject({
      communityCode: C1,
      title: '亲子阅读会',
      description: '绘本共读',
      place: '社区图书室',
      capacity: 30,
      waitlist: true,
    });
    expect(new Date((post?.body as { startsAt: string } | undefined)?.startsAt ?? 0).getFullYear()).toBe(
      2099,
    );
  });

  it('shows the sign-ups (masked as the API gives them) and the waiting list, and checks a resident in', async () => {
    session();
    let checkedIn = false;
    const detail = () =>
      json({
        event: ev({ checkedIn: checkedIn ? 1 : 0 }),
        signUps: [
          {
            residentId: '01JRES00000000000000000001',
            status: 'confirmed',
            at: new Date().toISOString(),
            name: '王*',
            mobile: '138****0001',
            ...(checkedIn ? { checkedInAt: new Date().toISOString() } : {}),
          },
          {
            residentId: '01JRES00000000000000000002',
            status: 'confirmed',
            at: new Date().toISOString(),
            name: '李**',
            mobile: '139****0002',
          },
          {
            residentId: '01JRES00000000000000000003',
            status: 'waiting',
            at: new Date().toISOString(),
            name: '赵*',
            mobile: '137****0003',
          },
        ],
      });
    const { calls } = mockFetch({
      [`GET /api/t/community/events/${upcoming.id}`]: detail,
      [`POST /api/t/community/events/${upcoming.id}/check-in`]: () => {
        checkedIn = true;
        return json(ev({ checkedIn: 1 }));
      },
      [`GET /api/t/org/streets/${C1.slice(0, 9)}/communities`]: communities,
    });
    renderPage(<EventsArea me={me(['community-worker'])} />, {
      route: `/m/culture-education-sports/${upcoming.id}`,
      path: '/m/culture-education-sports/*',
    });
    const seats = await screen.findByRole('table', { name: '报名名单' });
    expect(within(seats).getByText('王*')).toBeVisible();
    expect(within(seats).getByText('138****0001')).toBeVisible();
    const waiting = screen.getByRole('table', { name: '候补名单' });
    expect(within(waiting).getByText('赵*')).toBeVisible();
    expect(within(waiting).queryByRole('button')).toBeNull();
    // Find at the door by the mobile's last digits, then check in.
    fireEvent.change(screen.getByLabelText('按姓氏或手机尾号查找'), { target: { value: '0001' } });
    expect(within(seats).queryByText('李**')).toBeNull();
    const button = within(seats).getByRole('button', { name: '为 王* 签到' });
    button.focus();
    fireEvent.click(button);
    await waitFor(() =>
      expect(calls.find((c) => c.method === 'POST')?.body).toEqual({
        residentId: '01JRES00000000000000000001',
      }),
    );
    expect(await within(seats).findByText(/已签到/)).toBeVisible();
  });

  it('cancels an upcoming event with a reason and says who was texted and who must be phoned', async () => {
    session();
    let cancelled = false;
    const { calls } = mockFetch({
      [`GET /api/t/community/events/${upcoming.id}`]: () =>
        json({
          event: cancelled
            ? ev({
                status: 'cancelled',
                cancelReason: '活动室漏水维修',
                cancelledAt: new Date().toISOString(),
              })
            : ev({}),
          signUps: [],
        }),
      [`POST /api/t/community/events/${upcoming.id}/cancel`]: () => {
        cancelled = true;
        return json({
          event: ev({ status: 'cancelled', cancelReason: '活动室漏水维修' }),
          told: { texted: 2, failed: 0, noMobile: 1 },
        });
      },
      [`GET /api/t/org/streets/${C1.slice(0, 9)}/communities`]: communities,
    });
    renderPage(<EventsArea me={me(['community-worker'])} />, {
      route: `/m/culture-education-sports/${upcoming.id}`,
      path: '/m/culture-education-sports/*',
    });
    fireEvent.click(await screen.findByRole('button', { name: '取消活动' }));
    // The reason is required: nothing is sent without it.
    fireEvent.click(screen.getByRole('button', { name: '确认取消并通知居民' }));
    expect(await screen.findByText('请写明取消原因（至少 2 个字）')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    fireEvent.change(screen.getByLabelText('取消原因'), { target: { value: '活动室漏水维修' } });
    fireEvent.click(screen.getByRole('button', { name: '确认取消并通知居民' }));
    expect(await screen.findByText(/已短信通知 2 人，1 人没有登记手机号/)).toBeVisible();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ reason: '活动室漏水维修' });
    expect(await screen.findByText(/取消：活动室漏水维修/)).toBeVisible();
  });

  it('says the module is off, and refuses roles that do not manage events', async () => {
    session();
    mockFetch({});
    const { unmount } = renderPage(<EventsArea me={me(['community-worker'], [])} />);
    expect(await screen.findByText('本区县未开通该模块。')).toBeVisible();
    unmount();
    renderPage(<EventsArea me={me(['department-staff'])} />);
    expect(await screen.findByText(/^您的岗位不办理该模块的业务/)).toBeVisible();
    expect(screen.queryByRole('button', { name: '发布' })).toBeNull();
  });
});
