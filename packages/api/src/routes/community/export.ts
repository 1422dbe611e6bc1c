/** A report cycle as XLSX in the template's layout (exceljs a lazy chunk of the community function). */
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { CommunityErrors, cycleWorkbook, getCycle, listReports } from '@linli/community';
import { appendTenantAudit, listCommunities } from '@linli/tenancy';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { permit, requireModule } from '../../middleware.ts';
import { binary, security } from '../../openapi.ts';
import { actorOf, type C } from '../population/shared.ts';
import { errors, IdParam, inScope } from './shared.ts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const registerReportExportRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/community/report-cycles/{id}/export',
      summary:
        'The cycle as XLSX in the template’s layout: the caller’s communities and their roll-up, sources and adjustments',
      security,
      middleware: [permit('community-work:read'), requireModule(deps, 'street-tasks-reports')] as const,
      request: { params: IdParam },
      responses: { 200: binary(XLSX, 'the workbook'), ...errors },
    }),
    async (c) => {
      const store = c.get('store');
      const cycle = await getCycle(store, c.req.valid('param').id);
      const reports = inScope(c as C, 'community-work:read', await listReports(store, cycle));
      if (reports.length === 0) throw CommunityErrors.cycleNotFound();
      const names = new Map((await listCommunities(store)).map((x) => [x.code, x.name]));
      const file = await cycleWorkbook(cycle, reports, (code) => names.get(code) ?? code);
      const a = actorOf(c as C);
      await appendTenantAudit(store, {
        actor: a.id,
        ...(a.name ? { actorName: a.name } : {}),
        role: a.role,
        action: 'reports.export',
        target: `report-cycle:${cycle.id}`,
        channel: a.channel,
        detail: { communities: reports.length },
      });
      const ascii = `report-${cycle.templateCode}-${cycle.period}.xlsx`;
      const zh = `${cycle.name.zh}-${cycle.period}.xlsx`;
      return c.body(new Uint8Array(file), 200, {
        'content-type': XLSX,
        'content-disposition': `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(zh)}`,
      });
    },
  );
};
