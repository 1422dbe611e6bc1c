/**
 * Open311 GeoReport v2 answers in the two formats the specification defines: `.xml` (required by
 * the spec; UTF-8 with the XML declaration, a root element per resource and one element per field)
 * and `.json` (an array of objects, or one object for discovery). Errors are the spec's own list
 * (`[{ "code": 400, "description": "…" }]` / `<errors><error><code/><description/></error></errors>`),
 * never problem+json: Open311 clients parse these.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

export type Format = 'json' | 'xml';

/** A value of an answer: scalars, nested objects, lists of one element name (`values` → `value`). */
export type Node = string | number | boolean | null | undefined | Node[] | { [k: string]: Node };

/** The Open311 error: its HTTP status is the code the body carries. */
export class Open311Error extends Error {
  constructor(
    readonly code: 400 | 403 | 404 | 429 | 500 | 503,
    readonly description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

const escapeXml = (s: string) =>
  s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!,
  );

/** Element names of list items inside a container (the spec's XML). */
const ITEM_OF: Record<string, string> = {
  values: 'value',
  attributes: 'attribute',
  endpoints: 'endpoint',
  formats: 'format',
  keywords: 'keyword',
};

const xmlOf = (name: string, v: Node, indent = ''): string => {
  if (v === undefined) return '';
  if (v === null) return `${indent}<${name}/>\n`;
  if (Array.isArray(v)) {
    const item = ITEM_OF[name] ?? 'item';
    return `${indent}<${name}>\n${v.map((x) => xmlOf(item, x, `${indent}  `)).join('')}${indent}</${name}>\n`;
  }
  if (typeof v === 'object') {
    const inner = Object.entries(v)
      .map(([k, x]) => xmlOf(k, x, `${indent}  `))
      .join('');
    return `${indent}<${name}>\n${inner}${indent}</${name}>\n`;
  }
  return `${indent}<${name}>${escapeXml(String(v))}</${name}>\n`;
};

/** The XML document: `root` holding one `item` element per entry (or the single object's fields). */
export const toXml = (root: string, item: string | undefined, body: Node): string => {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n';
  if (item && Array.isArray(body))
    return `${head}<${root}>\n${body.map((x) => xmlOf(item, x, '  ')).join('')}</${root}>\n`;
  return head + xmlOf(root, body);
};

/** JSON leaves out absent fields (XML too); `null` stays as the spec's empty value. */
const prune = (v: Node): unknown => {
  if (Array.isArray(v)) return v.map(prune);
  if (v && typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .map(([k, x]) => [k, prune(x)]),
    );
  return v;
};

/** Answers `body` in the request's format. */
export const answer = (
  c: Context,
  format: Format,
  status: ContentfulStatusCode,
  root: string,
  item: string | undefined,
  body: Node,
) => {
  c.header('cache-control', 'no-store');
  if (format === 'xml')
    return c.body(toXml(root, item, body), status, { 'content-type': 'text/xml; charset=utf-8' });
  return c.body(JSON.stringify(prune(body)), status, { 'content-type': 'application/json; charset=utf-8' });
};

/** An Open311 error in the request's format (JSON when the format could not be read). */
export const errorAnswer = (c: Context, format: Format, err: Open311Error) => {
  for (const [k, v] of Object.entries(err.headers)) c.header(k, v);
  return answer(c, format, err.code, 'errors', 'error', [{ code: err.code, description: err.description }]);
};

/** `requests.json` → [`requests`, `json`]; a resource without a known extension is unknown. */
export const splitFormat = (last: string): { name: string; format: Format } | undefined => {
  const m = /^(.+)\.(json|xml)$/.exec(last);
  return m ? { name: m[1]!, format: m[2] as Format } : undefined;
};

/** W3C date-time with a zone (`Z` or ±hh:mm), as the spec requires. */
export const W3C_DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

/** An instant written with China's offset (+08:00): the district's own time, as the spec allows. */
export const w3c = (iso: string | undefined): string | undefined => {
  if (!iso) return undefined;
  const d = new Date(new Date(iso).getTime() + 8 * 3600_000);
  return `${d.toISOString().slice(0, 19)}+08:00`;
};
