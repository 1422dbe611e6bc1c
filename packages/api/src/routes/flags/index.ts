/**
 * Ministry flag console API (`/api/ministry/flags/*`): list, districts × modules matrix, definition
 * editor with dry run, four-eyes approvals, kill switch, rollout plans with guarded promotion,
 * scheduled changes and history. Every write is audited in the control plane.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { registerFlagApprovalRoutes } from './approvals.ts';
import { registerFlagDefinitionRoutes } from './definitions.ts';
import { registerFlagOverviewRoutes } from './overview.ts';
import { registerFlagPlanRoutes } from './plans.ts';

export const registerFlagRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  // The fixed paths (`matrix`, `history`, `pending`) before `/api/ministry/flags/{key}`.
  registerFlagOverviewRoutes(app, deps);
  registerFlagApprovalRoutes(app, deps);
  registerFlagDefinitionRoutes(app, deps);
  registerFlagPlanRoutes(app, deps);
};
