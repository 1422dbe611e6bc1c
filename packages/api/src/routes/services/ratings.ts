/**
 * 好差评, the applicant's side (`/api/t/resident/cases/{id}/rating`): after completion the applicant
 * rates the case once in the national scheme's five levels with its dimensions and an optional
 * comment. A 不满意 / 非常不满意 rating opens a rectification for the owning department (due in 15
 * working days) and a call-back, in the rating's own transaction.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { ratingInputSchema, ServiceErrors } from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { asRouteSchema, json, named, problems, security } from '../../openapi.ts';
import { actorOf } from '../population/shared.ts';
import {
  CaseIdParam,
  RatingSchema,
  ratedCase,
  ratingsOf,
  residentOnly,
  residentRef,
} from './ratings-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429], {
  404: 'not your case, or no such case',
  409: 'not completed yet (RATING_NOT_OPEN) or already rated (RATING_EXISTS)',
});

const RatingInput = asRouteSchema(named(ratingInputSchema, 'RatingInput'));
const RatingState = z
  .object({
    rating: RatingSchema.nullable(),
    /** Whether the case can be rated now (completed and not rated yet). */
    open: z.boolean(),
  })
  .openapi('RatingState');

export const registerRatingRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/resident/cases/{id}/rating',
      summary: 'The rating of one of the resident’s cases, and whether it can be rated now',
      security,
      middleware: [permit('requests:read')] as const,
      request: { params: CaseIdParam },
      responses: { 200: json(RatingState), ...errors },
    }),
    async (c) => {
      const ctx = residentOnly(c);
      const { id } = c.req.valid('param');
      const found = await ratedCase(c, id);
      if (!found || found.applicantRef !== residentRef(ctx.sub)) throw ServiceErrors.caseNotFound();
      const rating = (await ratingsOf(deps, c).get(id)) ?? null;
      return c.json({ rating, open: !rating && ['approved', 'rejected'].includes(found.status) }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/resident/cases/{id}/rating',
      summary:
        'Rate a completed case once (非常满意 … 非常不满意, with the scheme’s dimensions); a 差评 opens a rectification and a call-back',
      security,
      middleware: [permit('requests:read')] as const,
      request: {
        params: CaseIdParam,
        body: { content: { 'application/json': { schema: RatingInput } }, required: true },
      },
      responses: { 201: json(z.object({ rating: RatingSchema }).openapi('Rated')), ...errors },
    }),
    async (c) => {
      const ctx = residentOnly(c);
      const { id } = c.req.valid('param');
      const found = await ratedCase(c, id);
      if (!found) throw ServiceErrors.caseNotFound();
      const out = await ratingsOf(deps, c).rate(found, residentRef(ctx.sub), c.req.valid('json'), actorOf(c));
      return c.json({ rating: out.rating }, 201);
    },
  );
};
