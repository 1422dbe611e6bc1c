import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { TaskAssignment } from '../../../api/community';
import { json, mockFetch, renderPage, signInStaff, staffMe } from '../../../test/utils';
import TaskDetailPage from './TaskDetailPage';

const C1 = '110101001001';
const ID = '01JTASK000000000000000000A';
const me = staffMe({
  name: '社区工作者',
  roles: ['community-worker'],
  scope: { communityCode: C1, streetCode: C1.slice(0, 9) },
  modules: ['community-work'],
  tenant: { id: 'T', slug: 'dongcheng-110101', name: '东城区', status: 'active' },
});

const task = {
  id: ID,
  title: '燃气安全排查',
  description: '检查各楼栋燃气管道和报警器',
  deadline: '2099-12-01',
  feedbackRequired: '检查户数、隐患数',
  issuer: { level: 'street', unit: C1.slice(0, 9) },
  communities: [C1],
  streets: [C1.slice(0, 9)],
  createdAt: new Date().toISOString(),
  createdBy: 'street',
};
const assignment = (over: Partial<TaskAssignment>): TaskAssignment => ({
  taskId: ID,
  communityCode: C1,
  title: task.title,
  deadline: task.deadline,
  status: 'assigned',
  version: 1,
  overdue: false,
  ...over,
});

describe('a task (community worker)', () => {
  it('a report sent right after accepting carries the version the accept produced', async () => {
    signInStaff();
    let current = assignment({});
    // The task's refetch after the accept answers only when the test lets it.
    let release: () => void = () => {};
    let holdNextRead = false;
    const { calls } = mockFetch({
      [`GET /api/t/community/tasks/${ID}`]: async () => {
        if (holdNextRead) await new Promise<void>((r) => (release = r));
        return json({ task, assignments: [current] });
      },
      [`POST /api/t/community/tasks/${ID}/communities/${C1}/accept`]: (c) => {
        expect((c.body as { version: number }).version).toBe(1);
        holdNextRead = true;
        current = assignment({ status: 'accepted', version: 2, acceptedAt: new Date().toISOString() });
        return json(current);
      },
      [`POST /api/t/community/tasks/${ID}/communities/${C1}/report`]: (c) => {
        const { version } = c.body as { version: number };
        if (version !== current.version) return json({ code: 'VERSION_CONFLICT', title: 'conflict' }, 409);
        current = assignment({ status: 'reported', version: 3, feedback: (c.body as { text: string }).text });
        return json(current);
      },
      [`GET /api/t/org/streets/${C1.slice(0, 9)}/communities`]: () => json([]),
      'GET /api/divisions/names ?*': () => json({}),
    });
    renderPage(<TaskDetailPage me={me} />, { route: `/tasks/${ID}`, path: '/tasks/:id' });

    fireEvent.click(await screen.findByRole('button', { name: /^接\s*收$/ }));
    fireEvent.change(screen.getByLabelText('反馈内容'), { target: { value: '已检查 36 户' } });
    await waitFor(() => expect(calls.some((c) => c.url.endsWith('/accept'))).toBe(true));
    await waitFor(() =>
      expect(
        calls.filter((c) => c.method === 'GET' && c.url.includes('/tasks/')).length,
      ).toBeGreaterThanOrEqual(2),
    );
    // The accept has answered but the page still shows version 1: a click on 反馈 now must not
    // send that stale version (the buttons stay busy until the task is read again).
    fireEvent.click(screen.getByRole('button', { name: /反\s*馈/ }));
    release();
    await screen.findByText('办理中');
    await waitFor(() => expect(screen.getByRole('button', { name: /^反\s*馈$/ })).toBeEnabled());
    if (!calls.some((c) => c.url.endsWith('/report')))
      fireEvent.click(screen.getByRole('button', { name: /^反\s*馈$/ }));
    await screen.findByText('已检查 36 户');
    const sent = calls.filter((c) => c.url.endsWith('/report'));
    expect(sent.map((c) => c.body)).toEqual([{ version: 2, text: '已检查 36 户' }]);
    expect(screen.queryByRole('alert')).toBeNull();
  });
});
