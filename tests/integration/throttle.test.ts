/** Per-tier throttling enforced locally with the same numbers the CDK stacks give API Gateway. */
import { createTenantApp } from '@linli/api';
import { createLocalDeps } from '@linli/local';
import { tierThrottle } from '@linli/tables';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';
import { makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();

describe('throttling per tier', () => {
  it('a basic-tier district gets 429 THROTTLED with Retry-After past its burst; another district is unaffected', async () => {
    // A frozen clock: on a loaded machine sequential requests are slow enough for the bucket to
    // refill between them, so the test would depend on the machine's speed.
    let clock = Date.now();
    const appOf = createTenantApp({ ...createLocalDeps(env, { throttle: true }), now: () => clock });
    const basic = await makeDistrict(env, { tier: 'basic' });
    const other = await makeDistrict(env, { tier: 'basic' });
    const a = await makeStaff(env, {
      kind: 'staff',
      tenantId: basic.tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    const b = await makeStaff(env, {
      kind: 'staff',
      tenantId: other.tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    const hit = (token: string) =>
      appOf.request('/api/t/tenant', { headers: { authorization: `Bearer ${token}` } });

    const burst = tierThrottle.basic.burst;
    const statuses: number[] = [];
    for (let i = 0; i < burst + 20; i++) statuses.push((await hit(a.accessToken)).status);
    expect(statuses.slice(0, burst / 2).every((s) => s === 200)).toBe(true);
    const throttled = await hit(a.accessToken);
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(throttled.headers.get('content-type')).toContain('application/problem+json');
    expect(((await throttled.json()) as { code: string }).code).toBe('THROTTLED');

    expect((await hit(b.accessToken)).status).toBe(200);

    // A second later the tier's rate has refilled the bucket.
    clock += 1000;
    expect((await hit(a.accessToken)).status).toBe(200);
  });
});
