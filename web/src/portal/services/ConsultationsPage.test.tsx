import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clearResidentSession } from '../../areas/portal/residentSession';
import { json, mockFetch } from '../../test/utils';
import type { ResidentConsultation } from './api';
import ConsultationsPage from './ConsultationsPage';
import { signIn } from './fixtures';

const PARAMS = { slug: 'dongcheng-110101' };
const open = () => render(<ConsultationsPage data={undefined} params={PARAMS} search="" />);

const ELEVATOR: ResidentConsultation = {
  id: '01JCONSULTATION0000000000A',
  title: '3号楼加装电梯意见征集',
  description: '是否同意加装电梯',
  scope: { kind: 'building', building: '3' },
  options: [
    { id: 'o1', label: '同意' },
    { id: 'o2', label: '不同意' },
  ],
  anonymous: true,
  quorumPercent: 50,
  closesAt: '2099-12-31T15:59:59.000Z',
  status: 'open',
  voted: null,
};

beforeEach(() => signIn());
afterEach(() => {
  clearResidentSession();
  vi.unstubAllGlobals();
});

describe('consultations on the portal', () => {
  it('lets the resident choose an option and vote once', async () => {
    let voted = false;
    const { calls } = mockFetch({
      'GET /api/t/resident/community/consultations': () =>
        json({ recordFound: true, items: [{ ...ELEVATOR, voted: voted ? 'online' : null }] }),
      'POST /api/t/resident/community/consultations/01JCONSULTATION0000000000A/vote': () => {
        voted = true;
        return json({ ...ELEVATOR, voted: 'online' }, 201);
      },
      'GET /api/t/resident/community/notices': () =>
        json({
          recordFound: true,
          items: [
            {
              id: '01JNOTICE0000000000000000A',
              kind: 'general',
              title: '居民会议纪要：老旧小区改造方案居民会议',
              body: '应到 60，实到 38，超过半数，会议有效。\n1. 改造内容\n决定：同意按方案实施改造',
              scope: { kind: 'community', communityCode: '110101001001' },
              publishedAt: '2026-05-01T02:00:00.000Z',
            },
          ],
        }),
    });
    open();
    const notices = within(await screen.findByRole('region', { name: '社区公告' }));
    expect(notices.getByRole('heading', { name: '居民会议纪要：老旧小区改造方案居民会议' })).toBeVisible();
    expect(notices.getByText(/决定：同意按方案实施改造/)).toBeVisible();
    const item = within(await screen.findByRole('article', { name: '3号楼加装电梯意见征集' }));
    expect(item.getByText('3 号楼居民')).toBeVisible();
    const vote = item.getByRole('button', { name: '投票' });
    expect(vote).toBeDisabled();
    fireEvent.click(item.getByRole('radio', { name: '同意' }));
    fireEvent.click(vote);
    expect(await screen.findByText('您已在网上投票，谢谢参与。')).toBeVisible();
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts).toHaveLength(1);
    expect(posts[0]!.body).toEqual({ option: 'o1' });
  });

  it('says so when the committee recorded a paper vote, and shows a closed result with its quorum', async () => {
    mockFetch({
      'GET /api/t/resident/community/consultations': () =>
        json({
          recordFound: true,
          items: [
            { ...ELEVATOR, voted: 'paper' },
            {
              ...ELEVATOR,
              id: '01JCONSULTATION0000000000B',
              title: '广场舞时间调整',
              scope: { kind: 'community' },
              status: 'closed',
              voted: null,
              tally: { o1: 1, o2: 0 },
              result: { votes: 1, eligible: 4, turnoutPercent: 25, quorumReached: false, tie: false },
            },
          ],
        }),
    });
    open();
    expect(await screen.findByText('社区已为您登记纸质投票，不能再在网上投票。')).toBeVisible();
    expect(screen.queryByRole('button', { name: '投票' })).toBeNull();
    expect(screen.getByText('参与 1 人（25%），未达到 50% 的参与比例，表决不成立')).toBeVisible();
  });

  it('asks the resident to register their mobile when no record is found', async () => {
    mockFetch({
      'GET /api/t/resident/community/consultations': () => json({ recordFound: false, items: [] }),
    });
    open();
    expect(await screen.findByText(/请到社区居委会登记您的手机号/)).toBeVisible();
  });
});
