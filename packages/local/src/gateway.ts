/**
 * One local HTTP server mirroring CloudFront + API Gateway:
 *   /api/t/*   → tenant app      (tenant HTTP API)
 *   /open311/* → tenant app      (Open311 GeoReport v2: public routes of the tenant HTTP API)
 *   /kiosk/*   → tenant app      (the kiosk's sign-in and filing, the kiosk/TV status lookup)
 *   /api/*     → control app     (control HTTP API)
 *   /cognito/* → cognito-local   (so the browser reaches Cognito on the same origin)
 *   /local-uploads → the import upload store (what the S3 bucket's presigned POST is in AWS)
 *   /t/*       → the server-rendered resident portal (the `portal-ssr` Lambda in AWS)
 *   else       → web/dist, SPA fallback to index.html
 * and, as CloudFront does, compresses text answers (brotli or gzip, by Accept-Encoding) and serves
 * the hashed files of `web/dist/assets/` as immutable, HTML as `no-cache`.
 */

import { existsSync, readFileSync, statSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlibConstants } from 'node:zlib';
import { createAdaptorServer } from '@hono/node-server';
import { LOCAL_UPLOAD_PATH } from '@linli/adapters/local';
import { type Limiter, RATE_RULES } from '@linli/api/rate-limit';
import { devSmsForm } from './dev-sms.ts';
import { portBusyError } from './ports.ts';
import { webDist } from './web.ts';

/** Anything with a Fetch-API handler (a Hono app); `env` carries the socket (source address). */
export interface FetchApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
}

export interface GatewayOptions {
  readonly control: FetchApp;
  readonly tenant: FetchApp;
  /** Receives import uploads (`POST /local-uploads`, the form an S3 presigned POST takes). */
  readonly uploads?: { receive(request: Request): Promise<Response> };
  readonly cognitoEndpoint: string;
  /** @default 8080 */
  readonly port?: number;
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** Folder of the built web client. @default `<repo>/web/dist` */
  readonly webRoot?: string;
  /** Shown instead of the web client when it is not built (why). */
  readonly webUnavailable?: string | undefined;
  /** Limits sign-in and sign-up at `/cognito/` per address and per user (WAF's job in AWS). */
  readonly limiter?: Limiter | undefined;
  /**
   * The residents' SMS sign-in (`CUSTOM_AUTH`), which cognito-local lacks: answered here at
   * `/cognito/` in Cognito's wire format (`custom-auth.ts`); other calls go to cognito-local.
   */
  readonly customAuth?: { handle(request: Request): Promise<Response | undefined> } | undefined;
  /** The server-rendered resident portal (`GET /t/*`); without it `/t/*` gets `portal.html` as is. */
  readonly portal?: FetchApp | undefined;
  /** Compress answers as CloudFront does. @default true */
  readonly compress?: boolean;
}

export interface Gateway {
  readonly url: string;
  readonly port: number;
  readonly server: Server;
  close(): Promise<void>;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
};

const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'content-length',
  'content-encoding',
  'host',
];

const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

