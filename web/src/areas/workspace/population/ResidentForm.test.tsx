import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { dongchengWorker } from '../../../test/fixtures';
import { json, mockFetch, renderPage, signInStaff } from '../../../test/utils';
import { ScopeProvider } from './common';
import { ResidentFormModal } from './ResidentForm';

const COMMUNITY = '110101001001';
const me = dongchengWorker();

describe('move-in', () => {
  it('a transfer from another community shows that it waits for the source street, and opens nothing', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/t/org/streets/110101001/communities': () =>
        json([{ code: COMMUNITY, name: '东华门社区', streetCode: '110101001', kind: 'residents' }]),
      'POST /api/t/residents/move-in': () =>
        json(
          {
            review: {
              id: '01JBRESIDENT0000000000000A.01JBREVIEW00000000000000A',
              residentId: '01JBRESIDENT0000000000000A',
              action: 'move-in',
              status: 'pending',
              communityCode: '110101002001',
              streetCode: '110101002',
              proposedBy: 'dongcheng.community',
              proposedAt: '2026-12-02',
              baseVersion: 2,
              fields: ['communityCode'],
            },
          },
          202,
        ),
    });
    const done = vi.fn();
    const close = vi.fn();
    renderPage(
      <ScopeProvider me={me}>
        <ResidentFormModal mode="move-in" onClose={close} onDone={done} />
      </ScopeProvider>,
      { route: '/workspace/population/residents', path: '/workspace/population/residents' },
    );
    fireEvent.change(await screen.findByLabelText('姓名'), { target: { value: '赵大伟' } });
    fireEvent.change(screen.getByLabelText('身份证号'), { target: { value: '11010519491231002X' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(done).toHaveBeenCalled());
    expect(done.mock.calls[0]![0]).toContain('待迁出社区所在街道确认');
    expect(close).toHaveBeenCalled();
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      communityCode: COMMUNITY,
      name: '赵大伟',
    });
  });
});
