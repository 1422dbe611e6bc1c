/** Households: list, create or replace, one, change in place. Members are stored by resident id. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import { maskRecord, RecordStore, type StoredRecord } from '@linli/population';
import type { Role } from '@linli/tables';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { AnyObject, json, security } from '../../openapi.ts';
import { Household, HouseholdPage } from './record-schemas.ts';
import { COMMUNITY, cursorQ, limitQ } from './schemas.ts';
import {
  actorOf,
  assertFilters,
  assertWrite,
  errors,
  type PopulationContext,
  pageOf,
  recordMeta,
  roleOf,
  targetOf,
  versionOf,
  versionRequired,
  visibleRecord,
} from './shared.ts';

const Ref = z.object({ ref: z.string().min(1).max(40) });
const HouseholdInput = AnyObject.openapi('HouseholdInput', {
  description:
    '`householdRef`, `communityCode`, `type` (family/collective or 家庭户/集体户), `building`, `unit`, `room`, `members` [{ `idNumber`, `relationship` }], `version` when replacing',
});

const list = createRoute({
  method: 'get',
  path: '/api/t/households',
  summary: 'Households of a community (members by resident id)',
  security,
  middleware: [permit('residents:read')] as const,
  request: { query: z.object({ community: COMMUNITY, limit: limitQ, cursor: cursorQ }) },
  responses: { 200: json(HouseholdPage), ...errors },
});

const save = createRoute({
  method: 'post',
  path: '/api/t/households',
  summary: 'Create or replace a household (members given by ID number, stored by resident id)',
  security,
  middleware: [permit('residents:write')] as const,
  request: { body: { content: { 'application/json': { schema: HouseholdInput } } } },
  responses: { 200: json(Household, 'replaced'), 201: json(Household, 'created'), ...errors },
});

const one = createRoute({
  method: 'get',
  path: '/api/t/households/{ref}',
  summary: 'One household',
  security,
  middleware: [permit('residents:read')] as const,
  request: { params: Ref },
  responses: { 200: json(Household), ...errors },
});

const change = createRoute({
  method: 'patch',
  path: '/api/t/households/{ref}',
  summary:
    'Change a household where it stands (`version` required): only the fields given change; `members` (when given) names kept members by `residentId`, new ones by `idNumber`',
  security,
  middleware: [permit('residents:write')] as const,
  request: {
    params: Ref,
    body: { content: { 'application/json': { schema: AnyObject.openapi('HouseholdPatch') } } },
  },
  responses: { 200: json(Household), ...errors },
});

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** A household record as sent; `mask` masks the address parts by role (not on save). */
const householdOut = (r: StoredRecord<Record<string, unknown>>, role?: Role) => {
  const { building, unit, room } = r.value;
  const place = role ? maskRecord({ building, unit, room }, role) : { building, unit, room };
  const members = Array.isArray(r.value.members) ? r.value.members : [];
  return {
    ...recordMeta(r),
    value: {
      householdRef: String(r.value.householdRef),
      communityCode: String(r.value.communityCode),
      streetCode: String(r.value.streetCode),
      kind: r.value.kind === 'collective' ? ('collective' as const) : ('family' as const),
      building: str(place.building),
      unit: str(place.unit),
      room: str(place.room),
      members: members.map((m: Record<string, unknown>) => ({
        residentId: String(m.residentId),
        relationship: String(m.relationship),
      })),
    },
  };
};

export const registerHouseholdRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    // A household is a list of who lives with whom: not for a role that is not shown either.
    assertFilters(c, ['householdRef', 'relationship']);
    authorize(c.get('ctx'), 'residents:read', targetOf(q.community));
    const role = roleOf(c);
    const r = await new RecordStore(await popOf(c)).listHouseholds(q.community, q.limit, q.cursor);
    return c.json(
      pageOf(r, (i) => householdOut(i, role)),
      200,
    );
  });

  app.openapi(save, async (c) => {
    const body = c.req.valid('json');
    await assertWrite(c, body.communityCode);
    const rs = new RecordStore(await popOf(c));
    const prevRef =
      typeof body.householdRef === 'string'
        ? await rs.getHousehold(body.householdRef).catch(() => undefined)
        : undefined;
    if (prevRef) authorize(c.get('ctx'), 'residents:write', targetOf(prevRef.communityCode));
    const r = await rs.saveHousehold(body, actorOf(c), versionOf(body));
    return prevRef ? c.json(householdOut(r), 200) : c.json(householdOut(r), 201);
  });

  app.openapi(one, async (c) => {
    assertFilters(c, ['householdRef', 'relationship']);
    const { ref } = c.req.valid('param');
    const rs = new RecordStore(await popOf(c));
    const h = visibleRecord(c, ref.includes('#') ? undefined : await rs.getHousehold(ref));
    return c.json(householdOut(h, roleOf(c)), 200);
  });

  app.openapi(change, async (c) => {
    const { ref } = c.req.valid('param');
    const { version, ...patch } = c.req.valid('json');
    const rs = new RecordStore(await popOf(c));
    visibleRecord(c, ref.includes('#') ? undefined : await rs.getHousehold(ref), 'residents:write');
    if (typeof version !== 'number') throw versionRequired();
    const r = await rs.patchHousehold(ref, patch, actorOf(c), version);
    if (!r) throw Errors.notFound();
    return c.json(householdOut(r, roleOf(c)), 200);
  });
};
