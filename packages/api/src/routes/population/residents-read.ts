/** Residents, read: list and search, the freshness view, one record, its history, reveal. */
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { allows, authorize, listConstraint } from '@linli/auth';
import { Errors } from '@linli/core';
import { PopErrors, RecordStore, type ResidentView, THEMATIC_KINDS, thematicKind } from '@linli/population';
import { appendTenantAudit, listStreets } from '@linli/tenancy';
import type { AppEnv } from '../../env.ts';
import { permit } from '../../middleware.ts';
import { json, security } from '../../openapi.ts';
import { ThematicRecord } from './record-schemas.ts';
import {
  COMMUNITY,
  cursorQ,
  HistoryEntry,
  IdParam,
  limitQ,
  MaskedResident,
  ResidentPage,
  RevealedResident,
  reasonS,
  STATUSES,
  STREET,
  StaleResidents,
} from './schemas.ts';
import {
  assertFilters,
  communitiesFor,
  errors,
  loadResident,
  maskChange,
  maskThematic,
  type PopulationContext,
  page,
  pageOf,
  present,
  presentRevealed,
  roleOf,
  targetOf,
} from './shared.ts';

const list = createRoute({
  method: 'get',
  path: '/api/t/residents',
  summary:
    'List or search residents in scope: exact `idNumber` / `mobile` (keyed hash), `name` prefix, `tag`, or by `community` / `building` / `street`; masked by role; paginated by `cursor`',
  security,
  middleware: [permit('residents:read')] as const,
  request: {
    query: z.object({
      community: z.optional(COMMUNITY),
      street: z.optional(STREET),
      building: z.string().max(20).optional(),
      status: z.enum(STATUSES).optional(),
      idNumber: z.string().max(30).optional(),
      mobile: z.string().max(20).optional(),
      name: z.string().min(1).max(50).optional(),
      tag: z.enum(['elderly', 'disabled', 'low-income', 'unemployed', 'veteran', 'party-member']).optional(),
      limit: limitQ,
      cursor: cursorQ,
    }),
  },
  responses: { 200: json(ResidentPage, 'a page of masked residents'), ...errors },
});

const stale = createRoute({
  method: 'get',
  path: '/api/t/residents/stale',
  summary:
    'Freshness view: active residents not verified for `days` (default: the district setting), oldest first',
  security,
  middleware: [permit('residents:read')] as const,
  request: {
    query: z.object({
      community: z.optional(COMMUNITY),
      street: z.optional(STREET),
      days: z.coerce.number().int().min(0).max(3650).optional(),
      limit: limitQ,
      cursor: cursorQ,
    }),
  },
  responses: { 200: json(StaleResidents), ...errors },
});

const one = createRoute({
  method: 'get',
  path: '/api/t/residents/{id}',
  summary: 'One resident, masked by role',
  security,
  middleware: [permit('residents:read')] as const,
  request: { params: IdParam },
  responses: { 200: json(MaskedResident), ...errors },
});

const reveal = createRoute({
  method: 'post',
  path: '/api/t/residents/{id}/reveal',
  summary: 'Show named fields in clear, with a reason; the view is written to the audit log',
  security,
  middleware: [permit('residents:reveal')] as const,
  request: {
    params: IdParam,
    body: {
      content: {
        'application/json': {
          schema: z.object({ fields: z.array(z.string().max(40)).min(1).max(20), reason: reasonS }),
        },
      },
    },
  },
  responses: { 200: json(RevealedResident), ...errors },
});

const history = createRoute({
  method: 'get',
  path: '/api/t/residents/{id}/history',
  summary:
    'Change history: every version with who, when, channel or import id, and the changed fields (values masked)',
  security,
  middleware: [permit('residents:read')] as const,
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(HistoryEntry) })), ...errors },
});

const thematic = createRoute({
  method: 'get',
  path: '/api/t/residents/{id}/thematic',
  summary:
    "The departments' thematic records about a resident, of the kinds the caller may read (sensitive fields masked)",
  security,
  middleware: [permit('thematic:read')] as const,
  request: { params: IdParam },
  responses: { 200: json(z.object({ items: z.array(ThematicRecord) })), ...errors },
});

