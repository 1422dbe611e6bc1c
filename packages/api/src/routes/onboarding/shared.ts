import { z } from '@hono/zod-openapi';
import type { RequestContext } from '@linli/auth';
import { authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import { asRouteSchema } from '../../openapi.ts';

export const Id = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });
export const TenantIdParam = z.object({ tenantId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });

/** A required JSON body. */
export const body = <S extends z.core.$ZodType>(schema: S) => ({
  body: { content: { 'application/json': { schema: asRouteSchema(schema) } }, required: true as const },
});

/** Ministry guard: a ministry account holding the action (never a district account). */
export const ministry = (
  ctx: RequestContext,
  action: 'applications:review' | 'tenants:manage' | 'tenants:list',
) => {
  if (ctx.kind !== 'ministry') throw Errors.forbidden();
  authorize(ctx, action);
  return { sub: ctx.sub, role: ctx.roles[0] ?? 'ministry-admin' };
};
