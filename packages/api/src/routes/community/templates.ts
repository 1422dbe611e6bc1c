/** Report templates: the defaults (most fields from the database) and the district's own versions. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { listConstraint } from '@linli/auth';
import {
  BINDING_KEYS,
  BINDINGS,
  boundShare,
  listTemplates,
  saveTemplate,
  type Template,
  templateInputSchema,
} from '@linli/community';
import { Errors } from '@linli/core';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { json, named, security } from '../../openapi.ts';
import { actorOf, type C } from '../population/shared.ts';
import { Binding, errors, plain, TemplateSchema } from './shared.ts';

export const presentTemplate = (t: Template) => ({ ...plain(t), share: boundShare(t) });

const SaveInput = z
  .object({
    template: named(templateInputSchema, 'ReportTemplateInput'),
    expectedVersion: z.number().int().min(0),
  })
  .strict()
  .openapi('ReportTemplateSave');

export const registerTemplateRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const mod = requireModule(deps, 'street-tasks-reports');
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/report-templates',
      summary: 'Report templates of the district and the database figures a field can be bound to',
      security,
      middleware: [permit('community-work:read'), mod] as const,
      responses: {
        200: json(z.object({ items: z.array(TemplateSchema), bindings: z.array(Binding) })),
        ...errors,
      },
    }),
    async (c) => {
      const items = (await listTemplates(c.get('store'))).map(presentTemplate);
      const bindings = BINDING_KEYS.map((k) => ({
        key: k,
        label: { zh: BINDINGS[k].zh, en: BINDINGS[k].en },
        basis: BINDINGS[k].basis,
      }));
      return c.json({ items, bindings }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/community/report-templates/{code}',
      summary: 'Save a report template as its next version (the district or a department)',
      security,
      middleware: [permit('community-work:assign'), mod] as const,
      request: {
        params: z.object({ code: z.string().regex(/^[a-z][a-z0-9-]{2,39}$/) }),
        body: { content: { 'application/json': { schema: SaveInput } }, required: true },
      },
      responses: { 200: json(TemplateSchema), ...errors },
    }),
    async (c) => {
      if (listConstraint(c.get('ctx'), 'community-work:assign') !== 'tenant')
        throw Errors.forbidden({
          zh: '报表模板由区县或部门制定',
          en: 'templates are defined by the district or a department',
        });
      const body = c.req.valid('json');
      if (body.template.code !== c.req.valid('param').code)
        throw Errors.validation(undefined, {
          issues: [
            {
              field: 'template.code',
              code: 'TEMPLATE_CODE_MISMATCH',
              message: { zh: '模板代码与地址不一致', en: 'The code differs from the path' },
            },
          ],
        });
      const saved = await saveTemplate(c.get('store'), body.template, body.expectedVersion, actorOf(c as C));
      return c.json(presentTemplate(saved), 200);
    },
  );
};
