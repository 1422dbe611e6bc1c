/**
 * Pooled and silo placement on the real local engines: a silo tenant's data lives in its own
 * table, and moving a tenant from pooled to silo copies, verifies, switches and keeps the old
 * items until confirmed.
 */

import { createLocalApps } from '@linli/local';
import { confirmSiloMove, countTenantItems, moveTenantToSilo, TenantRegistry } from '@linli/tenancy';
import { describe, expect, it } from 'vitest';
import { testEnv } from '../support/env.ts';
import { docOf, makeDistrict, makeStaff } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);
const registry = new TenantRegistry(doc, env.tables.control);

const streetsVia = async (token: string) => {
  // A fresh app per call: the context cache must not hide the registry switch.
  const { tenant } = createLocalApps(env, { throttle: false });
  const res = await tenant.request('/api/t/org/streets', { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as { code: string }[];
};

describe('silo placement', () => {
  it("a silo tenant's data is in its own table, not the pooled one", async () => {
    const { tenant, streets } = await makeDistrict(env, { placement: 'silo', tier: 'demonstration' });
    expect(tenant.dataTable).not.toBe(env.tables.pooledTenant);
    expect(await countTenantItems(doc, tenant.dataTable, tenant.id)).toBe(5);
    expect(await countTenantItems(doc, env.tables.pooledTenant, tenant.id)).toBe(0);
    const admin = await makeStaff(env, {
      kind: 'staff',
      tenantId: tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    expect((await streetsVia(admin.accessToken)).map((s) => s.code).sort()).toEqual([...streets].sort());
  });

  it('moves a pooled tenant to silo: copy, verify, switch, keep old data until confirmed', async () => {
    const { tenant, streets } = await makeDistrict(env);
    const admin = await makeStaff(env, {
      kind: 'staff',
      tenantId: tenant.id,
      roles: ['district-admin'],
      scope: {},
    });
    expect(await streetsVia(admin.accessToken)).toHaveLength(2);

    const result = await moveTenantToSilo({ doc, registry, ensureSiloTable: env.ensureSiloTable }, tenant.id);
    expect(result.copied).toBe(5);
    expect(result.tenant.placement).toBe('silo');
    expect(result.tenant.status).toBe('active');
    expect(await countTenantItems(doc, result.tenant.dataTable, tenant.id)).toBe(5);
    // Old items are kept until an operator confirms.
    expect(await countTenantItems(doc, env.tables.pooledTenant, tenant.id)).toBe(5);
    expect((await streetsVia(admin.accessToken)).map((s) => s.code).sort()).toEqual([...streets].sort());

    expect(await confirmSiloMove({ doc, registry }, tenant.id, result.previousTable)).toBe(5);
    expect(await countTenantItems(doc, env.tables.pooledTenant, tenant.id)).toBe(0);
    expect(await streetsVia(admin.accessToken)).toHaveLength(2);
  });

  it('refuses to move a tenant that is already silo, and to confirm before a switch', async () => {
    const { tenant } = await makeDistrict(env, { placement: 'silo' });
    await expect(
      moveTenantToSilo({ doc, registry, ensureSiloTable: env.ensureSiloTable }, tenant.id),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
    const pooled = await makeDistrict(env);
    await expect(
      confirmSiloMove({ doc, registry }, pooled.tenant.id, env.tables.pooledTenant),
    ).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
