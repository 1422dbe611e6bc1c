import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Me } from '../../../../api/types';
import { dongchengWorker } from '../../../../test/fixtures';
import { type Call, json, mockFetch, problem, renderPage, signInStaff } from '../../../../test/utils';
import { ScopeProvider } from '../common';
import { populationNav } from '../nav';
import { BaseDataPage } from './BaseDataPage';

const COMMUNITY = '110101001001';
const STREET = '110101001';

const staff = (roles: string[], scope: Me['scope']): Me =>
  dongchengWorker({ username: 'someone', name: '工作人员', roles, scope });

const worker = staff(['community-worker'], { communityCode: COMMUNITY, streetCode: STREET });
const callCentre = staff(['call-centre-operator'], {});

const signIn = () => signInStaff();

const stored = <T,>(id: string, value: T, version = 1) => ({
  id,
  communityCode: COMMUNITY,
  version,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  lastVerifiedAt: '2026-01-01T00:00:00Z',
  value,
});

const render = (me: Me, tab: string) =>
  renderPage(
    <ScopeProvider me={me}>
      <BaseDataPage />
    </ScopeProvider>,
    { route: `/workspace/population/base-data?tab=${tab}`, path: '/workspace/population/base-data' },
  );

const list = (path: string) => `GET ${path}?community=${COMMUNITY}&limit=50`;

/** The antd form item (label, control, errors) around the control labelled `label`. */
const formItem = (label: string) => screen.getByLabelText(label).closest('.ant-form-item') as HTMLElement;

/** Choose `option` (by its text) in the select labelled `label`, or tick it in the group so named. */
async function choose(label: string, option: string) {
  const control = await waitFor(() => screen.getByLabelText(label));
  if (control instanceof HTMLSelectElement) {
    const found = await waitFor(() => {
      const o = [...control.options].find((x) => x.textContent === option);
      if (!o) throw new Error(`no option ${option}`);
      return o;
    });
    fireEvent.change(control, { target: { value: found.value } });
  } else fireEvent.click(await waitFor(() => within(control).getByLabelText(option)));
}

describe('基础数据: households', () => {
  it('shows a member the API does not know under that member’s ID number, not elsewhere', async () => {
    signIn();
    const { calls } = mockFetch({
      [list('/api/t/households')]: () =>
        json({
          items: [
            stored('H001', {
              householdRef: 'H001',
              communityCode: COMMUNITY,
              kind: 'family',
              building: '***',
              unit: '***',
              room: '***',
              members: [{ residentId: '01JBRESIDENT0000000000000A', relationship: '02' }],
            }),
          ],
        }),
      'POST /api/t/households': () =>
        problem({
          status: 400,
          code: 'VALIDATION',
          message: { zh: '数据有误', en: 'Invalid data' },
          errors: [
            {
              field: 'members.1.idNumber',
              code: 'HOUSEHOLD_MEMBER_UNKNOWN',
              message: { zh: '该成员尚未登记为居民', en: 'This member is not a registered resident' },
            },
          ],
        }),
    });
    render(worker, 'households');

    const table = await screen.findByRole('table', { name: '户信息' });
    await within(table).findByText('H001');
    expect(within(table).getByText('家庭户')).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: /登记户/ }));
    await screen.findByRole('dialog');
    fireEvent.change(screen.getByLabelText('户号'), { target: { value: 'H002' } });
    fireEvent.change(screen.getByLabelText('成员 1 身份证号'), { target: { value: '11010519491231002x' } });
    fireEvent.click(screen.getByRole('button', { name: /添加成员/ }));
    fireEvent.change(await screen.findByLabelText('成员 2 身份证号'), {
      target: { value: '110105195001010018' },
    });
    await choose('成员 2 与户主关系', '10 配偶');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

    await waitFor(() => expect(formItem('成员 2 身份证号').textContent).toContain('该成员尚未登记为居民'));
    expect(formItem('成员 1 身份证号').textContent).not.toContain('该成员尚未登记为居民');
    expect(formItem('户号').textContent).not.toContain('该成员尚未登记为居民');
    expect(screen.getByRole('alert').textContent).toContain('请按提示修改标红的字段');

    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      householdRef: 'H002',
      communityCode: COMMUNITY,
      type: 'family',
      members: [
        { idNumber: '11010519491231002X', relationship: '02' },
        { idNumber: '110105195001010018', relationship: '10' },
      ],
    });
  });
});

