/**
 * The catalogue as the anonymous portal reads it (control app, `/api/public/districts/{slug}/*`):
 * the same list and guide residents get, for the district named by its public slug. Service
 * definitions hold no personal data; in AWS the control API may read only the catalogue and
 * notice partitions of a tenant table (see docs/services.md, "Public reads").
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors } from '@linli/core';
import { listCatalogue } from '@linli/services';
import type { Tenant } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { json, problems } from '../../openapi.ts';
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

export const SlugParam = z.object({ slug: z.string().regex(/^[a-z0-9-]{3,64}$/) });

/** A district the public may read: active or suspended (read-only), never one being set up or gone. */
export const publicTenant = async (deps: ApiDeps, slug: string): Promise<Tenant> => {
  const t = await deps.registry.getBySlug(slug);
  if (!t || (t.status !== 'active' && t.status !== 'suspended')) throw Errors.tenantNotFound();
  return t;
};

const errors = problems([400, 404, 429], { 404: 'unknown district or service, or module not enabled' });

export const registerPublicCatalogueRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/districts/{slug}/services',
      summary: "A district's services (public): by channel, Chinese text or pinyin initials (`q=dbsq`)",
      request: { params: SlugParam, query: CatalogueQuery },
      responses: { 200: json(ServiceList), ...errors },
    }),
    async (c) => {
      const t = await publicTenant(deps, c.req.valid('param').slug);
      const modules = await modulesOf(deps, t);
      return c.json(offeredList(await listCatalogue(deps.stores.for(t)), modules, c.req.valid('query')), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/districts/{slug}/services/{code}',
      summary: 'A service guide (public): materials, steps, time limit in working days, eligibility',
      request: { params: SlugParam.merge(CodeParam) },
      responses: { 200: json(ServiceGuide), ...errors },
    }),
    async (c) => {
      const { slug, code } = c.req.valid('param');
      const t = await publicTenant(deps, slug);
      const entry = await offeredEntry(deps.stores.for(t), await modulesOf(deps, t), code);
      return c.json(guideOf(entry.definition), 200);
    },
  );
};
