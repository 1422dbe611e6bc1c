/**
 * The OpenAPI contract, checked on real responses: wrap an app and every response is compared
 * with what its route declares — the status is one the route lists, the content type one it
 * lists for that status, and a JSON body parses with the declared zod schema *and* carries no key
 * the schema does not name. The web client's types are generated from these schemas, so a body
 * that drifts from them is a bug even when the handler type-checks.
 *
 *   const app = withContract(createLocalApps(env).tenant);
 *   afterAll(() => expect(app.violations).toEqual([]));
 */
import type { OpenAPIHono, RouteConfig } from '@hono/zod-openapi';
import type { ZodType } from 'zod';

const isZod = (s: unknown): s is ZodType => typeof (s as ZodType | undefined)?.safeParse === 'function';

/** Where `a` (the parse) and `b` (the body) differ: keys the schema dropped, values it changed. */
const difference = (a: unknown, b: unknown, at = ''): string | undefined => {
  if (Object.is(a, b)) return undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null)
    return `${at || '(body)'}: declared ${JSON.stringify(a)?.slice(0, 80)}, sent ${JSON.stringify(b)?.slice(0, 80)}`;
  const ka = a as Record<string, unknown>;
  const kb = b as Record<string, unknown>;
  for (const k of new Set([...Object.keys(ka), ...Object.keys(kb)])) {
    if (!(k in ka)) return `${at}${at ? '.' : ''}${k}: sent but not declared`;
    const d = difference(ka[k], kb[k], `${at}${at ? '.' : ''}${k}`);
    if (d) return d;
  }
  return undefined;
};

export interface Checked {
  request(path: string, init?: RequestInit): Promise<Response>;
  /** The app's routes, as `app.routes`. */
  readonly routes: { method: string; path: string }[];
  /** Every response that broke its route's contract, as `METHOD /path status: what`. */
  readonly violations: string[];
}

/** `app` with every response checked against the route that answered it (see the module doc). */
export const withContract = (
  // biome-ignore lint/suspicious/noExplicitAny: any app environment
  app: OpenAPIHono<any>,
): Checked => {
  const routes = app.openAPIRegistry.definitions
    .flatMap((d): RouteConfig[] => (d.type === 'route' ? [d.route] : []))
    .map((r) => ({
      ...r,
      params: (r.path.match(/\{/g) ?? []).length,
      re: new RegExp(`^${r.path.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }))
    // A fixed segment wins over a parameter (`/residents/stale` before `/residents/{id}`).
    .sort((a, b) => a.params - b.params);
  const violations: string[] = [];

  const check = async (method: string, url: string, res: Response) => {
    const path = url.split('?')[0]!;
    const route = routes.find((r) => r.method === method.toLowerCase() && r.re.test(path));
    if (!route) return; // not a documented route (the document test covers that)
    const where = `${method.toUpperCase()} ${route.path} ${res.status}`;
    const declared = route.responses[String(res.status)];
    if (!declared) return void violations.push(`${where}: status not declared`);
    if (!('content' in declared) || !declared.content) return;
    const type = (res.headers.get('content-type') ?? '').split(';')[0]!.trim();
    const media = declared.content[type];
    if (!media) return void violations.push(`${where}: content type ${type || '(none)'} not declared`);
    if (!type.includes('json') || !('schema' in media) || !isZod(media.schema)) return;
    const body: unknown = await res.json();
    const parsed = media.schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return void violations.push(`${where}: ${issue.path.join('.') || '(body)'}: ${issue.message}`);
    }
    const d = difference(parsed.data, body);
    if (d) violations.push(`${where}: ${d}`);
  };

  return {
    violations,
    routes: app.routes,
    async request(path, init) {
      const res = await app.request(path, init);
      await check(init?.method ?? 'GET', path, res.clone());
      return res;
    },
  };
};
