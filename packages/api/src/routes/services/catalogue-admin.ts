/**
 * The district admin adapts the catalogue (`/api/t/services/admin/*`): the national templates to
 * start from, the district's services (switched on or off), and saving an adapted service as a new
 * definition version (department, channels, eligibility, fields, materials, workflow steps, time
 * limits). Cases keep the version they were filed under.
 *
 * Saving computes the pinyin initials with `pinyin-pro` (~320 KB of dictionary). In AWS this prefix
 * is routed to the tenant API's heavy function (the one that already carries exceljs, see
 * `TENANT_ROUTES` in infra); the light tenant-api bundle leaves `pinyin-pro` out
 * (`catalogueAdmin` in infra/src/bundling.ts).
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors, LinliError } from '@linli/core';
import {
  type CatalogueEntry,
  findCatalogueEntry,
  listCatalogue,
  prepareDefinition,
  ServiceErrors,
  saveDefinition,
  setServiceEnabled,
} from '@linli/services';
import { SERVICE_TEMPLATES, templateByCode } from '@linli/services/templates';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, problems, security } from '../../openapi.ts';
import { actorOf } from '../population/shared.ts';
import { assertOffered, CodeParam, modulesOf, ServiceDefinitionSchema } from './catalogue-shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429], {
  404: 'unknown service or module not enabled',
  409: 'the service was changed by someone else (SERVICE_VERSION_CONFLICT)',
});

const AdminEntry = z
  .object({
    service: ServiceDefinitionSchema,
    enabled: z.boolean(),
    origin: z.enum(['template', 'district']),
    updatedAt: z.string(),
    updatedBy: z.string(),
  })
  .openapi('CatalogueEntry');
const Template = z.object({ service: ServiceDefinitionSchema, held: z.boolean() }).openapi('ServiceTemplate');

const SaveBody = z
  .object({
    /** The version the editor started from; `0` adopts a template the district does not hold yet. */
    expectedVersion: z.number().int().min(0).max(1_000_000),
    definition: ServiceDefinitionSchema,
  })
  .openapi('SaveService');
const EnabledBody = z
  .object({ enabled: z.boolean(), expectedVersion: z.number().int().min(1).max(1_000_000) })
  .openapi('ServiceEnabled');

const presentEntry = (e: CatalogueEntry): z.infer<typeof AdminEntry> => ({
  service: e.definition,
  enabled: e.enabled,
  origin: e.origin,
  updatedAt: e.updatedAt,
  updatedBy: e.updatedBy,
});

const fieldError = (field: string, code: string, zh: string, en: string) =>
  Errors.validation(undefined, { issues: [{ field, code, message: { zh, en } }] });

export const registerCatalogueAdminRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/services/admin/templates',
      summary: 'National service templates of the district’s modules, and whether the district holds each',
      security,
      middleware: [permit('modules:configure')] as const,
      responses: { 200: json(z.object({ items: z.array(Template) })), ...errors },
    }),
    async (c) => {
      const modules = await modulesOf(deps, c.get('ctx').tenant!);
      const held = new Set((await listCatalogue(c.get('store'))).map((e) => e.definition.code));
      const items = SERVICE_TEMPLATES.filter((t) => t.module === null || modules.includes(t.module)).map(
        (t) => ({ service: t, held: held.has(t.code) }),
      );
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/services/admin/catalogue',
      summary: 'The district’s services in its modules, switched on or off, with their current version',
      security,
      middleware: [permit('modules:configure')] as const,
      responses: { 200: json(z.object({ items: z.array(AdminEntry) })), ...errors },
    }),
    async (c) => {
      const modules = await modulesOf(deps, c.get('ctx').tenant!);
      const items = (await listCatalogue(c.get('store')))
        .filter((e) => e.definition.module === null || modules.includes(e.definition.module))
        .map(presentEntry);
      return c.json({ items }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/services/admin/catalogue/{code}',
      summary: 'One service of the district as the admin edits it',
      security,
      middleware: [permit('modules:configure')] as const,
      request: { params: CodeParam },
      responses: { 200: json(AdminEntry), ...errors },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const entry = await findCatalogueEntry(c.get('store'), code);
      if (!entry) throw ServiceErrors.serviceNotFound();
      assertOffered(entry.definition, await modulesOf(deps, c.get('ctx').tenant!));
      return c.json(presentEntry(entry), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/services/admin/catalogue/{code}',
      summary:
        'Adopt a national template or adapt a service: saved as the next definition version (pinyin initials computed)',
      security,
      middleware: [permit('modules:configure')] as const,
      request: { params: CodeParam, body: { content: { 'application/json': { schema: SaveBody } } } },
      responses: { 200: json(AdminEntry), ...errors },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const { definition, expectedVersion } = c.req.valid('json');
      const store = c.get('store');
      const current = await findCatalogueEntry(store, code);
      const base = current?.definition ?? templateByCode(code);
      if (!base) throw ServiceErrors.serviceNotFound();
      assertOffered(base, await modulesOf(deps, c.get('ctx').tenant!));
      if (definition.code !== code)
        throw fieldError(
          'definition.code',
          'SERVICE_CODE_MISMATCH',
          '编码与路径不一致',
          'code differs from the path',
        );
      // The module decides who may see a service; a district cannot move 低保 out of its module.
      if (definition.module !== base.module)
        throw fieldError(
          'definition.module',
          'SERVICE_MODULE_FIXED',
          '服务所属模块不可更改',
          'the module of a service cannot be changed',
        );
      if ((current?.definition.version ?? 0) !== expectedVersion)
        throw ServiceErrors.definitionVersionConflict();
      const { initials: _i, version: _v, ...input } = definition;
      const prepared = await prepareDefinition(input).catch((err: unknown) => {
        throw err instanceof LinliError ? err : Errors.validation();
      });
      const saved = await saveDefinition(store, prepared, {
        expectedVersion,
        enabled: current?.enabled ?? true,
        actor: actorOf(c),
      });
      return c.json(presentEntry(saved), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/services/admin/catalogue/{code}/enabled',
      summary: 'Switch a service on or off for the district (its definition version stays)',
      security,
      middleware: [permit('modules:configure')] as const,
      request: { params: CodeParam, body: { content: { 'application/json': { schema: EnabledBody } } } },
      responses: { 200: json(AdminEntry), ...errors },
    }),
    async (c) => {
      const { code } = c.req.valid('param');
      const body = c.req.valid('json');
      const store = c.get('store');
      const entry = await findCatalogueEntry(store, code);
      if (!entry) throw ServiceErrors.serviceNotFound();
      assertOffered(entry.definition, await modulesOf(deps, c.get('ctx').tenant!));
      const saved = await setServiceEnabled(store, code, { ...body, actor: actorOf(c) });
      return c.json(presentEntry(saved), 200);
    },
  );
};
