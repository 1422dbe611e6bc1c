import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * Every app built by `newApp` logs each request (route, status, latency, tenant, request id) through
 * the Powertools logger and, in Lambda, records the route's EMF metrics and flushes them.
 */
const load = async (lambda: boolean) => {
  vi.resetModules();
  if (lambda) vi.stubEnv('AWS_LAMBDA_FUNCTION_NAME', 'linli-test-tenant-api');
  const obs = await import('../src/observability.ts');
  const { newApp } = await import('../src/http.ts');
  const app = newApp();
  app.use('/api/t/*', async (c, next) => {
    c.set('ctx', { tenant: { id: '01JD0000000000000000000000' } } as never);
    await next();
  });
  app.get('/api/t/things/:id', (c) => c.json({ id: c.req.param('id') }, 200));
  app.get('/api/t/boom', () => {
    throw new Error('boom');
  });
  return { ...obs, app };
};

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('request logs and metrics', () => {
  it('logs one structured line per request with route, status, latency, tenant and request id', async () => {
    const { app, logger } = await load(false);
    const info = vi.spyOn(logger, 'info').mockImplementation(() => undefined);
    const res = await app.request('/api/t/things/42', { headers: { 'x-request-id': 'r-1' } });
    expect(res.status).toBe(200);
    expect(info).toHaveBeenCalledWith('request', {
      route: 'GET /api/t/things/:id',
      path: '/api/t/things/42',
      status: 200,
      latencyMs: expect.any(Number),
      tenantId: '01JD0000000000000000000000',
      requestId: 'r-1',
    });
  });

  it('logs an unexpected error with its stack and the failed request, answering 500 problem+json', async () => {
    const { app, logger } = await load(false);
    const error = vi.spyOn(logger, 'error').mockImplementation(() => undefined);
    const res = await app.request('/api/t/boom');
    expect(res.status).toBe(500);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(error).toHaveBeenCalledWith('unhandled error', expect.objectContaining({ path: '/api/t/boom' }));
    expect(error).toHaveBeenCalledWith('request failed', expect.objectContaining({ status: 500 }));
  });

  it('emits no metrics outside Lambda', async () => {
    const { metrics } = await load(false);
    expect(metrics).toBeUndefined();
  });

  it('in Lambda: count, latency, 4xx and 5xx per route, flushed with the request', async () => {
    const { app, metrics } = await load(true);
    expect(metrics).toBeDefined();
    const add = vi.spyOn(metrics!, 'addMetric');
    const dim = vi.spyOn(metrics!, 'addDimension');
    const flush = vi.spyOn(metrics!, 'publishStoredMetrics').mockImplementation(() => metrics!);
    await app.request('/api/t/nothing-here');
    expect(dim).toHaveBeenCalledWith('route', 'GET unmatched');
    expect(add.mock.calls.map(([name, , value]) => [name, value])).toEqual([
      ['requests', 1],
      ['latency', expect.any(Number)],
      ['4xx', 1],
      ['5xx', 0],
    ]);
    expect(flush).toHaveBeenCalledTimes(1);
  });
});
