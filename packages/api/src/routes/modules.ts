/**
 * The district's modules (`/api/t/modules`): what its evaluated flags say, with the reason for
 * each, and the district admin's own opt-in / opt-out where the definition allows it.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors, LinliError } from '@linli/core';
import { isModuleKey, MODULES } from '@linli/flags';
import { appendTenantAudit } from '@linli/tenancy';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../http.ts';
import { permit } from '../middleware.ts';

const obj = z.object({}).passthrough();
const json = (description = 'ok') => ({ description, content: { 'application/json': { schema: obj } } });
const errors = {
  400: problemResponse('invalid input'),
  401: problemResponse('not signed in'),
  403: problemResponse('not allowed'),
  404: problemResponse('unknown module'),
  409: problemResponse('the definition does not let the district switch this module'),
};
const security = [{ bearer: [] }];

export const registerModuleRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const flags = () => {
    if (!deps.flags)
      throw new LinliError('FLAGS_UNAVAILABLE', 503, {
        zh: '开关服务未启用',
        en: 'The flag service is not configured',
      });
    return deps.flags;
  };

  const view = (tenantId: Parameters<NonNullable<ApiDeps['flags']>['service']['explain']>[0]) => {
    const { service, admin } = flags();
    const ex = service.explain(tenantId);
    const own = service.overridesOf(tenantId.id);
    return {
      version: service.version,
      modules: MODULES.map((m) => {
        const e = ex[m.key];
        const b = admin.overrideBounds(tenantId as never, m.key);
        return {
          key: m.key,
          labels: m.labels,
          group: m.group,
          enabled: e?.value ?? false,
          reason: e?.reason ?? 'ERROR',
          ruleId: e?.ruleId ?? null,
          detail: e?.detail ?? { zh: '', en: '' },
          override: {
            canOptIn: b.optIn,
            canOptOut: b.optOut,
            choice: own[m.key] ?? null,
            why: b.why,
          },
        };
      }),
    };
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/modules',
      summary: "The district's modules: on/off, reason, tooltip, and whether the district may switch each",
      security,
      middleware: [permit('tenant:read')] as const,
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      await flags().service.ensureFresh();
      return c.json(view(c.get('ctx').tenant!), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/modules/{key}',
      summary: 'District opt-in / opt-out (null clears the choice), only where the definition allows',
      security,
      middleware: [permit('modules:configure')] as const,
      request: {
        params: z.object({ key: z.string().max(80) }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                enabled: z.boolean().nullable(),
                why: z.string().trim().max(2000).optional(),
              }),
            },
          },
        },
      },
      responses: { 200: json(), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const tenant = ctx.tenant!;
      const { key } = c.req.valid('param');
      if (!isModuleKey(key)) throw Errors.notFound({ zh: `模块 ${key}`, en: `module ${key}` });
      const { enabled, why } = c.req.valid('json');
      await flags().admin.setOverride(tenant, key, enabled, { id: ctx.username, name: ctx.name });
      await appendTenantAudit(c.get('store'), {
        actor: ctx.username,
        role: ctx.roles.join(','),
        action: 'modules.override',
        target: key,
        channel: c.get('channel'),
        ...(why ? { reason: why } : {}),
        detail: { enabled },
      });
      return c.json(view(tenant), 200);
    },
  );
};
