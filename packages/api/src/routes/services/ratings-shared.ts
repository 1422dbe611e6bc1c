/**
 * What the 好差评 routes share: response schemas, the rating store of the caller's tenant, the case
 * as the rating sees it, and who may see a rectification or a call-back (the owning department;
 * a 社区 department's item also its community and street; the district; the hotline for call-backs).
 */
import { z } from '@hono/zod-openapi';
import { type Action, listConstraint, type RequestContext } from '@linli/auth';
import { Errors } from '@linli/core';
import {
  DEPARTMENTS,
  type Department,
  getDefinitionVersion,
  RATING_DIMENSIONS,
  RATING_LEVELS,
  type RatedCase,
  RatingStore,
  svcKeys,
} from '@linli/services';
import type { Context } from 'hono';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { Bilingual } from '../../openapi.ts';

export type C = Context<AppEnv>;

const Level = z.enum(RATING_LEVELS);
const DEPARTMENT_KEYS = Object.keys(DEPARTMENTS) as [Department, ...Department[]];
export const DepartmentKey = z.enum(DEPARTMENT_KEYS);
export const CaseIdParam = z.object({ id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/) });

export const RatingSchema = z
  .object({
    caseId: z.string(),
    number: z.string(),
    serviceCode: z.string(),
    department: DepartmentKey,
    level: Level,
    dimensions: z.object(
      Object.fromEntries(RATING_DIMENSIONS.map((d) => [d, Level])) as Record<
        (typeof RATING_DIMENSIONS)[number],
        typeof Level
      >,
    ),
    comment: z.string().optional(),
    at: z.string(),
  })
  .openapi('Rating');

const itemBase = {
  caseId: z.string(),
  number: z.string(),
  serviceCode: z.string(),
  serviceName: Bilingual,
  department: DepartmentKey,
  communityCode: z.string(),
  level: Level,
  comment: z.string().optional(),
};
export const RectificationSchema = z
  .object({
    ...itemBase,
    openedOn: z.string(),
    due: z.string(),
    provisional: z.boolean(),
    status: z.enum(['open', 'done']),
    resolution: z.string().optional(),
    doneOn: z.string().optional(),
    doneBy: z.string().optional(),
    version: z.number().int(),
  })
  .openapi('Rectification');
export const CallbackSchema = z
  .object({
    ...itemBase,
    kind: z.enum(['rating', 'completion']).optional(),
    level: Level.optional(),
    month: z.string(),
    openedAt: z.string(),
    status: z.enum(['pending', 'done']),
    reached: z.boolean().optional(),
    levelAfter: Level.optional(),
    note: z.string().optional(),
    doneAt: z.string().optional(),
    doneBy: z.string().optional(),
  })
  .openapi('Callback');
export const RatingStatsSchema = z
  .object({
    period: z.string(),
    rated: z.number().int(),
    byLevel: z.object(
      Object.fromEntries(RATING_LEVELS.map((l) => [l, z.number().int()])) as Record<
        (typeof RATING_LEVELS)[number],
        z.ZodNumber
      >,
    ),
    rectificationsOpened: z.number().int(),
    rectificationsDone: z.number().int(),
    callbacksDue: z.number().int(),
    callbacksDone: z.number().int(),
    satisfactionRate: z.number().nullable(),
    callbackRate: z.number().nullable(),
  })
  .openapi('RatingStats');

export const ratingsOf = (deps: ApiDeps, c: C) =>
  new RatingStore(c.get('store'), deps.now ? { now: () => new Date(deps.now!()) } : {});

/** The case partition's current item as the rating reads it, or `undefined`. */
export const ratedCase = async (c: C, id: string): Promise<RatedCase | undefined> => {
  const store = c.get('store');
  const it = await store.get<Record<string, unknown>>(svcKeys(store).case(id), 'CUR', true);
  if (!it) return undefined;
  const def = await getDefinitionVersion(store, String(it.serviceCode), Number(it.serviceVersion));
  return {
    id,
    number: String(it.number),
    serviceCode: String(it.serviceCode),
    serviceName: it.serviceName as RatedCase['serviceName'],
    status: String(it.status),
    applicantRef: String(it.applicantRef),
    communityCode: String(it.communityCode),
    department: def.department,
  };
};

/**
 * A resident's applicant reference, as `CaseStore` files their cases (`R.<sub>`): the rating
 * transaction re-checks it against the stored case.
 */
export const residentRef = (sub: string) => `R.${sub}`;

/** The departments whose items the caller may list for `action`, and a filter for community scope. */
export const visibleScope = (ctx: RequestContext, action: Action) => {
  const limit = listConstraint(ctx, action);
  if (limit === 'tenant') return { departments: DEPARTMENT_KEYS, sees: () => true };
  if (limit.department) {
    const d = limit.department;
    return {
      departments: DEPARTMENT_KEYS.filter((k) => k === d),
      sees: (x: { department: string }) => x.department === d,
    };
  }
  // A community worker or street staff: their area's items of the 社区 department only.
  const inArea = (code: string) =>
    limit.communityCode
      ? code === limit.communityCode
      : !!limit.streetCode && code.startsWith(limit.streetCode);
  return {
    departments: ['community'] as Department[],
    sees: (x: { department: string; communityCode: string }) =>
      x.department === 'community' && inArea(x.communityCode),
  };
};

export const residentOnly = (c: C) => {
  const ctx = c.get('ctx');
  if (ctx.kind !== 'resident' || ctx.pool !== 'residents')
    throw Errors.forbidden({ zh: '仅限居民账号', en: 'resident accounts only' });
  return ctx;
};
