import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearResidentSession } from '../../areas/portal/residentSession';
import { json, mockFetch, problem } from '../../test/utils';
import type { ResidentEvent } from './api';
import EventsPage from './EventsPage';
import { signIn } from './fixtures';

const EVENT: ResidentEvent['event'] = {
  id: '01JEVENT000000000000000000',
  communityCode: '110101001001',
  title: '社区书法班',
  description: '每周六上午',
  place: '社区活动室',
  startsAt: '2099-12-06T01:00:00.000Z',
  capacity: 2,
  waitlist: true,
  status: 'open',
  confirmed: 2,
  waiting: 0,
  checkedIn: 0,
  createdAt: '2026-12-01T00:00:00.000Z',
  createdBy: 'worker',
  version: 1,
};

beforeEach(() => signIn());
afterEach(() => {
  clearResidentSession();
  vi.unstubAllGlobals();
});

describe('events on the portal', () => {
  it('offers the waiting list when the seats are taken, and says so once on it', async () => {
    let mine: ResidentEvent['mine'] = null;
    const { calls } = mockFetch({
      'GET /api/t/resident/community/events': () =>
        json({ recordFound: true, items: [{ event: EVENT, mine }] }),
      'POST /api/t/resident/community/events/01JEVENT000000000000000000/sign-up': () => {
        mine = 'waiting';
        return json({ event: { ...EVENT, waiting: 1 }, mine });
      },
    });
    render(<EventsPage data={undefined} params={{ slug: 'dongcheng-110101' }} search="" />);
    const item = within(await screen.findByRole('article', { name: '社区书法班' }));
    expect(item.getByText('名额 2/2')).toBeVisible();
    fireEvent.click(item.getByRole('button', { name: '排队候补' }));
    expect(await screen.findByText('您在候补名单上，有人取消时将自动递补。')).toBeVisible();
    expect(screen.getByRole('button', { name: '取消报名' })).toBeVisible();
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1);
  });

  it('a cancelled event says why and a past one is closed: neither offers a button', async () => {
    mockFetch({
      'GET /api/t/resident/community/events': () =>
        json({
          recordFound: true,
          items: [
            { event: { ...EVENT, status: 'cancelled', cancelReason: '活动室漏水维修' }, mine: 'confirmed' },
            {
              event: {
                ...EVENT,
                id: '01JEVENT000000000000000001',
                title: '重阳节茶话会',
                startsAt: '2020-10-25T02:00:00.000Z',
              },
              mine: null,
            },
          ],
        }),
    });
    render(<EventsPage data={undefined} params={{ slug: 'dongcheng-110101' }} search="" />);
    const gone = within(await screen.findByRole('article', { name: '社区书法班' }));
    expect(gone.getByText('活动已取消：活动室漏水维修')).toBeVisible();
    expect(gone.queryByRole('button')).toBeNull();
    expect(gone.queryByText('您已报名成功。')).toBeNull();
    const past = within(screen.getByRole('article', { name: '重阳节茶话会' }));
    expect(past.getByText('活动已开始或已结束，不能再报名。')).toBeVisible();
    expect(past.queryByRole('button')).toBeNull();
  });

  // 雷山县 (basic tier) has only the portal: no 议事协商, no 社区活动.
  const BASIC = { slug: 'leishan-522634', name: '雷山县', modules: ['channel-portal'], notices: [] };

  it('in a district without 文化教育体育: the page says so in words, and the links leave out what is off', async () => {
    signIn('leishan-522634');
    mockFetch({
      'GET /api/public/districts/leishan-522634': () => json(BASIC),
      'GET /api/t/resident/community/events': () =>
        problem({
          status: 404,
          code: 'MODULE_NOT_ENABLED',
          title: 'Not enabled',
          detail: '本区县未开通该功能模块：文化教育体育',
          message: {
            zh: '本区县未开通该功能模块：文化教育体育',
            en: 'This module is not enabled for the district: Culture, education and sports',
          },
        }),
    });
    render(<EventsPage data={undefined} params={{ slug: 'leishan-522634' }} search="" />);
    // A notice, not an error alert.
    const notice = await screen.findByText('本区县未开通该功能模块：文化教育体育');
    expect(notice.closest('[role]')).toHaveAttribute('role', 'status');
    expect(screen.queryByRole('alert')).toBeNull();
    const nav = within(screen.getByRole('navigation'));
    await waitFor(() => expect(nav.getByRole('link', { name: '我的办件' })).toBeVisible());
    expect(nav.queryByRole('link', { name: '议事协商' })).toBeNull();
  });

  it('signed out, in a district without it: no sign-in for a page that is not offered', async () => {
    clearResidentSession();
    mockFetch({
      'GET /api/public/districts/leishan-522634': () => json({ ...BASIC, slug: 'leishan-522634' }),
    });
    render(<EventsPage data={undefined} params={{ slug: 'leishan-522634' }} search="" />);
    expect(await screen.findByText('本区县尚未开通“文化教育体育”，这项服务暂时不能使用。')).toBeVisible();
    expect(screen.queryByRole('link', { name: '居民登录' })).toBeNull();
    expect(screen.getAllByRole('link', { name: '返回门户' }).at(-1)).toHaveAttribute(
      'href',
      '/t/leishan-522634',
    );
  });

  it("a resident of another district is asked to sign in here, and that district's token is not used", async () => {
    signIn('dongcheng-110101');
    const { calls } = mockFetch({ 'GET /api/public/districts/leishan-522634': () => json(BASIC) });
    render(<EventsPage data={undefined} params={{ slug: 'leishan-522634' }} search="" />);
    expect(await screen.findByText('本区县尚未开通“文化教育体育”，这项服务暂时不能使用。')).toBeVisible();
    expect(calls.filter((c) => c.url.startsWith('/api/t/'))).toEqual([]);
  });
});