describe('基础数据: changing a household', () => {
  it('keeps members by resident id and the masked address as it is; only a new member needs an ID number', async () => {
    signIn();
    const household = stored(
      'H001',
      {
        householdRef: 'H001',
        communityCode: COMMUNITY,
        kind: 'family',
        building: '***',
        unit: '***',
        room: '***',
        members: [
          { residentId: '01JBRESIDENT0000000000000A', relationship: '02' },
          { residentId: '01JBRESIDENT0000000000000B', relationship: '10' },
        ],
      },
      3,
    );
    const { calls } = mockFetch({
      [list('/api/t/households')]: () => json({ items: [household] }),
      'PATCH /api/t/households/H001': () => json({ ...household, version: 4 }),
    });
    render(worker, 'households');
    const table = await screen.findByRole('table', { name: '户信息' });
    await within(table).findByText('H001');
    fireEvent.click(within(table).getByRole('button', { name: '修改 H001' }));
    await screen.findByRole('dialog');
    fireEvent.click(screen.getByRole('button', { name: /添加成员/ }));
    fireEvent.change(await screen.findByLabelText('成员 3 身份证号'), {
      target: { value: '110105199505050011' },
    });
    await choose('成员 3 与户主关系', '20 子');
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true));
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({
      version: 3,
      type: 'family',
      members: [
        { residentId: '01JBRESIDENT0000000000000A', relationship: '02' },
        { residentId: '01JBRESIDENT0000000000000B', relationship: '10' },
        { idNumber: '110105199505050011', relationship: '20' },
      ],
    });
  });
});

describe('基础数据: buildings and housing units', () => {
  it('opens a building’s units with occupancy in words', async () => {
    signIn();
    const unit = (room: string, occupancy: string, tenure = 'owned') =>
      stored(`U${room}`, {
        communityCode: COMMUNITY,
        building: '3',
        unit: '2',
        room,
        areaSqm: 88.5,
        use: 'residential',
        tenure,
        occupancy,
      });
    mockFetch({
      [list('/api/t/buildings')]: () =>
        json({
          items: [
            stored('3', {
              communityCode: COMMUNITY,
              number: '3',
              name: '和平楼',
              floors: 6,
              use: 'residential',
            }),
          ],
        }),
      [`GET /api/t/buildings/${COMMUNITY}/3/units?limit=50`]: () =>
        json({ items: [unit('301', 'occupied'), unit('302', 'vacant', 'rented')], cursor: 'more' }),
      [`GET /api/t/buildings/${COMMUNITY}/3/units?limit=50&cursor=more`]: () =>
        json({ items: [unit('401', 'seasonal')] }),
    });
    render(worker, 'buildings');

    const buildings = await screen.findByRole('table', { name: '楼栋' });
    await within(buildings).findByText('和平楼');
    fireEvent.click(within(buildings).getByRole('button', { name: '查看楼栋 3 的房屋' }));

    const units = await screen.findByRole('table', { name: '楼栋 3（和平楼）的房屋' });
    const row302 = (await within(units).findByText('302')).closest('tr') as HTMLElement;
    expect(within(row302).getByText('空置')).toBeVisible();
    expect(within(row302).getByText('租赁')).toBeVisible();
    const row301 = within(units).getByText('301').closest('tr') as HTMLElement;
    expect(within(row301).getByTestId('occupancy').textContent).toBe('在住');

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }));
    const row401 = (await within(units).findByText('401')).closest('tr') as HTMLElement;
    expect(within(row401).getByTestId('occupancy').textContent).toBe('季节性居住');
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull();
  });
});

