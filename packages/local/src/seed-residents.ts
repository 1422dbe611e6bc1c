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
  frag,
  generateResidents,
  type Household,
  PopulationStore,
  popKeys,
  readStats,
  TenantCipher,
} from '@linli/population';
import { type Item, listCommunities, listStreets, type Tenant, TenantStores } from '@linli/tenancy';
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
  await write(
    housingItems(keys, households, deltas, { at, by: actor.id, districtCode: tenant.divisionCode }),
  );
  // Counters last, as absolute values on shard 0: until they exist the seed is not complete.
  await store.batchPut(
    [...deltas].map(([community, d]) => ({
      pk: keys.stats(),
      sk: `C#${community}#0`,
      communityCode: community,
      ...Object.fromEntries(d),
    })),
  );
  // Written with surname entries already: nothing to backfill.
  await store.put({ ...surnameMarker(store), at: new Date().toISOString(), visited: 0 });
  return { tenant: tenant.name, written: residents.length, skipped: false, ms: Date.now() - started };
};

const surnameMarker = (store: { keys: { pk: (...parts: string[]) => string } }) => ({
  pk: store.keys.pk('MIGRATIONS'),
  sk: 'surname-index',
});

/**
 * Buildings, housing units and grids behind the synthetic households: every household's room is an
 * occupied unit (a few seasonal), owned or — for migrant households — rented; the rooms of each
 * community's last, partly filled building that no household took are vacant. Counted like
 * `RecordStore.saveBuilding` / `saveUnit` / `saveGrid` count them (`b`, `u_<occupancy>`, `g`);
 * grids of about three buildings each.
 */
export const housingItems = (
  keys: ReturnType<typeof popKeys>,
  households: readonly Household[],
  deltas: Deltas,
  meta: { at: string; by: string; districtCode: string },
): Item[] => {
  const stamp = {
    version: 1,
    createdAt: meta.at,
    updatedAt: meta.at,
    lastVerifiedAt: meta.at,
    createdBy: meta.by,
  };
  const byCommunity = new Map<string, Household[]>();
  for (const h of households) {
    if (!h.building || !h.room) continue;
    const list = byCommunity.get(h.communityCode) ?? [];
    list.push(h);
    byCommunity.set(h.communityCode, list);
  }
  const items: Item[] = [];
  const unitItem = (c: string, b: string, u: string, room: string, occupancy: string, tenure: string) => {
    countAttr(deltas, c, `u_${occupancy}`, 1);
    const sk = `U#${frag(b)}#${frag(u)}#${frag(room)}`;
    return {
      pk: keys.buildings(c),
      sk,
      type: 'unit',
      id: sk.slice(2),
      communityCode: c,
      building: b,
      unit: u,
      room,
      use: 'residential',
      tenure,
      occupancy,
      ...stamp,
    };
  };
  for (const [c, list] of byCommunity) {
    // The layout of the community's buildings, read back from the rooms taken (`<floor><nn>`).
    let floors = 1;
    let perFloor = 1;
    let units = 1;
    const taken = new Set<string>();
    const buildings = new Map<string, number>();
    for (const h of list) {
      const room = Number(h.room);
      floors = Math.max(floors, Math.floor(room / 100));
      perFloor = Math.max(perFloor, room % 100);
      units = Math.max(units, Number(h.unit ?? 1));
      buildings.set(h.building!, Math.max(buildings.get(h.building!) ?? 0, Math.floor(room / 100)));
      taken.add(`${h.building}#${h.unit ?? '1'}#${h.room}`);
      const head = h.members.find((m) => m.relationship === '02') ?? h.members[0];
      const migrant = !!head && !head.idNumber.startsWith(meta.districtCode);
      const n = hashOf(h.householdRef);
      items.push(
        unitItem(
          c,
          h.building!,
          h.unit ?? '1',
          h.room!,
          n % 33 === 0 ? 'seasonal' : 'occupied',
          migrant ? 'rented' : n % 12 === 0 ? 'public-rental' : 'owned',
        ),
      );
    }
    const numbers = [...buildings.keys()].sort((a, b) => Number(a) - Number(b));
    const last = numbers.at(-1);
    for (const b of numbers) {
      countAttr(deltas, c, 'b', 1);
      items.push({
        pk: keys.buildings(c),
        sk: `B#${frag(b)}`,
        type: 'building',
        id: b,
        communityCode: c,
        number: b,
        name: `${b}号楼`,
        floors,
        use: 'residential',
        ...stamp,
      });
    }
    // Grids of about three buildings each, as a community worker would draw them.
    for (let i = 0; i * 3 < numbers.length; i++) {
      const code = String(i + 1).padStart(2, '0');
      countAttr(deltas, c, 'g', 1);
      items.push({
        pk: keys.grids(c),
        sk: `G#${code}`,
        type: 'grid',
        id: code,
        communityCode: c,
        code,
        name: `第${i + 1}网格`,
        buildings: numbers.slice(i * 3, i * 3 + 3),
        ...stamp,
      });
    }
    if (last)
      for (let u = 1; u <= units; u++)
        for (let f = 1; f <= floors; f++)
          for (let r = 1; r <= perFloor; r++) {
            const room = String(f * 100 + r);
            if (!taken.has(`${last}#${u}#${room}`))
              items.push(unitItem(c, last, String(u), room, 'vacant', 'owned'));
          }
  }
  return items;
};

const hashOf = (s: string) => {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
};

/**
 * Residents stored before surnames were indexed get their one-character name entries, once per
 * district (a marker item records it). Query-only; safe to interrupt and run again.
 */
export const backfillSurnameIndex = async (
  env: PlatformEnv,
  tenant: Tenant,
): Promise<{ tenant: string; visited: number; skipped: boolean }> => {
  const doc = DynamoDBDocumentClient.from(env.dynamo, { marshallOptions: { removeUndefinedValues: true } });
  const store = new TenantStores(() => doc).for(tenant);
  const marker = surnameMarker(store);
  if (await store.get(marker.pk, marker.sk)) return { tenant: tenant.name, visited: 0, skipped: true };
  const cipher = await TenantCipher.forTenant(localKeys(env), tenant.id);
  const pop = new PopulationStore(store, cipher, { districtCode: tenant.divisionCode });
  const streets = (await listStreets(store)).map((s) => s.code);
  const visited = await pop.backfillSurnameIndex(streets);
  await store.put({ ...marker, at: new Date().toISOString(), visited });
  return { tenant: tenant.name, visited, skipped: false };
};
