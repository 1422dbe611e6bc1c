import { Errors, isCommunityCode, isStreetCode } from '@linli/core';
import type { Role } from '@linli/tables';

/** How far a grant reaches. `all` is for the control plane (ministry); never tenant data. */
export type ScopeLevel = 'all' | 'tenant' | 'street' | 'community' | 'department' | 'own';

export const ACTIONS = [
  // district (tenant) actions
  'tenant:read',
  'org:read',
  'org:write',
  'members:read',
  'members:invite',
  'modules:configure',
  'residents:read',
  'residents:write',
  'residents:reveal',
  'residents:import',
  'residents:export',
  'residents:review',
  'thematic:read',
  'thematic:write',
  'requests:create',
  'requests:read',
  'requests:handle',
  'hotline:operate',
  'content:publish',
  'analytics:read',
  'audit:read',
  // community work (issue 15): tasks and reports, self-governance
  'community-work:read',
  'community-work:write',
  'community-work:assign',
  'self-governance:manage',
  'self-governance:vote',
  'events:manage',
  'events:sign-up',
  // civil organizations (社区民间组织): volunteers, their teams' activities and hours
  'volunteers:manage',
  'volunteers:own',
  // 社区党建: branches, members (sensitive: masked, views logged), 三会一课 and activities
  'party-building:manage',
  // control-plane (ministry) actions
  'tenants:list',
  'tenants:manage',
  'applications:review',
  'flags:read',
  'flags:write',
  'indicators:read',
  'indicators:write',
] as const;
export type Action = (typeof ACTIONS)[number];

type Grants = Partial<Record<Action, ScopeLevel>>;

/**
 * THE permissions matrix: role × action → scope. Absent = denied. Ministry roles hold no tenant
 * data action at all (they see aggregates through `indicators:read` only).
 */
export const PERMISSIONS: Record<Role, Grants> = {
  'ministry-admin': {
    'tenants:list': 'all',
    'tenants:manage': 'all',
    'applications:review': 'all',
    'flags:read': 'all',
    'flags:write': 'all',
    'indicators:read': 'all',
    'indicators:write': 'all',
  },
  'ministry-analyst': {
    'tenants:list': 'all',
    'flags:read': 'all',
    'indicators:read': 'all',
  },
  'district-admin': {
    'tenant:read': 'tenant',
    'org:read': 'tenant',
    'org:write': 'tenant',
    'members:read': 'tenant',
    'members:invite': 'tenant',
    'modules:configure': 'tenant',
    'residents:read': 'tenant',
    'residents:write': 'tenant',
    'residents:reveal': 'tenant',
    'residents:import': 'tenant',
    'residents:export': 'tenant',
    'residents:review': 'tenant',
    'thematic:read': 'tenant',
    'requests:read': 'tenant',
    'requests:handle': 'tenant',
    'hotline:operate': 'tenant',
    'content:publish': 'tenant',
    'analytics:read': 'tenant',
    'audit:read': 'tenant',
    'community-work:read': 'tenant',
    'community-work:write': 'tenant',
    'community-work:assign': 'tenant',
    'self-governance:manage': 'tenant',
    'events:manage': 'tenant',
    'volunteers:manage': 'tenant',
    'party-building:manage': 'tenant',
  },
  'street-staff': {
    'tenant:read': 'tenant',
    'org:read': 'street',
    'members:read': 'street',
    'residents:read': 'street',
    'residents:write': 'street',
    'residents:reveal': 'street',
    'residents:import': 'street',
    'residents:export': 'street',
    'residents:review': 'street',
    'requests:read': 'street',
    'requests:handle': 'street',
    'content:publish': 'street',
    'analytics:read': 'street',
    'community-work:read': 'street',
    'community-work:assign': 'street',
    'self-governance:manage': 'street',
    'events:manage': 'street',
    'volunteers:manage': 'street',
    'party-building:manage': 'street',
  },
  'community-worker': {
    'tenant:read': 'tenant',
    'org:read': 'community',
    'residents:read': 'community',
    'residents:write': 'community',
    'residents:reveal': 'community',
    'residents:import': 'community',
    'residents:export': 'community',
    'requests:create': 'community',
    'requests:read': 'community',
    'requests:handle': 'community',
    'content:publish': 'community',
    'analytics:read': 'community',
    'community-work:read': 'community',
    'community-work:write': 'community',
    'self-governance:manage': 'community',
    'events:manage': 'community',
    'volunteers:manage': 'community',
    'party-building:manage': 'community',
  },
  'department-staff': {
    'tenant:read': 'tenant',
    'org:read': 'tenant',
    'residents:read': 'tenant',
    'thematic:read': 'department',
    'thematic:write': 'department',
    'requests:read': 'department',
    'requests:handle': 'department',
    'analytics:read': 'tenant',
    'community-work:read': 'tenant',
    'community-work:assign': 'tenant',
  },
  'call-centre-operator': {
    'tenant:read': 'tenant',
    'org:read': 'tenant',
    'residents:read': 'tenant',
    'requests:create': 'tenant',
    'requests:read': 'tenant',
    // The console: pending calls, callers, SMS messages for the hotline (issue 13).
    'hotline:operate': 'tenant',
  },
  resident: {
    'tenant:read': 'tenant',
    'residents:read': 'own',
    'requests:create': 'own',
    'requests:read': 'own',
    'self-governance:vote': 'own',
    'events:sign-up': 'own',
    'volunteers:own': 'own',
  },
};

