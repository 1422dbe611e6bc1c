/**
 * The one OpenAPI helper module every route file uses: response builders, the problem+json
 * schema, the bearer security requirement. Route files declare real zod response schemas with
 * these; nothing here is `passthrough()`-anything.
 */
import { type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Env } from 'hono';

/**
 * Schemas written with `zod/mini` (the stored documents the scheduled functions read, e.g. the flag
 * set) go into the document as they are. The generator reads every zod 4 schema by its `def`, which
 * mini shares, but also through a few members only `zod` schemas have: `.meta()` on every schema it
 * visits, a string's `minLength`/`maxLength`/`format`, a number's `format`, a record's
 * `keyType`/`valueType`, a nullable's `unwrap()`. Before a document is generated
 * ({@link serveDocument}), the prototypes of the mini schemas it reaches get the same members, read
 * from the same places `zod` reads them (its own getters, `_zod.def`, the global registry), so a
 * schema gives the same document in either flavour: `packages/api/test/openapi-mini.test.ts`
 * compares them and fails if a zod or generator upgrade breaks this. Done then, not at import: a
 * function that never serves its document loads no more of mini than its domain schemas use.
 */
type Internals = { _zod: { def: Record<string, unknown> } };
/** A member of a `zod` schema's prototype chain (zod's own derived getters: one code for both). */
const memberOf = (schema: object, name: string): PropertyDescriptor => {
  for (let p = Object.getPrototypeOf(schema); p; p = Object.getPrototypeOf(p)) {
    const d = Object.getOwnPropertyDescriptor(p, name);
    if (d) return d;
  }
  throw new Error(`zod has no member ${name}: see the note on zod/mini in @linli/api/openapi`);
};
const miniMembers = (): Record<string, PropertyDescriptor> => {
  const aString = z.string();
  return {
    meta: {
      value(this: z.core.$ZodType, ...args: unknown[]) {
        if (args.length)
          throw new Error('zod/mini schemas take metadata through z.globalRegistry, not .meta()');
        return z.globalRegistry.get(this);
      },
    },
    unwrap: {
      value(this: Internals) {
        return this._zod.def.innerType;
      },
    },
    // `.openapi()` (which `named` calls) copies a schema as `new this.constructor(this._def)`.
    _def: {
      get(this: Internals) {
        return this._zod.def;
      },
    },
    // Read from the checks the way `zod` reads them (its getters work on any schema's checks).
    format: memberOf(aString, 'format'),
    minLength: memberOf(aString, 'minLength'),
    maxLength: memberOf(aString, 'maxLength'),
    keyType: {
      get(this: Internals) {
        return this._zod.def.keyType;
      },
    },
    valueType: {
      get(this: Internals) {
        return this._zod.def.valueType;
      },
    },
  };
};
let lent: Record<string, PropertyDescriptor> | undefined;

/** Gives every `zod/mini` schema reachable from `root` (route definitions, components) those members. */
export const lendToMiniSchemas = (root: unknown): void => {
  lent ??= miniMembers();
  const members = lent;
  const seen = new Set<unknown>();
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const x of v) visit(x);
      return;
    }
    const zod = (v as { _zod?: { def?: Record<string, unknown>; traits?: Set<string> } })._zod;
    if (!zod?.def) {
      for (const x of Object.values(v)) visit(x);
      return;
    }
    if (zod.traits?.has('ZodMiniType')) {
      const proto = Object.getPrototypeOf(v) as object;
      for (const [name, descriptor] of Object.entries(members))
        if (!(name in proto))
          // Writable as zod's own methods are: `.openapi()` puts a wrapped `meta` on its copy.
          Object.defineProperty(proto, name, {
            ...descriptor,
            configurable: true,
            ...('value' in descriptor ? { writable: true } : {}),
          });
    }
    // A lazy schema (`z.json()` is one) holds its inner schema behind a getter, as the generator reads it.
    for (const [key, x] of Object.entries(zod.def))
      visit(key === 'getter' && typeof x === 'function' ? (x as () => unknown)() : x);
  };
  visit(root);
};

type DocumentConfig = Parameters<OpenAPIHono['getOpenAPI31Document']>[0];

/**
 * The app's OpenAPI 3.1 document, its `zod/mini` schemas prepared first. Generate documents with
 * this, not `app.getOpenAPI31Document` (which throws `meta is not a function` on a mini schema).
 */
export const openApiDocument = <E extends Env>(app: OpenAPIHono<E>, config: DocumentConfig) => {
  lendToMiniSchemas(app.openAPIRegistry.definitions);
  return app.getOpenAPI31Document(config);
};

/** Serves the app's OpenAPI 3.1 document at `path`, generated on request ({@link openApiDocument}). */
export const serveDocument = <E extends Env>(
  app: OpenAPIHono<E>,
  path: string,
  config: DocumentConfig,
): void => {
  app.get(path, (c) => c.json(openApiDocument(app, config), 200));
};

