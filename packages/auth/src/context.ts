import { Errors } from '@linli/core';
import { MINISTRY_ROLES } from '@linli/tables';
import type { Membership, Tenant, TenantRegistry } from '@linli/tenancy';
import type { VerifiedToken } from './verifier.ts';

/**
 * The request's identity, built only from a verified token plus Linli's own membership
 * registry. Never from Cognito attributes, URL, headers or body.
 */
export interface RequestContext {
  readonly sub: string;
  readonly username: string;
  readonly name: string;
  readonly pool: 'staff' | 'residents';
  readonly kind: 'ministry' | 'staff' | 'resident';
  readonly roles: readonly string[];
  readonly scope: Membership['scope'];
  /** Present for district staff and residents; never for ministry users. */
  readonly tenant?: Tenant;
}

interface CacheEntry<T> {
  value: T;
  until: number;
}

/** Tiny TTL cache so a warm Lambda does not read the registry on every request. */
export class TtlCache<T> {
  private readonly map = new Map<string, CacheEntry<T>>();
  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number = Date.now,
    private readonly max = 5_000,
  ) {}
  async get(key: string, load: () => Promise<T>): Promise<T> {
    const hit = this.map.get(key);
    if (hit && hit.until > this.now()) return hit.value;
    const value = await load();
    // A miss is not cached: a membership or tenant created a moment later must work at once
    // (an approved district's admin signing in right after activation).
    if (value === undefined) return value;
    if (this.map.size >= this.max) this.map.clear();
    this.map.set(key, { value, until: this.now() + this.ttlMs });
    return value;
  }
  delete(key: string): void {
    this.map.delete(key);
  }
}

/** Resolves verified tokens to request contexts through the membership registry (cached briefly). */
export class ContextResolver {
  private readonly members: TtlCache<Membership | undefined>;
  private readonly tenants: TtlCache<Tenant | undefined>;

  constructor(
    private readonly registry: TenantRegistry,
    ttlMs = 30_000,
  ) {
    this.members = new TtlCache(ttlMs);
    this.tenants = new TtlCache(ttlMs);
  }

  invalidate(sub: string, tenantId?: string): void {
    this.members.delete(sub);
    if (tenantId) this.tenants.delete(tenantId);
  }

  async resolve(token: VerifiedToken): Promise<RequestContext> {
    const m = await this.members.get(token.sub, () => this.registry.getMembership(token.sub));
    if (!m || m.pool !== token.pool) throw Errors.noMembership();
    const isMinistry = m.kind === 'ministry';
    const roles = m.roles.filter((r) =>
      isMinistry ? MINISTRY_ROLES.includes(r as never) : !MINISTRY_ROLES.includes(r as never),
    );
    let tenant: Tenant | undefined;
    if (!isMinistry) {
      if (!m.tenantId) throw Errors.noMembership();
      const tenantId = m.tenantId;
      tenant = await this.tenants.get(tenantId, () => this.registry.get(tenantId));
      if (!tenant) throw Errors.tenantNotFound();
      if (tenant.status !== 'active' && tenant.status !== 'suspended') throw Errors.tenantNotActive();
    }
    return {
      sub: m.sub,
      username: m.username,
      name: m.name,
      pool: m.pool,
      kind: m.kind,
      roles,
      scope: m.scope,
      ...(tenant ? { tenant } : {}),
    };
  }
}
