import { fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { getSession } from '../../auth/session';
import { CONFIG, cognitoError, json, mockFetch, renderPage } from '../../test/utils';
import LoginPage from './LoginPage';

const TOKENS = { AccessToken: 'access-1', IdToken: 'id-1', RefreshToken: 'refresh-1', ExpiresIn: 3600 };
const STAFF_ME = {
  sub: 's1',
  username: 'dc-admin',
  name: '王芳',
  kind: 'staff',
  tenant: {
    id: 't1',
    slug: 'dongcheng-110101',
    name: '东城区',
    divisionCode: '110101',
    tier: 'standard',
    status: 'active',
  },
  roles: ['district-admin'],
  scope: {},
  modules: [],
};

function fill(label: string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

/** Open the login page at `route` and sign in as `username` with `password`. */
function signIn(username: string, password: string, route = '/login') {
  renderPage(<LoginPage />, { route, path: '/login' });
  fill('用户名', username);
  fill('密码', password);
  fireEvent.click(screen.getByRole('button', { name: '登录' }));
}

describe('login page', () => {
  it('validates required fields without calling Cognito', async () => {
    const { calls } = mockFetch({ 'GET /api/config': () => json(CONFIG) });
    renderPage(<LoginPage />, { route: '/login', path: '/login' });

    fireEvent.click(screen.getByRole('button', { name: '登录' }));

    expect(await screen.findByText('请输入用户名')).toBeVisible();
    expect(await screen.findByText('请输入密码')).toBeVisible();
    expect(calls.filter((c) => c.url === '/cognito/')).toHaveLength(0);
  });

  it('shows 用户名或密码错误 when Cognito answers NotAuthorizedException', async () => {
    const { calls } = mockFetch({
      'GET /api/config': () => json(CONFIG),
      'POST /cognito/': () => cognitoError('NotAuthorizedException', 'Incorrect username or password.'),
    });
    signIn('dc-admin', 'wrong-password');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('用户名或密码错误');
    const cognito = calls.find((c) => c.url === '/cognito/');
    expect(cognito?.headers['x-amz-target']).toBe('AWSCognitoIdentityProviderService.InitiateAuth');
    expect(cognito?.body).toEqual({
      AuthFlow: 'USER_PASSWORD_AUTH',
      ClientId: 'staff-client',
      AuthParameters: { USERNAME: 'dc-admin', PASSWORD: 'wrong-password' },
    });
    expect(getSession()).toBeNull();
  });

  it('says the password is wrong when sign-in answers InvalidPasswordException (cognito-local)', async () => {
    mockFetch({
      'GET /api/config': () => json(CONFIG),
      'POST /cognito/': () => cognitoError('InvalidPasswordException', 'Invalid password'),
    });
    signIn('dc-admin', 'wrong-password');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('用户名或密码错误');
    expect(alert.textContent).not.toContain('新密码');
  });

  it('signs a staff member in, sends the bearer token to /api/me and routes to the workspace', async () => {
    const { calls } = mockFetch({
      'GET /api/config': () => json(CONFIG),
      'POST /cognito/': () => json({ AuthenticationResult: TOKENS }),
      'GET /api/me': () => json(STAFF_ME),
    });
    signIn('dc-admin', 'Passw0rd!');

    expect((await screen.findByTestId('where')).textContent).toBe('/workspace');
    expect(calls.find((c) => c.url === '/api/me')?.headers.authorization).toBe('Bearer access-1');
    expect(JSON.parse(sessionStorage.getItem('linli.session') ?? '{}').accessToken).toBe('access-1');
  });

  it('goes back to the page that sent the user to login, but never off-site', async () => {
    mockFetch({
      'GET /api/config': () => json(CONFIG),
      'POST /cognito/': () => json({ AuthenticationResult: TOKENS }),
      'GET /api/me': () => json(STAFF_ME),
    });
    signIn('dc-admin', 'Passw0rd!', '/login?next=%2F%2Fevil.example');
    expect((await screen.findByTestId('where')).textContent).toBe('/workspace');
  });

  it('handles NEW_PASSWORD_REQUIRED, then routes a ministry user to the console', async () => {
    const { calls } = mockFetch({
      'GET /api/config': () => json(CONFIG),
      'POST /cognito/': (c) =>
        c.headers['x-amz-target']?.endsWith('.InitiateAuth')
          ? json({ ChallengeName: 'NEW_PASSWORD_REQUIRED', Session: 'sess-1', ChallengeParameters: {} })
          : json({ AuthenticationResult: TOKENS }),
      'GET /api/me': () =>
        json({ ...STAFF_ME, kind: 'ministry', tenant: undefined, roles: ['ministry-admin'] }),
    });
    signIn('ministry', 'Temp0rary!');

    expect(await screen.findByRole('heading', { name: '请设置新密码' })).toBeVisible();
    fill('新密码', 'NewPassw0rd!');
    fill('确认新密码', 'Different1!');
    fireEvent.click(screen.getByRole('button', { name: '设置密码并登录' }));
    expect(await screen.findByText('两次输入的密码不一致')).toBeVisible();

    fill('确认新密码', 'NewPassw0rd!');
    fireEvent.click(screen.getByRole('button', { name: '设置密码并登录' }));
    expect((await screen.findByTestId('where')).textContent).toBe('/ministry');
    const respond = calls.find((c) => c.headers['x-amz-target']?.endsWith('.RespondToAuthChallenge'));
    expect(respond?.body).toEqual({
      ChallengeName: 'NEW_PASSWORD_REQUIRED',
      ClientId: 'staff-client',
      Session: 'sess-1',
      ChallengeResponses: { USERNAME: 'ministry', NEW_PASSWORD: 'NewPassw0rd!' },
    });
    await waitFor(() => expect(getSession()?.accessToken).toBe('access-1'));
  });
});