export interface Principal {
  readonly sub: string;
  readonly roles: readonly string[];
  readonly scope: {
    readonly streetCode?: string;
    readonly communityCode?: string;
    readonly department?: string;
  };
}

/** What a request touches, as far as scope is concerned. */
export interface Target {
  readonly streetCode?: string;
  readonly communityCode?: string;
  readonly department?: string;
  readonly ownerSub?: string;
}

const RANK: Record<ScopeLevel, number> = {
  all: 6,
  tenant: 5,
  street: 4,
  department: 3,
  community: 2,
  own: 1,
};

/** The widest scope any of the principal's roles grants for the action, or undefined. */
export const grantFor = (p: Principal, action: Action): ScopeLevel | undefined => {
  let best: ScopeLevel | undefined;
  for (const role of p.roles) {
    const level = PERMISSIONS[role as Role]?.[action];
    if (level && (!best || RANK[level] > RANK[best])) best = level;
  }
  return best;
};

const within = (p: Principal, level: ScopeLevel, t: Target): boolean => {
  switch (level) {
    case 'all':
    case 'tenant':
      return true;
    case 'street': {
      const street = t.streetCode ?? t.communityCode?.slice(0, 9);
      return !!p.scope.streetCode && street === p.scope.streetCode;
    }
    case 'community':
      return !!p.scope.communityCode && t.communityCode === p.scope.communityCode;
    case 'department':
      return !!p.scope.department && t.department === p.scope.department;
    case 'own':
      return t.ownerSub === p.sub;
  }
};

/**
 * A target is judged only in its canonical form: a community code is a 12-digit string, a street
 * code a 9-digit string, and a community lies in the street given with it. Anything else — a
 * number, a padded string, a community of another street — cannot be placed, so it is refused
 * whatever the grant (fail closed), never waved through as "not a code, validation will say".
 */
const wellFormed = (t: Target): boolean => {
  const raw = t as Record<string, unknown>;
  if ('communityCode' in raw && raw.communityCode !== undefined && !isCommunityCode(raw.communityCode))
    return false;
  if ('streetCode' in raw && raw.streetCode !== undefined && !isStreetCode(raw.streetCode)) return false;
  if (t.communityCode && t.streetCode && !t.communityCode.startsWith(t.streetCode)) return false;
  if (
    'department' in raw &&
    raw.department !== undefined &&
    (typeof raw.department !== 'string' || !raw.department)
  )
    return false;
  if ('ownerSub' in raw && raw.ownerSub !== undefined && (typeof raw.ownerSub !== 'string' || !raw.ownerSub))
    return false;
  return true;
};

/** True when some role of the principal allows the action on the target (false for a malformed one). */
export const allows = (p: Principal, action: Action, target?: Target): boolean => {
  if (target !== undefined && (typeof target !== 'object' || target === null || !wellFormed(target)))
    return false;
  for (const role of p.roles) {
    const level = PERMISSIONS[role as Role]?.[action];
    if (level && (target === undefined || within(p, level, target))) return true;
  }
  return false;
};

/** Throws FORBIDDEN unless allowed. */
export const authorize = (p: Principal, action: Action, target?: Target): void => {
  if (!allows(p, action, target)) {
    throw Errors.forbidden({ zh: action, en: action });
  }
};

/**
 * THE write check of the comprehensive database: the community a write lands in (or leaves, for
 * the source of a transfer), as the client sent it or as it is stored. Unparseable → refused
 * (`SCOPE_TARGET_INVALID`), outside the grant → `FORBIDDEN`. Returns the canonical target.
 */
export const authorizeCommunity = (
  p: Principal,
  action: Action,
  communityCode: unknown,
): { communityCode: string; streetCode: string } => {
  if (!isCommunityCode(communityCode)) throw Errors.scopeTargetInvalid();
  const target = { communityCode, streetCode: communityCode.slice(0, 9) };
  authorize(p, action, target);
  return target;
};

/**
 * For list queries: the constraint a handler must apply so results stay inside the grant
 * (e.g. a street worker's resident list is limited to their street).
 */
export const listConstraint = (p: Principal, action: Action): Target | 'tenant' => {
  const level = grantFor(p, action);
  switch (level) {
    case 'all':
    case 'tenant':
      return 'tenant';
    case 'street':
      return { ...(p.scope.streetCode ? { streetCode: p.scope.streetCode } : {}) };
    case 'community':
      return { ...(p.scope.communityCode ? { communityCode: p.scope.communityCode } : {}) };
    case 'department':
      return { ...(p.scope.department ? { department: p.scope.department } : {}) };
    case 'own':
      return { ownerSub: p.sub };
    default:
      throw Errors.forbidden({ zh: action, en: action });
  }
};
