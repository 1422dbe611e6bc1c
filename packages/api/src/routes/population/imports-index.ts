/**
 * The file routes of the population API (`/api/t/imports*`): imports, their preview, background
 * jobs. In AWS only the import function serves them (`TENANT_ROUTES`); the light `tenant-api`
 * bundle replaces this module by one that registers nothing (`importRoutesStubPlugin`), so the
 * parsers, the roster matching and the bulk writer do not weigh on it.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../../env.ts';
import { registerImportRoutes } from './imports.ts';
import { registerImportPreviewRoutes } from './imports-preview.ts';
import type { PopulationContext } from './shared.ts';

export const registerFileImportRoutes = (app: OpenAPIHono<AppEnv>, pop: PopulationContext): void => {
  registerImportPreviewRoutes(app, pop);
  registerImportRoutes(app, pop);
};
