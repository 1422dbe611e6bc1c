import { requireAudit } from './audit.ts';
import type { ApiDeps } from './deps.ts';
import { newApp } from './http.ts';
import { authenticate, tenantScope, throttleByTier } from './middleware.ts';
import { serveDocument } from './openapi.ts';
import { checkResponses } from './response-guard.ts';
import { registerChannelRoutes } from './routes/channels/index.ts';
import { registerChannelIntakeRoutes } from './routes/channels/intake.ts';
import { registerCommunityRoutes } from './routes/community/index.ts';
import { registerDistrictRoutes } from './routes/district.ts';
import { registerKioskRoutes } from './routes/kiosk/index.ts';
import { registerOpen311Routes } from './routes/open311/index.ts';
import { registerFileImportRoutes } from './routes/population/imports-index.ts';
import { registerPopulationRoutes } from './routes/population/index.ts';
import { registerCaseLifecycleRoutes } from './routes/services/cases-index.ts';
import { registerCatalogueAdminRoutes } from './routes/services/catalogue-admin.ts';

/**
 * The tenant API (`/api/t/*`): everything inside one district. The tenant is the caller's own,
 * from the verified token and the membership registry — no route takes a tenant id.
 *
 * Each `register…` call below is one route group (`ROUTE_GROUPS`, infra/src/bundling.ts): locally
 * one process serves them all; in AWS each function bundles only the groups whose paths API
 * Gateway sends it (`TENANT_ROUTES`), and `tests/infra/route-groups.test.ts` checks the two agree.
 */
export const createTenantApp = (deps: ApiDeps) => {
  const app = newApp();
  // Locally and in tests, a handler that answers outside its declared schema fails loudly.
  if (deps.mode === 'local') app.use('*', checkResponses(app));
  // The document is public and registered first, so its handler answers before the auth chain.
  serveDocument(app, '/api/t/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Linli tenant API', version: '0.1.0', description: '邻里 区县平台 API' },
  });
  // Systems without a user (telephony, the SMS provider) authenticate by a district-issued key or
  // a signature, so their routes answer before the JWT chain too.
  registerChannelIntakeRoutes(app, deps);
  app.use('/api/t/*', authenticate(deps), tenantScope(deps), throttleByTier(deps), requireAudit(deps.mode));

  registerDistrictRoutes(app, deps);
  registerPopulationRoutes(app, deps);
  registerFileImportRoutes(app, deps);
  registerCatalogueAdminRoutes(app, deps);
  registerCaseLifecycleRoutes(app, deps);
  registerChannelRoutes(app, deps);
  registerCommunityRoutes(app, deps);
  // Open311 GeoReport v2 (`/open311/v2/<slug>/…`): public, the district from the slug, writes by
  // api_key; its keys are managed by the district admin on `/api/t/open311/keys`.
  registerOpen311Routes(app, deps);
  // The kiosk (`/kiosk/v1/<slug>/…`): ID number + SMS code sign-in, filing, the status lookup the TV shares.
  registerKioskRoutes(app, deps);

  return app;
};
