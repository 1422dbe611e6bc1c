/** Resident export: CSV in the import's columns, masked unless the caller may reveal; audited. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { IMPORT_COLUMNS } from '@linli/population';
import { appendTenantAudit } from '@linli/tenancy';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { csv, security } from '../../openapi.ts';
import { COMMUNITY, reasonS, STATUSES, STREET } from './schemas.ts';
import { communitiesFor, errors, type PopulationContext, present, roleOf, targetOf } from './shared.ts';

const exportResidents = createRoute({
  method: 'post',
  path: '/api/t/exports/residents',
  summary:
    'Export residents in scope as CSV (the import columns). Masked by default; `unmasked` needs reveal rights. The purpose is required and audited',
  security,
  middleware: [permit('residents:export')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: z.object({
            purpose: reasonS,
            community: z.optional(COMMUNITY),
            street: z.optional(STREET),
            status: z.enum(STATUSES).default('active'),
            unmasked: z.boolean().default(false),
          }),
        },
      },
    },
  },
  responses: { 200: csv('the export'), ...errors },
});

/** One CSV line; formula-looking text is defused so Excel shows it instead of evaluating it. */
const line = (cells: unknown[]) =>
  `${cells
    .map((v) => {
      let s = v === undefined || v === null ? '' : Array.isArray(v) ? v.join('、') : String(v);
      if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
      return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    })
    .join(',')}\r\n`;

export const registerExportRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(exportResidents, async (c) => {
    const body = c.req.valid('json');
    const ctx = c.get('ctx');
    const role = roleOf(c);
    const communities = await communitiesFor(c, 'residents:export', {
      ...(body.street ? { street: body.street } : {}),
      ...(body.community ? { community: body.community } : {}),
    });
    if (body.unmasked) for (const cc of communities) authorize(ctx, 'residents:reveal', targetOf(cc));
    const pop = await popOf(c);
    await appendTenantAudit(c.get('store'), {
      actor: ctx.sub,
      actorName: ctx.username,
      role,
      action: body.unmasked ? 'residents.export.unmasked' : 'residents.export',
      target: body.community ?? body.street ?? 'district',
      channel: c.get('channel'),
      reason: body.purpose,
      detail: { communities: communities.length, status: body.status },
    });
    const header = IMPORT_COLUMNS.map((col) => col.zh);
    const enc = new TextEncoder();
    const stream = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(enc.encode(`\uFEFF${line(header)}`));
        try {
          for (const cc of communities) {
            let cursor: string | undefined;
            do {
              const r = await pop.listCommunity(cc, {
                status: body.status,
                limit: 200,
                ...(cursor ? { cursor } : {}),
              });
              let chunk = '';
              for (const v of r.items) {
                const rec: Record<string, unknown> = body.unmasked ? { ...v } : present(v, role);
                chunk += line(IMPORT_COLUMNS.map((col) => rec[col.field]));
              }
              if (chunk) controller.enqueue(enc.encode(chunk));
              cursor = r.cursor;
            } while (cursor);
          }
          controller.close();
        } catch (err) {
          controller.error(err);
        }
      },
    });
    return c.body(stream, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="residents-export.csv"',
    });
  });
};
