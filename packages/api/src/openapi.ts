/**
 * The one OpenAPI helper module every route file uses: response builders, the problem+json
 * schema, the bearer security requirement. Route files declare real zod response schemas with
 * these; nothing here is `passthrough()`-anything.
 */
import { z } from '@hono/zod-openapi';

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
export const json = <S extends z.ZodType>(schema: S, description = 'ok') => ({
  description,
  content: { 'application/json': { schema } },
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
export const arrayOf = <S extends z.ZodType>(item: S) => z.array(item).readonly();

/**
 * Name a schema as a document component. Works for the domain packages' schemas too: zod only
 * gives `.openapi()` to schemas built after `@hono/zod-openapi` was loaded, which a package
 * evaluated earlier (e.g. `@linli/tenancy` imported first by an entry point) did not see.
 */
export const named = <S extends z.ZodType>(schema: S, refId: string): S =>
  z.ZodType.prototype.openapi.call(schema, refId);

/**
 * `item` or null, for a named schema: `.nullable()` would carry the name over and make the
 * component itself nullable wherever it is used.
 */
export const orNull = <S extends z.ZodType>(item: S) => z.union([item, z.null()]);
