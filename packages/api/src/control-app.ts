import type { ApiDeps } from './deps.ts';
import { newApp } from './http.ts';
import { authenticate } from './middleware.ts';
import { serveDocument } from './openapi.ts';
import { anonymousLimits } from './rate-limit.ts';
import { checkResponses } from './response-guard.ts';
import { registerControlRoutes } from './routes/control.ts';
import { registerMinistryRoutes } from './routes/ministry/index.ts';

/**
 * The control-plane API: runtime config for the web client, public district directory,
 * `me`, the ministry's registry and the join flow. Mounted at `/api/*` (the tenant API has
 * `/api/t/*`).
 *
 * Two route groups (`ROUTE_GROUPS`, infra/src/bundling.ts): `control` and the ministry's
 * indicators (`ministry`). Locally one process serves both; in AWS each has its function.
 */
export const createControlApp = (deps: ApiDeps) => {
  const app = newApp();
  // Before any route: anonymous calls are counted per source address (429 + Retry-After).
  app.use('/api/*', anonymousLimits(deps.limiter));
  // Locally and in tests, a handler that answers outside its declared schema fails loudly.
  if (deps.mode === 'local') app.use('*', checkResponses(app));
  // Every ministry route (the registry in `control`, the indicators in `ministry`) is signed in.
  app.use('/api/ministry/*', authenticate(deps));

  registerControlRoutes(app, deps);
  registerMinistryRoutes(app, deps);

  if (deps.mode === 'local') {
    app.get('/api/dev/outbox', async (c) => c.json((await deps.notifier?.list?.()) ?? [], 200));
  }

  serveDocument(app, '/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Linli control API', version: '0.1.0', description: '邻里 控制面 API' },
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  });

  return app;
};
