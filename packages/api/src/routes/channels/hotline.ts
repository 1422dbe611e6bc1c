/**
 * The hotline's answers about a case: "where is my case" by its number. The operator reads the
 * district's cases (`requests:read` district-wide); the answer is what a caller may be told — the
 * status, the step and who has it, the dates and the timeline by role — never the form.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ServiceErrors } from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import { summaryOf, timelineOut } from '../services/cases-present.ts';
import { CaseSummary, TimelineEntry } from '../services/cases-schemas.ts';
import { casesContext, staffActor } from '../services/cases-shared.ts';

export const HotlineCaseStatus = CaseSummary.extend({
  department: z.string(),
  communityCode: z.string(),
  timeline: z.array(TimelineEntry),
}).openapi('HotlineCaseStatus');

export const registerHotlineRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const ctx = casesContext(deps);
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/hotline/cases/{number}',
      summary: 'Status of a case by its number, as the hotline tells a caller (no form, actors by role)',
      security,
      middleware: [
        permit('hotline:operate'),
        permit('requests:read'),
        requireModule(deps, 'channel-call-centre'),
      ] as const,
      request: { params: z.object({ number: z.string().regex(/^\d{6}-\d{8}-\d{4}$/) }) },
      responses: {
        200: json(HotlineCaseStatus),
        ...problems([400, 401, 403, 404, 429], { 404: 'no case of this number (CASE_NOT_FOUND)' }),
      },
    }),
    async (c) => {
      const cases = await ctx.casesOf(c);
      const id = await cases.idOfNumber(c.req.valid('param').number);
      if (!id) throw ServiceErrors.caseNotFound();
      const found = await cases.getFor(id, staffActor(c));
      const timeline = await cases.timeline(id);
      return c.json(
        {
          ...summaryOf(found.definition, found),
          department: found.department ?? found.definition.department,
          communityCode: found.communityCode,
          timeline: timelineOut(timeline, 'resident'),
        },
        200,
      );
    },
  );
};
