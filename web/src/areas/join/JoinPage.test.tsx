import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, mockFetch, problem, renderPage } from '../../test/utils';
import { DRAFT_KEY, type JoinDraft, previewCategory } from './draft';
import JoinPage, { stepOfField } from './JoinPage';

const FULL: JoinDraft['values'] = {
  province: '110000',
  city: '110100',
  divisionCode: '110101',
  profile: {
    areaType: 'urban-core',
    development: 'developed',
    population: 700000,
    migrantSharePercent: 32,
    broadbandPercent: 90,
    lowIncomePercent: 1,
  },
  tierRequested: 'standard',
  admin: { name: '李静', mobile: '13800138000', email: 'li@example.cn' },
};

const DIVISIONS = {
  'GET /api/join/divisions': () => json([{ code: '110000', name: '北京市' }]),
  'GET /api/join/divisions?parent=110000': () => json([{ code: '110100', name: '市辖区' }]),
  'GET /api/join/divisions?parent=110100': () => json([{ code: '110101', name: '东城区' }]),
};

/** The form item (label + control + messages) around the control labelled `label`. */
function fieldOf(label: string): HTMLElement {
  const item = screen.getByLabelText(label).closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error(`no form item for ${label}`);
  return item;
}

const VIEW = {
  id: 'D1',
  divisionCode: '110101',
  verified: false,
  expiresAt: 2_000_000_000,
};

function startAt(step: number, values: JoinDraft['values'] = FULL, draftId: string | undefined = 'D1') {
  localStorage.setItem(DRAFT_KEY, JSON.stringify({ step, values, ...(draftId ? { draftId } : {}) }));
}