const notBuiltPage = (why: string) =>
  new Response(
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Linli 邻里</title></head>
<body style="font-family:sans-serif;max-width:720px;margin:4rem auto">
<h1>邻里 Linli — 网页客户端尚未构建 / web client not built yet</h1>
<p>The API is running under <code>/api</code>. The web client (<code>web/</code>) did not build:</p>
<pre style="background:#f5f5f5;padding:1rem;white-space:pre-wrap">${escapeHtml(why)}</pre>
<p>Fix it, run <code>npm run build -w web</code>, then reload.</p></body></html>`,
    { status: 503, headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' } },
  );

/** Serves a file of the web build, or index.html for client-side routes. */
const serveStatic = (root: string, pathname: string, method: string, webUnavailable?: string): Response => {
  if (method !== 'GET' && method !== 'HEAD') return new Response('Method Not Allowed', { status: 405 });
  const index = join(root, 'index.html');
  if (!existsSync(index)) return notBuiltPage(webUnavailable ?? `${index} does not exist.`);
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return new Response('Bad Request', { status: 400 });
  }
  const file = resolve(root, `.${decoded}`);
  const inside = file === root || file.startsWith(root + sep);
  if (inside && existsSync(file) && statSync(file).isFile()) {
    const immutable = file.startsWith(join(root, 'assets') + sep);
    return new Response(method === 'HEAD' ? null : readFileSync(file), {
      headers: {
        'content-type': MIME[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
      },
    });
  }
  // A missing asset is a 404; any other path is a client-side route of the SPA (of the portal's
  // page for /t/*, of the staff client otherwise).
  if (extname(decoded) && !decoded.endsWith('.html')) return new Response('Not Found', { status: 404 });
  const portalPage = join(root, 'portal.html');
  const page = decoded.startsWith('/t/') && existsSync(portalPage) ? portalPage : index;
  return new Response(method === 'HEAD' ? null : readFileSync(page), {
    headers: { 'content-type': MIME['.html']!, 'cache-control': 'no-cache' },
  });
};

const SIGN_IN = new Set(['InitiateAuth', 'RespondToAuthChallenge']);
const SENDS_CODE = new Set([
  'SignUp',
  'ResendConfirmationCode',
  'ForgotPassword',
  'GetUserAttributeVerificationCode',
]);

/**
 * Sign-in and code-sending calls to the user pools, counted per source address and per user name
 * (residents sign in with their mobile number): a Cognito-style 400 `TooManyRequestsException`
 * with Retry-After past the limit. In AWS the browser talks to Cognito directly and a regional WAF
 * web ACL on the pools does this.
 */
const limitCognito = async (
  limiter: Limiter | undefined,
  request: Request,
  env: unknown,
): Promise<Response | undefined> => {
  if (!limiter || request.method !== 'POST') return undefined;
  const op = (request.headers.get('x-amz-target') ?? '').split('.').pop() ?? '';
  if (!SIGN_IN.has(op) && !SENDS_CODE.has(op)) return undefined;
  const body = (await request
    .clone()
    .json()
    .catch(() => ({}))) as { Username?: unknown; AuthParameters?: { USERNAME?: unknown } };
  const user = String(body.Username ?? body.AuthParameters?.USERNAME ?? '').slice(0, 200);
  const ip = (env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming?.socket
    ?.remoteAddress;
  try {
    await limiter.hit(RATE_RULES.signInPerAddress, ip ?? 'unknown');
    if (user)
      await limiter.hit(SIGN_IN.has(op) ? RATE_RULES.signInPerUser : RATE_RULES.signUpCodePerUser, user);
    return undefined;
  } catch (err) {
    const retry = (err as { headers?: Record<string, string> }).headers?.['Retry-After'];
    if (!retry) throw err;
    return Response.json(
      {
        __type: 'TooManyRequestsException',
        message: '请求过于频繁，请稍后再试 / Too many requests, please retry later',
      },
      { status: 400, headers: { 'Retry-After': retry } },
    );
  }
};

/** Forwards `/cognito/<rest>` to `<cognitoEndpoint>/<rest>`. */
const proxyCognito = async (cognitoEndpoint: string, request: Request, url: URL): Promise<Response> => {
  const target = `${cognitoEndpoint}${url.pathname.slice('/cognito'.length) || '/'}${url.search}`;
  const headers = new Headers(request.headers);
  for (const h of HOP_BY_HOP) headers.delete(h);
  const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
  try {
    const upstream = await fetch(target, {
      method: request.method,
      headers,
      ...(hasBody ? { body: await request.arrayBuffer() } : {}),
    });
    const responseHeaders = new Headers(upstream.headers);
    for (const h of HOP_BY_HOP) responseHeaders.delete(h);
    return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
  } catch (error) {
    return Response.json(
      { __type: 'ServiceUnavailable', message: `cognito-local unreachable: ${(error as Error).message}` },
      { status: 502 },
    );
  }
};

const COMPRESSIBLE =
  /^(text\/|application\/(json|problem\+json|javascript|manifest\+json|xml)|image\/svg\+xml)/;
const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);
/** Compressed static files by path, size and mtime: a hashed asset is compressed once. */
const compressedFiles = new Map<string, Buffer>();

/**
 * CloudFront's compression: text answers between 1 000 bytes and 10 MB, brotli when the browser
 * accepts it, else gzip; `Vary: Accept-Encoding`. Static files get brotli's best level once (they
 * are cached); dynamic answers a fast level.
 */
export const compressResponse = async (
  request: Request,
  response: Response,
  cacheKey?: string,
): Promise<Response> => {
  const type = response.headers.get('content-type') ?? '';
  if (
    request.method === 'HEAD' ||
    !response.body ||
    response.headers.has('content-encoding') ||
    ![200, 201, 400, 403, 404, 409, 422].includes(response.status) ||
    !COMPRESSIBLE.test(type)
  )
    return response;
  const accept = request.headers.get('accept-encoding') ?? '';
  const encoding = /\bbr\b/.test(accept) ? 'br' : /\bgzip\b/.test(accept) ? 'gzip' : null;
  const headers = new Headers(response.headers);
  headers.append('vary', 'Accept-Encoding');
  const body = Buffer.from(await response.arrayBuffer());
  if (!encoding || body.length < 1000 || body.length > 10_000_000)
    return new Response(body, { status: response.status, headers });
  const key = cacheKey ? `${encoding}:${cacheKey}` : undefined;
  let out = key ? compressedFiles.get(key) : undefined;
  if (!out) {
    out =
      encoding === 'br'
        ? await brotli(body, {
            params: {
              [zlibConstants.BROTLI_PARAM_QUALITY]: key ? 11 : 5,
              [zlibConstants.BROTLI_PARAM_SIZE_HINT]: body.length,
            },
          })
        : await gzipAsync(body, { level: key ? 9 : 6 });
    if (key) compressedFiles.set(key, out);
  }
  headers.set('content-encoding', encoding);
  headers.delete('content-length');
  return new Response(out, { status: response.status, headers });
};

/** Where each request goes (before compression). */
const routeRequest = (options: GatewayOptions) => {
  const root = resolve(options.webRoot ?? webDist);
  return async (request: Request, env?: unknown): Promise<Response> => {
    const url = new URL(request.url);
    const path = url.pathname;
    if (
      options.portal &&
      path.startsWith('/t/') &&
      (request.method === 'GET' || request.method === 'HEAD') &&
      existsSync(join(root, 'portal.html'))
    )
      return options.portal.fetch(request, env);
    if (path === '/api/t' || path.startsWith('/api/t/')) return options.tenant.fetch(request, env);
    if (path.startsWith('/open311/') || path.startsWith('/kiosk/')) return options.tenant.fetch(request, env);
    // The dev outbox's inbound-SMS form (local only: this gateway never runs in AWS).
    if (path === '/dev/sms') return devSmsForm(request, options.tenant);
    if (path === '/api' || path.startsWith('/api/')) return options.control.fetch(request, env);
    if (path === LOCAL_UPLOAD_PATH && options.uploads) return options.uploads.receive(request);
    if (path === '/cognito' || path.startsWith('/cognito/')) {
      const limited = await limitCognito(options.limiter, request, env);
      if (limited) return limited;
      const custom = await options.customAuth?.handle(request);
      return custom ?? proxyCognito(options.cognitoEndpoint, request, url);
    }
    return serveStatic(root, path, request.method, options.webUnavailable);
  };
};

/** The gateway's request router (exported for tests that do not need a socket). */
export const gatewayFetch = (options: GatewayOptions) => {
  const route = routeRequest(options);
  if (options.compress === false) return route;
  const root = resolve(options.webRoot ?? webDist);
  return async (request: Request, env?: unknown): Promise<Response> => {
    const response = await route(request, env);
    const path = new URL(request.url).pathname;
    // Cognito is reached directly in AWS (no CloudFront in between): leave its answers alone.
    if (path === '/cognito' || path.startsWith('/cognito/')) return response;
    const file = response.headers.get('cache-control')?.includes('immutable')
      ? `${path}@${statSync(resolve(root, `.${path}`), { throwIfNoEntry: false })?.mtimeMs ?? 0}`
      : undefined;
    return compressResponse(request, response, file);
  };
};

/** Starts the gateway; a busy port becomes a one-line PORT_BUSY error naming LINLI_PORT. */
export const startGateway = async (options: GatewayOptions): Promise<Gateway> => {
  const port = options.port ?? 8080;
  const host = options.host ?? '127.0.0.1';
  const server = createAdaptorServer({ fetch: gatewayFetch(options) }) as Server;
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'EADDRINUSE' ? portBusyError(port, 'Linli gateway', 'LINLI_PORT') : error),
    );
    server.listen(port, host, () => resolveListen());
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host === '127.0.0.1' || host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    server,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections?.();
      }),
  };
};
