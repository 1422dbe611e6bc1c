/** Housing: buildings of a community and their housing units (use, tenure, occupancy). */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { RecordStore } from '@linli/population';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { AnyObject, json, security } from '../../openapi.ts';
import { Building, BuildingPage, HousingUnit, HousingUnitPage } from './record-schemas.ts';
import { COMMUNITY, cursorQ, limitQ } from './schemas.ts';
import { actorOf, assertWrite, errors, type PopulationContext, targetOf, versionOf } from './shared.ts';

const buildings = createRoute({
  method: 'get',
  path: '/api/t/buildings',
  summary: 'Buildings of a community',
  security,
  middleware: [permit('residents:read')] as const,
  request: { query: z.object({ community: COMMUNITY, limit: limitQ, cursor: cursorQ }) },
  responses: { 200: json(BuildingPage), ...errors },
});

const saveBuilding = createRoute({
  method: 'post',
  path: '/api/t/buildings',
  summary: 'Create or replace a building (`version` = the version you saw, to replace safely)',
  security,
  middleware: [permit('residents:write')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: AnyObject.openapi('BuildingInput', {
            description:
              '`communityCode`, `number`, `name`, `address`, `floors`, `use`, `yearBuilt`; `version` when replacing',
          }),
        },
      },
    },
  },
  responses: { 200: json(Building, 'replaced'), 201: json(Building, 'created'), ...errors },
});

const units = createRoute({
  method: 'get',
  path: '/api/t/buildings/{community}/{number}/units',
  summary: 'Housing units of a building (use, tenure, occupancy)',
  security,
  middleware: [permit('residents:read')] as const,
  request: {
    params: z.object({ community: COMMUNITY, number: z.string().min(1).max(20) }),
    query: z.object({ limit: limitQ, cursor: cursorQ }),
  },
  responses: { 200: json(HousingUnitPage), ...errors },
});

const saveUnit = createRoute({
  method: 'post',
  path: '/api/t/housing-units',
  summary: 'Create or replace a housing unit (occupancy counted for the district analytics)',
  security,
  middleware: [permit('residents:write')] as const,
  request: {
    body: {
      content: {
        'application/json': {
          schema: AnyObject.openapi('HousingUnitInput', {
            description:
              '`communityCode`, `building`, `unit`, `room`, `areaSqm`, `use`, `tenure`, `occupancy`; `version` when replacing',
          }),
        },
      },
    },
  },
  responses: { 200: json(HousingUnit, 'replaced'), 201: json(HousingUnit, 'created'), ...errors },
});

export const registerHousingRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(buildings, async (c) => {
    const q = c.req.valid('query');
    authorize(c.get('ctx'), 'residents:read', targetOf(q.community));
    const rs = new RecordStore(await popOf(c));
    return c.json(await rs.listBuildings(q.community, q.limit, q.cursor), 200);
  });

  app.openapi(saveBuilding, async (c) => {
    const body = c.req.valid('json');
    await assertWrite(c, body.communityCode);
    const rs = new RecordStore(await popOf(c));
    const r = await rs.saveBuilding(body, actorOf(c), versionOf(body));
    return r.version === 1 ? c.json(r, 201) : c.json(r, 200);
  });

  app.openapi(units, async (c) => {
    const p = c.req.valid('param');
    const q = c.req.valid('query');
    authorize(c.get('ctx'), 'residents:read', targetOf(p.community));
    const rs = new RecordStore(await popOf(c));
    return c.json(await rs.listUnits(p.community, p.number, q.limit, q.cursor), 200);
  });

  app.openapi(saveUnit, async (c) => {
    const body = c.req.valid('json');
    await assertWrite(c, body.communityCode);
    const rs = new RecordStore(await popOf(c));
    const r = await rs.saveUnit(body, actorOf(c), versionOf(body));
    return r.version === 1 ? c.json(r, 201) : c.json(r, 200);
  });
};
