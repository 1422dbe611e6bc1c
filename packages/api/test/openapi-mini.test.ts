/**
 * Schemas written with `zod/mini` (the flag set and its plans, which the scheduled functions read)
 * go into the OpenAPI document beside the routes' `zod` ones. The same schema written in both
 * flavours must give the same document: this fails if a zod or generator upgrade stops the members
 * `@linli/api/openapi` lends mini's schemas from being read (the generator then drops a
 * `minLength`, a `format` or a record's values, or throws on `.meta()`).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import * as m from 'zod/mini';
import { lendToMiniSchemas, named, serveDocument } from '../src/openapi.ts';

/** Every construct the mini schemas of Linli use, written in `zod`… */
const classic = (prefix: string) => {
  const payload = named(z.json(), `${prefix}Json`);
  const item = named(
    z
      .object({
        key: z
          .string()
          .min(1)
          .max(80)
          .regex(/^[a-z]+$/),
        at: z.iso.datetime({ offset: true }),
        count: z.int().nonnegative().default(0),
        share: z.number().min(0).max(100).optional(),
        kind: z.enum(['a', 'b']),
        on: z.boolean().default(true),
        tags: z.array(z.string().min(1)).min(1),
        totals: z.record(z.string(), z.number()),
        serve: z.union([z.literal('on'), z.object({ variant: z.string() }).strict()]),
        change: z.discriminatedUnion('type', [
          z.object({ type: z.literal('x'), n: z.number() }).strict(),
          z.object({ type: z.literal('y'), s: z.string() }).strict(),
        ]),
        payload: payload.optional(),
      })
      .strict(),
    `${prefix}Item`,
  );
  return z.object({ item, maybe: z.nullable(item), list: z.array(item).readonly() });
};

/** …and in `zod/mini`. */
const mini = (prefix: string) => {
  const payload = named(m.json(), `${prefix}Json`);
  const item = named(
    m.strictObject({
      key: m.string().check(m.minLength(1), m.maxLength(80), m.regex(/^[a-z]+$/)),
      at: m.iso.datetime({ offset: true }),
      count: m._default(m.int().check(m.nonnegative()), 0),
      share: m.optional(m.number().check(m.gte(0), m.lte(100))),
      kind: m.enum(['a', 'b']),
      on: m._default(m.boolean(), true),
      tags: m.array(m.string().check(m.minLength(1))).check(m.minLength(1)),
      totals: m.record(m.string(), m.number()),
      serve: m.union([m.literal('on'), m.strictObject({ variant: m.string() })]),
      change: m.discriminatedUnion('type', [
        m.strictObject({ type: m.literal('x'), n: m.number() }),
        m.strictObject({ type: m.literal('y'), s: m.string() }),
      ]),
      payload: m.optional(payload),
    }),
    `${prefix}Item`,
  );
  return z.object({ item, maybe: z.nullable(item), list: z.array(item).readonly() });
};

const appOf = (body: z.ZodType) => {
  const app = new OpenAPIHono();
  app.openapi(
    createRoute({
      method: 'post',
      path: '/things',
      request: { body: { content: { 'application/json': { schema: body } } } },
      responses: { 200: { description: 'ok', content: { 'application/json': { schema: body } } } },
    }),
    (c) => c.json(c.req.valid('json'), 200),
  );
  serveDocument(app, '/doc', { openapi: '3.1.0', info: { title: 't', version: '1' } });
  return app;
};
const docOf = async (app: OpenAPIHono) => {
  const res = await app.request('/doc');
  expect(res.status).toBe(200);
  return (await res.json()) as ReturnType<OpenAPIHono['getOpenAPI31Document']>;
};

describe('zod/mini schemas in the OpenAPI document', () => {
  it('give the same document as the same schemas written in zod', async () => {
    const a = await docOf(appOf(classic('Same')));
    const b = await docOf(appOf(mini('Same')));
    expect(b.components?.schemas?.SameItem).toMatchObject({ additionalProperties: false });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    // The constraints the generator reads through the lent members are there.
    const item = b.components?.schemas?.SameItem as { properties: Record<string, unknown> };
    const key = item.properties.key;
    expect(key).toEqual({ type: 'string', minLength: 1, maxLength: 80, pattern: '^[a-z]+$' });
  });

  it('validate a request as the zod ones do, defaults and problems alike', async () => {
    const app = appOf(mini('Check'));
    const good = {
      key: 'abc',
      at: '2026-12-04T10:00:00+08:00',
      kind: 'a',
      tags: ['t'],
      totals: { x: 1 },
      serve: 'on',
      change: { type: 'x', n: 1 },
    };
    const ok = await app.request('/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: good, maybe: null, list: [] }),
    });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { item: Record<string, unknown> }).item).toMatchObject({
      count: 0,
      on: true,
    });
    const bad = await app.request('/things', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: { ...good, key: 'ABC', extra: 1 }, maybe: null, list: [] }),
    });
    expect(bad.status).toBe(400);
  });

  it('refuse metadata written on a mini schema (it goes through the registry)', () => {
    const s = m.string();
    lendToMiniSchemas(s);
    expect(() => (s as unknown as { meta(x: object): unknown }).meta({ description: 'x' })).toThrow(
      /globalRegistry/,
    );
  });
});

describe('documents are generated through openApiDocument', () => {
  it('no app, script or test generates one with the router alone (it throws on a mini schema)', () => {
    const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
        d.isDirectory()
          ? d.name === 'node_modules' || d.name === 'dist'
            ? []
            : files(join(dir, d.name))
          : /\.tsx?$/.test(d.name)
            ? [join(dir, d.name)]
            : [],
      );
    const offenders = ['packages', 'web/scripts', 'web/src', 'tests', 'bench', 'functions']
      .flatMap((d) => files(join(root, d)))
      .filter((f) => !f.endsWith(join('api', 'src', 'openapi.ts')) && !f.endsWith('openapi-mini.test.ts'))
      .filter((f) => /\.doc31\(|getOpenAPI31Document\(|getOpenAPIDocument\(/.test(readFileSync(f, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
