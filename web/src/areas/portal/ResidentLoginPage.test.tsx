import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CognitoError } from '../../auth/cognito';
import { LEISHAN_PORTAL as DISTRICT, RESIDENT_TOKENS as TOKENS } from '../../test/fixtures';
import {
  type Call,
  CONFIG,
  cognitoError,
  json,
  mockFetch,
  renderPage,
  cognitoTarget as target,
} from '../../test/utils';
import ResidentLoginPage, { RESEND_SECONDS } from './ResidentLoginPage';
import { codeFailureKey } from './residentAuth';
import { getResidentSession, resetResidentSessionForTests } from './residentSession';

const MOBILE = '+8613812345678';
const challenge = (session: string, attemptsLeft: number, expiresAt = Date.now() + 300_000) =>
  json({
    ChallengeName: 'CUSTOM_CHALLENGE',
    Session: session,
    ChallengeParameters: {
      USERNAME: MOBILE,
      destination: '+86138****5678',
      attemptsLeft: String(attemptsLeft),
      expiresAt: new Date(expiresAt).toISOString(),
      codeLength: '6',
    },
  });

afterEach(() => {
  resetResidentSessionForTests();
  vi.useRealTimers();
});

const fill = (label: string, value: string) =>
  fireEvent.change(screen.getByLabelText(label), { target: { value } });

function renderLogin(
  cognito: (c: Call) => Response,
  config: Record<string, unknown> = CONFIG,
  route = '/t/leishan-522634/login',
) {
  const mocked = mockFetch({
    'GET /api/config': () => json(config),
    'GET /api/public/districts/leishan-522634': () => json(DISTRICT),
    'POST /cognito/': cognito,
    'POST /api/public/districts/leishan-522634/residents': (c) =>
      c.headers.authorization === 'Bearer res-access'
        ? json({ registered: true, created: false, resident: { name: '杨阿妹' }, district: DISTRICT })
        : json({ code: 'UNAUTHENTICATED' }, 401),
  });
  renderPage(<ResidentLoginPage />, { route, path: '/t/:slug/login' });
  return mocked;
}

async function askCode(mobile = '138 1234 5678') {
  await screen.findByRole('heading', { level: 1, name: '雷山县居民登录' });
  fill('手机号', mobile);
  fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
  await screen.findByText('验证码已发送');
}

