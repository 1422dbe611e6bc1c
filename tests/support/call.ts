/** One way for the integration tests to call an app in-process (`app.request`), whatever the app. */

// biome-ignore lint/suspicious/noExplicitAny: assertions walk untyped JSON response bodies
export type Json = Record<string, any>;

/** A Hono app, or anything that answers a Request the same way. */
export interface Requester {
  request(path: string, init?: RequestInit): Response | Promise<Response>;
}

export interface CallResult {
  readonly status: number;
  /** The JSON body (`{}` when empty, `{ text }` when not JSON). */
  readonly body: Json;
  readonly text: string;
  readonly headers: Headers;
}

const raw = (body: unknown): body is string | Uint8Array =>
  typeof body === 'string' || body instanceof Uint8Array;

/**
 * `method path` on `app` with an optional bearer `token`; an object `body` goes as JSON, a string
 * or bytes as they are (set their content type in `headers`).
 */
export const call = async (
  app: Requester,
  method: string,
  path: string,
  token?: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<CallResult> => {
  const res = await app.request(path, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body !== undefined && !raw(body) ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    ...(body !== undefined ? { body: raw(body) ? (body as never) : JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  let json: Json = {};
  try {
    json = text ? (JSON.parse(text) as Json) : {};
  } catch {
    json = { text };
  }
  return { status: res.status, body: json, text, headers: res.headers };
};
