import { ROLES, type Role } from '@linli/tables';
import { describe, expect, it } from 'vitest';
import {
  ACTIONS,
  allows,
  authorize,
  authorizeCommunity,
  grantFor,
  listConstraint,
  PERMISSIONS,
  type Principal,
} from '../src/permissions.ts';

const STREET = '110101001';
const COMMUNITY = '110101001001';
const OTHER_STREET = '110101002';
const OTHER_COMMUNITY = '110101002003';

const principal = (role: Role): Principal => ({
  sub: `sub-${role}`,
  roles: [role],
  scope: {
    ...(role === 'street-staff' ? { streetCode: STREET } : {}),
    ...(role === 'community-worker' ? { communityCode: COMMUNITY, streetCode: STREET } : {}),
    ...(role === 'department-staff' ? { department: 'civil-affairs' } : {}),
  },
});

const TENANT_DATA = ACTIONS.filter(
  (a) =>
    ![
      'tenants:list',
      'tenants:manage',
      'applications:review',
      'flags:read',
      'flags:write',
      'indicators:read',
      'indicators:write',
    ].includes(a),
);

describe('permissions matrix', () => {
  // Whole matrix: every role × every action, inside and outside the granted scope.
  const cases = ROLES.flatMap((role) =>
    ACTIONS.map((action) => ({ role, action, level: PERMISSIONS[role][action] })),
  );

  it.each(cases)('$role × $action ($level)', ({ role, action, level }) => {
    const p = principal(role);
    const inside = {
      streetCode: STREET,
      communityCode: COMMUNITY,
      department: 'civil-affairs',
      ownerSub: p.sub,
    };
    const outside = {
      streetCode: OTHER_STREET,
      communityCode: OTHER_COMMUNITY,
      department: 'public-security',
      ownerSub: 'someone-else',
    };
    if (!level) {
      expect(allows(p, action)).toBe(false);
      expect(allows(p, action, inside)).toBe(false);
      expect(() => authorize(p, action, inside)).toThrowError(expect.objectContaining({ code: 'FORBIDDEN' }));
      return;
    }
    expect(allows(p, action, inside)).toBe(true);
    const widens = level === 'tenant' || level === 'all';
    expect(allows(p, action, outside)).toBe(widens);
    expect(grantFor(p, action)).toBe(level);
  });

  it('ministry roles hold no tenant-data action at all', () => {
    for (const role of ['ministry-admin', 'ministry-analyst'] as const) {
      for (const action of TENANT_DATA) expect(PERMISSIONS[role][action]).toBeUndefined();
    }
  });

  it('residents only ever reach their own records', () => {
    for (const level of Object.values(PERMISSIONS.resident)) expect(['own', 'tenant']).toContain(level);
    expect(PERMISSIONS.resident['residents:read']).toBe('own');
    expect(allows(principal('resident'), 'residents:read', { ownerSub: 'another' })).toBe(false);
  });

  it('a community worker cannot edit another community, a street worker another street', () => {
    expect(allows(principal('community-worker'), 'residents:write', { communityCode: OTHER_COMMUNITY })).toBe(
      false,
    );
    expect(allows(principal('street-staff'), 'residents:write', { communityCode: OTHER_COMMUNITY })).toBe(
      false,
    );
    expect(allows(principal('street-staff'), 'residents:write', { communityCode: COMMUNITY })).toBe(true);
  });

  it('a staff member without a scope value gets nothing scoped', () => {
    const p: Principal = { sub: 'x', roles: ['street-staff'], scope: {} };
    expect(allows(p, 'residents:read', { streetCode: STREET })).toBe(false);
  });

  it('list constraints follow the grant', () => {
    expect(listConstraint(principal('district-admin'), 'residents:read')).toBe('tenant');
    expect(listConstraint(principal('street-staff'), 'residents:read')).toEqual({ streetCode: STREET });
    expect(listConstraint(principal('community-worker'), 'residents:read')).toEqual({
      communityCode: COMMUNITY,
    });
    expect(listConstraint(principal('resident'), 'requests:read')).toEqual({ ownerSub: 'sub-resident' });
    expect(() => listConstraint(principal('ministry-analyst'), 'residents:read')).toThrow();
  });

  it('unknown roles grant nothing', () => {
    expect(allows({ sub: 's', roles: ['root', 'admin'], scope: {} }, 'tenants:manage')).toBe(false);
  });
});

describe('scope fails closed on a target that cannot be placed', () => {
  const forms = (code: string) => [
    Number(code),
    ` ${code}`,
    `${code} `,
    `0${code}`,
    code.slice(1),
    '',
    null,
    {},
  ];

  it('refuses every non-canonical community or street code, for every role and level', () => {
    for (const role of ['district-admin', 'street-staff', 'community-worker'] as const) {
      const p = principal(role);
      for (const cc of forms(COMMUNITY)) {
        expect(allows(p, 'residents:write', { communityCode: cc as never }), `${role} ${String(cc)}`).toBe(
          false,
        );
        expect(() => authorizeCommunity(p, 'residents:write', cc)).toThrow(
          expect.objectContaining({ code: 'SCOPE_TARGET_INVALID' }),
        );
      }
      for (const sc of forms(STREET))
        expect(allows(p, 'residents:read', { streetCode: sc as never }), `${role} ${String(sc)}`).toBe(false);
      // A community given with a street it is not in.
      expect(allows(p, 'residents:read', { communityCode: COMMUNITY, streetCode: OTHER_STREET })).toBe(false);
    }
  });

  it('decides on the canonical value (positive controls)', () => {
    expect(authorizeCommunity(principal('community-worker'), 'residents:write', COMMUNITY)).toEqual({
      communityCode: COMMUNITY,
      streetCode: STREET,
    });
    expect(() =>
      authorizeCommunity(principal('community-worker'), 'residents:write', OTHER_COMMUNITY),
    ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => authorizeCommunity(principal('street-staff'), 'residents:write', OTHER_COMMUNITY)).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
    expect(
      authorizeCommunity(principal('district-admin'), 'residents:write', OTHER_COMMUNITY).streetCode,
    ).toBe(OTHER_STREET);
  });
});

describe('TtlCache', () => {
  it('caches values for the TTL but never caches a miss', async () => {
    const { TtlCache } = await import('../src/context.ts');
    let now = 0;
    const cache = new TtlCache<string | undefined>(1000, () => now);
    let calls = 0;
    const load = async () => {
      calls++;
      return calls >= 2 ? 'found' : undefined;
    };
    expect(await cache.get('k', load)).toBeUndefined();
    expect(await cache.get('k', load)).toBe('found');
    expect(await cache.get('k', load)).toBe('found');
    expect(calls).toBe(2);
    now = 1001;
    await cache.get('k', load);
    expect(calls).toBe(3);
  });
});