describe('join wizard', () => {
  it('creates the server draft on the first step and puts a duplicate-district error on the district field', async () => {
    const { calls } = mockFetch({
      ...DIVISIONS,
      'POST /api/join/drafts': () =>
        problem({
          status: 409,
          code: 'DIVISION_ALREADY_ONBOARDED',
          message: { zh: '该行政区划已有平台', en: 'This division already has a platform' },
          errors: [
            {
              field: 'divisionCode',
              code: 'DIVISION_ALREADY_ONBOARDED',
              message: {
                zh: '东城区已开通，请联系其管理员 138****8000',
                en: 'Already onboarded; admin 138****8000',
              },
            },
          ],
        }),
    });
    startAt(0, FULL, undefined);
    renderPage(<JoinPage />, { route: '/join', path: '/join' });
    await screen.findByRole('heading', { level: 2, name: /选择区县/ });
    await waitFor(() => expect(screen.getByText('东城区')).toBeVisible());
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    const msg = await screen.findByText('东城区已开通，请联系其管理员 138****8000');
    expect(fieldOf('区县').contains(msg)).toBe(true);
    expect(screen.getByRole('heading', { level: 2, name: /选择区县/ })).toBeVisible();
    expect(calls.find((c) => c.method === 'POST')?.body).toMatchObject({ divisionCode: '110101' });
  });

  it('tells a population of 0 (out of range) apart from an empty one, and sends neither', async () => {
    const { calls } = mockFetch({ ...DIVISIONS, 'GET /api/join/drafts/D1': () => json(VIEW) });
    startAt(1, { ...FULL, profile: { ...FULL.profile, population: 0 } });
    renderPage(<JoinPage />, { route: '/join', path: '/join' });
    await screen.findByRole('heading', { level: 2, name: /概况/ });
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    const range = await screen.findByText('常住人口应为 1 至 2000 万之间的整数');
    expect(fieldOf('常住人口（人）').contains(range)).toBe(true);
    expect(screen.queryByText('请输入常住人口')).toBeNull();
    fireEvent.change(screen.getByLabelText('常住人口（人）'), { target: { value: '' } });
    expect(await screen.findByText('请输入常住人口')).toBeVisible();
    expect(calls.filter((c) => c.method === 'PATCH')).toHaveLength(0);
  });

  it('in English, saves each step to the server draft and shows its field errors there', async () => {
    localStorage.setItem('linli.lang', 'en');
    const { calls } = mockFetch({
      ...DIVISIONS,
      'GET /api/join/drafts/D1': () => json(VIEW),
      'PATCH /api/join/drafts/D1': () =>
        problem({
          status: 400,
          code: 'VALIDATION_FAILED',
          message: { zh: '提交的数据不符合要求', en: 'The submitted data is not valid' },
          errors: [
            {
              field: 'profile.broadbandPercent',
              code: 'PERCENT_RANGE',
              message: {
                zh: '家庭宽带覆盖率应在 0–100 之间',
                en: 'Household broadband coverage must be 0–100',
              },
            },
          ],
        }),
    });
    startAt(1);
    renderPage(<JoinPage />, { route: '/join', path: '/join' });
    await screen.findByRole('heading', { level: 2, name: /Profile|profile/i });
    fireEvent.click(screen.getByRole('button', { name: 'Next' }));
    const msg = await screen.findByText('Household broadband coverage must be 0–100');
    expect(screen.getByRole('alert').textContent).toContain('The submitted data is not valid');
    expect(msg).toBeVisible();
    expect(calls.find((c) => c.method === 'PATCH')?.body).toEqual({ profile: FULL.profile });
  });

  it('verifies the mobile with a code, keeps the password out of storage, submits and opens the status page', async () => {
    let verified = false;
    const { calls } = mockFetch({
      ...DIVISIONS,
      'GET /api/join/drafts/D1': () => json(VIEW),
      'PATCH /api/join/drafts/D1': () => json({ ...VIEW, verified }),
      'POST /api/join/drafts/D1/code': () => json({ to: '138****8000', validUntil: '2030-01-01T00:00:00Z' }),
      'POST /api/join/drafts/D1/verify': () => {
        verified = true;
        return json({ ...VIEW, verified: true });
      },
      'POST /api/join/applications': () =>
        json(
          {
            id: '01JAPP',
            status: 'submitted',
            statusToken: 'tok_123456789012345678',
            adminUsername: 'admin-110101',
            tenantId: 'T',
          },
          201,
        ),
    });
    startAt(3);
    renderPage(<JoinPage />, { route: '/join', path: '/join' });
    await screen.findByRole('heading', { level: 2, name: /首位管理员/ });

    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findAllByText('请输入密码')).toHaveLength(2);
    expect(screen.getByText(/^至少 10 位，含小写字母，含大写字母，含数字，含符号/)).toBeVisible();
    fireEvent.change(screen.getByLabelText('登录密码'), { target: { value: 'dongcheng2026' } });
    expect(await screen.findByText('密码须含大写字母，含符号（如 - ! @ #）')).toBeVisible();

    fireEvent.click(screen.getByRole('button', { name: '发送验证码' }));
    expect(await screen.findByText('已发送至 138****8000')).toBeVisible();
    fireEvent.change(screen.getByLabelText('验证码'), { target: { value: '123456' } });
    fireEvent.click(screen.getByRole('button', { name: /^验\s?证$/ }));
    expect(await screen.findByText('已验证')).toBeVisible();

    fireEvent.change(screen.getByLabelText('登录密码'), { target: { value: 'Dongcheng-2026' } });
    fireEvent.change(screen.getByLabelText('确认密码'), { target: { value: 'Dongcheng-2026' } });
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));
    expect(await screen.findByRole('heading', { level: 2, name: /确认提交/ })).toBeVisible();
    expect(localStorage.getItem(DRAFT_KEY)).not.toContain('Dongcheng-2026');

    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    await waitFor(() =>
      expect(screen.getByTestId('where').textContent).toBe(
        '/join/status/01JAPP?token=tok_123456789012345678',
      ),
    );
    expect(calls.find((c) => c.url === '/api/join/applications')?.body).toEqual({
      draftId: 'D1',
      password: 'Dongcheng-2026',
    });
    expect(localStorage.getItem(DRAFT_KEY)).toBeNull();
  }, 120_000); // many antd form interactions: slow in jsdom under a parallel run
});

describe('join helpers', () => {
  it('maps server field names to their steps', () => {
    expect(stepOfField('divisionCode')).toBe(0);
    expect(stepOfField('profile.population')).toBe(1);
    expect(stepOfField('tierRequested')).toBe(2);
    expect(stepOfField('admin.email')).toBe(3);
    expect(stepOfField('nonsense')).toBe(-1);
  });

  it('previews the category with the thresholds of DOMAIN.md', () => {
    expect(
      previewCategory({ migrantSharePercent: 30, broadbandPercent: 49.9, lowIncomePercent: 3 }),
    ).toMatchObject({
      migrantShare: 'high',
      infrastructure: 'weak',
      hardship: 'high',
    });
    expect(
      previewCategory({ migrantSharePercent: 29.9, broadbandPercent: 50, lowIncomePercent: 2.9 }),
    ).toMatchObject({
      migrantShare: 'normal',
      infrastructure: 'strong',
      hardship: 'normal',
    });
  });
});
