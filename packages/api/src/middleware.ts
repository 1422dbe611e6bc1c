import { type Action, authorize, type Target } from '@linli/auth';
import { Errors } from '@linli/core';
import { tierThrottle } from '@linli/tables';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ApiDeps } from './deps.ts';
import type { AppEnv } from './env.ts';
import { moduleNotEnabled } from './modules.ts';

/** The bearer token of an `Authorization` header, if well-formed. */
export const bearer = (header: string | undefined): string | undefined => {
  if (!header) return undefined;
  const m = /^Bearer\s+([A-Za-z0-9\-_.]+)$/i.exec(header.trim());
  return m?.[1];
};

/** Verifies the bearer token and builds the request context from the membership registry. */
export const authenticate = (deps: ApiDeps): MiddlewareHandler<AppEnv> =>
  createMiddleware<AppEnv>(async (c, next) => {
    const header = c.req.header('authorization');
    const token = bearer(header);
    if (!token) throw header ? Errors.tokenInvalid() : Errors.unauthenticated();
    const verified = await deps.verifier.verify(token);
    const ctx = await deps.resolver.resolve(verified);
    c.set('ctx', ctx);
    const ch = c.req.header('x-linli-channel');
    c.set('channel', ch === 'kiosk' || ch === 'call-centre' ? ch : 'web');
    await next();
  });

const WRITE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Binds the request to the caller's own tenant (from the verified context only) and its store.
 * Ministry users have no tenant and are refused here: they never reach tenant data.
 * A suspended tenant is read-only.
 */
export const tenantScope = (deps: ApiDeps): MiddlewareHandler<AppEnv> =>
  createMiddleware<AppEnv>(async (c, next) => {
    const ctx = c.get('ctx');
    const tenant = ctx.tenant;
    if (!tenant || ctx.kind === 'ministry')
      throw Errors.forbidden({
        zh: '部委账号不能访问区县数据',
        en: 'ministry accounts cannot access district data',
      });
    if (tenant.status === 'suspended' && WRITE.has(c.req.method)) throw Errors.tenantSuspended();
    c.set('store', deps.stores.for(tenant).boundTo(cursorBinding(c.req.method, c.req.url)));
    await next();
  });

/**
 * What a page cursor is bound to: the method, the path and the query without `cursor` (and without
 * `limit` and `lang`, which a client may change between pages), in a canonical order.
 */
export const cursorBinding = (method: string, url: string): string => {
  const u = new URL(url, 'http://local');
  const params = [...u.searchParams.entries()]
    .filter(([k]) => k !== 'cursor' && k !== 'limit' && k !== 'lang')
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  return `${method} ${u.pathname}?${new URLSearchParams(params).toString()}`;
};

/** Route guard: the permissions matrix decides; `target` narrows to street/community/department/own. */
export const permit = (
  action: Action,
  target?: (c: Parameters<MiddlewareHandler<AppEnv>>[0]) => Target | undefined,
) =>
  createMiddleware<AppEnv>(async (c, next) => {
    authorize(c.get('ctx'), action, target?.(c));
    await next();
  });

/** 404 MODULE_NOT_ENABLED when the tenant's evaluated flags do not include the module. */
export const requireModule = (deps: ApiDeps, module: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const tenant = c.get('ctx').tenant;
    // At most one pointer read every refresh interval; usually no I/O at all.
    await deps.flags?.service.ensureFresh();
    if (!tenant || !deps.modulesFor(tenant).includes(module)) throw moduleNotEnabled(module);
    await next();
  });

/**
 * Per-tenant token bucket with the tier's rate and burst (`tierThrottle`), the same numbers the
 * CDK stacks give API Gateway. Answers 429 THROTTLED with Retry-After.
 */
export const throttleByTier = (deps: ApiDeps): MiddlewareHandler<AppEnv> => {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const now = deps.now ?? Date.now;
  return createMiddleware<AppEnv>(async (c, next) => {
    const tenant = c.get('ctx')?.tenant;
    if (deps.throttle && tenant) {
      const { rate, burst } = tierThrottle[tenant.tier];
      const t = now();
      const b = buckets.get(tenant.id) ?? { tokens: burst, at: t };
      b.tokens = Math.min(burst, b.tokens + ((t - b.at) / 1000) * rate);
      b.at = t;
      if (b.tokens < 1) {
        buckets.set(tenant.id, b);
        const retry = Math.max(1, Math.ceil((1 - b.tokens) / rate));
        throw Errors.throttled(undefined, { headers: { 'Retry-After': String(retry) } });
      }
      b.tokens -= 1;
      buckets.set(tenant.id, b);
    }
    await next();
  });
};
