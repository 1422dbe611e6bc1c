import { fireEvent, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem, renderPage, signInStaff } from '../../test/utils';
import WorkspacePage from './WorkspacePage';

const ME = {
  sub: 's1',
  username: 'dc-street',
  name: '张伟',
  kind: 'staff',
  tenant: {
    id: 't1',
    slug: 'dongcheng-110101',
    name: '东城区',
    divisionCode: '110101',
    tier: 'standard',
    status: 'active',
  },
  roles: ['street-staff'],
  scope: { streetCode: '110101001' },
  modules: ['employment', 'self-governance'],
};

describe('staff workspace', () => {
  it('shows the district, role, scope, enabled modules only, and streets with communities from the API', async () => {
    signInStaff();
    const { calls } = mockFetch({
      'GET /api/me': () => json(ME),
      'GET /api/t/org/streets': () => json([{ code: '110101001', name: '东华门街道', communityCount: 2 }]),
      'GET /api/t/org/streets/110101001/communities': () =>
        json([
          { code: '110101001001', name: '多福巷社区' },
          { code: '110101001002', name: '银闸社区' },
        ]),
    });
    renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });

    expect(await screen.findByRole('heading', { level: 1, name: '东城区 · 工作台' })).toBeVisible();
    expect(screen.getByText('街道工作人员')).toBeVisible();
    // the scope by name, the code on hover
    const scope = await within(screen.getByTestId('scope-s')).findByText('东华门街道');
    expect(scope).toHaveAttribute('title', '110101001');
    expect(screen.getByTestId('scope-s').textContent).not.toContain('110101001');
    const nav = screen.getByRole('navigation', { name: '业务模块' });
    expect(within(nav).getByText('就业')).toBeVisible();
    expect(within(nav).getByText('居民自治')).toBeVisible();
    expect(within(nav).queryByText('社区卫生')).toBeNull();
    // the getting-started checklist is the district admin's, not a street worker's
    expect(screen.queryByText('开始使用')).toBeNull();
    expect(calls.some((c) => c.url === '/api/t/onboarding/checklist')).toBe(false);

    const street = (await screen.findAllByText('东华门街道')).find((e) => e.closest('.data-table'))!;
    fireEvent.click(within(street.closest('tr')!).getByRole('button'));
    expect(await screen.findByText('多福巷社区')).toBeVisible();
    expect(screen.getByText('银闸社区')).toBeVisible();
    expect(calls.every((c) => !c.url.startsWith('/api/') || c.headers.authorization === 'Bearer a')).toBe(
      true,
    );
  });

  it("names a community worker's street and community in the scope, codes on hover", async () => {
    signInStaff();
    mockFetch({
      'GET /api/me': () =>
        json({ ...ME, roles: ['community-worker'], scope: { communityCode: '110101001002' } }),
      'GET /api/t/org/streets': () => json([{ code: '110101001', name: '东华门街道', communityCount: 2 }]),
      'GET /api/t/org/streets/110101001/communities': () =>
        json([{ code: '110101001002', name: '银闸社区' }]),
    });
    renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });

    const community = await within(await screen.findByTestId('scope-c')).findByText('银闸社区');
    expect(community).toHaveAttribute('title', '110101001002');
    expect(within(screen.getByTestId('scope-s')).getByText('东华门街道')).toHaveAttribute(
      'title',
      '110101001',
    );
  });

  it("shows the district admin's checklist ticking from the API, and confirms the org review", async () => {
    signInStaff();
    let reviewed = false;
    const item = (key: string, done: boolean, zh: string) => ({
      key,
      done,
      label: { zh, en: key },
      detail: { zh: `${zh}说明`, en: key },
      link: '/workspace',
    });
    const { calls } = mockFetch({
      'GET /api/me': () => json({ ...ME, roles: ['district-admin'], scope: {} }),
      'GET /api/t/org/streets': () => json([]),
      'GET /api/t/onboarding/checklist': () =>
        json({
          items: [
            item('review-org', reviewed, '核对街道和社区'),
            item('invite-staff', true, '邀请工作人员'),
            item('import-residents', false, '导入居民数据'),
            item('choose-modules', false, '选择可选功能模块'),
          ],
          done: reviewed ? 2 : 1,
          total: 4,
        }),
      'POST /api/t/onboarding/checklist/review-org': () => {
        reviewed = true;
        return json({ ok: true });
      },
    });
    renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });
    expect(await screen.findByText('已完成 1/4')).toBeVisible();
    expect(screen.getByTestId('checklist-invite-staff').getAttribute('data-done')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '确认已核对' }));
    expect(await screen.findByText('已完成 2/4')).toBeVisible();
    expect(calls.some((c) => c.method === 'POST' && c.url === '/api/t/onboarding/checklist/review-org')).toBe(
      true,
    );
  });

  it("leaves out of the menu the community work a role has nothing to do in (the call centre's)", async () => {
    signInStaff();
    const modules = ['street-tasks-reports', 'self-governance'];
    mockFetch({
      'GET /api/me': () => json({ ...ME, roles: ['call-centre-operator'], scope: {}, modules }),
      'GET /api/t/org/streets': () => json([]),
    });
    const hotline = renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });
    const nav = await screen.findByRole('navigation', { name: '业务模块' });
    expect(within(nav).getByText('居民自治')).toBeVisible();
    expect(within(nav).queryByText('街道任务与报表')).toBeNull();
    hotline.unmount();

    mockFetch({
      'GET /api/me': () => json({ ...ME, modules }),
      'GET /api/t/org/streets': () => json([]),
    });
    renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });
    const street = await screen.findByRole('navigation', { name: '业务模块' });
    expect(within(street).getByText('街道任务与报表')).toBeVisible();
  });

  it('sends a signed-out visitor to login', async () => {
    mockFetch({});
    renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });
    expect((await screen.findByTestId('where')).textContent).toBe('/login?next=%2Fworkspace');
  });

  it('sends a ministry account to the ministry console', async () => {
    signInStaff();
    mockFetch({ 'GET /api/me': () => json({ ...ME, kind: 'ministry', tenant: undefined }) });
    renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });
    expect((await screen.findByTestId('where')).textContent).toBe('/ministry');
  });

  it('says a workspace address that leads nowhere does not exist, with the way back', async () => {
    signInStaff();
    mockFetch({ 'GET /api/me': () => json(ME), 'GET /api/t/org/streets': () => json([]) });
    renderPage(<WorkspacePage />, { route: '/workspace/reports-2019', path: '/workspace/*' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('页面不存在');
    fireEvent.click(within(alert).getByRole('link', { name: '概览' }));
    expect(await screen.findByRole('heading', { name: '街道和社区' })).toBeVisible();
  });

  it('shows the API error when the streets cannot be loaded', async () => {
    signInStaff();
    mockFetch({
      'GET /api/me': () => json(ME),
      'GET /api/t/org/streets': () =>
        problem({ status: 403, code: 'FORBIDDEN', message: { zh: '无权查看街道', en: 'Not allowed' } }),
    });
    renderPage(<WorkspacePage />, { route: '/workspace', path: '/workspace/*' });
    expect(await screen.findByText('无权查看街道')).toBeVisible();
  });
});