describe('基础数据: grids', () => {
  it('sends the buildings chosen in the grid form', async () => {
    signIn();
    const building = (n: string, name?: string) =>
      stored(n, { communityCode: COMMUNITY, number: n, use: 'residential', ...(name ? { name } : {}) });
    const { calls } = mockFetch({
      [list('/api/t/grids')]: () =>
        json({
          items: [stored('02', { communityCode: COMMUNITY, code: '02', name: '第二网格', buildings: ['2'] })],
        }),
      [`GET /api/t/buildings?community=${COMMUNITY}&limit=200`]: () =>
        json({ items: [building('1', '和平楼'), building('2'), building('3')] }),
      'POST /api/t/grids': (c: Call) => json(stored('01', c.body), 201),
    });
    render(worker, 'grids');

    await screen.findByText('第二网格');
    fireEvent.click(screen.getByRole('button', { name: /新建网格/ }));
    await screen.findByRole('dialog');
    fireEvent.change(screen.getByLabelText('网格编号'), { target: { value: '01' } });
    fireEvent.change(screen.getByLabelText('网格名称'), { target: { value: '第一网格' } });
    fireEvent.change(screen.getByLabelText('网格员姓名'), { target: { value: '李四' } });
    await choose('覆盖楼栋', '1 和平楼');
    await choose('覆盖楼栋', '3');
    // Building 2 is in grid 02 already: shown, but not choosable.
    const taken = screen.getByLabelText('2（已属于第二网格）') as HTMLInputElement;
    expect(taken.disabled).toBe(true);
    fireEvent.click(taken);
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true));
    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      communityCode: COMMUNITY,
      code: '01',
      name: '第一网格',
      buildings: ['1', '3'],
      workerName: '李四',
    });
    expect(await screen.findByText('已保存')).toBeVisible();
  });

  it('says plainly when someone else changed the grid first', async () => {
    signIn();
    const grid = stored(
      '01',
      { communityCode: COMMUNITY, code: '01', name: '第一网格', buildings: ['1'], workerName: '李四' },
      4,
    );
    const { calls } = mockFetch({
      [list('/api/t/grids')]: () => json({ items: [grid] }),
      [`GET /api/t/buildings?community=${COMMUNITY}&limit=200`]: () => json({ items: [] }),
      'POST /api/t/grids': () =>
        problem({
          status: 409,
          code: 'VERSION_CONFLICT',
          message: { zh: '记录已被他人修改，请刷新后重试', en: 'changed' },
        }),
    });
    render(worker, 'grids');
    fireEvent.click(await screen.findByRole('button', { name: '修改 第一网格' }));
    await screen.findByRole('dialog');
    fireEvent.change(screen.getByLabelText('网格名称'), { target: { value: '一网格' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));
    // The answer can arrive while the dialog is still opening (antd's motion): wait until it shows.
    await waitFor(() => expect(screen.getByText(/该记录已被他人修改/)).toBeVisible());
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({
      code: '01',
      name: '一网格',
      buildings: ['1'],
      version: 4,
    });
  });
});