/** Registered first: `/residents/stale` must be tried before `/residents/{id}`. */
export const registerResidentListRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(list, async (c) => {
    const q = c.req.valid('query');
    const ctx = c.get('ctx');
    const role = roleOf(c);
    // A role that is not shown tags or the address may not list residents by them either.
    assertFilters(c, [
      q.tag && 'tags',
      q.building && 'building',
      q.name && 'name',
      q.mobile && 'mobile',
      q.idNumber && 'idNumber',
    ]);
    const pop = await popOf(c);
    if (q.community) authorize(ctx, 'residents:read', targetOf(q.community));
    if (q.street) authorize(ctx, 'residents:read', { streetCode: q.street });
    const limit = listConstraint(ctx, 'residents:read');
    const scopePrefix = q.community
      ? `${q.community}#`
      : q.street
        ? q.street
        : limit === 'tenant'
          ? undefined
          : limit.communityCode
            ? `${limit.communityCode}#`
            : limit.streetCode;
    if (limit !== 'tenant' && !limit.communityCode && !limit.streetCode && !q.community && !q.street)
      throw Errors.forbidden();
    if (q.idNumber) {
      const v = await pop.findByIdNumber(q.idNumber);
      const hit = v && (!scopePrefix || v.communityCode.startsWith(scopePrefix.replace('#', '')));
      return c.json(page(hit ? [present(v, role)] : []), 200);
    }
    if (q.mobile || q.name || q.tag) {
      const term = q.mobile ? { mobile: q.mobile } : q.name ? { name: q.name } : { tag: q.tag! };
      const r = await pop.searchTerm(term, scopePrefix, q.limit, q.cursor);
      return c.json(
        pageOf(r, (v) => present(v, role)),
        200,
      );
    }
    let r: { items: ResidentView[]; cursor?: string };
    const community = q.community ?? (limit !== 'tenant' ? limit.communityCode : undefined);
    if (community)
      r = await pop.listCommunity(community, {
        limit: q.limit,
        ...(q.status ? { status: q.status } : {}),
        ...(q.building ? { building: q.building } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    else {
      const street = q.street ?? (limit !== 'tenant' ? limit.streetCode : undefined);
      const streets = street ? [street] : (await listStreets(c.get('store'))).map((s) => s.code);
      r = await pop.listStreets(streets, {
        limit: q.limit,
        ...(q.status ? { status: q.status } : {}),
        ...(q.cursor ? { cursor: q.cursor } : {}),
      });
    }
    return c.json(
      pageOf(r, (v) => present(v, role)),
      200,
    );
  });

  app.openapi(stale, async (c) => {
    const q = c.req.valid('query');
    const pop = await popOf(c);
    const days = q.days ?? (await pop.settings()).staleAfterDays;
    const before = new Date(pop.now().getTime() - days * 86_400_000).toISOString();
    const communities = await communitiesFor(c, 'residents:read', {
      ...(q.street ? { street: q.street } : {}),
      ...(q.community ? { community: q.community } : {}),
    });
    const r = await pop.stale(communities, before, q.limit, q.cursor);
    const role = roleOf(c);
    return c.json(
      {
        before,
        days,
        ...pageOf(r, (v) => present(v, role)),
      },
      200,
    );
  });
};

/** One resident: read, reveal, history, thematic records. */
export const registerResidentRecordRoutes = (app: OpenAPIHono<AppEnv>, { popOf }: PopulationContext) => {
  app.openapi(one, async (c) => {
    const { id } = c.req.valid('param');
    const pop = await popOf(c);
    const it = await loadResident(c, pop, id, 'residents:read');
    return c.json(present(pop.view(it), roleOf(c)), 200);
  });

  app.openapi(reveal, async (c) => {
    const { id } = c.req.valid('param');
    const { fields, reason } = c.req.valid('json');
    const ctx = c.get('ctx');
    const pop = await popOf(c);
    const current = await loadResident(c, pop, id, 'residents:reveal');
    const role = roleOf(c);
    const res = presentRevealed(pop.view(current), role, { fields, reason });
    await appendTenantAudit(c.get('store'), {
      actor: ctx.sub,
      actorName: ctx.username,
      role,
      action: 'residents.reveal',
      target: id,
      channel: c.get('channel'),
      reason: res.reason,
      detail: { fields: res.body.revealed },
    });
    return c.json(res.body, 200);
  });

  app.openapi(history, async (c) => {
    const { id } = c.req.valid('param');
    const pop = await popOf(c);
    await loadResident(c, pop, id, 'residents:read');
    const role = roleOf(c);
    const items = (await pop.history(id)).map((h) => ({
      ...h,
      changes: Object.fromEntries(
        Object.entries(h.changes).map(([f, ch]) => [
          f,
          { from: maskChange(f, ch.from, role), to: maskChange(f, ch.to, role) },
        ]),
      ),
    }));
    return c.json({ items }, 200);
  });

  app.openapi(thematic, async (c) => {
    const { id } = c.req.valid('param');
    const ctx = c.get('ctx');
    const pop = await popOf(c);
    if (!(await pop.getItem(id))) throw PopErrors.notFound();
    const kinds = THEMATIC_KINDS.filter((k) => allows(ctx, 'thematic:read', { department: k.department }));
    const recs = await new RecordStore(pop).thematicOfSubject(id, kinds);
    return c.json({ items: recs.map((r) => maskThematic(thematicKind(String(r.value.kind))!, r)) }, 200);
  });
};
