/**
 * Limits of the anonymous and code-sending endpoints (issue 11), per source address and per mobile
 * number: a fixed-window counter in the control table, one item per (rule, key, window), raised by
 * a conditional update and expired by DynamoDB's TTL. Lambda runs many instances, so the count
 * cannot live in memory. Over the limit: 429 THROTTLED with Retry-After (seconds to the window's
 * end). Keys are HMACed: the table never holds a mobile number or an address in clear.
 */
import { createHmac, randomBytes } from 'node:crypto';
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { Errors } from '@linli/core';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.ts';

export interface RateRule {
  /** Stable name (part of the key): `join-draft-ip`, `code-mobile`, … */
  readonly name: string;
  readonly limit: number;
  readonly windowSeconds: number;
}

/**
 * The limits, in one place. The AWS side says the same (API Gateway route throttling and the WAF
 * rate-based rule, `infra/src/constructs/abuse-limits.ts`).
 */
export const RATE_RULES = {
  /** New join drafts from one address. */
  draftPerAddress: { name: 'join-draft-ip', limit: 20, windowSeconds: 600 },
  /** Any other anonymous join call (save, verify, submit, status, invitations) from one address. */
  joinPerAddress: { name: 'join-ip', limit: 120, windowSeconds: 600 },
  /** Verification codes sent from one address, and to one mobile number (or e-mail) whatever the draft. */
  codePerAddress: { name: 'code-ip', limit: 10, windowSeconds: 600 },
  codePerRecipient: { name: 'code-to', limit: 3, windowSeconds: 600 },
  /** Resident registration with a district, per address. */
  residentSignUpPerAddress: { name: 'resident-signup-ip', limit: 20, windowSeconds: 600 },
  /** Sign-in and sign-up at the user pools (the local gateway's `/cognito/`; WAF in AWS). */
  signInPerAddress: { name: 'signin-ip', limit: 300, windowSeconds: 300 },
  signInPerUser: { name: 'signin-user', limit: 20, windowSeconds: 300 },
  signUpCodePerUser: { name: 'signup-code-user', limit: 3, windowSeconds: 600 },
  /**
   * The key-authenticated channel routes (call events, inbound SMS): per source address before the
   * key is looked up (probing keys costs a read each), then per valid key. A district's busiest
   * hotline takes a few calls a minute; the key limit is far above that and far below a flood.
   */
  channelPerAddress: { name: 'channel-ip', limit: 600, windowSeconds: 300 },
  channelPerKey: { name: 'channel-key', limit: 300, windowSeconds: 60 },
  /**
   * Residents' sign-in codes (`CUSTOM_AUTH`, @linli/auth/sms-challenge) per mobile number: counted
   * by the Create-auth-challenge trigger in AWS and by the local stand-in; a resend is a new code.
   */
  signInCodePerMobile: { name: 'signin-code-mobile', limit: 5, windowSeconds: 600 },
} as const satisfies Record<string, RateRule>;

export interface RateLimiterOptions {
  /** Key of the HMAC over limited keys. @default a random key of this process */
  readonly secret?: string | Buffer;
  /** Separates deployments sharing a table (and tests). @default 'RATE' */
  readonly namespace?: string;
  readonly now?: () => number;
}

export class RateLimiter {
  private readonly secret: Buffer;
  private readonly namespace: string;
  private readonly now: () => number;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    opts: RateLimiterOptions = {},
  ) {
    this.secret = opts.secret === undefined ? randomBytes(32) : Buffer.from(opts.secret);
    this.namespace = opts.namespace ?? 'RATE';
    this.now = opts.now ?? Date.now;
  }

  /** Count one hit of `key` under `rule`; throws 429 THROTTLED (Retry-After) past the limit. */
  async hit(rule: RateRule, key: string): Promise<void> {
    const nowS = Math.floor(this.now() / 1000);
    const window = nowS - (nowS % rule.windowSeconds);
    const end = window + rule.windowSeconds;
    const id = createHmac('sha256', this.secret).update(`${rule.name}\n${key}`).digest('base64url');
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: `${this.namespace}#${rule.name}#${id}`, sk: `W#${window}` },
          UpdateExpression: 'ADD hits :one SET expiresAt = if_not_exists(expiresAt, :ttl)',
          ConditionExpression: 'attribute_not_exists(hits) OR hits < :limit',
          ExpressionAttributeValues: { ':one': 1, ':limit': rule.limit, ':ttl': end + 3600 },
        }),
      );
    } catch (err) {
      if ((err as { name?: string }).name === 'ConditionalCheckFailedException')
        throw Errors.throttled(undefined, { headers: { 'Retry-After': String(Math.max(1, end - nowS)) } });
      throw err;
    }
  }
}

/**
 * The caller's address as the platform saw it, never as a header claims it: API Gateway's
 * `requestContext` in Lambda, the socket locally. `unknown` when neither is there (in-process
 * requests), which is then one shared key.
 */
export const sourceAddress = (c: Context): string => {
  const env = c.env as
    | {
        requestContext?: { http?: { sourceIp?: string }; identity?: { sourceIp?: string } };
        event?: { requestContext?: { http?: { sourceIp?: string } } };
        incoming?: { socket?: { remoteAddress?: string } };
      }
    | undefined;
  return (
    env?.event?.requestContext?.http?.sourceIp ??
    env?.requestContext?.http?.sourceIp ??
    env?.requestContext?.identity?.sourceIp ??
    env?.incoming?.socket?.remoteAddress ??
    'unknown'
  );
};

/** The limiter's surface the apps use (a `RateLimiter`, or anything counting the same way). */
export interface Limiter {
  hit(rule: RateRule, key: string): Promise<void>;
}

/**
 * Anonymous routes of the control API, limited per source address before they do anything:
 * creating join drafts, sending codes, every other join call, resident registration. Codes are
 * also limited per recipient inside the join service (`beforeCodeSent`).
 */
export const anonymousLimits = (limiter: Limiter | undefined): MiddlewareHandler<AppEnv> =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!limiter || c.req.method === 'OPTIONS') return next();
    const path = c.req.path;
    const ip = sourceAddress(c);
    if (path === '/api/join/drafts' && c.req.method === 'POST')
      await limiter.hit(RATE_RULES.draftPerAddress, ip);
    else if (/^\/api\/join\/drafts\/[^/]+\/code$/.test(path))
      await limiter.hit(RATE_RULES.codePerAddress, ip);
    else if (path.startsWith('/api/join/') && path !== '/api/join/divisions')
      await limiter.hit(RATE_RULES.joinPerAddress, ip);
    else if (/^\/api\/public\/districts\/[^/]+\/residents$/.test(path) && c.req.method === 'POST')
      await limiter.hit(RATE_RULES.residentSignUpPerAddress, ip);
    await next();
  });
