/**
 * The file routes of the population API (route group `imports`): imports (`/api/t/imports*`), their
 * preview and background jobs, and the exports (`/api/t/exports/*`). In AWS only the import
 * function serves them (`TENANT_ROUTES`); every other bundle replaces this module by one that
 * registers nothing (`routeGroupsPlugin`), so the parsers, the roster matching, the bulk writer and
 * the workbook writer do not weigh on them.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { registerExportRoutes } from './exports.ts';
import { registerImportRoutes } from './imports.ts';
import { registerImportPreviewRoutes } from './imports-preview.ts';
import { populationContext } from './shared.ts';

export const registerFileImportRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const pop = populationContext(deps);
  registerImportPreviewRoutes(app, pop);
  registerImportRoutes(app, pop);
  registerExportRoutes(app, pop);
};
