/**
 * What the channel routes share: authentication of the systems that call in without a user (the
 * district's telephony system, the SMS provider) by a district-issued key, the module checks of
 * the channels, and the stores.
 */

import { Errors } from '@linli/core';
import type { Actor, TenantCipher } from '@linli/population';
import {
  ChannelKeyErrors,
  ChannelKeyStore,
  type KeyPurpose,
  parseChannelKey,
} from '@linli/services/channels';
import type { Tenant, TenantStore } from '@linli/tenancy';
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { ApiDeps } from '../../deps.ts';
import type { AppEnv } from '../../env.ts';
import { bearer } from '../../middleware.ts';
import { RATE_RULES, sourceAddress } from '../../rate-limit.ts';
import { cachedCipher } from '../population/shared.ts';

export type C = Context<AppEnv>;

/** The module each key purpose belongs to. */
export const MODULE_OF: Record<KeyPurpose, string> = { calls: 'channel-call-centre', sms: 'channel-sms' };

export const nowOf = (deps: ApiDeps) => (deps.now ? () => new Date(deps.now!()) : () => new Date());

/**
 * The district a presented key belongs to, proven by the hash in that district's own partition.
 * Every failure — no key, a malformed one, an unknown tenant, a revoked or foreign key, a module
 * the district does not have — answers the same 401 (or 403 for a suspended district's write),
 * so nothing can be learnt by probing.
 */
export const keyAuth = async (
  deps: ApiDeps,
  presented: string | undefined,
  purpose: KeyPurpose,
): Promise<{ tenant: Tenant; store: TenantStore; actor: Actor }> => {
  const parsed = parseChannelKey(presented, purpose);
  if (!parsed) throw presented ? ChannelKeyErrors.invalid() : Errors.unauthenticated();
  const tenant = await deps.registry.get(parsed.tenantId);
  if (!tenant || !['active', 'suspended'].includes(tenant.status)) throw ChannelKeyErrors.invalid();
  const store = deps.stores.for(tenant);
  const key = await new ChannelKeyStore(store, nowOf(deps)).verify(parsed.keyId, presented!, purpose);
  if (!key) throw ChannelKeyErrors.invalid();
  if (tenant.status === 'suspended') throw Errors.tenantSuspended();
  await deps.flags?.service.ensureFresh();
  if (!deps.modulesFor(tenant).includes(MODULE_OF[purpose]))
    throw Errors.moduleNotEnabled({ zh: MODULE_OF[purpose], en: MODULE_OF[purpose] });
  return {
    tenant,
    store,
    actor: {
      id: `key:${key.id}`,
      name: key.label,
      role: purpose === 'calls' ? 'telephony' : 'sms-gateway',
      channel: purpose === 'calls' ? 'call-centre' : 'sms',
    },
  };
};

/** The key of a request: `Authorization: Bearer <key>`. */
export const presentedKey = (c: C): string | undefined => bearer(c.req.header('authorization'));

/**
 * Route guard of the key-authenticated routes: the key is checked before the body is even read,
 * so an unauthenticated caller learns nothing (not whether its input was valid). Binds the
 * district's store and the key's actor.
 */
export const requireKey = (
  deps: ApiDeps,
  purpose: KeyPurpose,
  from: (c: C) => string | undefined = presentedKey,
) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await deps.limiter?.hit(RATE_RULES.channelPerAddress, sourceAddress(c));
    const auth = await keyAuth(deps, from(c), purpose);
    await deps.limiter?.hit(RATE_RULES.channelPerKey, `${auth.tenant.id}:${auth.actor.id}`);
    c.set('store', auth.store);
    c.set('keyAuth', { tenant: auth.tenant, actor: auth.actor });
    await next();
  });

const ciphers = new Map<string, Promise<TenantCipher>>();
/** The tenant's data-key cipher (sealed numbers, keyed hashes), unwrapped once per tenant. */
export const cipherOf = (deps: ApiDeps, tenantId: string): Promise<TenantCipher> =>
  cachedCipher(deps, ciphers, tenantId);
