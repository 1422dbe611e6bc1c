/** Grids (网格) of a community: the buildings they cover, their grid worker, their residents. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import { RecordStore } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { AnyObject, json, security } from '../../openapi.ts';
import { Grid, GridPage } from './record-schemas.ts';
import { COMMUNITY, cursorQ, limitQ, ResidentPage } from './schemas.ts';
import {
  actorOf,
  assertFilters,
  assertWrite,
  errors,
  inScope,
  type PopulationContext,
  pageOf,
  present,
  roleOf,
  targetOf,
  versionOf,
} from './shared.ts';

const list = createRoute({
  method: 'get',
  path: '/api/t/grids',
  summary: 'Grids (网格) of a community: code, name, the buildings they cover, the grid worker',
  security,
  middleware: [permit('residents:read')] as const,
  request: { query: z.object({ community: COMMUNITY, limit: limitQ, cursor: cursorQ }) },
  responses: { 200: json(GridPage), ...errors },
});

const save = createRoute({
  method: 'post',
  path: '/api/t/grids',
  summary:
    'Create or replace a grid (`version` = the version you saw when replacing); its buildings must be registered and in no other grid',
  security,
  middleware: [permit('residents:write')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: AnyObject.openapi('GridInput', {
            description:
              '`communityCode`, `code`, `name`, `buildings` (numbers), `workerName`, `workerUsername`, `description`; `version` when replacing',
          }),
        },
      },
    },
  },
  responses: { 200: json(Grid, 'replaced'), 201: json(Grid, 'created'), ...errors },
});

const residents = createRoute({
  method: 'get',
  path: '/api/t/grids/{community}/{code}/residents',
  summary: 'Active residents living in a grid’s buildings (masked by role), building by building',
  security,
  middleware: [permit('residents:read')] as const,
  request: {
    params: z.object({ community: COMMUNITY, code: z.string().regex(/^[0-9A-Za-z-]{1,20}$/) }),
    query: z.object({ limit: limitQ, cursor: cursorQ }),
  },
  responses: { 200: json(ResidentPage), ...errors },
});

export const registerGridRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    authorize(c.get('ctx'), 'residents:read', targetOf(q.community));
    const rs = new RecordStore(await popOf(c));
    return c.json(await rs.listGrids(q.community, q.limit, q.cursor), 200);
  });

  app.openapi(save, async (c) => {
    const body = c.req.valid('json');
    await assertWrite(c, body.communityCode);
    const r = await new RecordStore(await popOf(c)).saveGrid(body, actorOf(c), versionOf(body));
    return r.version === 1 ? c.json(r, 201) : c.json(r, 200);
  });

  app.openapi(residents, async (c) => {
    // Residents by building: a role that is not shown addresses may not list them that way.
    assertFilters(c, ['building']);
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    if (!inScope(c.get('ctx'), 'residents:read', p.community)) throw Errors.notFound();
    const rs = new RecordStore(await popOf(c));
    const grid = await rs.getGrid(p.community, p.code);
    if (!grid) throw Errors.notFound();
    const r = await rs.listGridResidents(grid.value, q.limit, q.cursor);
    const role = roleOf(c);
    return c.json(
      pageOf(r, (v) => present(v, role)),
      200,
    );
  });
};
