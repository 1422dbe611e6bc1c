/**
 * What the population route files share: the per-tenant store (with its cached data-key cipher),
 * the acting user, scope decisions, and the presenters that mask records by role.
 */
import {
  type Action,
  allows,
  authorize,
  authorizeCommunity,
  listConstraint,
  type RequestContext,
} from '@linli/auth';
import { Errors, isCommunityCode, LinliError } from '@linli/core';
import {
  type Actor,
  assertMayFilter,
  fieldKind,
  maskRecord,
  maskValue,
  PopErrors,
  type PopulationSettings,
  PopulationStore,
  type ResidentItem,
  type ResidentView,
  revealRecord,
  type StoredRecord,
  TenantCipher,
  type ThematicKind,
} from '@linli/population';
import { ROLES, type Role } from '@linli/tables';
import { listCommunities } from '@linli/tenancy';
import type { Context } from 'hono';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { problems } from '../../openapi.ts';

export type C = Context<AppEnv>;

/** The problem responses every population route can answer (503: no key service for the data keys). */
export const errors = problems([400, 401, 403, 404, 409, 429, 503]);

/** The population package bound to the caller's tenant: `popOf(c)`. */
export interface PopulationContext {
  readonly deps: ApiDeps;
  readonly popOf: (c: C) => Promise<PopulationStore>;
}

/**
 * The tenant's data-key cipher (sealed numbers, keyed hashes), unwrapped once per tenant and kept
 * in `ciphers`; a failed unwrap is dropped, so the next request tries again.
 */