// jsdom on a busy machine is slow: generous time, the assertions decide.
describe('resident sign-in by SMS code', { timeout: 90_000 }, () => {
  it('has no password field; mobile → code → 我的 through CUSTOM_AUTH, with a wrong try in between', async () => {
    const { calls } = renderLogin((c) => {
      if (target(c) === 'InitiateAuth') return challenge('s1', 3);
      const answer = (c.body as { ChallengeResponses: { ANSWER: string } }).ChallengeResponses.ANSWER;
      return answer === '246810' ? json({ AuthenticationResult: TOKENS }) : challenge('s2', 2);
    });
    await screen.findByRole('heading', { level: 1, name: '雷山县居民登录' });
    expect(screen.queryByLabelText('密码')).toBeNull();
    await askCode();
    expect(screen.getByText(/138\*\*\*\*5678/)).toBeVisible();
    expect(calls.find((c) => target(c) === 'InitiateAuth')?.body).toEqual({
      AuthFlow: 'CUSTOM_AUTH',
      ClientId: 'res-client',
      AuthParameters: { USERNAME: MOBILE },
    });
    // The resend button counts down; no second code before it reaches zero.
    expect(screen.getByRole('button', { name: /秒后可重新获取/ })).toBeDisabled();

    fill('短信验证码', '12345');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByText('验证码为 6 位数字')).toBeVisible();

    fill('短信验证码', '111111');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByRole('alert')).textContent).toContain('验证码不正确，还可以再试 2 次');

    fill('短信验证码', '246810');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() => expect(screen.getByTestId('where').textContent).toBe('/t/leishan-522634/me'));
    const answers = calls.filter((c) => target(c) === 'RespondToAuthChallenge').map((c) => c.body);
    expect(answers).toEqual([
      {
        ChallengeName: 'CUSTOM_CHALLENGE',
        ClientId: 'res-client',
        Session: 's1',
        ChallengeResponses: { USERNAME: MOBILE, ANSWER: '111111' },
      },
      {
        ChallengeName: 'CUSTOM_CHALLENGE',
        ClientId: 'res-client',
        Session: 's2',
        ChallengeResponses: { USERNAME: MOBILE, ANSWER: '246810' },
      },
    ]);
    expect(getResidentSession()?.accessToken).toBe('res-access');
  });

  it('goes back to the page that asked for the sign-in (?next=), and offers it to sign-up too', async () => {
    renderLogin(
      (c) => (target(c) === 'InitiateAuth' ? challenge('s1', 3) : json({ AuthenticationResult: TOKENS })),
      CONFIG,
      `/t/leishan-522634/login?next=${encodeURIComponent('/t/leishan-522634/consultations')}`,
    );
    expect(await screen.findByRole('link', { name: '注册' })).toHaveAttribute(
      'href',
      '/t/leishan-522634/signup?next=%2Ft%2Fleishan-522634%2Fconsultations',
    );
    await askCode();
    fill('短信验证码', '246810');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() =>
      expect(screen.getByTestId('where').textContent).toBe('/t/leishan-522634/consultations'),
    );
  });

  it('the third wrong code says so and asks for a new code', async () => {
    let left = 3;
    renderLogin((c) => {
      if (target(c) === 'InitiateAuth') return challenge('s', 3);
      left -= 1;
      return left > 0
        ? challenge(`s${left}`, left)
        : cognitoError('NotAuthorizedException', 'Incorrect username or password.');
    });
    await askCode();
    for (const msg of ['还可以再试 2 次', '还可以再试 1 次']) {
      fill('短信验证码', '000000');
      fireEvent.click(screen.getByRole('button', { name: '登录' }));
      await waitFor(() => expect(screen.getByRole('alert').textContent).toContain(msg));
    }
    fill('短信验证码', '000000');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    await waitFor(() =>
      expect(screen.getByRole('alert').textContent).toContain('验证码错误次数过多，请重新获取验证码'),
    );
    expect(screen.getByRole('button', { name: '登录' })).toBeDisabled();
  });

  it('an expired code says it has expired', async () => {
    renderLogin((c) =>
      target(c) === 'InitiateAuth'
        ? challenge('s', 3)
        : cognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.'),
    );
    await askCode();
    fill('短信验证码', '123456');
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByRole('alert')).textContent).toContain('验证码已过期，请重新获取');
  });

  it('too many codes for one number: the limit of the Create step is shown as such', async () => {
    renderLogin(() =>
      cognitoError('UserLambdaValidationException', 'CreateAuthChallenge failed with error THROTTLED.'),
    );
    await screen.findByRole('heading', { level: 1, name: '雷山县居民登录' });
    fill('手机号', '13812345678');
    fireEvent.click(screen.getByRole('button', { name: '获取验证码' }));
    expect((await screen.findByRole('alert')).textContent).toContain('操作过于频繁，请稍后再试');
  });

  it('resend is allowed after the countdown and asks for a new code', async () => {
    let sent = 0;
    renderLogin((c) => {
      if (target(c) === 'InitiateAuth') {
        sent += 1;
        return challenge(`s${sent}`, 3);
      }
      return json({ AuthenticationResult: TOKENS });
    });
    await askCode();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await act(async () => {
      vi.advanceTimersByTime((RESEND_SECONDS + 1) * 1000);
    });
    const resend = await screen.findByRole('button', { name: '重新获取验证码' });
    expect(resend).toBeEnabled();
    fireEvent.click(resend);
    await waitFor(() => expect(sent).toBe(2));
    expect(await screen.findByText('新验证码已发送')).toBeVisible();
  });

  it('tells expired from too many tries from the challenge it answered', () => {
    const e = new CognitoError('NotAuthorizedException', 'Incorrect username or password.', 400);
    const base = { session: 's', username: MOBILE, destination: '', expiresAt: 1_000 };
    expect(codeFailureKey(e, { ...base, attemptsLeft: 1 }, 500)).toBe('resident.errors.codeTooManyTries');
    expect(codeFailureKey(e, { ...base, attemptsLeft: 3 }, 1_000)).toBe('resident.errors.codeExpired');
    expect(codeFailureKey(e, { ...base, attemptsLeft: 3 }, 500)).toBe('resident.errors.codeFailed');
  });
});
