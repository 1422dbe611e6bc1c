/**
 * The district's modules (`/api/t/modules`): what its evaluated flags say, with the reason for
 * each, and the district admin's own opt-in / opt-out where the definition allows it.
 */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { Errors, LinliError } from '@linli/core';
import { isModuleKey, MODULES } from '@linli/flags';
import { appendTenantAudit, type Tenant } from '@linli/tenancy';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { permit } from '../middleware.ts';
import { arrayOf, Bilingual, json, problems, security } from '../openapi.ts';
import { FlagReason, ModuleGroup } from './flags/shared.ts';

const errors = problems([400, 401, 403, 404, 409, 429, 503], {
  404: 'unknown module / module not enabled',
  409: 'the definition does not let the district switch this module',
  503: 'the flag service is not configured',
});

const TenantModules = z
  .object({
    version: z.number().int(),
    modules: arrayOf(
      z.object({
        key: z.string(),
        labels: Bilingual,
        group: ModuleGroup,
        enabled: z.boolean(),
        reason: FlagReason,
        ruleId: z.string().nullable(),
        detail: Bilingual,
        override: z.object({
          canOptIn: z.boolean(),
          canOptOut: z.boolean(),
          /** The district's own choice; null: none (the definition decides). */
          choice: z.boolean().nullable(),
          why: Bilingual,
        }),
      }),
    ),
  })
  .openapi('TenantModules');

export const registerModuleRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const flags = () => {
    if (!deps.flags)
      throw new LinliError('FLAGS_UNAVAILABLE', 503, {
        zh: '开关服务未启用',
        en: 'The flag service is not configured',
      });
    return deps.flags;
  };

  const view = (tenantId: Tenant) => {
    const { service, admin } = flags();
    const ex = service.explain(tenantId);
    const own = service.overridesOf(tenantId.id);
    return {
      version: service.version,
      modules: MODULES.map((m) => {
        const e = ex[m.key];
        const b = admin.overrideBounds(tenantId, m.key);
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
      responses: { 200: json(TenantModules), ...errors },
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
      responses: { 200: json(TenantModules), ...errors },
    }),
    async (c) => {
      const ctx = c.get('ctx');
      const tenant = ctx.tenant!;
      const { key } = c.req.valid('param');
      if (!isModuleKey(key)) throw Errors.notFound({ zh: `模块 ${key}`, en: `module ${key}` });
      const { enabled, why } = c.req.valid('json');
      await flags().admin.setOverride(tenant, key, enabled, { id: ctx.username, name: ctx.name });
      await appendTenantAudit(c.get('store'), {
        actor: ctx.sub,
        actorName: ctx.username,
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
