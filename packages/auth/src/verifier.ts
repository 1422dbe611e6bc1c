import { Errors } from '@linli/core';
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';

export interface PoolTrust {
  readonly pool: 'staff' | 'residents';
  readonly issuer: string;
  readonly jwksUrl: string;
  /** App clients whose tokens this API accepts. */
  readonly clientIds: readonly string[];
}

export interface VerifiedToken {
  readonly pool: 'staff' | 'residents';
  readonly sub: string;
  readonly username: string;
  readonly clientId: string;
  readonly claims: JWTPayload;
}

/**
 * Verifies Cognito access tokens (cognito-local or Cognito) against each trusted pool's JWKS:
 * signature (RS256 only — `alg: none` and HMAC tokens are refused), issuer, expiry, token use
 * (`access`) and app client. The JWKS is fetched once and cached by jose.
 */
export class TokenVerifier {
  private readonly jwks = new Map<string, JWTVerifyGetKey>();

  constructor(
    private readonly pools: readonly PoolTrust[],
    private readonly keyResolver?: (pool: PoolTrust) => JWTVerifyGetKey,
  ) {}

  private keysFor(pool: PoolTrust): JWTVerifyGetKey {
    let k = this.jwks.get(pool.issuer);
    if (!k) {
      k = this.keyResolver
        ? this.keyResolver(pool)
        : createRemoteJWKSet(new URL(pool.jwksUrl), { cacheMaxAge: 3_600_000 });
      this.jwks.set(pool.issuer, k);
    }
    return k;
  }

  async verify(token: string): Promise<VerifiedToken> {
    const payload = decodeUnverified(token);
    const pool = this.pools.find((p) => p.issuer === payload?.iss);
    if (!payload || !pool) throw Errors.tokenInvalid({ zh: '签发方不受信任', en: 'untrusted issuer' });
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, this.keysFor(pool), {
        issuer: pool.issuer,
        algorithms: ['RS256'],
        clockTolerance: 5,
      }));
    } catch (err) {
      const expired = (err as { code?: string }).code === 'ERR_JWT_EXPIRED';
      throw Errors.tokenInvalid(expired ? { zh: '已过期', en: 'expired' } : undefined, { cause: err });
    }
    if (claims.token_use !== 'access') {
      throw Errors.tokenInvalid({ zh: '需要访问令牌', en: 'an access token is required' });
    }
    const clientId = String(claims.client_id ?? '');
    if (!pool.clientIds.includes(clientId)) {
      throw Errors.tokenInvalid({ zh: '应用客户端不受信任', en: 'untrusted app client' });
    }
    if (typeof claims.sub !== 'string' || claims.sub.length === 0) {
      throw Errors.tokenInvalid({ zh: '缺少用户标识', en: 'missing subject' });
    }
    return {
      pool: pool.pool,
      sub: claims.sub,
      username: String(claims.username ?? claims['cognito:username'] ?? claims.sub),
      clientId,
      claims,
    };
  }
}

const decodeUnverified = (token: string): JWTPayload | undefined => {
  const parts = token.split('.');
  if (parts.length !== 3 || !parts[1]) return undefined;
  try {
    return JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as JWTPayload;
  } catch {
    return undefined;
  }
};
