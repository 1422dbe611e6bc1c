/** The departments' thematic records: one generic CRUD for every kind, sensitive fields masked. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { authorize } from '@linli/auth';
import { Errors } from '@linli/core';
import { RecordStore, type ThematicKind, thematicKind } from '@linli/population';
import { appendTenantAudit, listCommunities } from '@linli/tenancy';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { AnyObject, json, security } from '../../openapi.ts';
import { RevealedThematicRecord, ThematicPage, ThematicRecord } from './record-schemas.ts';
import { COMMUNITY, cursorQ, limitQ, reasonS, ULID } from './schemas.ts';
import {
  actorOf,
  type C,
  errors,
  maskThematic,
  type PopulationContext,
  pageOf,
  roleOf,
  thematicOut,
} from './shared.ts';

const Kind = z.object({ kind: z.string().max(40) });
const KindId = z.object({ kind: z.string().max(40), id: ULID });

const list = createRoute({
  method: 'get',
  path: '/api/t/thematic/{kind}',
  summary:
    "A department's thematic records of one kind, in a community or district-wide (sensitive fields masked)",
  security,
  middleware: [permit('thematic:read')] as const,
  request: {
    params: Kind,
    query: z.object({ community: z.optional(COMMUNITY), limit: limitQ, cursor: cursorQ }),
  },
  responses: { 200: json(ThematicPage), ...errors },
});

const create = createRoute({
  method: 'post',
  path: '/api/t/thematic/{kind}',
  summary: 'Create a thematic record about a resident (or organization) — validated by the kind’s schema',
  security,
  middleware: [permit('thematic:write')] as const,
  request: {
    params: Kind,
    body: { content: { 'application/json': { schema: z.object({ subjectId: ULID, data: AnyObject }) } } },
  },
  responses: { 201: json(ThematicRecord), ...errors },
});

const one = createRoute({
  method: 'get',
  path: '/api/t/thematic/{kind}/{id}',
  summary: 'One thematic record (sensitive fields masked)',
  security,
  middleware: [permit('thematic:read')] as const,
  request: { params: KindId },
  responses: { 200: json(ThematicRecord), ...errors },
});

const change = createRoute({
  method: 'patch',
  path: '/api/t/thematic/{kind}/{id}',
  summary: 'Change a thematic record (`data` merged; `version` = the version you saw)',
  security,
  middleware: [permit('thematic:write')] as const,
  request: {
    params: KindId,
    body: {
      content: {
        'application/json': { schema: z.object({ data: AnyObject, version: z.number().int().optional() }) },
      },
    },
  },
  responses: { 200: json(ThematicRecord), ...errors },
});

const reveal = createRoute({
  method: 'post',
  path: '/api/t/thematic/{kind}/{id}/reveal',
  summary: 'Sensitive thematic fields in clear, with a reason (audited)',
  security,
  middleware: [permit('thematic:read')] as const,
  request: {
    params: KindId,
    body: { content: { 'application/json': { schema: z.object({ reason: reasonS }) } } },
  },
  responses: { 200: json(RevealedThematicRecord), ...errors },
});

export const registerThematicRoutes = (app: OpenAPIHono<AppEnv>, { popOf, deps }: PopulationContext) => {
  /** The kind, if its module is on and the caller's department owns it. */
  const kindOf = (c: C, key: string, action: 'thematic:read' | 'thematic:write'): ThematicKind => {
    const k = thematicKind(key);
    if (!k) throw Errors.notFound({ zh: `专题类型 ${key}`, en: `thematic kind ${key}` });
    if (!deps.modulesFor(c.get('ctx').tenant!).includes(k.module))
      throw Errors.moduleNotEnabled({ zh: k.module, en: k.module });
    authorize(c.get('ctx'), action, { department: k.department });
    return k;
  };

  app.openapi(list, async (c) => {
    const { kind } = c.req.valid('param');
    const q = c.req.valid('query');
    const k = kindOf(c, kind, 'thematic:read');
    const rs = new RecordStore(await popOf(c));
    // Departments work district-wide: without a community, community after community.
    const communities = q.community
      ? [q.community]
      : (await listCommunities(c.get('store'))).map((x) => x.code);
    const r = await rs.listThematicIn(k, communities, q.limit, q.cursor);
    return c.json(
      pageOf(r, (x) => maskThematic(k, x)),
      200,
    );
  });

  app.openapi(create, async (c) => {
    const { kind } = c.req.valid('param');
    const body = c.req.valid('json');
    const k = kindOf(c, kind, 'thematic:write');
    const pop = await popOf(c);
    const rs = new RecordStore(pop);
    const subject =
      k.subject === 'resident' ? await pop.getItem(body.subjectId) : await rs.getOrganization(body.subjectId);
    if (!subject) throw Errors.notFound({ zh: '记录对象', en: 'subject' });
    const r = await rs.saveThematic(
      k,
      { subjectId: body.subjectId, communityCode: subject.communityCode, data: body.data },
      actorOf(c),
    );
    return c.json(maskThematic(k, r), 201);
  });

  app.openapi(one, async (c) => {
    const { kind, id } = c.req.valid('param');
    const k = kindOf(c, kind, 'thematic:read');
    const r = await new RecordStore(await popOf(c)).getThematic(k, id);
    if (!r) throw Errors.notFound();
    return c.json(maskThematic(k, r), 200);
  });

  app.openapi(change, async (c) => {
    const { kind, id } = c.req.valid('param');
    const body = c.req.valid('json');
    const k = kindOf(c, kind, 'thematic:write');
    const rs = new RecordStore(await popOf(c));
    const cur = await rs.getThematic(k, id);
    if (!cur) throw Errors.notFound();
    const r = await rs.saveThematic(
      k,
      {
        subjectId: String(cur.value.subjectId),
        communityCode: cur.communityCode,
        data: { ...(cur.value.data as Record<string, unknown>), ...body.data },
      },
      actorOf(c),
      id,
      body.version,
    );
    return c.json(maskThematic(k, r), 200);
  });

  app.openapi(reveal, async (c) => {
    const { kind, id } = c.req.valid('param');
    const { reason } = c.req.valid('json');
    const k = kindOf(c, kind, 'thematic:read');
    const ctx = c.get('ctx');
    // Only the owning department reveals its sensitive fields; a district admin sees them masked.
    if (ctx.scope.department !== k.department) throw Errors.forbidden({ zh: k.department, en: k.department });
    const r = await new RecordStore(await popOf(c)).getThematic(k, id);
    if (!r) throw Errors.notFound();
    await appendTenantAudit(c.get('store'), {
      actor: ctx.sub,
      actorName: ctx.username,
      role: roleOf(c),
      action: `thematic.${k.key}.reveal`,
      target: id,
      channel: c.get('channel'),
      reason,
      detail: { fields: k.sensitive },
    });
    return c.json(thematicOut(r), 200);
  });
};
