import { describe, expect, it, vi } from 'vitest';
import { CognitoError, signIn } from '../auth/cognito';
import { getSession, setSession } from '../auth/session';
import { cognitoError, json, mockFetch } from '../test/utils';
import { ApiError, onUnauthorized, shouldRetry } from './client';
import { parseProblem } from './errors';
import { body, controlApi, publicApi } from './http';

const session = (over = {}) =>
  setSession({
    accessToken: 'acc',
    idToken: 'id',
    refreshToken: 'ref',
    expiresAt: Date.now() + 3_600_000,
    pool: { endpoint: '/cognito/', clientId: 'c1' },
    ...over,
  });

describe('parseProblem', () => {
  it('reads code, bilingual message and field errors from problem+json', async () => {
    const err = await parseProblem(
      new Response(
        JSON.stringify({
          status: 422,
          code: 'VALIDATION',
          title: 'Invalid',
          message: { zh: '无效', en: 'Invalid' },
          errors: [
            { field: 'admin.email', code: 'EMAIL', message: { zh: '邮箱无效', en: 'Bad email' } },
            { bogus: 1 },
          ],
        }),
        { status: 422, headers: { 'Content-Type': 'application/problem+json' } },
      ),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.status).toBe(422);
    expect(err.code).toBe('VALIDATION');
    expect(err.localized('zh-CN')).toBe('无效');
    expect(err.localized('en')).toBe('Invalid');
    expect(err.fieldErrors).toEqual([
      { field: 'admin.email', code: 'EMAIL', message: { zh: '邮箱无效', en: 'Bad email' } },
    ]);
  });

  it('still gives a typed error for an HTML 502 from a proxy', async () => {
    const err = await parseProblem(
      new Response('<html>bad gateway</html>', { status: 502, headers: { 'Content-Type': 'text/html' } }),
    );
    expect(err.code).toBe('HTTP_502');
    expect(err.localized('zh-CN')).toContain('出现了问题');
  });
});

describe('the typed clients', () => {
  it('injects the bearer token', async () => {
    session();
    const { calls } = mockFetch({ 'GET /api/me': () => json({ ok: 1 }) });
    await expect(body(controlApi.GET('/api/me'))).resolves.toEqual({ ok: 1 });
    expect(calls[0]?.headers.authorization).toBe('Bearer acc');
  });

  it('on 401 clears the session and tells the router', async () => {
    session();
    mockFetch({
      'GET /api/me': () => json({ status: 401, code: 'TOKEN_EXPIRED' }, 401, 'application/problem+json'),
    });
    const listener = vi.fn();
    const off = onUnauthorized(listener);
    await expect(body(controlApi.GET('/api/me'))).rejects.toMatchObject({
      status: 401,
      code: 'TOKEN_EXPIRED',
    });
    expect(listener).toHaveBeenCalledOnce();
    expect(getSession()).toBeNull();
    off();
  });

  it('refreshes an expiring access token with REFRESH_TOKEN_AUTH before calling', async () => {
    session({ expiresAt: Date.now() + 10_000 });
    const { calls } = mockFetch({
      'POST /cognito/': () =>
        json({ AuthenticationResult: { AccessToken: 'acc2', IdToken: 'id2', ExpiresIn: 3600 } }),
      'GET /api/me': () => json({}),
    });
    await body(controlApi.GET('/api/me'));
    expect(calls[0]?.body).toEqual({
      AuthFlow: 'REFRESH_TOKEN_AUTH',
      ClientId: 'c1',
      AuthParameters: { REFRESH_TOKEN: 'ref' },
    });
    expect(calls[1]?.headers.authorization).toBe('Bearer acc2');
    expect(getSession()?.refreshToken).toBe('ref');
  });

  it('turns a network failure into a NETWORK ApiError and does not retry 4xx', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    const err = await body(publicApi.GET('/api/public/districts')).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NETWORK', status: 0 });
    expect(shouldRetry(0, err)).toBe(true);
    expect(shouldRetry(0, new ApiError(404, 'NF', { zh: '', en: '' }))).toBe(false);
    expect(shouldRetry(2, err)).toBe(false);
  });
});

describe('cognito', () => {
  it('reads namespaced __type error names', async () => {
    mockFetch({
      'POST /cognito/': () => cognitoError('com.amazonaws.cognito#NotAuthorizedException', 'nope'),
    });
    const err = await signIn({ endpoint: '/cognito/', clientId: 'c' }, 'u', 'p').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CognitoError);
    expect((err as CognitoError).type).toBe('NotAuthorizedException');
  });
});
