/** The OpenAPI 3.1 documents are generated from the code and list every documented route. */
import { createLocalApps } from '@linli/local';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';

const { control, tenant } = createLocalApps(testEnv(), { throttle: false });

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const toOpenApiPath = (p: string) => p.replace(/:(\w+)/g, '{$1}');

describe.each([
  [
    'control',
    control,
    '/api/openapi.json',
    (p: string) => p.startsWith('/api/') && !p.startsWith('/api/t/') && !p.startsWith('/api/dev/'),
  ],
  ['tenant', tenant, '/api/t/openapi.json', (p: string) => p.startsWith('/api/t/')],
] as const)('%s API document', (_name, app, docPath, keep) => {
  it('is OpenAPI 3.1 and documents every route of the router', async () => {
    const res = await app.request(docPath);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toBe('3.1.0');
    const routed = app.routes
      .filter((r) => METHODS.has(r.method) && keep(r.path) && !r.path.endsWith('openapi.json'))
      .map((r) => `${r.method.toLowerCase()} ${toOpenApiPath(r.path)}`);
    const documented = Object.entries(doc.paths).flatMap(([p, ops]) =>
      Object.keys(ops).map((m) => `${m} ${p}`),
    );
    const undocumented = [...new Set(routed)].filter((r) => !documented.includes(r));
    expect(undocumented).toEqual([]);
  });
});
