import { QueryClient } from '@tanstack/react-query';
import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { vi } from 'vitest';
import type { Me } from '../api/types';
import { setSession } from '../auth/session';
import { AppProviders } from '../providers';
import { AntdTheme } from '../theme/AntdTheme';

/** A signed-in staff session, its token valid for an hour: what the sign-in page stores. */
export const signInStaff = (): void =>
  setSession({
    accessToken: 'a',
    idToken: 'i',
    refreshToken: 'r',
    expiresAt: Date.now() + 3_600_000,
    pool: { endpoint: '/c/', clientId: 'c' },
  });

/** The signed-in staff member a page gets from `/api/me`: no role, 雷山县, unless `over` says. */
export const staffMe = (over: Record<string, unknown> = {}): Me =>
  ({
    sub: 's',
    username: 'u',
    name: '工作人员',
    kind: 'staff',
    roles: [],
    scope: {},
    modules: [],
    tenant: { id: 'T', slug: 'leishan-522634', name: '雷山县', status: 'active' },
    ...over,
  }) as unknown as Me;

export interface Call {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

type Handler = (call: Call) => Response | Promise<Response>;

export function json(body: unknown, status = 200, contentType = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': contentType } });
}

export function problem(body: Record<string, unknown>): Response {
  return json(body, Number(body.status ?? 400), 'application/problem+json');
}

/** Cognito refusing a call with the error `type`, as its JSON protocol answers. */
export function cognitoError(type: string, message: string): Response {
  return json({ __type: type, message }, 400, 'application/x-amz-json-1.1');
}

/** The Cognito operation a call asked for (`InitiateAuth`, `SignUp`…), from its `x-amz-target`. */
export const cognitoTarget = (c: Call) => c.headers['x-amz-target']?.split('.').pop();

/**
 * Stub `fetch` (the browser boundary) with handlers keyed by "METHOD path" (query string included),
 * or "METHOD path ?*" for any query string of that path (the test then reads it from `calls`);
 * unmatched requests fail the test loudly with a 599.
 */
export function mockFetch(handlers: Record<string, Handler>) {
  const calls: Call[] = [];
  const fn = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    // The typed clients (openapi-fetch) send a `Request` with an absolute same-origin URL.
    const request = input instanceof Request ? input : undefined;
    const href = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    const url = href.startsWith(location.origin) ? href.slice(location.origin.length) : href;
    const method = (request?.method ?? init?.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(request?.headers ?? init?.headers).entries());
    const text = request ? await request.clone().text() : init?.body;
    const body = typeof text === 'string' && text ? JSON.parse(text) : undefined;
    const call = { url, method, headers, body };
    calls.push(call);
    const handler = handlers[`${method} ${url}`] ?? handlers[`${method} ${url.split('?')[0]} ?*`];
    if (!handler) return json({ title: `unexpected ${method} ${url}` }, 599);
    return handler(call);
  });
  vi.stubGlobal('fetch', fn);
  return { fn, calls };
}

/** One request the code under test made with `XMLHttpRequest` (see `mockXhr`). */
export interface XhrRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  withCredentials: boolean;
  body: unknown;
  /** Report upload progress to the code under test. */
  progress(loaded: number, total: number): void;
  /** Answer the request. */
  respond(status: number, body?: string): void;
  /** Fail it as a network error would. */
  fail(): void;
  aborted: boolean;
}

/**
 * Stub `XMLHttpRequest` (the browser boundary for uploads with progress): every sent request is
 * recorded and stays pending until the test answers it with `respond`/`fail`.
 */
export function mockXhr() {
  const requests: XhrRequest[] = [];
  class FakeXhr implements XhrRequest {
    method = '';
    url = '';
    headers: Record<string, string> = {};
    withCredentials = false;
    body: unknown = undefined;
    status = 0;
    responseText = '';
    aborted = false;
    readonly upload: { onprogress: ((e: ProgressEvent) => void) | null } = { onprogress: null };
    onload: (() => void) | null = null;
    onerror: (() => void) | null = null;
    onabort: (() => void) | null = null;
    ontimeout: (() => void) | null = null;

    open(method: string, url: string) {
      this.method = method.toUpperCase();
      this.url = url;
    }
    setRequestHeader(name: string, value: string) {
      this.headers[name.toLowerCase()] = value;
    }
    send(body?: unknown) {
      this.body = body;
      requests.push(this);
    }
    abort() {
      this.aborted = true;
      this.onabort?.();
    }
    progress(loaded: number, total: number) {
      this.upload.onprogress?.({ loaded, total, lengthComputable: true } as ProgressEvent);
    }
    respond(status: number, body = '') {
      this.status = status;
      this.responseText = body;
      this.onload?.();
    }
    fail() {
      this.onerror?.();
    }
  }
  vi.stubGlobal('XMLHttpRequest', FakeXhr);
  return { requests };
}

export const CONFIG = {
  mode: 'local',
  region: 'cn-north-1',
  staff: { userPoolId: 'local_staff', clientId: 'staff-client', endpoint: '/cognito/' },
  residents: { userPoolId: 'local_res', clientId: 'res-client', endpoint: '/cognito/' },
  devOutbox: false,
};

/** Renders where the router went, so tests can assert navigation. */
function Where() {
  const { pathname, search } = useLocation();
  return <p data-testid="where">{pathname + search}</p>;
}

/** Render a page inside the real providers and a memory router at `route`. */
export function renderPage(
  element: ReactElement,
  { route = '/', path = '/' }: { route?: string; path?: string } = {},
) {
  const queryClient = new QueryClient({
    defaultOptions: { queries: { retry: false }, mutations: { retry: false } },
  });
  return render(
    <AppProviders queryClient={queryClient} kiosk={false}>
      {/* What `lazyArea` puts around every antd area in the app. */}
      <AntdTheme>
        <MemoryRouter initialEntries={[route]}>
          <Routes>
            <Route path={path} element={element} />
            <Route path="*" element={<Where />} />
          </Routes>
        </MemoryRouter>
      </AntdTheme>
    </AppProviders>,
  );
}
