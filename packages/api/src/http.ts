import { OpenAPIHono } from '@hono/zod-openapi';
import { Errors, LinliError, toProblem, validationError } from '@linli/core';
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from './env.ts';
import { jsonGuard } from './input-guard.ts';
import { logger, observe } from './observability.ts';

/** Language of error messages: `?lang=` first, then Accept-Language; Chinese by default. */
export const langOf = (c: Context): 'zh' | 'en' => {
  const q = c.req.query('lang');
  if (q === 'en' || q === 'zh') return q;
  const al = c.req.header('accept-language') ?? '';
  return /^en\b/i.test(al.trim()) ? 'en' : 'zh';
};

export const problem = (c: Context, err: LinliError) => {
  for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v);
  return c.body(JSON.stringify(toProblem(err, langOf(c), c.req.path)), err.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json; charset=utf-8',
  });
};

/**
 * A Hono app with Linli's HTTP conventions: zod validation errors and domain errors become
 * problem+json with stable codes; anything unexpected is logged and answered as INTERNAL
 * without leaking details. Every request is logged and measured (`observe`, Powertools).
 */
export const newApp = (log: (msg: string, extra: Record<string, unknown>) => void = defaultLog) => {
  const app = new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) return problem(c, validationError(result.error));
    },
  });
  app.use('*', observe());
  // Every JSON body is bounded and walked once before any route sees it (input-guard.ts).
  app.use('*', jsonGuard());
  app.onError((err, c) => {
    if (err instanceof LinliError) return problem(c, err);
    // Malformed JSON bodies surface from the validator as a SyntaxError / HTTPException 400.
    const status = (err as { status?: number }).status;
    if (err instanceof SyntaxError || status === 400) return problem(c, Errors.badJson());
    if (status === 415) return problem(c, Errors.unsupportedMedia());
    log('unhandled error', { error: String(err), stack: (err as Error).stack, path: c.req.path });
    return problem(c, Errors.internal());
  });
  app.notFound((c) => problem(c, Errors.notFound({ zh: c.req.path, en: c.req.path })));
  return app;
};

const defaultLog = (msg: string, extra: Record<string, unknown>) => logger.error(msg, extra);

/** Standard problem+json response for OpenAPI documents (one definition: `openapi.ts`). */
export { problemResponse } from './openapi.ts';
