import { OpenAPIHono } from '@hono/zod-openapi';

export interface TenantAppDeps {
  readonly mode: 'local' | 'aws';
}

/** The tenant API (`/api/t/*`): everything inside one district, tenant taken from verified claims. */
export const createTenantApp = (deps: TenantAppDeps) => {
  const app = new OpenAPIHono();
  app.get('/api/t/health', (c) => c.json({ ok: true, mode: deps.mode }));
  return app;
};
