import { describe, expect, it } from 'vitest';
import { json, mockFetch } from '../test/utils';
import { signIn } from './cognito';

const jwt = (claims: Record<string, unknown>) =>
  [
    'e30',
    btoa(JSON.stringify(claims)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, ''),
    'sig',
  ].join('.');

describe('token lifetime', () => {
  const pool = { endpoint: 'http://localhost:3000/cognito/', clientId: 'c' };
  const answer = (result: Record<string, unknown>) =>
    mockFetch({
      'POST /cognito/': () => json({ AuthenticationResult: { IdToken: 'id', RefreshToken: 'r', ...result } }),
    });

  it('takes ExpiresIn when Cognito sends it', async () => {
    answer({ AccessToken: jwt({ iat: 1000, exp: 1060 }), ExpiresIn: 3600 });
    const r = await signIn(pool, 'u', 'p');
    if (r.kind !== 'signedIn') throw new Error(r.kind);
    expect(r.tokens.expiresAt - Date.now()).toBeGreaterThan(3_590_000);
  });

  it('reads exp − iat from the access token when ExpiresIn is missing (cognito-local)', async () => {
    answer({ AccessToken: jwt({ iat: 1_700_000_000, exp: 1_700_086_400 }) });
    const r = await signIn(pool, 'u', 'p');
    if (r.kind !== 'signedIn') throw new Error(r.kind);
    const left = r.tokens.expiresAt - Date.now();
    expect(left).toBeGreaterThan(86_390_000);
    expect(left).toBeLessThanOrEqual(86_400_000);
  });

  it('treats an unreadable token as already due for refresh', async () => {
    answer({ AccessToken: 'not-a-jwt' });
    const r = await signIn(pool, 'u', 'p');
    if (r.kind !== 'signedIn') throw new Error(r.kind);
    expect(r.tokens.expiresAt).toBeLessThanOrEqual(Date.now());
  });
});
