/**
 * Synthetic residents for a demo district: `generateResidents` (real communities, valid ID
 * numbers, plausible households and age structure) turned into exactly the items the import
 * writes (sealed fields, keyed-hash search entries, history v1) plus households, written with
 * parallel BatchWriteItem — a fresh district has no concurrent writer, so the per-chunk
 * transactions of a live import are not needed. Idempotent: resident ids are derived from the
 * district and the row, the counters are written last as absolute values, and the seed is skipped
 * once the counters show residents (an interrupted run simply rewrites the same items).
 */
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import {
  countAttr,
  countResident,
  type Deltas,
  generateResidents,
  PopulationStore,
  popKeys,
  readStats,
  TenantCipher,
} from '@linli/population';
import { type Item, listCommunities, type Tenant, TenantStores } from '@linli/tenancy';
import { localKeys } from './apps.ts';
import type { PlatformEnv } from './types.ts';

export interface SeedResidentsResult {
  readonly tenant: string;
  readonly written: number;
  readonly skipped: boolean;
  readonly ms: number;
}

/** How many residents the demo seed gives each district (`LINLI_SEED_RESIDENTS`, default 20 000). */
export const seedResidentCount = (): number => {
  const n = Number(process.env.LINLI_SEED_RESIDENTS ?? 20_000);
  return Number.isFinite(n) && n >= 0 ? Math.floor(n) : 20_000;
};

export const seedResidents = async (
  env: PlatformEnv,
  tenant: Tenant,
  count = seedResidentCount(),
): Promise<SeedResidentsResult> => {
  const started = Date.now();
  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const store = new TenantStores(() => doc).for(tenant);
  if (count <= 0 || (await readStats(store, {})).residents > 0)
    return { tenant: tenant.name, written: 0, skipped: true, ms: Date.now() - started };
  const cipher = await TenantCipher.forTenant(localKeys(env), tenant.id);
  const pop = new PopulationStore(store, cipher, { districtCode: tenant.divisionCode });
  // Only the communities the district's org structure has (the same 2023 statistics codes).
  const known = await listCommunities(store);
  const { residents, households } = generateResidents({
    districtCode: tenant.divisionCode,
    count,
    seed: Number(tenant.divisionCode),
    communities: known.map((c) => ({ code: c.code, name: c.name, streetCode: c.streetCode })),
  });
  const actor = {
    id: 'seed',
    role: 'district-admin',
    channel: 'system' as const,
    importId: `seed-${tenant.divisionCode}`,
  };
  const keys = popKeys(store);
  const deltas: Deltas = new Map();
  const ridOf = new Map<string, string>();
  const CHUNK = 2_000;
  const CONCURRENCY = 16;
  const write = async (items: Item[]) => {
    const per = Math.ceil(items.length / CONCURRENCY / 25) * 25;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, (_, i) => store.batchPut(items.slice(i * per, (i + 1) * per))),
    );
  };
  for (let i = 0; i < residents.length; i += CHUNK) {
    const items: Item[] = [];
    residents.slice(i, i + CHUNK).forEach((r, j) => {
      const rid = `0S${tenant.divisionCode}${String(i + j).padStart(18, '0')}`;
      ridOf.set(r.idNumber, rid);
      const w = pop.newResidentItems(r, actor, { rid });
      items.push(w.main, ...w.index);
      countResident(deltas, { ...r, status: 'active', birthYear: Number(r.birthDate.slice(0, 4)) }, 1);
    });
    await write(items);
  }
  const at = new Date().toISOString();
  const hh: Item[] = households.map((h) => {
    countAttr(deltas, h.communityCode, 'hh', 1);
    return {
      pk: keys.household(h.householdRef),
      sk: 'CUR',
      type: 'household',
      id: h.householdRef,
      householdRef: h.householdRef,
      communityCode: h.communityCode,
      streetCode: h.communityCode.slice(0, 9),
      kind: h.type,
      building: h.building,
      unit: h.unit,
      room: h.room,
      members: h.members.map((m) => ({
        residentId: ridOf.get(m.idNumber) ?? '',
        relationship: m.relationship,
      })),
      gsi1pk: keys.householdsOf(h.communityCode),
      gsi1sk: `${h.building}#${h.unit}#${h.room}#${h.householdRef}`,
      version: 1,
      createdAt: at,
      updatedAt: at,
      lastVerifiedAt: at,
      createdBy: actor.id,
    };
  });
  await write(hh);
  // Counters last, as absolute values on shard 0: until they exist the seed is not complete.
  await store.batchPut(
    [...deltas].map(([community, d]) => ({
      pk: keys.stats(),
      sk: `C#${community}#0`,
      communityCode: community,
      ...Object.fromEntries(d),
    })),
  );
  return { tenant: tenant.name, written: residents.length, skipped: false, ms: Date.now() - started };
};
