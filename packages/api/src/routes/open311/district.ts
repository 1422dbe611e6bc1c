/**
 * The Open311 request's district: the slug in the path resolved through the tenant registry (never
 * a body field or header), its module `data-exchange` on, and — when an `api_key` is presented —
 * the key checked against that district: a key names its tenant, so a key of district A presented
 * at B's path is refused before any read of B, and the key's item is looked up only in the slug's
 * own partition. Requests are limited per key (per source address without one).
 */

import type { RequestContext } from '@linli/auth';
import { TtlCache } from '@linli/auth';
import type { Tenant } from '@linli/tenancy';
import type { Context } from 'hono';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { type RateRule, sourceAddress } from '../../rate-limit.ts';
import { Open311Error } from './format.ts';
import { type ApiKeyRecord, parseKey, verifyKey } from './keys.ts';

/** Open311 limits: per key (filing and reading), and per address for reads without a key. */
export const OPEN311_RULES = {
  perKey: { name: 'open311-key', limit: 120, windowSeconds: 60 },
  perAddress: { name: 'open311-ip', limit: 300, windowSeconds: 300 },
} as const satisfies Record<string, RateRule>;

const SLUG = /^[a-z0-9-]{3,64}$/;

export type C = Context<AppEnv>;

/** Binds the district of `slug` to the request (`ctx` without roles: it may do nothing else). */
export const districtResolver = (deps: ApiDeps) => {
  const tenants = new TtlCache<Tenant | undefined>(30_000);
  return async (c: C, slug: string, write: boolean): Promise<Tenant> => {
    const notFound = new Open311Error(404, 'jurisdiction not found');
    if (!SLUG.test(slug)) throw notFound;
    const t = await tenants.get(slug, () => deps.registry.getBySlug(slug));
    if (!t || (t.status !== 'active' && t.status !== 'suspended')) throw notFound;
    await deps.flags?.service.ensureFresh();
    if (!deps.modulesFor(t).includes('data-exchange')) throw notFound;
    if (write && t.status === 'suspended')
      throw new Open311Error(403, 'the district is suspended: read-only');
    const ctx: RequestContext = {
      sub: 'open311',
      username: 'open311',
      name: 'Open311',
      pool: 'staff',
      kind: 'staff',
      roles: [],
      scope: {},
      tenant: t,
    };
    c.set('ctx', ctx);
    c.set('channel', 'api');
    c.set('store', deps.stores.for(t).boundTo(`open311 ${c.req.method} ${c.req.path}`));
    return t;
  };
};

/**
 * The presented key, verified against the district: undefined when none was given (reads), else
 * the live key record or 403 (unknown, wrong secret, revoked, another district's).
 */
export const checkKey = async (c: C, tenant: Tenant, apiKey: string | undefined) => {
  if (apiKey === undefined || apiKey === '') return undefined;
  const parts = parseKey(apiKey);
  if (!parts || parts.tenantId !== tenant.id) throw new Open311Error(403, 'invalid api_key');
  const rec: ApiKeyRecord | undefined = await verifyKey(c.get('store'), parts.keyId, parts.secret);
  if (!rec) throw new Open311Error(403, 'invalid api_key');
  return rec;
};

/** Counts the request against the key's (or the address's) limit; 429 with Retry-After past it. */
export const limit = async (deps: ApiDeps, c: C, tenant: Tenant, key: ApiKeyRecord | undefined) => {
  if (!deps.limiter) return;
  try {
    if (key) await deps.limiter.hit(OPEN311_RULES.perKey, `${tenant.id}:${key.id}`);
    else await deps.limiter.hit(OPEN311_RULES.perAddress, sourceAddress(c));
  } catch (err) {
    const retry = (err as { headers?: Record<string, string> }).headers?.['Retry-After'];
    if (!retry) throw err;
    throw new Open311Error(429, 'too many requests, retry later', { 'Retry-After': retry });
  }
};
