/** The resident's message list on the portal: one message per status change of their cases. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listMessages } from '@linli/services';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, pageOf, problems, security } from '../../openapi.ts';
import { Message } from './cases-schemas.ts';
import { type CasesContext, residentOf } from './cases-shared.ts';

const list = createRoute({
  method: 'get',
  path: '/api/t/resident/messages',
  summary: "The signed-in resident's messages about their cases, newest first",
  security,
  middleware: [permit('requests:read')] as const,
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(100).default(20),
      cursor: z.string().max(2000).optional(),
    }),
  },
  responses: { 200: json(pageOf(Message)), ...problems([400, 401, 403, 429]) },
});

export const registerMessageRoutes = (app: OpenAPIHono<AppEnv>, ctx: CasesContext) => {
  app.openapi(list, async (c) => {
    const { applicant } = residentOf(c);
    const q = c.req.valid('query');
    const cases = await ctx.casesOf(c);
    const page = await listMessages(c.get('store'), cases.refOf(applicant), {
      limit: q.limit,
      ...(q.cursor ? { cursor: q.cursor } : {}),
    });
    return c.json(page, 200);
  });
};
