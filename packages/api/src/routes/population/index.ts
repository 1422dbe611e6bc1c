/**
 * The community comprehensive database (社区综合数据库) API, `/api/t/*`: residents (search, CRUD,
 * verification, moves, erasure, reveal, history), four-eyes review, households, buildings and
 * housing units, grids, organizations, the departments' thematic records, imports, exports and
 * the district analytics. Every route is scope-checked against the permissions matrix; personal
 * fields leave the API masked by role unless revealed with a reason, and every write and every
 * clear view is audited. See docs/population-api.md.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { registerAnalyticsRoutes } from './analytics.ts';
import { registerGridRoutes } from './grids.ts';
import { registerHouseholdRoutes } from './households.ts';
import { registerHousingRoutes } from './housing.ts';
import { registerOrganizationRoutes } from './organizations.ts';
import { registerResidentMoveRoutes } from './residents-moves.ts';
import { registerResidentListRoutes, registerResidentRecordRoutes } from './residents-read.ts';
import { registerResidentWriteRoutes } from './residents-write.ts';
import { registerReviewRoutes } from './reviews.ts';
import { registerSettingsRoutes } from './settings.ts';
import { populationContext } from './shared.ts';
import { registerThematicRoutes } from './thematic.ts';

export const registerPopulationRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const pop = populationContext(deps);
  // Order matters where a fixed path shares a prefix with a parameter (`/residents/stale` before
  // `/residents/{id}`, `/imports/template` before `/imports/{id}`).
  registerResidentListRoutes(app, pop);
  registerResidentWriteRoutes(app, pop);
  registerResidentMoveRoutes(app, pop);
  registerResidentRecordRoutes(app, pop);
  registerReviewRoutes(app, pop);
  registerSettingsRoutes(app, pop);
  registerHouseholdRoutes(app, pop);
  registerHousingRoutes(app, pop);
  registerGridRoutes(app, pop);
  registerOrganizationRoutes(app, pop);
  registerThematicRoutes(app, pop);
  registerAnalyticsRoutes(app);
};
