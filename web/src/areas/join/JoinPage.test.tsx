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

function startAt(step: number, values: JoinDraft['values'] = FULL) {
  localStorage.setItem(DRAFT_KEY, JSON.stringify({ step, values }));
}

/** The form item (label + control + messages) around the control labelled `label`. */
function fieldOf(label: string): HTMLElement {
  const item = screen.getByLabelText(label).closest('.ant-form-item');
  if (!(item instanceof HTMLElement)) throw new Error(`no form item for ${label}`);
  return item;
}

describe('join wizard', () => {
  it('puts problem+json field errors on the right field and step', async () => {
    const { calls } = mockFetch({
      ...DIVISIONS,
      'POST /api/join/applications': () =>
        problem({
          type: 'https://linli.example/problems/validation',
          title: 'Validation failed',
          status: 422,
          code: 'VALIDATION_FAILED',
          message: { zh: '申请信息有误', en: 'The application has errors' },
          errors: [
            {
              field: 'admin.mobile',
              code: 'MOBILE_INVALID',
              message: { zh: '该手机号无法接收短信', en: 'This mobile cannot receive SMS' },
            },
          ],
        }),
    });
    startAt(4);
    renderPage(<JoinPage />, { route: '/join', path: '/join' });

    expect(await screen.findByText(/北京市 · 市辖区 · 东城区/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));

    const msg = await screen.findByText('该手机号无法接收短信');
    expect(screen.getByRole('heading', { level: 2, name: /首位管理员/ })).toBeTruthy();
    expect(fieldOf('手机号').contains(msg)).toBe(true);
    expect(fieldOf('电子邮箱').contains(msg)).toBe(false);
    expect(screen.getByLabelText('手机号').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toContain('申请信息有误');

    const post = calls.find((c) => c.method === 'POST');
    expect(post?.body).toEqual({
      divisionCode: '110101',
      profile: FULL.profile,
      tierRequested: 'standard',
      admin: FULL.admin,
    });
    // The draft survives a failed submission.
    expect(JSON.parse(localStorage.getItem(DRAFT_KEY) ?? '{}').values.admin.mobile).toBe('13800138000');
  });

  it('sends a duplicate-district error back to the district step, in English when the UI is English', async () => {
    localStorage.setItem('linli.lang', 'en');
    mockFetch({
      ...DIVISIONS,
      'POST /api/join/applications': () =>
        problem({
          status: 409,
          code: 'DIVISION_TAKEN',
          message: { zh: '该区县已入驻', en: 'This district already has a tenant' },
          errors: [
            {
              field: 'divisionCode',
              code: 'DIVISION_TAKEN',
              message: {
                zh: '该区县已入驻，管理员 李** 138****8000',
                en: 'Already onboarded; admin L** 138****8000',
              },
            },
          ],
        }),
    });
    startAt(4);
    renderPage(<JoinPage />, { route: '/join', path: '/join' });
    await screen.findByText(/北京市 · 市辖区 · 东城区/);
    fireEvent.click(screen.getByRole('button', { name: 'Submit application' }));

    const msg = await screen.findByText('Already onboarded; admin L** 138****8000');
    expect(fieldOf('District').contains(msg)).toBe(true);
    expect(screen.getByRole('heading', { level: 2, name: /District/ })).toBeTruthy();
  });

  it('validates a step before moving on and saves the draft between steps', async () => {
    mockFetch(DIVISIONS);
    startAt(3, { ...FULL, admin: {} });
    renderPage(<JoinPage />, { route: '/join', path: '/join' });

    fireEvent.change(screen.getByLabelText('姓名'), { target: { value: '李静' } });
    fireEvent.change(screen.getByLabelText('手机号'), { target: { value: '1380013' } });
    fireEvent.change(screen.getByLabelText('电子邮箱'), { target: { value: 'li@example.cn' } });
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));

    const err = await screen.findByText('请输入 11 位手机号');
    expect(fieldOf('手机号').contains(err)).toBe(true);
    expect(screen.getByRole('heading', { level: 2, name: /首位管理员/ })).toBeTruthy();

    fireEvent.change(screen.getByLabelText('手机号'), { target: { value: '13800138000' } });
    fireEvent.click(screen.getByRole('button', { name: '下一步' }));

    expect(await screen.findByRole('heading', { level: 2, name: /确认提交/ })).toBeTruthy();
    const draft = JSON.parse(localStorage.getItem(DRAFT_KEY) ?? '{}') as JoinDraft;
    expect(draft.step).toBe(4);
    expect(draft.values.admin).toEqual({ name: '李静', mobile: '13800138000', email: 'li@example.cn' });
  });

  it('clears the draft and shows the application status after a 201', async () => {
    mockFetch({
      ...DIVISIONS,
      'POST /api/join/applications': () => json({ id: '01JAPP', status: 'applied' }, 201),
    });
    startAt(4);
    renderPage(<JoinPage />, { route: '/join', path: '/join' });
    await screen.findByText(/北京市 · 市辖区 · 东城区/);
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    expect(await screen.findByText('申请编号 01JAPP，当前状态：已申请。')).toBeTruthy();
    await waitFor(() => expect(localStorage.getItem(DRAFT_KEY)).toBeNull());
  });
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
