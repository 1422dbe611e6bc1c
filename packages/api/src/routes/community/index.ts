/**
 * Community work on the tenant API (issue 15): street tasks and reports (`street-tasks-reports`),
 * consultations, votes and residents' meetings (`self-governance`), events
 * (`culture-education-sports`), volunteers and their hours (`civil-organizations`), party
 * branches, members and 三会一课 (`party-building`). Staff routes under `/api/t/community/*`, the
 * resident's under `/api/t/resident/community/*`; every route checks its module and its scope.
 */
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { populationContext } from '../population/shared.ts';
import { registerConsultationRoutes } from './consultations.ts';
import { registerResidentConsultationRoutes } from './consultations-resident.ts';
import { registerEventRoutes } from './events.ts';
import { registerReportExportRoutes } from './export.ts';
import { registerMeetingRoutes } from './meetings.ts';
import { registerResidentNoticeRoutes } from './notices-resident.ts';
import { registerPartyBranchRoutes } from './party-branches.ts';
import { registerPartyMemberRoutes } from './party-members.ts';
import { registerReportRoutes } from './reports.ts';
import { registerTaskRoutes } from './tasks.ts';
import { registerTemplateRoutes } from './templates.ts';
import { registerVolunteerActivityRoutes } from './volunteer-activities.ts';
import { registerVolunteerRoutes } from './volunteers.ts';
import { registerResidentVolunteerRoutes } from './volunteers-resident.ts';

export const registerCommunityRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  registerTaskRoutes(app, deps);
  registerTemplateRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerReportExportRoutes(app, deps);
  registerConsultationRoutes(app, deps);
  registerResidentConsultationRoutes(app, deps);
  registerMeetingRoutes(app, deps);
  registerResidentNoticeRoutes(app, deps);
  registerEventRoutes(app, deps);
  // Civil organizations (`civil-organizations`): volunteers, their teams' activities and hours.
  const pop = populationContext(deps);
  registerVolunteerRoutes(app, deps, pop);
  registerVolunteerActivityRoutes(app, deps, pop);
  registerResidentVolunteerRoutes(app, deps, pop);
  registerPartyBranchRoutes(app, deps);
  registerPartyMemberRoutes(app, deps);
};
