import { checkJsonLimits, DEFAULT_JSON_LIMITS, Errors, type JsonLimits } from '@linli/core';
import type { MiddlewareHandler } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from './env.ts';

/**
 * The first gate of every JSON body, before any route schema: at most `maxBytes` (413
 * PAYLOAD_TOO_LARGE), and then walked once — every number storable in DynamoDB (1e-300 and
 * 1e400 are 400s, not 500s), every string well-formed and bounded, every array and object bounded,
 * nesting bounded. Route schemas narrow further; this makes sure nothing unbounded reaches a
 * handler that forgot to. Files (imports) are not JSON and keep their own limits.
 */
export const jsonGuard = (limits: JsonLimits = DEFAULT_JSON_LIMITS): MiddlewareHandler<AppEnv> =>
  createMiddleware<AppEnv>(async (c, next) => {
    const type = c.req.header('content-type') ?? '';
    if (c.req.method === 'GET' || c.req.method === 'HEAD' || !/^application\/(.+\+)?json/i.test(type))
      return next();
    const declared = Number(c.req.header('content-length') ?? '0');
    if (declared > limits.maxBytes) throw tooLarge(limits.maxBytes);
    const text = await c.req.text();
    if (Buffer.byteLength(text, 'utf8') > limits.maxBytes) throw tooLarge(limits.maxBytes);
    // The stream is read now; a route that reads the raw body itself (imports) gets it again.
    const raw = c.req.raw;
    c.req.raw = new Request(raw.url, { method: raw.method, headers: raw.headers, body: text });
    if (text.trim() === '') return next();
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw Errors.badJson();
    }
    const issues = checkJsonLimits(value, limits);
    if (issues.length) throw Errors.validation(undefined, { issues });
    await next();
  });

const tooLarge = (max: number) =>
  Errors.payloadTooLarge({
    zh: `请求体最多 ${Math.round(max / 1024)} KB`,
    en: `at most ${Math.round(max / 1024)} KB`,
  });
