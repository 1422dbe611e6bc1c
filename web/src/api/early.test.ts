import type { OutputBundle, OutputChunk } from 'rollup';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootSource, routeChunks } from '../../scripts/boot';
import { setSession } from '../auth/session';
import { json, mockFetch } from '../test/utils';
import { EARLY_MAX_AGE_MS, takeEarly } from './early';
import { body, controlApi } from './http';

const at = (path: string) => new URL(path, location.origin).href;
const early = (path: string, token: string | null, response: Response, age = 0) => {
  window.__linliEarly = {
    ...window.__linliEarly,
    [path]: { token, at: Date.now() - age, response: Promise.resolve(response) },
  };
};

afterEach(() => {
  delete window.__linliEarly;
  window.history.replaceState(null, '', '/');
  for (const l of document.head.querySelectorAll('link[rel=modulepreload]')) l.remove();
});

describe('takeEarly', () => {
  it('hands the boot script’s response over once, for the same path and token', async () => {
    early('/api/me', 'tok', json({ id: 'u1' }));
    const req = () => new Request(at('/api/me'), { headers: { Authorization: 'Bearer tok' } });
    const first = takeEarly(req());
    expect(first).toBeDefined();
    await expect((await first!).json()).resolves.toEqual({ id: 'u1' });
    expect(takeEarly(req())).toBeUndefined();
  });

  it('never gives one user’s response to another token, nor to a write, a query or an old read', () => {
    early('/api/me', 'tok-a', json({ id: 'a' }));
    expect(
      takeEarly(new Request(at('/api/me'), { headers: { Authorization: 'Bearer tok-b' } })),
    ).toBeUndefined();
    early('/api/me', 'tok-a', json({ id: 'a' }));
    expect(takeEarly(new Request(at('/api/me')))).toBeUndefined();
    early('/api/config', null, json({}));
    expect(takeEarly(new Request(at('/api/config'), { method: 'POST' }))).toBeUndefined();
    expect(takeEarly(new Request(at('/api/config?x=1')))).toBeUndefined();
    early('/api/config', null, json({}), EARLY_MAX_AGE_MS + 1);
    expect(takeEarly(new Request(at('/api/config')))).toBeUndefined();
    early('/api/config', null, json({}));
    expect(takeEarly(new Request(at('/api/config')))).toBeDefined();
  });

  it('is what the typed client answers with, without going to the network', async () => {
    setSession({
      accessToken: 'acc',
      idToken: 'id',
      refreshToken: 'ref',
      expiresAt: Date.now() + 3_600_000,
      pool: { endpoint: '/cognito/', clientId: 'c1' },
    });
    const { calls } = mockFetch({ 'GET /api/me': () => json({ from: 'network' }) });
    early('/api/me', 'acc', json({ from: 'boot' }));
    await expect(body(controlApi.GET('/api/me'))).resolves.toEqual({ from: 'boot' });
    expect(calls).toHaveLength(0);
    await expect(body(controlApi.GET('/api/me'))).resolves.toEqual({ from: 'network' });
    expect(calls).toHaveLength(1);
  });
});

describe('the boot script', () => {
  const chunk = (fileName: string, over: Partial<OutputChunk> = {}) =>
    ({
      type: 'chunk',
      fileName,
      imports: [],
      isEntry: false,
      facadeModuleId: null,
      moduleIds: [],
      ...over,
    }) as OutputChunk;
  const bundle = {
    'assets/index.js': chunk('assets/index.js', {
      isEntry: true,
      facadeModuleId: '/w/index.html',
      imports: ['assets/react.js'],
    }),
    'assets/react.js': chunk('assets/react.js'),
    'assets/Workspace.js': chunk('assets/Workspace.js', {
      moduleIds: ['/w/src/areas/workspace/WorkspacePage.tsx', '/w/src/x.ts'],
      imports: ['assets/react.js', 'assets/labels.js'],
    }),
    'assets/labels.js': chunk('assets/labels.js'),
  } as unknown as OutputBundle;

  it('maps a route to its chunks and their static imports, without what the entry loads', () => {
    expect(
      routeChunks(bundle, 'index.html', [
        { path: '/workspace', modules: ['src/areas/workspace/WorkspacePage.tsx'] },
      ]),
    ).toEqual({ '/workspace': ['/assets/Workspace.js', '/assets/labels.js'] });
    expect(() => routeChunks(bundle, 'index.html', [{ path: '/x', modules: ['src/missing.tsx'] }])).toThrow(
      /no chunk/,
    );
  });

  const run = (routes: Record<string, string[]>) => {
    const { calls } = mockFetch({ 'GET /api/config': () => json({}), 'GET /api/me': () => json({}) });
    new Function(bootSource(routes))();
    return calls;
  };
  const preloads = () =>
    [...document.head.querySelectorAll<HTMLLinkElement>('link[rel=modulepreload]')].map((l) =>
      l.getAttribute('href'),
    );

  beforeEach(() => sessionStorage.clear());

  it('preloads the longest matching route’s chunks and starts config and me with a valid session', async () => {
    sessionStorage.setItem(
      'linli.session',
      JSON.stringify({ accessToken: 'tok', expiresAt: Date.now() + 600_000, refreshToken: 'r' }),
    );
    window.history.replaceState(null, '', '/workspace/m/population');
    const calls = run({
      '/': ['/assets/Home.js'],
      '/workspace': ['/assets/W.js'],
      '/work': ['/assets/No.js'],
    });
    expect(preloads()).toEqual(['/assets/W.js']);
    await Promise.resolve();
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual(['GET /api/config', 'GET /api/me']);
    expect(calls[1]?.headers.authorization).toBe('Bearer tok');
    expect(Object.keys(window.__linliEarly ?? {})).toEqual(['/api/config', '/api/me']);
  });

  it('does not send a token that is about to expire, nor ask for me outside the signed-in areas', () => {
    sessionStorage.setItem(
      'linli.session',
      JSON.stringify({ accessToken: 'tok', expiresAt: Date.now() + 30_000 }),
    );
    window.history.replaceState(null, '', '/ministry');
    expect(run({}).map((c) => c.url)).toEqual(['/api/config']);
    sessionStorage.setItem(
      'linli.session',
      JSON.stringify({ accessToken: 'tok', expiresAt: Date.now() + 600_000 }),
    );
    window.history.replaceState(null, '', '/join');
    expect(run({ '/': ['/assets/Home.js'] }).map((c) => c.url)).toEqual(['/api/config']);
    expect(preloads()).toEqual(['/assets/Home.js']);
  });
});
