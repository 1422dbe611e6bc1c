import { appendTenantAudit } from '@linli/tenancy';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from './env.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every successful write of the tenant API leaves an audit entry (who, role, action, target,
 * channel), whatever the route — so a new write route cannot forget it. Domain code adds richer
 * entries of its own (reasons for reveals, diffs of changes).
 */
export const auditWrites = (): MiddlewareHandler<AppEnv> =>
  createMiddleware<AppEnv>(async (c, next) => {
    await next();
    if (!WRITES.has(c.req.method) || c.res.status >= 400) return;
    const ctx = c.get('ctx');
    const store = c.get('store');
    if (!ctx || !store) return;
    await appendTenantAudit(store, {
      actor: ctx.sub,
      role: ctx.roles.join(','),
      action: `${c.req.method} ${routePath(c, -1)}`,
      target: c.req.path,
      channel: c.get('channel') ?? 'web',
      detail: { status: c.res.status },
    });
  });
