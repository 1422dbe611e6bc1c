/**
 * The community comprehensive database (社区综合数据库) API, `/api/t/*`: residents (search, CRUD,
 * verification, moves, erasure, reveal, history), four-eyes review, households, buildings and
 * housing units, organizations, the departments' thematic records, imports, exports and the
 * district analytics. Every route is scope-checked against the permissions matrix; personal
 * fields leave the API masked by role unless revealed with a reason, and every write and every
 * clear view is audited. See docs/population-api.md.
 */
import { Readable } from 'node:stream';
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { type Action, allows, authorize, listConstraint, type RequestContext } from '@linli/auth';
import { Errors, LinliError } from '@linli/core';
import {
  type Actor,
  createImportJob,
  describeKind,
  failImportJob,
  fieldKind,
  getImportJob,
  getImportReportCsv,
  IMPORT_COLUMNS,
  maskRecord,
  maskValue,
  PopErrors,
  type PopulationSettings,
  PopulationStore,
  queueImportJob,
  RecordStore,
  type ResidentItem,
  type ResidentStatus,
  type ResidentView,
  readStats,
  residentTemplateCsv,
  residentTemplateXlsx,
  revealRecord,
  runImportJob,
  type StoredRecord,
  TenantCipher,
  THEMATIC_KINDS,
  type ThematicKind,
  thematicKind,
} from '@linli/population';
import { ROLES, type Role } from '@linli/tables';
import { appendTenantAudit, listCommunities, listStreets } from '@linli/tenancy';
import type { Context } from 'hono';
import type { ApiDeps } from '../deps.ts';
import type { AppEnv } from '../env.ts';
import { problemResponse } from '../http.ts';
import { fileMissing, MAX_IMPORT_BYTES } from '../import-jobs.ts';
import { permit } from '../middleware.ts';

type C = Context<AppEnv>;
const Any = z.object({}).passthrough();
const ok = (description = 'ok', schema: z.ZodType = Any) => ({
  description,
  content: { 'application/json': { schema } },
});
const csv = (description: string) => ({
  description,
  content: { 'text/csv': { schema: { type: 'string' as const } } },
});
const errors = {
  400: problemResponse('invalid input (field issues in `errors`)'),
  401: problemResponse('not signed in'),
  403: problemResponse('not allowed / outside scope'),
  404: problemResponse('not found / module not enabled'),
  409: problemResponse('version conflict / already registered'),
};
const security = [{ bearer: [] }];

const COMMUNITY = z.string().regex(/^\d{12}$/);
const STREET = z.string().regex(/^\d{9}$/);
const ULID = z.string().regex(/^[0-9A-Z]{26}$/);
const limitQ = z.coerce.number().int().min(1).max(200).default(50);
const cursorQ = z.string().max(2000).optional();
const DATE = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const reasonS = z.string().trim().min(4).max(500);
const STATUSES = ['active', 'moved-out', 'deceased'] as const;

const ResidentInput = z
  .object({
    name: z.string().optional(),
    idNumber: z.string().optional(),
    sex: z.string().optional(),
    birthDate: z.string().optional(),
    ethnicity: z.string().optional(),
    registration: z.string().optional(),
    mobile: z.string().optional(),
    education: z.string().optional(),
    politicalStatus: z.string().optional(),
    tags: z.union([z.array(z.string()), z.string()]).optional(),
    communityCode: z.string().optional(),
    building: z.string().optional(),
    unit: z.string().optional(),
    room: z.string().optional(),
    householdRef: z.string().optional(),
    relationship: z.string().optional(),
  })
  .passthrough()
  .openapi('ResidentInput');

const valid = <T>(c: C, target: 'query' | 'param' | 'json'): T => (c.req.valid as (t: string) => T)(target);

/** Tenant roles in the matrix's order; the first one a user holds decides their masking. */
const primaryRole = (ctx: RequestContext): Role => {
  for (const r of ROLES) if (ctx.roles.includes(r)) return r;
  throw Errors.forbidden();
};

const targetOf = (communityCode: string) => ({ communityCode, streetCode: communityCode.slice(0, 9) });

/** Hide a resident's existence from callers outside its community/street (404, not 403). */
const inScope = (ctx: RequestContext, action: Action, communityCode: string) =>
  allows(ctx, action, targetOf(communityCode));

const META_FIELDS = [
  'id',
  'status',
  'version',
  'communityCode',
  'streetCode',
  'createdAt',
  'updatedAt',
  'lastVerifiedAt',
] as const;

/** The resident as a role sees it by default: personal fields masked (or dropped), metadata as is. */
const present = (v: ResidentView, role: Role): Record<string, unknown> => {
  const meta: Record<string, unknown> = {};
  const personal: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v))
    ((META_FIELDS as readonly string[]).includes(k) ? meta : personal)[k] = val;
  return { ...maskRecord(personal, role), ...meta, masked: true };
};

const maskChange = (field: string, value: unknown, role: Role): unknown => {
  const kind = fieldKind(field);
  if (!kind || value === null || value === undefined) return value;
  return maskRecord({ [field]: value }, role)[field] ?? null;
};

