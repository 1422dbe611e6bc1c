/** The request lifecycle (办件) routes on the tenant API, registered in an order where fixed paths come first. */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { registerCaseRoutes } from './cases.ts';
import { registerCounterRoutes } from './cases-counter.ts';
import { casesContext } from './cases-shared.ts';
import { registerInboxRoutes } from './inbox.ts';
import { registerMaterialRoutes } from './materials.ts';
import { registerMessageRoutes } from './messages.ts';
import { registerRatingRoutes } from './ratings.ts';
import { registerRequestRoutes } from './requests.ts';
import { registerMyCaseRoutes } from './requests-mine.ts';

export const registerCaseLifecycleRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const ctx = casesContext(deps);
  // The resident rates a finished case on its own path (`/api/t/resident/cases/{id}/rating`).
  registerRatingRoutes(app, deps);
  registerRequestRoutes(app, ctx);
  registerMyCaseRoutes(app, ctx);
  registerMessageRoutes(app, ctx);
  registerMaterialRoutes(app, ctx);
  registerInboxRoutes(app, ctx);
  registerCounterRoutes(app, ctx);
  registerCaseRoutes(app, ctx);
};