/** Bilingual message, Chinese first. */
export const Bilingual = z.object({ zh: z.string(), en: z.string() }).openapi('Bilingual');

/** RFC 9457 problem details as every Linli API answers errors. */
export const Problem = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    code: z.string().openapi({ description: 'Stable machine code, e.g. `RESIDENT_ID_CHECKSUM`' }),
    detail: z.string(),
    message: Bilingual,
    instance: z.string().optional(),
    errors: z.array(z.object({ field: z.string(), code: z.string(), message: Bilingual })).optional(),
  })
  .openapi('Problem');

/** A problem+json response with a description. */
export const problemResponse = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: Problem } },
});

/** A JSON response of `schema`. */
export const json = <S extends z.core.$ZodType>(schema: S, description = 'ok') => ({
  description,
  content: { 'application/json': { schema: asRouteSchema(schema) } },
});

/** A CSV download. */
export const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: z.string() } },
});

/** A binary download of `type` (e.g. XLSX). */
export const binary = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: 'binary' }) } },
});

const DESCRIPTIONS = {
  400: 'invalid input (field issues in `errors`)',
  401: 'not signed in / invalid token',
  403: 'not allowed / outside scope',
  404: 'not found / module not enabled',
  409: 'conflict: version changed, already exists or wrong state',
  410: 'expired / gone',
  413: 'too large',
  415: 'unsupported media type',
  429: 'too many requests (Retry-After)',
  503: 'a dependency is not configured or unavailable',
} as const;
type ProblemStatus = keyof typeof DESCRIPTIONS;

/**
 * Problem responses for the given statuses, e.g. `...problems(400, 403, 404)`. A route lists the
 * statuses it can really answer; `describe` overrides a description where the route says more.
 */
export const problems = <S extends ProblemStatus>(
  statuses: readonly S[],
  describe: Partial<Record<S, string>> = {},
): Record<S, ReturnType<typeof problemResponse>> => {
  const out = {} as Record<S, ReturnType<typeof problemResponse>>;
  for (const s of statuses) out[s] = problemResponse(describe[s] ?? DESCRIPTIONS[s]);
  return out;
};

/** The usual set for an authenticated tenant route. */
export const tenantProblems = problems([400, 401, 403, 404, 429]);

/** Bearer (Cognito access token) security requirement. */
export const security = [{ bearer: [] }];

/** `{ ok: true }` acknowledgements. */
export const Ok = z.object({ ok: z.literal(true) }).openapi('Ok');

/** One field issue, as in a problem's `errors` or a saved record's `warnings`. */
export const FieldIssue = z
  .object({ field: z.string(), code: z.string(), message: Bilingual })
  .openapi('FieldIssue');

/** A page of `item`s; `cursor` (opaque) is present when there are more. */
export const pageOf = <S extends z.ZodType>(item: S) =>
  z.object({ items: z.array(item), cursor: z.string().optional() });

/** A JSON body of any object (input only: responses declare their shape). */
export const AnyObject = z.object({}).passthrough();

/**
 * `z.array(item).readonly()`: a response list the handler may build from the domain's readonly
 * arrays (the document and the generated client types see a plain array).
 */
export const arrayOf = <S extends z.core.SomeType>(item: S) => z.array(item).readonly();

/**
 * A schema where a route takes a request or response schema, `zod` or `zod/mini` alike. The router
 * checks a request schema by its members (`parse`, `safeParse`, `parseAsync`, `safeParseAsync`),
 * which mini's schemas have, and the generator reads what the members lent above give; only the
 * router's types name `zod`'s class. The value is the schema itself, typed as `zod`'s with the same
 * input and output.
 */
export const asRouteSchema = <S extends z.core.$ZodType>(
  schema: S,
): S extends z.ZodType ? S : z.ZodType<z.core.output<S>, z.core.input<S>> =>
  schema as unknown as S extends z.ZodType ? S : z.ZodType<z.core.output<S>, z.core.input<S>>;

/**
 * Name a schema as a document component. Works for the domain packages' schemas too: zod only
 * gives `.openapi()` to schemas built after `@hono/zod-openapi` was loaded, which a package
 * evaluated earlier (e.g. `@linli/tenancy` imported first by an entry point) did not see; and for
 * `zod/mini` ones, which have no `.openapi()` at all.
 */
export const named = <S extends z.core.$ZodType>(schema: S, refId: string): S => {
  // A `zod/mini` schema gets the members `.openapi()` and the generator use first (its own copy
  // and the registry `@hono/zod-openapi` reads are then the same as for a `zod` one).
  if (!(schema instanceof z.ZodType)) lendToMiniSchemas(schema);
  return z.ZodType.prototype.openapi.call(schema as unknown as z.ZodType, refId) as unknown as S;
};

/**
 * `item` or null, for a named schema: `.nullable()` would carry the name over and make the
 * component itself nullable wherever it is used.
 */
export const orNull = <S extends z.core.SomeType>(item: S) => z.union([item, z.null()]);
