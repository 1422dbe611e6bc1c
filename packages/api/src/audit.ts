import { LinliError } from '@linli/core';
import { appendTenantAudit, type Channel, countAudits } from '@linli/tenancy';
import type { Context, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import type { AppEnv } from './env.ts';
import { problem } from './http.ts';
import { logger } from './observability.ts';

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** Who acts in a tenant request, as the audit log names them (stable `sub`, username shown). */
export const auditActor = (
  c: Context<AppEnv>,
): { sub: string; username: string; role: string; channel: Channel } => {
  const ctx = c.get('ctx');
  return {
    sub: ctx.sub,
    username: ctx.username,
    role: ctx.roles[0] ?? '',
    channel: c.get('channel') ?? 'web',
  };
};

/**
 * Audit belongs to the domain: the write that knows what changed records it, in its own
 * transaction, so each change has exactly one entry under the actor's `sub`. This guard only
 * checks that a successful write of the tenant API recorded at least one entry.
 *
 * A write that recorded none is a bug. Locally and in tests it fails loudly (logged, answered 500
 * `AUDIT_MISSING`) so the integration and browser tests find it; in AWS the change has happened,
 * so the guard logs the error and writes a generic entry rather than leave the change unrecorded.
 */
export const requireAudit = (mode: 'local' | 'aws'): MiddlewareHandler<AppEnv> =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!WRITES.has(c.req.method)) return next();
    const entries = await countAudits(next);
    if (c.res.status >= 400 || entries > 0) return;
    const store = c.get('store');
    const ctx = c.get('ctx');
    if (!store || !ctx) return;
    const action = `${c.req.method} ${routePath(c)}`;
    logger.error('write without an audit entry', { action, path: c.req.path });
    if (mode === 'local') {
      c.res = undefined;
      c.res = problem(
        c,
        new LinliError('AUDIT_MISSING', 500, {
          zh: `写操作未记录审计日志：${action}`,
          en: `The write recorded no audit entry: ${action}`,
        }),
      );
      return;
    }
    const actor = auditActor(c);
    await appendTenantAudit(store, {
      actor: actor.sub,
      actorName: actor.username,
      role: actor.role,
      action,
      target: c.req.path,
      channel: actor.channel,
      detail: { status: c.res.status, unaudited: true },
    });
  });
