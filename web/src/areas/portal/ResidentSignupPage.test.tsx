import { maskMobile } from '@linli/core/masking';
import { passwordFailures, residentPool } from '@linli/tables';
import { fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { getSession } from '../../auth/session';
import { LEISHAN_PORTAL as DISTRICT, RESIDENT_TOKENS as TOKENS } from '../../test/fixtures';
import { CONFIG, cognitoError, json, mockFetch, renderPage, cognitoTarget as target } from '../../test/utils';
import { toE164 } from './phone';
import ResidentSignupPage from './ResidentSignupPage';
import { throwawayPassword } from './residentAuth';
import { getResidentSession, RESIDENT_SESSION_KEY, resetResidentSessionForTests } from './residentSession';

afterEach(() => resetResidentSessionForTests());

function fill(label: string | RegExp, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

function renderSignup(extra: Parameters<typeof mockFetch>[0] = {}, config: Record<string, unknown> = CONFIG) {
  const mocked = mockFetch({
    'GET /api/config': () => json(config),
    'GET /api/public/districts/leishan-522634': () => json(DISTRICT),
    ...extra,
  });
  renderPage(<ResidentSignupPage />, { route: '/t/leishan-522634/signup', path: '/t/:slug/signup' });
  return mocked;
}

async function fillValidForm(mobile = '138 1234 5678') {
  await screen.findByRole('heading', { level: 1, name: '注册雷山县居民账号' });
  fill('手机号', mobile);
  fill('姓名', '杨阿妹');
  fireEvent.click(screen.getByRole('checkbox', { name: /个人信息保护法/ }));
}

describe('mobile numbers', () => {
  it('normalises mainland mobiles to E.164 and refuses everything else', () => {
    expect(toE164('13812345678')).toBe('+8613812345678');
    expect(toE164('138 1234-5678')).toBe('+8613812345678');
    expect(toE164('+86 138 1234 5678')).toBe('+8613812345678');
    expect(toE164('8613812345678')).toBe('+8613812345678');
    for (const bad of ['12812345678', '1381234567', '138123456789', '010-12345678', '+85291234567', 'abc'])
      expect(toE164(bad), bad).toBeNull();
  });

  it('masks as 138****5678', () => {
    expect(maskMobile('+8613812345678')).toBe('138****5678');
  });

  it("the throwaway password Cognito's SignUp needs meets the residents pool policy and is never the same", () => {
    const a = throwawayPassword();
    const b = throwawayPassword();
    expect(passwordFailures(residentPool.passwordPolicy, a)).toEqual([]);
    expect(a.length).toBeGreaterThanOrEqual(32);
    expect(a).not.toBe(b);
  });
});

// jsdom on a busy machine is slow: generous time, the assertions decide.
describe('resident sign-up form', { timeout: 45_000 }, () => {
  it('labels every field and reports each rule without calling Cognito', async () => {
    const { calls } = renderSignup();
    await screen.findByRole('heading', { level: 1, name: '注册雷山县居民账号' });

    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    expect(await screen.findByText('请输入手机号')).toBeVisible();
    expect(screen.getByText('请输入姓名')).toBeVisible();
    // The first field in error takes the focus and is described by its message.
    expect(screen.getByLabelText('手机号')).toHaveFocus();
    expect(screen.getByLabelText('手机号')).toHaveAccessibleDescription(/请输入手机号/);
    // No password to invent or remember.
    expect(screen.queryByLabelText('密码')).toBeNull();
    expect(screen.queryByLabelText('确认密码')).toBeNull();
    expect(screen.getByText('请先阅读并同意个人信息处理说明')).toBeVisible();

    fill('手机号', '12812345678');
    fill('姓名', '<b>');
    expect(await screen.findByText('请输入正确的 11 位手机号')).toBeVisible();
    expect(await screen.findByText('姓名不能超过 40 个字，且不能含特殊符号')).toBeVisible();
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.filter((c) => c.url === '/cognito/')).toHaveLength(0);
  });

  it('signs up with +86 E.164, shows 验证码已发送 and, in local mode, the code from the dev outbox', async () => {
    const mobile = '+8613812345678';
    const { calls } = renderSignup(
      {
        'POST /cognito/': (c) =>
          target(c) === 'SignUp'
            ? json({
                UserConfirmed: false,
                UserSub: 'sub-1',
                CodeDeliveryDetails: { Destination: '+86138****5678' },
              })
            : target(c) === 'ConfirmSignUp'
              ? json({})
              : json({ AuthenticationResult: TOKENS }),
        'GET /api/dev/outbox': () =>
          json([
            {
              channel: 'sms',
              to: '+8613900000000',
              text: 'other',
              code: '111111',
              at: '2026-11-26T00:00:00Z',
            },
            {
              channel: 'sms',
              to: mobile,
              text: '【邻里 Linli】验证码 246810',
              code: '246810',
              at: '2026-11-26T00:00:01Z',
            },
          ]),
        'POST /api/public/districts/leishan-522634/residents': (c) =>
          c.headers.authorization === 'Bearer res-access'
            ? json({ registered: true, created: true, resident: { name: '杨阿妹' }, district: DISTRICT }, 201)
            : json({ code: 'UNAUTHENTICATED' }, 401),
      },
      { ...CONFIG, devOutbox: true },
    );
    await fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));

    expect(await screen.findByText('验证码已发送')).toBeVisible();
    expect(screen.getByText(/138\*\*\*\*5678/)).toBeVisible();
    const signUp = calls.find((c) => target(c) === 'SignUp');
    const throwaway = ((signUp?.body ?? {}) as { Password?: string }).Password ?? '';
    expect(passwordFailures(residentPool.passwordPolicy, throwaway)).toEqual([]);
    expect(screen.queryByText(throwaway)).toBeNull();
    expect(signUp?.body).toEqual({
      ClientId: 'res-client',
      Username: mobile,
      Password: throwaway,
      UserAttributes: [
        { Name: 'phone_number', Value: mobile },
        { Name: 'name', Value: '杨阿妹' },
        { Name: 'locale', Value: 'zh-CN' },
      ],
    });

    fireEvent.click(screen.getByRole('button', { name: '查看开发短信收件箱（本地模式）' }));
    expect((await screen.findByTestId('dev-code')).textContent).toContain('246810');

    fill('短信验证码', '12');
    fireEvent.click(screen.getByRole('button', { name: '验证并完成注册' }));
    expect(await screen.findByText('验证码为 6 位数字')).toBeVisible();

    fill('短信验证码', '246810');
    fireEvent.click(screen.getByRole('button', { name: '验证并完成注册' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/t/leishan-522634/me'));
    expect(calls.find((c) => target(c) === 'ConfirmSignUp')?.body).toEqual({
      ClientId: 'res-client',
      Username: mobile,
      ConfirmationCode: '246810',
    });
    expect(calls.find((c) => target(c) === 'InitiateAuth')?.body).toMatchObject({
      ClientId: 'res-client',
      AuthParameters: { USERNAME: mobile, PASSWORD: throwaway },
    });
    // The resident session is its own; the staff session is untouched.
    expect(getResidentSession()?.accessToken).toBe('res-access');
    expect(sessionStorage.getItem(RESIDENT_SESSION_KEY)).toContain('res-access');
    expect(getSession()).toBeNull();
  });

  it('an already registered number points to sign-in', async () => {
    renderSignup({
      'POST /cognito/': () => cognitoError('UsernameExistsException', 'User already exists'),
    });
    await fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('该手机号已注册，请直接登录。');
    expect(screen.getAllByRole('link', { name: '去登录' })[0]?.getAttribute('href')).toBe(
      '/t/leishan-522634/login',
    );
  });

  it('outside local mode there is no dev outbox button', async () => {
    renderSignup({
      'POST /cognito/': () => json({ UserConfirmed: false }),
    });
    await fillValidForm();
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    expect(await screen.findByText('验证码已发送')).toBeVisible();
    expect(screen.queryByRole('button', { name: /开发短信收件箱/ })).toBeNull();
  });
});
