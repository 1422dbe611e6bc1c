/**
 * The district's service catalogue as staff and signed-in residents read it: the services the
 * district offers (module-gated, switched on), filtered by channel and found by Chinese text or
 * pinyin initials, and one service's guide. Residents' copies live under `/api/t/resident/*`
 * (the residents' pool authorizer covers only that prefix in AWS). The anonymous portal reads the
 * same through the control app (`catalogue-public.ts`).
 */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { listCatalogue } from '@linli/services';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import {
  CatalogueQuery,
  CodeParam,
  guideOf,
  modulesOf,
  offeredEntry,
  offeredList,
  ServiceGuide,
  ServiceList,
} from './catalogue-shared.ts';

const errors = problems([400, 401, 403, 404, 429], {
  404: 'unknown service, switched off, or module not enabled',
});

export const registerCatalogueRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  for (const [prefix, who] of [
    ['/api/t/services', 'staff'],
    ['/api/t/resident/services', 'residents'],
  ] as const) {
    app.openapi(
      createRoute({
        method: 'get',
        path: `${prefix}/catalogue`,
        summary: `The district's services (${who}): by channel, Chinese text or pinyin initials (\`q=dbsq\`)`,
        security,
        middleware: [permit('tenant:read')] as const,
        request: { query: CatalogueQuery },
        responses: { 200: json(ServiceList), ...errors },
      }),
      async (c) => {
        const modules = await modulesOf(deps, c.get('ctx').tenant!);
        return c.json(offeredList(await listCatalogue(c.get('store')), modules, c.req.valid('query')), 200);
      },
    );

    app.openapi(
      createRoute({
        method: 'get',
        path: `${prefix}/catalogue/{code}`,
        summary: `A service guide (${who}): materials, steps, time limit in working days, eligibility, department`,
        security,
        middleware: [permit('tenant:read')] as const,
        request: { params: CodeParam },
        responses: { 200: json(ServiceGuide), ...errors },
      }),
      async (c) => {
        const modules = await modulesOf(deps, c.get('ctx').tenant!);
        const entry = await offeredEntry(c.get('store'), modules, c.req.valid('param').code);
        return c.json(guideOf(entry.definition), 200);
      },
    );
  }
};
