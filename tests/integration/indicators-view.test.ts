/**
 * The districts table from stored figures (issue 14's benchmark): a day's values, scores and ranks
 * are computed once after the snapshots change and kept in the control table; a read trusts them
 * only for the same snapshot stamp and the same districts, so a new snapshot or a new district is
 * never hidden by an old view. Suppressed values stay suppressed through the stored view (never 0).
 * On a control table of its own (DynamoDB Local), so other files' snapshots cannot move the stamp.
 */

import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { ApiDeps } from '@linli/api';
import { newId } from '@linli/core';
import { IndicatorStore, type Snapshot } from '@linli/indicators';
import { ensureTable } from '@linli/local';
import { controlTable } from '@linli/tables';
import type { Tenant } from '@linli/tenancy';
import { beforeAll, describe, expect, it } from 'vitest';
import { readDayView, readSeries } from '../../packages/api/src/routes/ministry/shared.ts';
import { testEnv } from '../support/env.ts';
import { docOf } from '../support/fixtures.ts';

const env = testEnv();
const doc = docOf(env);
const table = `${env.tables.control}-view-${Math.random().toString(36).slice(2, 8)}`;
const DAY = '2026-11-30';
const now = Date.parse('2026-12-01T00:00:00Z');

const tenant = (n: number): Tenant =>
  ({
    id: newId(),
    slug: `view-${n}`,
    name: `视图区${n}`,
    divisionCode: `91000${n}`,
    province: '省',
    city: '市',
    tier: 'standard',
    category: {
      areaType: 'urban-core',
      development: 'developing',
      migrantShare: 'normal',
      infrastructure: 'strong',
      hardship: 'normal',
    },
    placement: 'pooled',
    wave: 'wave-1',
    status: 'active',
    dataTable: env.tables.pooledTenant,
  }) as Tenant;

let tenants: Tenant[] = [tenant(1), tenant(2), tenant(3)];
const deps = () =>
  ({
    doc,
    controlTable: table,
    registry: { list: async () => tenants },
    now: () => now,
  }) as unknown as ApiDeps;
/** Snapshots are written "a minute ago", so their stamp has settled when the view is read. */
const store = new IndicatorStore(doc, table, () => now - 60_000);

const snap = (t: Tenant, verified: number | 'suppressed', residents = 1000): Snapshot => ({
  tenantId: t.id,
  day: DAY,
  aggregates: { residents, verified12m: verified, households: 400, householdsComplete: 300 },
  computedAt: new Date(now).toISOString(),
});

beforeAll(async () => {
  await ensureTable(env.dynamo, table, controlTable);
  await store.putSnapshots([snap(tenants[0]!, 900), snap(tenants[1]!, 'suppressed'), snap(tenants[2]!, 500)]);
}, 60_000);

describe('the districts table from stored figures', () => {
  it('computes the day once, keeps it, and answers from it while nothing changed', async () => {
    const first = await readDayView(deps());
    expect(first.day).toBe(DAY);
    const at = first.indicators.findIndex((i) => i.code === 'records_verified');
    const row = (id: string, v = first) => v.districts.find((d) => d.id === id)!;
    expect(row(tenants[0]!.id).values[at]).toBe(90);
    expect(row(tenants[0]!.id).rank).toBe(1);
    // Suppressed: no number at all, the position listed — the client shows "<5", never 0.
    expect(row(tenants[1]!.id).values[at]).toBeNull();
    expect(row(tenants[1]!.id).suppressed).toContain(at);

    const heads = await store.heads();
    const stored = await store.getDayView(DAY, first.version);
    expect(stored?.stamp).toBe(heads.stamp);
    expect(stored?.tenants).toBe(tenants.map((t) => t.id).join(','));

    // A fresh process (no memory) answers from the stored figures: tamper with them to see it.
    const figures = JSON.parse(stored!.body);
    figures.districts[0].score = 12.3;
    await store.putDayView(DAY, first.version, { ...stored!, body: JSON.stringify(figures) });
    const fromStore = await readDayView(deps());
    expect(row(tenants[0]!.id, fromStore).score).toBe(12.3);
    expect(fromStore.districts.map((d) => d.name)).toEqual(tenants.map((t) => t.name));
  });

  it('recomputes when a snapshot is written or the districts compared change', async () => {
    await store.putSnapshot(snap(tenants[1]!, 990));
    const after = await readDayView(deps());
    const at = after.indicators.findIndex((i) => i.code === 'records_verified');
    const second = after.districts.find((d) => d.id === tenants[1]!.id)!;
    expect(second.values[at]).toBe(99);
    expect(second.suppressed).toEqual([]);
    expect(second.rank).toBe(1);
    expect(after.districts[0]!.score).not.toBe(12.3);

    tenants = [...tenants, tenant(4)];
    const more = await readDayView(deps());
    expect(more.districts).toHaveLength(4);
    expect(more.districts.at(-1)!.score).toBeNull(); // no snapshot: no score, not zero
    expect(more.districts.at(-1)!.values.every((v) => v === null)).toBe(true);
  });

  it('does not keep figures computed right after a write (the day index may lag behind it)', async () => {
    const fresh = new IndicatorStore(doc, table, () => now);
    await fresh.putSnapshot(snap(tenants[2]!, 100));
    const v = await readDayView(deps());
    const at = v.indicators.findIndex((i) => i.code === 'records_verified');
    expect(v.districts.find((d) => d.id === tenants[2]!.id)!.values[at]).toBe(10);
    expect((await store.getDayView(DAY, v.version))?.stamp).not.toBe((await store.heads()).stamp);
  });

  it("keeps a district's trend until a snapshot is written", async () => {
    const d = deps();
    const t = tenants[0]!;
    await store.putSnapshot(snap(t, 900)); // a settled stamp (written "a minute ago")
    const first = await readSeries(d, await store.heads(), t.id, DAY, DAY);
    expect(first[0]!.aggregates.verified12m).toBe(900);
    // Written behind the store's back (no stamp): the kept series is still answered…
    await doc.send(new PutCommand({ TableName: table, Item: IndicatorStore.item(snap(t, 100)) }));
    expect((await readSeries(d, await store.heads(), t.id, DAY, DAY))[0]!.aggregates.verified12m).toBe(900);
    // …until a snapshot write moves the stamp.
    await store.putSnapshot(snap(t, 500));
    expect((await readSeries(d, await store.heads(), t.id, DAY, DAY))[0]!.aggregates.verified12m).toBe(500);
  });
});