export const registerPopulationRoutes = (app: OpenAPIHono<AppEnv>, deps: ApiDeps): void => {
  const ciphers = new Map<string, Promise<TenantCipher>>();
  const cipherFor = (tenantId: string) => {
    if (!deps.keys)
      throw new LinliError('KEYS_UNAVAILABLE', 503, {
        zh: '密钥服务未配置',
        en: 'The key service is not configured',
      });
    let p = ciphers.get(tenantId);
    if (!p) {
      p = TenantCipher.forTenant(deps.keys, tenantId);
      p.catch(() => ciphers.delete(tenantId));
      ciphers.set(tenantId, p);
    }
    return p;
  };
  const popOf = async (c: C) => {
    const t = c.get('ctx').tenant!;
    return new PopulationStore(c.get('store'), await cipherFor(t.id), { districtCode: t.divisionCode });
  };
  const actorOf = (c: C): Actor => {
    const ctx = c.get('ctx');
    return { id: ctx.username, role: primaryRole(ctx), channel: c.get('channel') };
  };
  const knownCommunity = async (c: C, code: string) => {
    const all = await listCommunities(c.get('store'), code.slice(0, 9));
    if (!all.some((x) => x.code === code)) throw PopErrors.unknownCommunity();
  };
  /** Communities of the district inside the caller's grant for `action`, optionally narrowed. */
  const communitiesFor = async (
    c: C,
    action: Action,
    narrow: { street?: string; community?: string } = {},
  ) => {
    const ctx = c.get('ctx');
    if (narrow.community) {
      authorize(ctx, action, targetOf(narrow.community));
      return [narrow.community];
    }
    if (narrow.street) authorize(ctx, action, { streetCode: narrow.street });
    const limit = listConstraint(ctx, action);
    let all = (await listCommunities(c.get('store'), narrow.street)).map((x) => x.code);
    if (limit !== 'tenant') {
      if (limit.communityCode) all = all.filter((x) => x === limit.communityCode);
      else if (limit.streetCode) all = all.filter((x) => x.startsWith(limit.streetCode!));
      else if (!limit.department) all = [];
    }
    return all;
  };
  const loadResident = async (
    c: C,
    pop: PopulationStore,
    id: string,
    action: Action,
  ): Promise<ResidentItem> => {
    const it = await pop.getItem(id, true);
    if (!it || !inScope(c.get('ctx'), 'residents:read', it.communityCode)) throw PopErrors.notFound();
    authorize(c.get('ctx'), action, targetOf(it.communityCode));
    return it;
  };
  const needsReview = (c: C, settings: PopulationSettings, communityCode: string) =>
    settings.fourEyes && !allows(c.get('ctx'), 'residents:review', targetOf(communityCode));
  const page = <T>(items: T[], cursor?: string) => ({ items, ...(cursor ? { cursor } : {}) });

  // ============================================================================================
  // Residents: list / search
  // ============================================================================================

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/residents',
      summary:
        'List or search residents in scope: exact `idNumber` / `mobile` (keyed hash), `name` prefix, `tag`, or by `community` / `building` / `street`; masked by role; paginated by `cursor`',
      security,
      middleware: [permit('residents:read')] as const,
      request: {
        query: z.object({
          community: COMMUNITY.optional(),
          street: STREET.optional(),
          building: z.string().max(20).optional(),
          status: z.enum(STATUSES).optional(),
          idNumber: z.string().max(30).optional(),
          mobile: z.string().max(20).optional(),
          name: z.string().min(1).max(50).optional(),
          tag: z
            .enum(['elderly', 'disabled', 'low-income', 'unemployed', 'veteran', 'party-member'])
            .optional(),
          limit: limitQ,
          cursor: cursorQ,
        }),
      },
      responses: { 200: ok('a page of masked residents'), ...errors },
    }),
    async (c) => {
      const q = valid<{
        community?: string;
        street?: string;
        building?: string;
        status?: ResidentStatus;
        idNumber?: string;
        mobile?: string;
        name?: string;
        tag?: string;
        limit: number;
        cursor?: string;
      }>(c, 'query');
      const ctx = c.get('ctx');
      const role = primaryRole(ctx);
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
        const r = await pop.searchTerm(
          { ...(q.mobile ? { mobile: q.mobile } : q.name ? { name: q.name } : { tag: q.tag! }) },
          scopePrefix,
          q.limit,
          q.cursor,
        );
        return c.json(
          page(
            r.items.map((v) => present(v, role)),
            r.cursor,
          ),
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
        page(
          r.items.map((v) => present(v, role)),
          r.cursor,
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/residents/stale',
      summary:
        'Freshness view: active residents not verified for `days` (default: the district setting), oldest first',
      security,
      middleware: [permit('residents:read')] as const,
      request: {
        query: z.object({
          community: COMMUNITY.optional(),
          street: STREET.optional(),
          days: z.coerce.number().int().min(0).max(3650).optional(),
          limit: limitQ,
          cursor: cursorQ,
        }),
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const q = valid<{ community?: string; street?: string; days?: number; limit: number; cursor?: string }>(
        c,
        'query',
      );
      const pop = await popOf(c);
      const days = q.days ?? (await pop.settings()).staleAfterDays;
      const before = new Date(pop.now().getTime() - days * 86_400_000).toISOString();
      const communities = await communitiesFor(c, 'residents:read', {
        ...(q.street ? { street: q.street } : {}),
        ...(q.community ? { community: q.community } : {}),
      });
      const r = await pop.stale(communities, before, q.limit, q.cursor);
      const role = primaryRole(c.get('ctx'));
      return c.json(
        {
          before,
          days,
          ...page(
            r.items.map((v) => present(v, role)),
            r.cursor,
          ),
        },
        200,
      );
    },
  );

  // ============================================================================================
  // Residents: single record
  // ============================================================================================

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/residents',
      summary:
        'Register a resident (validated: GB 11643 ID, sex/birth date cross-checked); 409 RESIDENT_EXISTS on a known ID',
      security,
      middleware: [permit('residents:write')] as const,
      request: { body: { content: { 'application/json': { schema: ResidentInput } } } },
      responses: { 201: ok('the masked resident'), ...errors },
    }),
    async (c) => {
      const body = valid<Record<string, unknown>>(c, 'json');
      const pop = await popOf(c);
      const r = pop.validate(body);
      authorize(c.get('ctx'), 'residents:write', targetOf(r.communityCode));
      await knownCommunity(c, r.communityCode);
      const v = await pop.create(r, actorOf(c));
      return c.json(present(v, primaryRole(c.get('ctx'))), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/residents/move-in',
      summary:
        'Move in: a resident registered elsewhere in the district (found by ID number) is transferred to the community; otherwise registered as moved in from outside',
      security,
      middleware: [permit('residents:write')] as const,
      request: {
        body: {
          content: {
            'application/json': { schema: ResidentInput.extend({ from: z.string().max(100).optional() }) },
          },
        },
      },
      responses: { 200: ok('transferred'), 201: ok('registered'), ...errors },
    }),
    async (c) => {
      const body = valid<Record<string, unknown> & { from?: string }>(c, 'json');
      const ctx = c.get('ctx');
      const pop = await popOf(c);
      const { from, ...input } = body;
      const community = String(input.communityCode ?? '');
      if (!/^\d{12}$/.test(community)) pop.validate(input); // throws the field issues
      authorize(ctx, 'residents:write', targetOf(community));
      await knownCommunity(c, community);
      const existing =
        typeof input.idNumber === 'string' ? await pop.findByIdNumber(input.idNumber) : undefined;
      if (!existing) {
        const r = pop.validate(input);
        const v = await pop.create(r, actorOf(c), { movedInFrom: from?.trim() || 'outside' });
        return c.json(present(v, primaryRole(ctx)), 201);
      }
      const current = (await pop.getItem(existing.id, true))!;
      if (current.status === 'deceased') throw PopErrors.notActive('deceased');
      const next = pop.merged(current, input);
      const v = await pop.apply(current, next, {
        action: 'move-in',
        actor: actorOf(c),
        status: 'active',
        verified: true,
        movedInFrom: current.communityCode,
      });
      return c.json(present(v, primaryRole(ctx)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/residents/{id}',
      summary: 'One resident, masked by role',
      security,
      middleware: [permit('residents:read')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const pop = await popOf(c);
      const it = await loadResident(c, pop, id, 'residents:read');
      return c.json(present(pop.view(it), primaryRole(c.get('ctx'))), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/t/residents/{id}',
      summary:
        'Change fields (`version` = the version you saw). Sensitive changes by staff without review rights are parked for four-eyes review (202)',
      security,
      middleware: [permit('residents:write')] as const,
      request: {
        params: z.object({ id: ULID }),
        body: {
          content: {
            'application/json': {
              schema: ResidentInput.extend({ version: z.number().int().min(1).optional() }),
            },
          },
        },
      },
      responses: { 200: ok('changed'), 202: ok('parked for review'), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const { version, ...patch } = valid<Record<string, unknown> & { version?: number }>(c, 'json');
      const ctx = c.get('ctx');
      const pop = await popOf(c);
      const current = await loadResident(c, pop, id, 'residents:write');
      if (version !== undefined && version !== current.version) throw PopErrors.versionConflict();
      if (current.status !== 'active') throw PopErrors.notActive(current.status);
      const next = pop.merged(current, patch);
      if (next.communityCode !== current.communityCode) {
        authorize(ctx, 'residents:write', targetOf(next.communityCode));
        await knownCommunity(c, next.communityCode);
      }
      const before = pop.view(current) as unknown as Record<string, unknown>;
      const changed = Object.keys({ ...before, ...next }).filter(
        (k) =>
          !(META_FIELDS as readonly string[]).includes(k) &&
          JSON.stringify(before[k]) !== JSON.stringify((next as unknown as Record<string, unknown>)[k]),
      );
      const settings = await pop.settings();
      if (
        needsReview(c, settings, current.communityCode) &&
        changed.some((f) => settings.reviewFields.includes(f))
      ) {
        const review = await pop.propose(
          current,
          'update',
          next as unknown as Record<string, unknown>,
          changed,
          actorOf(c),
        );
        return c.json({ review }, 202);
      }
      const v = await pop.apply(current, next, { action: 'update', actor: actorOf(c) });
      return c.json(present(v, primaryRole(ctx)), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/residents/{id}/verify',
      summary: 'Mark the record as checked with the resident today (last-verified date)',
      security,
      middleware: [permit('residents:write')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const pop = await popOf(c);
      const current = await loadResident(c, pop, id, 'residents:write');
      const v = await pop.apply(current, pop.view(current), {
        action: 'verify',
        actor: actorOf(c),
        verified: true,
      });
      return c.json(present(v, primaryRole(c.get('ctx'))), 200);
    },
  );

  const stateChange = (kind: 'move-out' | 'death') =>
    createRoute({
      method: 'post',
      path: `/api/t/residents/{id}/${kind}`,
      summary:
        kind === 'move-out'
          ? 'Move out of the district or community (state change, not a delete)'
          : 'Record a death (state change, not a delete); reviewed by the street by default',
      security,
      middleware: [permit('residents:write')] as const,
      request: {
        params: z.object({ id: ULID }),
        body: {
          content: {
            'application/json': {
              schema: z.object({
                date: DATE,
                destination: z.string().trim().max(100).optional(),
                version: z.number().int().min(1).optional(),
              }),
            },
          },
        },
      },
      responses: { 200: ok(), 202: ok('parked for review'), ...errors },
    });

  for (const kind of ['move-out', 'death'] as const) {
    app.openapi(stateChange(kind), async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const body = valid<{ date: string; destination?: string; version?: number }>(c, 'json');
      const pop = await popOf(c);
      const current = await loadResident(c, pop, id, 'residents:write');
      if (body.version !== undefined && body.version !== current.version) throw PopErrors.versionConflict();
      if (current.status !== 'active') throw PopErrors.notActive(current.status);
      if (body.date > pop.now().toISOString().slice(0, 10))
        throw Errors.validation(undefined, {
          issues: [
            {
              field: 'date',
              code: 'DATE_IN_FUTURE',
              message: { zh: '日期不能晚于今天', en: 'The date is in the future' },
            },
          ],
        });
      const settings = await pop.settings();
      if (needsReview(c, settings, current.communityCode) && settings.reviewActions.includes(kind)) {
        const review = await pop.propose(current, kind, body, ['status'], actorOf(c));
        return c.json({ review }, 202);
      }
      const v = await applyStateChange(pop, current, kind, body, actorOf(c));
      return c.json(present(v, primaryRole(c.get('ctx'))), 200);
    });
  }

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/residents/{id}/erase',
      summary:
        'Erase a person on request (PIPL art. 47): all personal items deleted, counters corrected, a tombstone and the audit entry remain',
      security,
      middleware: [permit('residents:write')] as const,
      request: {
        params: z.object({ id: ULID }),
        body: { content: { 'application/json': { schema: z.object({ reason: reasonS }) } } },
      },
      responses: { 200: ok(), 202: ok('parked for review'), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const { reason } = valid<{ reason: string }>(c, 'json');
      const pop = await popOf(c);
      const current = await loadResident(c, pop, id, 'residents:write');
      const settings = await pop.settings();
      if (needsReview(c, settings, current.communityCode) && settings.reviewActions.includes('erase')) {
        const review = await pop.propose(current, 'erase', { reason }, ['*'], actorOf(c));
        return c.json({ review }, 202);
      }
      await pop.erase(current, actorOf(c), reason);
      return c.json({ id, erased: true }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/residents/{id}/reveal',
      summary: 'Show named fields in clear, with a reason; the view is written to the audit log',
      security,
      middleware: [permit('residents:reveal')] as const,
      request: {
        params: z.object({ id: ULID }),
        body: {
          content: {
            'application/json': {
              schema: z.object({ fields: z.array(z.string().max(40)).min(1).max(20), reason: reasonS }),
            },
          },
        },
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const { fields, reason } = valid<{ fields: string[]; reason: string }>(c, 'json');
      const ctx = c.get('ctx');
      const pop = await popOf(c);
      const current = await loadResident(c, pop, id, 'residents:reveal');
      const role = primaryRole(ctx);
      const v = pop.view(current) as unknown as Record<string, unknown>;
      const res = revealRecord(v, role, { fields, reason });
      await appendTenantAudit(c.get('store'), {
        actor: ctx.username,
        role,
        action: 'residents.reveal',
        target: id,
        channel: c.get('channel'),
        reason: res.reason,
        detail: { fields: [...res.revealed] },
      });
      const meta = Object.fromEntries(META_FIELDS.filter((k) => k in v).map((k) => [k, v[k]]));
      return c.json({ ...res.record, ...meta, revealed: res.revealed }, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/residents/{id}/history',
      summary:
        'Change history: every version with who, when, channel or import id, and the changed fields (values masked)',
      security,
      middleware: [permit('residents:read')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const pop = await popOf(c);
      await loadResident(c, pop, id, 'residents:read');
      const role = primaryRole(c.get('ctx'));
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
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/residents/{id}/thematic',
      summary:
        "The departments' thematic records about a resident, of the kinds the caller may read (sensitive fields masked)",
      security,
      middleware: [permit('thematic:read')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const ctx = c.get('ctx');
      const pop = await popOf(c);
      if (!(await pop.getItem(id))) throw PopErrors.notFound();
      const kinds = THEMATIC_KINDS.filter((k) => allows(ctx, 'thematic:read', { department: k.department }));
      const recs = await new RecordStore(pop).thematicOfSubject(id, kinds);
      return c.json({ items: recs.map((r) => maskThematic(thematicKind(String(r.value.kind))!, r)) }, 200);
    },
  );

  // ============================================================================================
  // Four-eyes review
  // ============================================================================================

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/reviews',
      summary:
        "Review queue of sensitive changes: the caller's street (street staff) or the district (admin)",
      security,
      middleware: [permit('residents:review')] as const,
      request: {
        query: z.object({
          status: z.enum(['pending', 'approved', 'rejected']).default('pending'),
          street: STREET.optional(),
          limit: limitQ,
          cursor: cursorQ,
        }),
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const q = valid<{
        status: 'pending' | 'approved' | 'rejected';
        street?: string;
        limit: number;
        cursor?: string;
      }>(c, 'query');
      const ctx = c.get('ctx');
      const limit = listConstraint(ctx, 'residents:review');
      const street = q.street ?? (limit === 'tenant' ? 'ALL' : limit.streetCode);
      if (!street) throw Errors.forbidden();
      if (street !== 'ALL') authorize(ctx, 'residents:review', { streetCode: street });
      const pop = await popOf(c);
      const r = await pop.listReviews(street, q.status, q.limit, q.cursor);
      return c.json(page(r.items, r.cursor), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/reviews/{id}',
      summary: 'One parked change with the proposed values (masked; reveal the resident for clear values)',
      security,
      middleware: [permit('residents:review')] as const,
      request: { params: z.object({ id: z.string().max(60) }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const pop = await popOf(c);
      const r = await pop.getReview(id);
      if (!r || !inScope(c.get('ctx'), 'residents:review', r.communityCode)) throw Errors.notFound();
      const role = primaryRole(c.get('ctx'));
      const { payload, ...rest } = r;
      return c.json({ ...rest, proposed: maskRecord(payload, role) }, 200);
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.openapi(
      createRoute({
        method: 'post',
        path: `/api/t/reviews/{id}/${decision}`,
        summary:
          decision === 'approve'
            ? 'Approve a parked change: it is applied in the same transaction that closes the review (not by its author)'
            : 'Reject a parked change with a note',
        security,
        middleware: [permit('residents:review')] as const,
        request: {
          params: z.object({ id: z.string().max(60) }),
          body: {
            content: {
              'application/json': { schema: z.object({ note: z.string().trim().max(500).optional() }) },
            },
          },
        },
        responses: { 200: ok(), ...errors },
      }),
      async (c) => {
        const { id } = valid<{ id: string }>(c, 'param');
        const { note } = valid<{ note?: string }>(c, 'json');
        const ctx = c.get('ctx');
        const pop = await popOf(c);
        const r = await pop.getReview(id);
        if (!r || !inScope(ctx, 'residents:review', r.communityCode)) throw Errors.notFound();
        authorize(ctx, 'residents:review', targetOf(r.communityCode));
        if (r.status !== 'pending') throw PopErrors.reviewClosed();
        if (r.proposedBy === ctx.username) throw PopErrors.selfReview();
        const reviewer = actorOf(c);
        if (decision === 'reject') {
          await pop.store.transact([
            pop.closeReviewOp(r, 'rejected', reviewer.id, note),
            {
              put: {
                pk: pop.store.keys.pk('AUDIT', new Date().toISOString().slice(0, 10)),
                sk: `${new Date().toISOString()}#${id}`,
                at: new Date().toISOString(),
                actor: reviewer.id,
                role: reviewer.role,
                action: 'residents.review.reject',
                target: r.residentId,
                channel: reviewer.channel,
                ...(note ? { reason: note } : {}),
                detail: { reviewId: id },
              },
            },
          ]);
          return c.json({ id, status: 'rejected' }, 200);
        }
        const current = await pop.getItem(r.residentId, true);
        if (!current) throw PopErrors.notFound();
        if (current.version !== r.baseVersion) throw PopErrors.versionConflict();
        // The change is the proposer's; the reviewer is recorded with it.
        const proposer: Actor = {
          id: r.proposedBy,
          role: r.proposedRole,
          channel: r.proposedChannel as Actor['channel'],
        };
        const close = pop.closeReviewOp(r, 'approved', reviewer.id, note);
        const extra = { reviewedBy: reviewer.id, reviewId: id, extraOps: [close] };
        if (r.action === 'erase') {
          await pop.erase(current, proposer, String(r.payload.reason ?? ''), extra);
          return c.json({ id, status: 'approved', erased: true }, 200);
        }
        const v =
          r.action === 'update'
            ? await pop.apply(current, pop.merged(current, r.payload), {
                action: 'update',
                actor: proposer,
                ...extra,
              })
            : await applyStateChange(
                pop,
                current,
                r.action,
                r.payload as { date: string; destination?: string },
                proposer,
                extra,
              );
        return c.json({ id, status: 'approved', resident: present(v, primaryRole(ctx)) }, 200);
      },
    );
  }

  // ============================================================================================
  // Settings and kinds
  // ============================================================================================

  const Settings = z.object({
    fourEyes: z.boolean(),
    reviewFields: z.array(
      z.enum([
        'name',
        'idNumber',
        'registration',
        'tags',
        'mobile',
        'communityCode',
        'politicalStatus',
        'ethnicity',
      ]),
    ),
    reviewActions: z.array(z.enum(['death', 'move-out', 'erase'])),
    staleAfterDays: z.number().int().min(1).max(3650),
  });

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/population/settings',
      summary: 'Four-eyes review and freshness settings of the district',
      security,
      middleware: [permit('residents:read')] as const,
      responses: { 200: ok(), ...errors },
    }),
    async (c) => c.json(await (await popOf(c)).settings(), 200),
  );

  app.openapi(
    createRoute({
      method: 'put',
      path: '/api/t/population/settings',
      summary: 'Configure four-eyes review (which fields and state changes) and the freshness threshold',
      security,
      middleware: [permit('modules:configure')] as const,
      request: { body: { content: { 'application/json': { schema: Settings } } } },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const body = valid<PopulationSettings>(c, 'json');
      const pop = await popOf(c);
      await pop.saveSettings(body, actorOf(c));
      return c.json(body, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/thematic-kinds',
      summary:
        'Thematic record kinds: department, module (and whether it is on), fields with labels and sensitivity',
      security,
      middleware: [permit('tenant:read')] as const,
      responses: { 200: ok(), ...errors },
    }),
    (c) => {
      const tenant = c.get('ctx').tenant!;
      const on = deps.modulesFor(tenant);
      return c.json(
        { items: THEMATIC_KINDS.map((k) => ({ ...describeKind(k), enabled: on.includes(k.module) })) },
        200,
      );
    },
  );

  // ============================================================================================
  // Households, buildings, housing units, organizations
  // ============================================================================================

  const communityList = (
    path: string,
    summary: string,
    list: (
      rs: RecordStore,
      q: { community: string; limit: number; cursor?: string; type?: string },
      role: Role,
    ) => Promise<unknown>,
    extra: z.ZodRawShape = {},
  ) =>
    app.openapi(
      createRoute({
        method: 'get',
        path,
        summary,
        security,
        middleware: [permit('residents:read')] as const,
        request: { query: z.object({ community: COMMUNITY, limit: limitQ, cursor: cursorQ, ...extra }) },
        responses: { 200: ok(), ...errors },
      }),
      async (c) => {
        const q = valid<{ community: string; limit: number; cursor?: string; type?: string }>(c, 'query');
        authorize(c.get('ctx'), 'residents:read', targetOf(q.community));
        return c.json(
          (await list(new RecordStore(await popOf(c)), q, primaryRole(c.get('ctx')))) as Record<
            string,
            unknown
          >,
          200,
        );
      },
    );

  const maskHousehold = (r: Record<string, unknown>, role: Role) => {
    const value = r.value as Record<string, unknown>;
    const { building, unit, room, ...rest } = value;
    return { ...r, value: { ...rest, ...maskRecord({ building, unit, room }, role) } };
  };

  communityList(
    '/api/t/households',
    'Households of a community (members by resident id)',
    async (rs, q, role) => {
      const r = await rs.listHouseholds(q.community, q.limit, q.cursor);
      return {
        ...r,
        items: r.items.map((i) => maskHousehold(i as unknown as Record<string, unknown>, role)),
      };
    },
  );

  const writeBody = (
    summary: string,
    path: string,
    method: 'post' | 'put' | 'patch' = 'post',
    params?: z.ZodObject<z.ZodRawShape>,
  ) =>
    createRoute({
      method,
      path,
      summary,
      security,
      middleware: [permit('residents:write')] as const,
      request: {
        ...(params ? { params } : {}),
        body: { content: { 'application/json': { schema: Any } } },
      },
      responses: { 200: ok(), 201: ok('created'), ...errors },
    });

  const assertWrite = async (c: C, communityCode: unknown) => {
    if (typeof communityCode !== 'string' || !/^\d{12}$/.test(communityCode)) return; // validation reports it
    authorize(c.get('ctx'), 'residents:write', targetOf(communityCode));
    await knownCommunity(c, communityCode);
  };

  app.openapi(
    writeBody(
      'Create or replace a household (members given by ID number, stored by resident id)',
      '/api/t/households',
    ),
    async (c) => {
      const body = valid<Record<string, unknown>>(c, 'json');
      await assertWrite(c, body.communityCode);
      const rs = new RecordStore(await popOf(c));
      const prevRef =
        typeof body.householdRef === 'string'
          ? await rs.getHousehold(body.householdRef).catch(() => undefined)
          : undefined;
      if (prevRef) authorize(c.get('ctx'), 'residents:write', targetOf(prevRef.communityCode));
      const r = await rs.saveHousehold(
        body,
        actorOf(c),
        typeof body.version === 'number' ? body.version : undefined,
      );
      return c.json(r as unknown as Record<string, unknown>, prevRef ? 200 : 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/households/{ref}',
      summary: 'One household',
      security,
      middleware: [permit('residents:read')] as const,
      request: { params: z.object({ ref: z.string().min(1).max(40) }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { ref } = valid<{ ref: string }>(c, 'param');
      const rs = new RecordStore(await popOf(c));
      const h = ref.includes('#') ? undefined : await rs.getHousehold(ref);
      if (!h || !inScope(c.get('ctx'), 'residents:read', h.communityCode)) throw Errors.notFound();
      return c.json(maskHousehold(h as unknown as Record<string, unknown>, primaryRole(c.get('ctx'))), 200);
    },
  );

  app.openapi(
    writeBody(
      'Change a household where it stands (`version` required): only the fields given change; `members` (when given) names kept members by `residentId`, new ones by `idNumber`',
      '/api/t/households/{ref}',
      'patch',
      z.object({ ref: z.string().min(1).max(40) }),
    ),
    async (c) => {
      const { ref } = valid<{ ref: string }>(c, 'param');
      const { version, ...patch } = valid<Record<string, unknown>>(c, 'json');
      const rs = new RecordStore(await popOf(c));
      const cur = ref.includes('#') ? undefined : await rs.getHousehold(ref);
      if (!cur || !inScope(c.get('ctx'), 'residents:read', cur.communityCode)) throw Errors.notFound();
      authorize(c.get('ctx'), 'residents:write', targetOf(cur.communityCode));
      if (typeof version !== 'number')
        throw Errors.validation(undefined, {
          issues: [
            {
              field: 'version',
              code: 'VERSION_REQUIRED',
              message: { zh: '请提供您看到的版本号', en: 'Give the version you saw' },
            },
          ],
        });
      const r = await rs.patchHousehold(ref, patch, actorOf(c), version);
      if (!r) throw Errors.notFound();
      return c.json(maskHousehold(r as unknown as Record<string, unknown>, primaryRole(c.get('ctx'))), 200);
    },
  );

  communityList('/api/t/buildings', 'Buildings of a community', (rs, q) =>
    rs.listBuildings(q.community, q.limit, q.cursor),
  );

  app.openapi(
    writeBody(
      'Create or replace a building (`version` = the version you saw, to replace safely)',
      '/api/t/buildings',
    ),
    async (c) => {
      const body = valid<Record<string, unknown>>(c, 'json');
      await assertWrite(c, body.communityCode);
      const r = await new RecordStore(await popOf(c)).saveBuilding(
        body,
        actorOf(c),
        typeof body.version === 'number' ? body.version : undefined,
      );
      return c.json(r as unknown as Record<string, unknown>, r.version === 1 ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/buildings/{community}/{number}/units',
      summary: 'Housing units of a building (use, tenure, occupancy)',
      security,
      middleware: [permit('residents:read')] as const,
      request: {
        params: z.object({ community: COMMUNITY, number: z.string().min(1).max(20) }),
        query: z.object({ limit: limitQ, cursor: cursorQ }),
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const p = valid<{ community: string; number: string }>(c, 'param');
      const q = valid<{ limit: number; cursor?: string }>(c, 'query');
      authorize(c.get('ctx'), 'residents:read', targetOf(p.community));
      const r = await new RecordStore(await popOf(c)).listUnits(p.community, p.number, q.limit, q.cursor);
      return c.json(r as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    writeBody(
      'Create or replace a housing unit (occupancy counted for the district analytics)',
      '/api/t/housing-units',
    ),
    async (c) => {
      const body = valid<Record<string, unknown>>(c, 'json');
      await assertWrite(c, body.communityCode);
      const r = await new RecordStore(await popOf(c)).saveUnit(
        body,
        actorOf(c),
        typeof body.version === 'number' ? body.version : undefined,
      );
      return c.json(r as unknown as Record<string, unknown>, r.version === 1 ? 201 : 200);
    },
  );

  communityList(
    '/api/t/grids',
    'Grids (网格) of a community: code, name, the buildings they cover, the grid worker',
    (rs, q) => rs.listGrids(q.community, q.limit, q.cursor),
  );

  app.openapi(
    writeBody(
      'Create or replace a grid (`version` = the version you saw when replacing); its buildings must be registered and in no other grid',
      '/api/t/grids',
    ),
    async (c) => {
      const body = valid<Record<string, unknown>>(c, 'json');
      await assertWrite(c, body.communityCode);
      const r = await new RecordStore(await popOf(c)).saveGrid(
        body,
        actorOf(c),
        typeof body.version === 'number' ? body.version : undefined,
      );
      return c.json(r as unknown as Record<string, unknown>, r.version === 1 ? 201 : 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/grids/{community}/{code}/residents',
      summary: 'Active residents living in a grid’s buildings (masked by role), building by building',
      security,
      middleware: [permit('residents:read')] as const,
      request: {
        params: z.object({ community: COMMUNITY, code: z.string().regex(/^[0-9A-Za-z-]{1,20}$/) }),
        query: z.object({ limit: limitQ, cursor: cursorQ }),
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const p = valid<{ community: string; code: string }>(c, 'param');
      const q = valid<{ limit: number; cursor?: string }>(c, 'query');
      const ctx = c.get('ctx');
      if (!inScope(ctx, 'residents:read', p.community)) throw Errors.notFound();
      const rs = new RecordStore(await popOf(c));
      const grid = await rs.getGrid(p.community, p.code);
      if (!grid) throw Errors.notFound();
      const r = await rs.listGridResidents(grid.value, q.limit, q.cursor);
      const role = primaryRole(ctx);
      return c.json(
        page(
          r.items.map((v) => present(v, role)),
          r.cursor,
        ),
        200,
      );
    },
  );

  /** An organization's contact person is personal information: masked by role like a resident's. */
  const maskOrganization = <T extends { value: unknown }>(r: T, role: Role): T => {
    const { contactName, contactMobile, ...rest } = r.value as Record<string, unknown>;
    return { ...r, value: { ...rest, ...maskRecord({ contactName, contactMobile }, role) } };
  };

  communityList(
    '/api/t/organizations',
    'Community organizations (party branches, volunteer teams, civil organizations, businesses; contact masked)',
    async (rs, q, role) => {
      const r = await rs.listOrganizations(q.community, q.type, q.limit, q.cursor);
      return { ...r, items: r.items.map((i) => maskOrganization(i, role)) };
    },
    { type: z.enum(['party-branch', 'volunteer-team', 'civil-organization', 'business']).optional() },
  );

  app.openapi(
    writeBody(
      'Register an organization; a failed GB 32100 credit-code check is returned in `warnings`, not rejected',
      '/api/t/organizations',
    ),
    async (c) => {
      const body = valid<Record<string, unknown>>(c, 'json');
      await assertWrite(c, body.communityCode);
      const r = await new RecordStore(await popOf(c)).saveOrganization(body, actorOf(c));
      return c.json(r as unknown as Record<string, unknown>, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/organizations/{id}',
      summary: 'One organization (contact masked)',
      security,
      middleware: [permit('residents:read')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const r = await new RecordStore(await popOf(c)).getOrganization(id);
      if (!r || !inScope(c.get('ctx'), 'residents:read', r.communityCode)) throw Errors.notFound();
      return c.json(
        maskOrganization(r, primaryRole(c.get('ctx'))) as unknown as Record<string, unknown>,
        200,
      );
    },
  );

  app.openapi(
    writeBody(
      'Change an organization (`version` = the version you saw)',
      '/api/t/organizations/{id}',
      'patch',
      z.object({ id: ULID }),
    ),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const { version, ...patch } = valid<Record<string, unknown>>(c, 'json');
      const rs = new RecordStore(await popOf(c));
      const cur = await rs.getOrganization(id);
      if (!cur || !inScope(c.get('ctx'), 'residents:read', cur.communityCode)) throw Errors.notFound();
      authorize(c.get('ctx'), 'residents:write', targetOf(cur.communityCode));
      const merged = { ...cur.value, ...patch };
      await assertWrite(c, merged.communityCode);
      const r = await rs.saveOrganization(
        merged,
        actorOf(c),
        id,
        typeof version === 'number' ? version : undefined,
      );
      return c.json(r as unknown as Record<string, unknown>, 200);
    },
  );

  // ============================================================================================
  // Thematic records (one generic CRUD for every kind)
  // ============================================================================================

  const kindOf = (c: C, key: string, action: 'thematic:read' | 'thematic:write'): ThematicKind => {
    const k = thematicKind(key);
    if (!k) throw Errors.notFound({ zh: `专题类型 ${key}`, en: `thematic kind ${key}` });
    if (!deps.modulesFor(c.get('ctx').tenant!).includes(k.module))
      throw Errors.moduleNotEnabled({ zh: k.module, en: k.module });
    authorize(c.get('ctx'), action, { department: k.department });
    return k;
  };

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/thematic/{kind}',
      summary:
        "A department's thematic records of one kind, in a community or district-wide (sensitive fields masked)",
      security,
      middleware: [permit('thematic:read')] as const,
      request: {
        params: z.object({ kind: z.string().max(40) }),
        query: z.object({ community: COMMUNITY.optional(), limit: limitQ, cursor: cursorQ }),
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { kind } = valid<{ kind: string }>(c, 'param');
      const q = valid<{ community?: string; limit: number; cursor?: string }>(c, 'query');
      const k = kindOf(c, kind, 'thematic:read');
      const rs = new RecordStore(await popOf(c));
      // Departments work district-wide: without a community, community after community.
      const communities = q.community
        ? [q.community]
        : (await listCommunities(c.get('store'))).map((x) => x.code);
      const r = await rs.listThematicIn(k, communities, q.limit, q.cursor);
      return c.json(
        page(
          r.items.map((x) => maskThematic(k, x)),
          r.cursor,
        ),
        200,
      );
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/thematic/{kind}',
      summary: 'Create a thematic record about a resident (or organization) — validated by the kind’s schema',
      security,
      middleware: [permit('thematic:write')] as const,
      request: {
        params: z.object({ kind: z.string().max(40) }),
        body: { content: { 'application/json': { schema: z.object({ subjectId: ULID, data: Any }) } } },
      },
      responses: { 201: ok(), ...errors },
    }),
    async (c) => {
      const { kind } = valid<{ kind: string }>(c, 'param');
      const body = valid<{ subjectId: string; data: unknown }>(c, 'json');
      const k = kindOf(c, kind, 'thematic:write');
      const pop = await popOf(c);
      const rs = new RecordStore(pop);
      const subject =
        k.subject === 'resident'
          ? await pop.getItem(body.subjectId)
          : await rs.getOrganization(body.subjectId);
      if (!subject) throw Errors.notFound({ zh: '记录对象', en: 'subject' });
      const r = await rs.saveThematic(
        k,
        { subjectId: body.subjectId, communityCode: subject.communityCode, data: body.data },
        actorOf(c),
      );
      return c.json(maskThematic(k, r), 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/thematic/{kind}/{id}',
      summary: 'One thematic record (sensitive fields masked)',
      security,
      middleware: [permit('thematic:read')] as const,
      request: { params: z.object({ kind: z.string().max(40), id: ULID }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { kind, id } = valid<{ kind: string; id: string }>(c, 'param');
      const k = kindOf(c, kind, 'thematic:read');
      const r = await new RecordStore(await popOf(c)).getThematic(k, id);
      if (!r) throw Errors.notFound();
      return c.json(maskThematic(k, r), 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'patch',
      path: '/api/t/thematic/{kind}/{id}',
      summary: 'Change a thematic record (`data` merged; `version` = the version you saw)',
      security,
      middleware: [permit('thematic:write')] as const,
      request: {
        params: z.object({ kind: z.string().max(40), id: ULID }),
        body: {
          content: {
            'application/json': { schema: z.object({ data: Any, version: z.number().int().optional() }) },
          },
        },
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { kind, id } = valid<{ kind: string; id: string }>(c, 'param');
      const body = valid<{ data: Record<string, unknown>; version?: number }>(c, 'json');
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
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/thematic/{kind}/{id}/reveal',
      summary: 'Sensitive thematic fields in clear, with a reason (audited)',
      security,
      middleware: [permit('thematic:read')] as const,
      request: {
        params: z.object({ kind: z.string().max(40), id: ULID }),
        body: { content: { 'application/json': { schema: z.object({ reason: reasonS }) } } },
      },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { kind, id } = valid<{ kind: string; id: string }>(c, 'param');
      const { reason } = valid<{ reason: string }>(c, 'json');
      const k = kindOf(c, kind, 'thematic:read');
      const ctx = c.get('ctx');
      // Only the owning department reveals its sensitive fields; a district admin sees them masked.
      if (ctx.scope.department !== k.department)
        throw Errors.forbidden({ zh: k.department, en: k.department });
      const r = await new RecordStore(await popOf(c)).getThematic(k, id);
      if (!r) throw Errors.notFound();
      await appendTenantAudit(c.get('store'), {
        actor: ctx.username,
        role: primaryRole(ctx),
        action: `thematic.${k.key}.reveal`,
        target: id,
        channel: c.get('channel'),
        reason,
        detail: { fields: k.sensitive },
      });
      return c.json(r as unknown as Record<string, unknown>, 200);
    },
  );

  // ============================================================================================
  // Import, template, export
  // ============================================================================================

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/imports/template',
      summary: 'The resident import template (CSV UTF-8 with BOM, or XLSX with a 填写说明 sheet)',
      security,
      middleware: [permit('residents:import')] as const,
      request: {
        query: z.object({ format: z.enum(['csv', 'xlsx']).default('xlsx'), community: COMMUNITY.optional() }),
      },
      responses: {
        200: {
          description: 'the template',
          content: {
            'text/csv': { schema: { type: 'string' as const } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string' as const, format: 'binary' },
            },
          },
        },
        ...errors,
      },
    }),
    async (c) => {
      const q = valid<{ format: 'csv' | 'xlsx'; community?: string }>(c, 'query');
      if (q.community) await knownCommunity(c, q.community);
      // The example row names a community the caller may import into (not another district's).
      const community =
        q.community ?? c.get('ctx').scope.communityCode ?? (await communitiesFor(c, 'residents:import'))[0];
      if (q.format === 'csv')
        return c.body(new Uint8Array(residentTemplateCsv(community)), 200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="residents-template.csv"; filename*=UTF-8''${encodeURIComponent('居民导入模板.csv')}`,
        });
      return c.body(new Uint8Array(await residentTemplateXlsx(community)), 200, {
        'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        'content-disposition': `attachment; filename="residents-template.xlsx"; filename*=UTF-8''${encodeURIComponent('居民导入模板.xlsx')}`,
      });
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/imports/residents',
      summary:
        'Import residents from CSV (UTF-8/GBK/UTF-16) or XLSX, streamed: the raw file as the body (preferred) or multipart field `file`. Valid rows in, invalid rows reported; re-upload is idempotent (dedupe by ID number)',
      security,
      middleware: [permit('residents:import')] as const,
      request: {
        query: z.object({ community: COMMUNITY.optional(), filename: z.string().max(200).optional() }),
        body: {
          content: {
            'text/csv': { schema: { type: 'string' as const } },
            'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
              schema: { type: 'string' as const, format: 'binary' },
            },
            'multipart/form-data': {
              schema: {
                type: 'object' as const,
                properties: { file: { type: 'string' as const, format: 'binary' } },
              },
            },
          },
        },
      },
      responses: {
        201: ok('the import summary (`id` for the report)'),
        415: problemResponse('not CSV/XLSX'),
        ...errors,
      },
    }),
    async (c) => {
      const q = valid<{ community?: string; filename?: string }>(c, 'query');
      const ctx = c.get('ctx');
      const def = q.community ?? ctx.scope.communityCode;
      if (def) authorize(ctx, 'residents:import', targetOf(def));
      if (q.community) await knownCommunity(c, q.community);
      const allowed = new Set(await communitiesFor(c, 'residents:import'));
      const type = c.req.header('content-type') ?? '';
      let input: AsyncIterable<Buffer | string>;
      let filename = q.filename;
      if (type.startsWith('multipart/form-data')) {
        const form = await c.req.parseBody();
        const file = form.file;
        if (!(file instanceof File))
          throw Errors.validation(undefined, {
            issues: [
              {
                field: 'file',
                code: 'IMPORT_FILE_REQUIRED',
                message: { zh: '请选择文件', en: 'Choose a file' },
              },
            ],
          });
        filename ??= file.name;
        input = Readable.fromWeb(file.stream() as never);
      } else {
        const body = c.req.raw.body;
        if (!body) throw Errors.validation({ zh: '请求体为空', en: 'empty body' });
        input = Readable.fromWeb(body as never);
      }
      const pop = await popOf(c);
      const summary = await runImportJob(pop, input, {
        actor: actorOf(c),
        communities: allowed,
        ...(def ? { defaultCommunityCode: def } : {}),
        ...(filename ? { filename } : {}),
        ...(type && !type.startsWith('multipart/') ? { contentType: type } : {}),
      });
      if (summary.fileError && summary.rows === 0) {
        const status = summary.fileError.code === 'IMPORT_UNSUPPORTED_FORMAT' ? 415 : 400;
        // Nothing was imported: the file itself was refused (problem+json, with the import id).
        return new Response(
          JSON.stringify({
            type: `https://linli.example.cn/problems/${summary.fileError.code.toLowerCase().replaceAll('_', '-')}`,
            title: summary.fileError.message.zh,
            status,
            code: summary.fileError.code,
            detail: summary.fileError.message.zh,
            message: summary.fileError.message,
            importId: summary.id,
            summary,
          }),
          { status, headers: { 'content-type': 'application/problem+json; charset=utf-8' } },
        ) as never;
      }
      return c.json(summary as unknown as Record<string, unknown>, 201);
    },
  );

  const importDeps = () => {
    if (!deps.importFiles || !deps.importRunner)
      throw new LinliError('IMPORTS_UNAVAILABLE', 503, {
        zh: '大文件导入服务未配置',
        en: 'Background imports are not configured',
      });
    return { files: deps.importFiles, runner: deps.importRunner };
  };
  /** The job, if the caller started it or may import district-wide; otherwise 404. */
  const ownJob = async (c: C, pop: PopulationStore, id: string) => {
    const s = await getImportJob(pop, id);
    if (
      !s ||
      (s.by !== c.get('ctx').username && listConstraint(c.get('ctx'), 'residents:import') !== 'tenant')
    )
      throw Errors.notFound();
    return s;
  };

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/imports',
      summary:
        'Start a background import of a large file: answers an upload form (POST multipart/form-data: `fields`, then `file`; S3 presigned POST in AWS) valid for 15 minutes. Upload, then `POST /api/t/imports/{id}/start`, then poll `GET /api/t/imports/{id}`',
      security,
      middleware: [permit('residents:import')] as const,
      request: {
        body: {
          content: {
            'application/json': {
              schema: z.object({
                filename: z.string().trim().min(1).max(200),
                size: z.number().int().min(1),
                /** Ignored: the type follows the file's extension. */
                contentType: z.string().max(200).optional(),
                community: COMMUNITY.optional(),
              }),
            },
          },
        },
      },
      responses: {
        201: ok('the job (`awaiting-upload`) and its upload form'),
        413: problemResponse('file too large'),
        415: problemResponse('not CSV/XLSX'),
        503: problemResponse('background imports not configured'),
        ...errors,
      },
    }),
    async (c) => {
      const body = valid<{ filename: string; size: number; contentType?: string; community?: string }>(
        c,
        'json',
      );
      const { files } = importDeps();
      const ctx = c.get('ctx');
      const def = body.community ?? ctx.scope.communityCode;
      if (def) authorize(ctx, 'residents:import', targetOf(def));
      if (body.community) await knownCommunity(c, body.community);
      const ext = /\.([a-z0-9]+)$/i.exec(body.filename)?.[1]?.toLowerCase();
      if (!ext || !['csv', 'txt', 'xlsx'].includes(ext))
        throw new LinliError('IMPORT_UNSUPPORTED_FORMAT', 415, {
          zh: '仅支持 CSV（.csv/.txt）或 Excel（.xlsx）文件',
          en: 'Only CSV (.csv/.txt) or Excel (.xlsx) files can be imported',
        });
      if (body.size > MAX_IMPORT_BYTES)
        throw new LinliError('IMPORT_FILE_TOO_LARGE', 413, {
          zh: `文件过大（上限 ${MAX_IMPORT_BYTES / 1024 / 1024} MB），请拆分后分别导入`,
          en: `The file is too large (limit ${MAX_IMPORT_BYTES / 1024 / 1024} MB); split it and import the parts`,
        });
      // The type follows the extension (browsers label a .csv `application/vnd.ms-excel` where
      // Excel is installed); the upload form pins it, and the parser reads it.
      const contentType =
        ext === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv';
      const pop = await popOf(c);
      const job = await createImportJob(pop, {
        filename: body.filename,
        size: body.size,
        contentType,
        communities: await communitiesFor(c, 'residents:import'),
        actor: { ...actorOf(c), channel: 'import' },
        ...(def ? { defaultCommunityCode: def } : {}),
      });
      const upload = await files.target(ctx.tenant!.id, job.id, { contentType, maxBytes: body.size });
      return c.json({ ...job, upload, maxBytes: body.size }, 201);
    },
  );

  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/t/imports/{id}/start',
      summary: 'The file is uploaded: queue the import (answers at once; poll the job for progress)',
      security,
      middleware: [permit('residents:import')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: {
        202: ok('the job, `queued`'),
        503: problemResponse('background imports not configured'),
        ...errors,
      },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const { files, runner } = importDeps();
      const pop = await popOf(c);
      const job = await ownJob(c, pop, id);
      const tenantId = c.get('ctx').tenant!.id;
      const alreadyStarted = () =>
        new LinliError('IMPORT_ALREADY_STARTED', 409, {
          zh: '该导入已开始或已结束',
          en: 'This import has already started or finished',
        });
      if (job.status !== 'awaiting-upload') throw alreadyStarted();
      if (!(await files.exists(tenantId, id))) throw fileMissing();
      if (!(await queueImportJob(pop, id))) throw alreadyStarted();
      try {
        await runner.start({ tenantId, importId: id });
      } catch (err) {
        await failImportJob(pop, id, err);
        throw new LinliError('IMPORTS_UNAVAILABLE', 503, {
          zh: '导入任务未能启动，请稍后重新上传',
          en: 'The import could not be started; upload the file again later',
        });
      }
      return c.json({ ...job, status: 'queued' }, 202);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/imports/{id}',
      summary:
        'An import: its status (`awaiting-upload`, `queued`, `running` with progress, `done` with the summary, `failed` with the error)',
      security,
      middleware: [permit('residents:import')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const s = await ownJob(c, await popOf(c), id);
      return c.json(s as unknown as Record<string, unknown>, 200);
    },
  );

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/imports/{id}/report',
      summary: 'The row-level report as CSV (row, field, code, message_zh, message_en; UTF-8 with BOM)',
      security,
      middleware: [permit('residents:import')] as const,
      request: { params: z.object({ id: ULID }) },
      responses: { 200: csv('the report'), ...errors },
    }),
    async (c) => {
      const { id } = valid<{ id: string }>(c, 'param');
      const pop = await popOf(c);
      const s = await ownJob(c, pop, id);
      if (s.status !== 'done') throw Errors.notFound();
      const body = (await getImportReportCsv(pop, id)) ?? Buffer.alloc(0);
      return c.body(new Uint8Array(body), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="import-${id}-report.csv"`,
      });
    },
  );

  app.openapi(
    createRoute({
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
                community: COMMUNITY.optional(),
                street: STREET.optional(),
                status: z.enum(STATUSES).default('active'),
                unmasked: z.boolean().default(false),
              }),
            },
          },
        },
      },
      responses: { 200: csv('the export'), ...errors },
    }),
    async (c) => {
      const body = valid<{
        purpose: string;
        community?: string;
        street?: string;
        status: ResidentStatus;
        unmasked: boolean;
      }>(c, 'json');
      const ctx = c.get('ctx');
      const role = primaryRole(ctx);
      const communities = await communitiesFor(c, 'residents:export', {
        ...(body.street ? { street: body.street } : {}),
        ...(body.community ? { community: body.community } : {}),
      });
      if (body.unmasked) for (const cc of communities) authorize(ctx, 'residents:reveal', targetOf(cc));
      const pop = await popOf(c);
      await appendTenantAudit(c.get('store'), {
        actor: ctx.username,
        role,
        action: body.unmasked ? 'residents.export.unmasked' : 'residents.export',
        target: body.community ?? body.street ?? 'district',
        channel: c.get('channel'),
        reason: body.purpose,
        detail: { communities: communities.length, status: body.status },
      });
      const header = IMPORT_COLUMNS.map((col) => col.zh);
      const line = (cells: unknown[]) =>
        `${cells
          .map((v) => {
            let s = v === undefined || v === null ? '' : Array.isArray(v) ? v.join('、') : String(v);
            if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
            return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
          })
          .join(',')}\r\n`;
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
                  const rec = (body.unmasked ? v : present(v, role)) as Record<string, unknown>;
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
    },
  );

  // ============================================================================================
  // Analytics
  // ============================================================================================

  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/t/analytics/population',
      summary:
        'District analytics from write-time counters (no scans): pyramid by 5-year band × sex, registration, tags, moves, households, housing occupancy, organizations; by community',
      security,
      middleware: [permit('analytics:read')] as const,
      request: { query: z.object({ street: STREET.optional(), community: COMMUNITY.optional() }) },
      responses: { 200: ok(), ...errors },
    }),
    async (c) => {
      const q = valid<{ street?: string; community?: string }>(c, 'query');
      const ctx = c.get('ctx');
      if (q.community) authorize(ctx, 'analytics:read', targetOf(q.community));
      else if (q.street) authorize(ctx, 'analytics:read', { streetCode: q.street });
      const limit = listConstraint(ctx, 'analytics:read');
      const scope = q.community
        ? { community: q.community }
        : q.street
          ? { street: q.street }
          : limit === 'tenant'
            ? {}
            : limit.communityCode
              ? { community: limit.communityCode }
              : limit.streetCode
                ? { street: limit.streetCode }
                : undefined;
      if (!scope) throw Errors.forbidden();
      return c.json((await readStats(c.get('store'), scope)) as unknown as Record<string, unknown>, 200);
    },
  );
};

/** State changes shared by the direct route and an approved review. */
const applyStateChange = (
  pop: PopulationStore,
  current: ResidentItem,
  kind: 'move-out' | 'death',
  body: { date: string; destination?: string },
  actor: Actor,
  extra: {
    reviewedBy?: string;
    reviewId?: string;
    extraOps?: never[] | ReturnType<PopulationStore['closeReviewOp']>[];
  } = {},
) =>
  pop.apply(current, pop.view(current), {
    action: kind,
    actor,
    status: kind === 'move-out' ? 'moved-out' : 'deceased',
    ...(kind === 'move-out'
      ? { movedOut: { date: body.date, ...(body.destination ? { destination: body.destination } : {}) } }
      : { deceased: { date: body.date } }),
    ...(extra.reviewedBy ? { reviewedBy: extra.reviewedBy } : {}),
    ...(extra.reviewId ? { reviewId: extra.reviewId } : {}),
    ...(extra.extraOps ? { extraOps: extra.extraOps } : {}),
  });

/** Sensitive thematic fields are masked for every role by default (reveal with a reason). */
const maskThematic = (k: ThematicKind, r: StoredRecord<Record<string, unknown>>) => {
  const data = { ...(r.value.data as Record<string, unknown>) };
  for (const f of k.sensitive) if (data[f] !== undefined) data[f] = maskValue('sensitive', data[f]);
  return { ...r, value: { ...r.value, data }, masked: k.sensitive };
};
