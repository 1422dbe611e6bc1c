import { type OpenAPIHono, z } from '@hono/zod-openapi';
import { LinliError } from '@linli/core';
import type { Env, MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import { routePath } from 'hono/route';
import { problem } from './http.ts';
import { logger } from './observability.ts';

/** A schema that allows anything (`{}` passthrough, any, unknown): nothing to check yet. */
const saysNothing = (s: z.ZodType): boolean =>
  s instanceof z.ZodAny ||
  s instanceof z.ZodUnknown ||
  (s instanceof z.ZodObject && Object.keys(s.shape).length === 0);

type Declared = Map<string, Map<number, z.ZodType>>;

/** `METHOD /hono/:path` → status → the JSON schema the route declares for it. */
const declaredOf = (app: Pick<OpenAPIHono, 'openAPIRegistry'>): Declared => {
  const out: Declared = new Map();
  for (const d of app.openAPIRegistry.definitions) {
    if (d.type !== 'route') continue;
    const byStatus = new Map<number, z.ZodType>();
    for (const [status, res] of Object.entries(d.route.responses ?? {})) {
      const schema = (res as { content?: Record<string, { schema?: unknown }> }).content?.['application/json']
        ?.schema;
      if (schema instanceof z.ZodType && !saysNothing(schema)) byStatus.set(Number(status), schema);
    }
    out.set(`${d.route.method.toUpperCase()} ${d.route.path.replace(/\{(\w+)\}/g, ':$1')}`, byStatus);
  }
  return out;
};

/**
 * Locally and in tests, every successful JSON answer is checked against the schema its route
 * declares, so a handler that drifts from its contract (and from the web client typed by it)
 * fails loudly: logged and answered 500 `RESPONSE_SCHEMA`. Routes that still declare an empty
 * object are skipped; the check grows stricter as their schemas land. Not used in AWS.
 */
export const checkResponses = <E extends Env>(
  app: Pick<OpenAPIHono, 'openAPIRegistry'>,
): MiddlewareHandler<E> => {
  let declared: Declared | undefined;
  return createMiddleware<E>(async (c, next) => {
    await next();
    if (c.res.status < 200 || c.res.status >= 300) return;
    if (!c.res.headers.get('content-type')?.startsWith('application/json')) return;
    // Built on first use: every route is registered by then.
    declared ??= declaredOf(app);
    const schema = declared.get(`${c.req.method} ${routePath(c)}`)?.get(c.res.status);
    if (!schema) return;
    const result = schema.safeParse(await c.res.clone().json());
    if (result.success) return;
    const issues = result.error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
    const where = `${c.req.method} ${routePath(c)} ${c.res.status}`;
    logger.error('response does not match its schema', { where, issues });
    c.res = undefined;
    c.res = problem(
      c,
      new LinliError('RESPONSE_SCHEMA', 500, {
        zh: `响应不符合接口声明（${where}）：${issues.join('；')}`,
        en: `The response does not match its declared schema (${where}): ${issues.join('; ')}`,
      }),
    );
  });
};
