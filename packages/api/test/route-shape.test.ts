/**
 * The shape every route file keeps (issue 10): no file over 400 lines, input read through the
 * route's own validators (no `valid<T>` casts), no `as unknown as`, and every documented operation
 * answers success with a real schema, so the web client's types can be generated from the
 * documents.
 *
 * Files and operations not converted yet are listed in `PENDING_FILES` / `PENDING_OPERATIONS`.
 * The lists only shrink: an entry that no longer fails makes this test fail, so remove it when
 * you convert the route. New files and new operations are checked from the start.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ApiDeps } from '../src/deps.ts';
import { createControlApp, createTenantApp } from '../src/index.ts';
import { openApiDocument } from '../src/openapi.ts';

const ROUTES = join(import.meta.dirname, '../src/routes');
const MAX_LINES = 400;

/** Route files not yet converted (path under `src/routes/`). */
const PENDING_FILES: readonly string[] = [];

/** Operations (`METHOD path` in the tenant or control document) not yet converted. */
const PENDING_OPERATIONS: readonly string[] = [];

const filesUnder = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? filesUnder(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );

/** What is wrong with a route file's text, if anything. */
const fileProblems = (text: string): string[] => {
  const out: string[] = [];
  const lines = text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
  if (lines > MAX_LINES) out.push(`${lines} lines (max ${MAX_LINES})`);
  if (/\bvalid</.test(text)) out.push('a `valid<T>` cast');
  if (/\bas unknown as\b/.test(text)) out.push('`as unknown as`');
  return out;
};

type Schema = { $ref?: string; [k: string]: unknown };
type Doc = {
  paths: Record<
    string,
    Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>
  >;
  components?: { schemas?: Record<string, Schema> };
};

const resolve = (doc: Doc, s: Schema | undefined): Schema | undefined => {
  let cur = s;
  for (let i = 0; cur?.$ref && i < 10; i++) cur = doc.components?.schemas?.[cur.$ref.split('/').pop()!];
  return cur;
};

/** An object schema that says nothing: no properties, no composition, anything allowed. */
const isEmptyObject = (s: Schema) =>
  s.type === 'object' &&
  Object.keys((s.properties as object | undefined) ?? {}).length === 0 &&
  !s.allOf &&
  !s.oneOf &&
  !s.anyOf &&
  (s.additionalProperties === undefined ||
    s.additionalProperties === true ||
    (typeof s.additionalProperties === 'object' &&
      Object.keys(s.additionalProperties as object).length === 0));

/** What is wrong with an operation's success responses, if anything. */
const operationProblem = (doc: Doc, op: Doc['paths'][string][string]): string | undefined => {
  const ok = Object.entries(op.responses ?? {}).filter(([status]) => /^2\d\d$/.test(status));
  if (!ok.length) return 'no success response';
  for (const [status, res] of ok) {
    if (status === '204') continue;
    const content = Object.entries(res.content ?? {});
    if (!content.length) return `${status}: no content`;
    for (const [type, media] of content) {
      const schema = resolve(doc, media.schema);
      if (!schema) return `${status} ${type}: no schema`;
      if (type.includes('json') && isEmptyObject(schema)) return `${status} ${type}: an empty object schema`;
    }
    if (
      !content.some(
        ([type, media]) =>
          type.includes('json') ||
          type.startsWith('text/csv') ||
          type.includes('sheet') ||
          // A file as uploaded (a case's material): declared as a binary string of its media type.
          resolve(doc, media.schema)?.format === 'binary',
      )
    )
      return `${status}: neither JSON, CSV nor a declared binary file`;
  }
  return undefined;
};

// Building the apps touches none of their dependencies; the documents come from the code alone.
const deps = {
  mode: 'local',
  region: 'local',
  pools: { staff: {}, residents: {} },
  modulesFor: () => [],
} as unknown as ApiDeps;
const documents = {
  tenant: openApiDocument(createTenantApp(deps), { openapi: '3.1.0', info: { title: 't', version: '0' } }),
  control: openApiDocument(createControlApp(deps), { openapi: '3.1.0', info: { title: 'c', version: '0' } }),
} as unknown as Record<string, Doc>;

const operations = Object.entries(documents).flatMap(([name, doc]) =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops)
      .filter(([method]) => ['get', 'post', 'put', 'patch', 'delete'].includes(method))
      .map(([method, op]) => ({
        name,
        key: `${method.toUpperCase()} ${path}`,
        problem: operationProblem(doc, op),
      })),
  ),
);

describe('route files', () => {
  const files = filesUnder(ROUTES).map((f) => ({
    name: relative(ROUTES, f).split('\\').join('/'),
    problems: fileProblems(readFileSync(f, 'utf8')),
  }));

  it('are short, typed by their routes, and free of double casts', () => {
    const bad = files
      .filter((f) => f.problems.length && !PENDING_FILES.includes(f.name))
      .map((f) => `${f.name}: ${f.problems.join(', ')}`);
    expect(bad).toEqual([]);
  });

  it('lists as pending only files that still need converting', () => {
    const done = PENDING_FILES.filter((name) => !files.find((f) => f.name === name)?.problems.length);
    expect(done).toEqual([]);
  });

  it('checks the population routes, one file per resource', () => {
    expect(files.filter((f) => f.name.startsWith('population/')).length).toBeGreaterThanOrEqual(10);
  });
});

describe('OpenAPI documents', () => {
  it('declare a real success schema for every operation', () => {
    const bad = operations
      .filter((o) => o.problem && !PENDING_OPERATIONS.includes(o.key))
      .map((o) => `${o.name} ${o.key}: ${o.problem}`);
    expect(bad).toEqual([]);
  });

  it('list as pending only operations that still need converting', () => {
    const done = PENDING_OPERATIONS.filter((key) => !operations.find((o) => o.key === key)?.problem);
    expect(done).toEqual([]);
  });

  it('find the population operations', () => {
    expect(
      operations.filter((o) => o.name === 'tenant' && o.key.includes('/api/t/residents')).length,
    ).toBeGreaterThan(10);
  });
});

describe('the checks themselves', () => {
  it('catch what they are meant to catch', () => {
    expect(fileProblems(`const q = valid<{ id: string }>(c, 'param');`)).toEqual(['a `valid<T>` cast']);
    expect(fileProblems('return c.json(r as unknown as Record<string, unknown>)')).toEqual([
      '`as unknown as`',
    ]);
    expect(fileProblems('x\n'.repeat(401))).toEqual(['401 lines (max 400)']);
    expect(fileProblems('x\n'.repeat(400))).toEqual([]);
    const doc: Doc = { paths: {}, components: { schemas: { Any: { type: 'object', properties: {} } } } };
    const op = (schema: Schema) => ({
      responses: { 200: { content: { 'application/json': { schema } } } },
    });
    expect(operationProblem(doc, op({ $ref: '#/components/schemas/Any' }))).toMatch(/empty object/);
    expect(operationProblem(doc, op({ type: 'object', additionalProperties: {} }))).toMatch(/empty object/);
    expect(
      operationProblem(doc, op({ type: 'object', properties: { a: { type: 'string' } } })),
    ).toBeUndefined();
    expect(operationProblem(doc, { responses: { 404: {} } })).toBe('no success response');
  });
});
