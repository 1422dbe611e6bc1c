import { OpenAPIHono } from '@hono/zod-openapi';

export interface ControlAppDeps {
  readonly mode: 'local' | 'aws';
}

/** The control-plane API: config, public district info, join, ministry console, `me`. */
export const createControlApp = (deps: ControlAppDeps) => {
  const app = new OpenAPIHono();
  app.get('/api/control/health', (c) => c.json({ ok: true, mode: deps.mode }));
  return app;
};