export const cachedCipher = (
  deps: ApiDeps,
  ciphers: Map<string, Promise<TenantCipher>>,
  tenantId: string,
): Promise<TenantCipher> => {
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

/** One per app: data-key ciphers are unwrapped once per tenant and kept (a failed unwrap is retried). */
const contexts = new WeakMap<ApiDeps, PopulationContext>();

/**
 * The population context of an app's deps: one per deps object, so the route groups that read
 * population records (the database, imports and exports, volunteers) share one cache of the
 * districts' data keys.
 */
export const populationContext = (deps: ApiDeps): PopulationContext => {
  const known = contexts.get(deps);
  if (known) return known;
  const ciphers = new Map<string, Promise<TenantCipher>>();
  const cipherFor = (tenantId: string) => cachedCipher(deps, ciphers, tenantId);
  const pop: PopulationContext = {
    deps,
    popOf: async (c) => {
      const t = c.get('ctx').tenant!;
      return new PopulationStore(c.get('store'), await cipherFor(t.id), { districtCode: t.divisionCode });
    },
  };
  contexts.set(deps, pop);
  return pop;
};

// --- who and where ----------------------------------------------------------------------------

/** Tenant roles in the matrix's order; the first one a user holds decides their masking. */
export const primaryRole = (ctx: RequestContext): Role => {
  for (const r of ROLES) if (ctx.roles.includes(r)) return r;
  throw Errors.forbidden();
};

export const roleOf = (c: C): Role => primaryRole(c.get('ctx'));

export const actorOf = (c: C): Actor => {
  const ctx = c.get('ctx');
  return { id: ctx.sub, name: ctx.username, role: primaryRole(ctx), channel: c.get('channel') };
};

export const targetOf = (communityCode: string) => ({ communityCode, streetCode: communityCode.slice(0, 9) });

/** Hide a record's existence from callers outside its community/street (404, not 403). */
export const inScope = (ctx: RequestContext, action: Action, communityCode: string) =>
  allows(ctx, action, targetOf(communityCode));

export const knownCommunity = async (c: C, code: string) => {
  const all = await listCommunities(c.get('store'), code.slice(0, 9));
  if (!all.some((x) => x.code === code)) throw PopErrors.unknownCommunity();
};

/** Communities of the district inside the caller's grant for `action`, optionally narrowed. */
export const communitiesFor = async (
  c: C,
  action: Action,
  narrow: { street?: string | undefined; community?: string | undefined } = {},
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

/**
 * The check before every base-record write: the community it lands in, exactly as sent. Not a
 * community code (a number, a padded string, missing) → 400 before anything else; outside the
 * caller's grant → 403 (`authorizeCommunity`, which fails closed on its own too). Issue 11: this
 * used to return early on a malformed code and let the validator coerce it into somewhere else.
 */
export const assertWrite = async (c: C, communityCode: unknown) => {
  if (!isCommunityCode(communityCode))
    throw Errors.validation(undefined, {
      issues: [
        {
          field: 'communityCode',
          code: communityCode === undefined ? 'COMMUNITY_CODE_REQUIRED' : 'COMMUNITY_CODE_FORMAT',
          message: { zh: '社区代码应为 12 位数字的字符串', en: 'The community code is a 12-digit string' },
        },
      ],
    });
  authorizeCommunity(c.get('ctx'), 'residents:write', communityCode);
  await knownCommunity(c, communityCode);
};

/**
 * Filters obey masking: refuse (403 FILTER_NOT_ALLOWED) a list narrowed by a field the caller's
 * role is not shown — the list itself would disclose it.
 */
export const assertFilters = (c: C, fields: readonly (string | false | undefined)[]) =>
  assertMayFilter(
    roleOf(c),
    fields.filter((f): f is string => !!f),
  );

/** A resident the caller may see (else 404) and may act on with `action` (else 403). */
export const loadResident = async (
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

/**
 * A base record the caller may see (else 404, as if it were not there) and, given `action`, may
 * act on (else 403).
 */
export const visibleRecord = <T extends { readonly communityCode: string }>(
  c: C,
  x: T | undefined,
  action?: Action,
): T => {
  if (!x || !inScope(c.get('ctx'), 'residents:read', x.communityCode)) throw Errors.notFound();
  if (action) authorize(c.get('ctx'), action, targetOf(x.communityCode));
  return x;
};

/** The `version` a write names (the one the caller saw), when it names one. */
export const versionOf = (body: { readonly version?: unknown }) =>
  typeof body.version === 'number' ? body.version : undefined;

export const needsReview = (c: C, settings: PopulationSettings, communityCode: string) =>
  settings.fourEyes && !allows(c.get('ctx'), 'residents:review', targetOf(communityCode));

export const versionRequired = () =>
  Errors.validation(undefined, {
    issues: [
      {
        field: 'version',
        code: 'VERSION_REQUIRED',
        message: { zh: '请提供您看到的版本号', en: 'Give the version you saw' },
      },
    ],
  });

// --- presenters -------------------------------------------------------------------------------

export const page = <T>(items: T[], cursor?: string) => ({ items, ...(cursor ? { cursor } : {}) });

/** A page read from the store, each item presented by `show`. */
export const pageOf = <T, U>(
  r: { readonly items: readonly T[]; readonly cursor?: string | undefined },
  show: (x: T) => U,
) => page(r.items.map(show), r.cursor);

export const META_FIELDS = [
  'id',
  'verify',
  'status',
  'version',
  'communityCode',
  'streetCode',
  'createdAt',
  'updatedAt',
  'lastVerifiedAt',
] as const;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] | undefined =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : undefined;

/** A resident's metadata (never masked). */
const residentMeta = (v: ResidentView) => ({
  id: v.id,
  status: v.status,
  version: v.version,
  communityCode: v.communityCode,
  streetCode: v.streetCode,
  createdAt: v.createdAt,
  updatedAt: v.updatedAt,
  lastVerifiedAt: v.lastVerifiedAt,
  verify: v.verify,
});

/**
 * A resident's personal fields as `rec` carries them after masking: strings (`张*`, `***`), tags
 * a list; a field the role may not see is absent (undefined, dropped by JSON).
 */
const personalOf = (rec: Record<string, unknown>) => ({
  name: str(rec.name),
  idNumber: str(rec.idNumber),
  sex: str(rec.sex),
  birthDate: str(rec.birthDate),
  ethnicity: str(rec.ethnicity),
  registration: str(rec.registration),
  mobile: str(rec.mobile),
  education: str(rec.education),
  politicalStatus: str(rec.politicalStatus),
  tags: strs(rec.tags),
  building: str(rec.building),
  unit: str(rec.unit),
  room: str(rec.room),
  householdRef: str(rec.householdRef),
  relationship: str(rec.relationship),
  address: str(rec.address),
  legacyIdNumber: str(rec.legacyIdNumber),
  movedInFrom: str(rec.movedInFrom),
});

const personalPart = (v: ResidentView): Record<string, unknown> => {
  const personal: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v))
    if (!(META_FIELDS as readonly string[]).includes(k)) personal[k] = val;
  return personal;
};