describe('基础数据: organizations', () => {
  it('shows a failed credit-code check as a warning after saving, not as an error', async () => {
    signIn();
    mockFetch({
      [list('/api/t/organizations')]: () => json({ items: [] }),
      'POST /api/t/organizations': (c: Call) =>
        json(
          {
            ...stored('01JBORG0000000000000000000', c.body),
            warnings: [
              {
                field: 'creditCode',
                code: 'CREDIT_CODE_CHECKSUM',
                message: { zh: '统一社会信用代码校验位不符', en: 'Check character mismatch' },
              },
            ],
          },
          201,
        ),
    });
    render(worker, 'organizations');
    await screen.findByText('该社区暂无此类组织');
    fireEvent.click(screen.getByRole('button', { name: /登记组织/ }));
    await screen.findByRole('dialog');
    fireEvent.change(screen.getByLabelText('组织名称'), { target: { value: '和平志愿队' } });
    await choose('组织类型', '志愿服务队');
    fireEvent.change(screen.getByLabelText('统一社会信用代码'), { target: { value: '91110000600037341x' } });
    fireEvent.click(screen.getByRole('button', { name: /保\s*存/ }));

    const note = await screen.findByText('已保存，但有需要核对的地方：');
    const box = note.closest('.ant-alert') as HTMLElement;
    expect(box.className).toContain('ant-alert-warning');
    expect(box.textContent).toContain('统一社会信用代码校验位不符');
    expect(screen.queryByRole('alert')).toBeNull();
  });
});

describe('基础数据: read-only roles', () => {
  it('the call centre sees the lists but no button to register or change anything', async () => {
    signIn();
    sessionStorage.setItem(
      'linli.population.scope',
      JSON.stringify({ street: STREET, community: COMMUNITY }),
    );
    mockFetch({
      'GET /api/t/org/streets': () => json([{ code: STREET, name: '东华门街道' }]),
      [`GET /api/t/org/streets/${STREET}/communities`]: () =>
        json([{ code: COMMUNITY, name: '多福巷社区', streetCode: STREET }]),
      [list('/api/t/households')]: () =>
        json({
          items: [
            stored('H001', {
              householdRef: 'H001',
              communityCode: COMMUNITY,
              kind: 'family',
              members: [],
            }),
          ],
        }),
      [list('/api/t/buildings')]: () =>
        json({ items: [stored('3', { communityCode: COMMUNITY, number: '3', use: 'residential' })] }),
      [list('/api/t/organizations')]: () =>
        json({
          items: [
            stored('01JBORG0000000000000000000', {
              communityCode: COMMUNITY,
              name: '和平志愿队',
              type: 'volunteer-team',
            }),
          ],
        }),
      [list('/api/t/grids')]: () =>
        json({
          items: [stored('01', { communityCode: COMMUNITY, code: '01', name: '第一网格', buildings: ['3'] })],
        }),
    });
    render(callCentre, 'households');

    await screen.findByText('H001');
    expect(screen.getByText('您的角色只能查看基础数据，不能登记或修改。')).toBeVisible();
    expect(screen.getByRole('button', { name: '查看 H001' })).toBeVisible();
    expect(screen.queryByRole('button', { name: /登记户/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^修改/ })).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: '楼栋与房屋' }));
    await screen.findByRole('button', { name: '查看楼栋 3 的房屋' });
    expect(screen.queryByRole('button', { name: /登记楼栋/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^修改/ })).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: '社区组织' }));
    await screen.findByText('和平志愿队');
    expect(screen.queryByRole('button', { name: /登记组织/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^修改/ })).toBeNull();

    fireEvent.click(screen.getByRole('tab', { name: '网格' }));
    await screen.findByText('第一网格');
    expect(screen.queryByRole('button', { name: /新建网格/ })).toBeNull();
    expect(screen.queryByRole('button', { name: /^修改/ })).toBeNull();
  });

  it('puts 基础数据 in the menu for every role that may read, after 居民信息', () => {
    const t = (k: string) => k;
    const keys = (me: Me) => populationNav(me, t).map((i) => i.key);
    for (const me of [worker, callCentre, staff(['department-staff'], { department: 'civil-affairs' })])
      expect(keys(me)).toContain('/workspace/population/base-data');
    expect(keys(worker).indexOf('/workspace/population/base-data')).toBe(
      keys(worker).indexOf('/workspace/population/residents') + 1,
    );
    expect(keys(staff(['ministry-admin'], {}))).not.toContain('/workspace/population/base-data');
  });
});
