import { describe, expect, it } from 'vitest';
import { preTokenClaims } from './pre-token-claims.ts';

describe('pre-token claims', () => {
  it('take tenant and roles from the membership and suppress the writable attribute', () => {
    const c = preTokenClaims({
      sub: 's',
      pool: 'staff',
      kind: 'staff',
      username: 'u',
      name: 'n',
      tenantId: '01J0000000000000000000000A',
      roles: ['street-staff'],
      scope: { streetCode: '110101001' },
      createdAt: '2026-11-26T00:00:00Z',
    });
    expect(c.claimsToAddOrOverride).toEqual({
      'linli:tenant': '01J0000000000000000000000A',
      'linli:kind': 'staff',
      'linli:roles': 'street-staff',
    });
    expect(c.claimsToSuppress).toContain('custom:tenantId');
  });

  it('a user without membership gets no tenant and no roles', () => {
    expect(preTokenClaims(undefined).claimsToAddOrOverride).toEqual({
      'linli:tenant': '',
      'linli:kind': 'none',
      'linli:roles': '',
    });
  });
});
