/**
 * The resident's own routes on the tenant API. They live under `/api/t/resident/*` because in AWS
 * the residents' pool JWT authorizer covers only that prefix (staff routes refuse resident tokens
 * at the gateway already).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { bearer, permit } from '../middleware.ts';
import { json, problems, security } from '../openapi.ts';
import { maskedMobile, ResidentDistrict, residentDistrict } from './residents-identity.ts';

const Profile = z
  .object({
    resident: z.object({
      name: z.string(),
      /** Masked, e.g. `138****5678`. */
      mobile: z.string().optional(),
      registeredAt: z.string().optional(),
    }),
    district: ResidentDistrict,
    modules: z.array(z.string()),
  })
  .openapi('ResidentProfile');

export const registerResidentRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/resident/profile',
      summary: "The resident's own profile (masked mobile) and their district",
      security,
      middleware: [permit('tenant:read')] as const,
      responses: {
        200: json(Profile, 'profile'),
        ...problems([401, 403, 429], { 403: 'not a resident' }),
      },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      if (ctx.kind !== 'resident' || ctx.pool !== 'residents')
        throw Errors.forbidden({ zh: '仅限居民账号', en: 'resident accounts only' });
      const tenant = ctx.tenant!;
      const membership = await deps.registry.getMembership(ctx.sub);
      // The number stays in Cognito (minimum collection): read it with the caller's own token.
      const token = bearer(c.req.header('authorization'));
      const user = token && deps.getCognitoUser ? await deps.getCognitoUser(token) : undefined;
      const mobile = maskedMobile(user?.phone);
      return c.json(
        {
          resident: {
            name: ctx.name,
            ...(mobile ? { mobile } : {}),
            ...(membership?.createdAt ? { registeredAt: membership.createdAt } : {}),
          },
          district: residentDistrict(tenant),
          modules: deps.modulesFor(tenant),
        },
        200,
      );
    },
  );
};