/** The resident as a role sees it by default: personal fields masked (or dropped), metadata as is. */
export const present = (v: ResidentView, role: Role) => {
  const rec = maskRecord(personalPart(v), role);
  return {
    ...personalOf(rec),
    movedOut: str(rec.movedOut),
    deceased: str(rec.deceased),
    ...residentMeta(v),
    masked: true as const,
  };
};

/** The resident with `fields` in clear (the rest masked), and which fields were shown. */
export const presentRevealed = (v: ResidentView, role: Role, req: { fields: string[]; reason: string }) => {
  const res = revealRecord(personalPart(v), role, req);
  const rec = res.record;
  const { movedOut, deceased } = v;
  return {
    reason: res.reason,
    body: {
      ...personalOf(rec),
      // In clear when revealed, masked (`***`) otherwise.
      movedOut: rec.movedOut === movedOut ? movedOut : str(rec.movedOut),
      deceased: rec.deceased === deceased ? deceased : str(rec.deceased),
      ...residentMeta(v),
      revealed: [...res.revealed],
    },
  };
};

/** A masked record's values as sent: masked strings, lists of them, and record numbers. */
export const maskedValues = (rec: Record<string, unknown>) => {
  const out: Record<string, string | number | string[]> = {};
  for (const [k, v] of Object.entries(rec)) {
    if (typeof v === 'string' || typeof v === 'number') out[k] = v;
    else if (Array.isArray(v)) out[k] = v.map(String);
  }
  return out;
};

/** A history value as a role may see it. */
export const maskChange = (field: string, value: unknown, role: Role): unknown => {
  const kind = fieldKind(field);
  if (!kind || value === null || value === undefined) return value;
  return maskRecord({ [field]: value }, role)[field] ?? null;
};

/** Sensitive thematic fields are masked for every role by default (reveal with a reason). */
export const maskThematic = (k: ThematicKind, r: StoredRecord<Record<string, unknown>>) => {
  const data = { ...(r.value.data as Record<string, unknown>) };
  for (const f of k.sensitive) if (data[f] !== undefined) data[f] = maskValue('sensitive', data[f]);
  return { ...thematicOut(r, data), masked: [...k.sensitive] };
};

/** A thematic record's response shape; `data` as given (masked or clear). */
export const thematicOut = (r: StoredRecord<Record<string, unknown>>, data?: Record<string, unknown>) => ({
  ...recordMeta(r),
  value: {
    kind: String(r.value.kind),
    department: String(r.value.department),
    subjectType: r.value.subjectType === 'organization' ? ('organization' as const) : ('resident' as const),
    subjectId: String(r.value.subjectId),
    data: data ?? { ...(r.value.data as Record<string, unknown>) },
  },
});

/** A stored record's metadata. */
export const recordMeta = <T>(r: StoredRecord<T>) => ({
  id: r.id,
  communityCode: r.communityCode,
  version: r.version,
  createdAt: r.createdAt,
  updatedAt: r.updatedAt,
  lastVerifiedAt: r.lastVerifiedAt,
});

/** State changes shared by the direct route and an approved review. */
export const applyStateChange = (
  pop: PopulationStore,
  current: ResidentItem,
  kind: 'move-out' | 'death',
  body: { date: string; destination?: string | undefined },
  actor: Actor,
  extra: {
    reviewedBy?: string;
    reviewId?: string;
    extraOps?: ReturnType<PopulationStore['closeReviewOp']>[];
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
