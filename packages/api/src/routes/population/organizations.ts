/** Community organizations: party branches, volunteer teams, civil organizations, businesses. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import {
  maskRecord,
  ORGANIZATION_TYPES,
  type Organization,
  RecordStore,
  type StoredRecord,
} from '@linli/population';
import type { Role } from '@linli/tables';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { AnyObject, json, security } from '../../openapi.ts';
import { OrganizationPage, Organization as OrganizationSchema, SavedOrganization } from './record-schemas.ts';
import { COMMUNITY, cursorQ, IdParam, limitQ } from './schemas.ts';
import {
  actorOf,
  assertWrite,
  errors,
  type PopulationContext,
  pageOf,
  recordMeta,
  roleOf,
  targetOf,
  visibleRecord,
} from './shared.ts';

const OrganizationInput = AnyObject.openapi('OrganizationInput', {
  description:
    '`communityCode`, `name`, `type`, `creditCode` (GB 32100), `contactName`, `contactMobile`, `memberCount`; `version` on change',
});

const list = createRoute({
  method: 'get',
  path: '/api/t/organizations',
  summary:
    'Community organizations (party branches, volunteer teams, civil organizations, businesses; contact masked)',
  security,
  middleware: [permit('residents:read')] as const,
  request: {
    query: z.object({
      community: COMMUNITY,
      limit: limitQ,
      cursor: cursorQ,
      type: z.enum(ORGANIZATION_TYPES).optional(),
    }),
  },
  responses: { 200: json(OrganizationPage), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/api/t/organizations',
  summary:
    'Register an organization; a failed GB 32100 credit-code check is returned in `warnings`, not rejected',
  security,
  middleware: [permit('residents:write')] as const,
  request: { body: { content: { 'application/json': { schema: OrganizationInput } } } },
  responses: { 201: json(SavedOrganization, 'created'), ...errors },
});

const one = createRoute({
  method: 'get',
  path: '/api/t/organizations/{id}',
  summary: 'One organization (contact masked)',
  security,
  middleware: [permit('residents:read')] as const,
  request: { params: IdParam },
  responses: { 200: json(OrganizationSchema), ...errors },
});

const change = createRoute({
  method: 'patch',
  path: '/api/t/organizations/{id}',
  summary: 'Change an organization (`version` = the version you saw)',
  security,
  middleware: [permit('residents:write')] as const,
  request: { params: IdParam, body: { content: { 'application/json': { schema: OrganizationInput } } } },
  responses: { 200: json(SavedOrganization), ...errors },
});

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** An organization's contact person is personal information: masked by role like a resident's. */
const maskOrganization = (r: StoredRecord<Organization>, role: Role) => {
  const { contactName, contactMobile, ...rest } = r.value;
  const contact = maskRecord({ contactName, contactMobile }, role);
  return {
    ...recordMeta(r),
    value: { ...rest, contactName: str(contact.contactName), contactMobile: str(contact.contactMobile) },
    ...(r.warnings ? { warnings: [...r.warnings] } : {}),
  };
};

/** An organization as saved: contact in clear to its writer, credit-code warnings. */
const savedOut = (r: StoredRecord<Organization>) => ({
  ...recordMeta(r),
  value: r.value,
  ...(r.warnings ? { warnings: [...r.warnings] } : {}),
});

export const registerOrganizationRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    authorize(c.get('ctx'), 'residents:read', targetOf(q.community));
    const role = roleOf(c);
    const rs = new RecordStore(await popOf(c));
    const r = await rs.listOrganizations(q.community, q.type, q.limit, q.cursor);
    return c.json(
      pageOf(r, (i) => maskOrganization(i, role)),
      200,
    );
  });

  app.openapi(create, async (c) => {
    const body = c.req.valid('json');
    await assertWrite(c, body.communityCode);
    const r = await new RecordStore(await popOf(c)).saveOrganization(body, actorOf(c));
    return c.json(savedOut(r), 201);
  });

  app.openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    const r = visibleRecord(c, await new RecordStore(await popOf(c)).getOrganization(id));
    return c.json(maskOrganization(r, roleOf(c)), 200);
  });

  app.openapi(change, async (c) => {
    const { id } = c.req.valid('param');
    const { version, ...patch } = c.req.valid('json');
    const rs = new RecordStore(await popOf(c));
    const cur = visibleRecord(c, await rs.getOrganization(id), 'residents:write');
    const merged = { ...cur.value, ...patch };
    await assertWrite(c, merged.communityCode);
    const r = await rs.saveOrganization(
      merged,
      actorOf(c),
      id,
      typeof version === 'number' ? version : undefined,
    );
    return c.json(savedOut(r), 200);
  });
};
