/**
 * District analytics counters, maintained in the same transaction as the write that changes them
 * (no scans, no stream lag). One small item per community and shard in the `STATS` partition:
 * a street is a `begins_with` query, the district the whole partition (a few hundred items).
 *
 * Ages change with time, so the pyramid is counted by birth year and sex and banded at read time;
 * the elderly count is likewise derived from birth years, never from the write-time tag.
 */
import type { TenantStore, TransactOp } from '@linli/tenancy';
import { COUNTER_SHARDS, popKeys, type ResidentStatus, streetOf } from './keys.ts';

export type Delta = Map<string, number>;
/** community → attribute → delta. */
export type Deltas = Map<string, Delta>;

export interface CountedResident {
  readonly communityCode: string;
  readonly status: ResidentStatus;
  readonly sex: 'male' | 'female';
  readonly birthYear: number;
  readonly registration: 'local' | 'migrant';
  readonly tags: readonly string[];
}

const add = (deltas: Deltas, community: string, attr: string, by: number) => {
  let d = deltas.get(community);
  if (!d) {
    d = new Map();
    deltas.set(community, d);
  }
  d.set(attr, (d.get(attr) ?? 0) + by);
};

/** Add (sign +1) or remove (−1) a resident's contribution. */
export const countResident = (deltas: Deltas, r: CountedResident | undefined, sign: 1 | -1): void => {
  if (!r) return;
  const c = r.communityCode;
  if (r.status !== 'active') {
    add(deltas, c, `s_${r.status}`, sign);
    return;
  }
  add(deltas, c, 'n', sign);
  add(deltas, c, `p_${r.sex === 'male' ? 'm' : 'f'}_${r.birthYear}`, sign);
  add(deltas, c, `r_${r.registration}`, sign);
  for (const t of r.tags) if (t !== 'elderly') add(deltas, c, `t_${t}`, sign);
};

export const countAttr = (deltas: Deltas, community: string, attr: string, by: number) =>
  add(deltas, community, attr, by);

/** One `ADD` update per community with a non-zero delta, on the given shard. */
export const counterOps = (store: TenantStore, deltas: Deltas, shard?: number): TransactOp[] => {
  const keys = popKeys(store);
  const ops: TransactOp[] = [];
  for (const [community, d] of deltas) {
    const names: Record<string, string> = { '#c': 'communityCode' };
    const values: Record<string, unknown> = { ':c': community };
    const parts: string[] = [];
    let i = 0;
    for (const [attr, v] of d) {
      if (v === 0) continue;
      names[`#a${i}`] = attr;
      values[`:v${i}`] = v;
      parts.push(`#a${i} :v${i}`);
      i++;
    }
    if (!parts.length) continue;
    const s = shard ?? Math.floor(Math.random() * COUNTER_SHARDS);
    ops.push({
      update: { pk: keys.stats(), sk: `C#${community}#${s % COUNTER_SHARDS}` },
      expression: `SET #c = :c ADD ${parts.join(', ')}`,
      names,
      values,
    });
  }
  return ops;
};

export interface PopulationStats {
  readonly scope: { street?: string; community?: string };
  readonly asOf: string;
  readonly residents: number;
  readonly pyramid: { band: string; male: number; female: number }[];
  readonly registration: { local: number; migrant: number };
  readonly tags: Record<string, number>;
  readonly status: { movedOut: number; deceased: number };
  readonly households: number;
  readonly housing: {
    units: number;
    occupied: number;
    vacant: number;
    seasonal: number;
    occupancyRate: number;
  };
  readonly buildings: number;
  readonly grids: number;
  readonly organizations: Record<string, number>;
  readonly byCommunity: { communityCode: string; residents: number; migrant: number; elderly: number }[];
}

const BANDS = 21; // 0–4 … 95–99, 100+

/** Sum the counters under a scope (district, street or community) into the analytics view. */
export const readStats = async (
  store: TenantStore,
  scope: { street?: string; community?: string },
  now = new Date(),
): Promise<PopulationStats> => {
  const prefix = scope.community ? `C#${scope.community}#` : scope.street ? `C#${scope.street}` : 'C#';
  const items = await store.queryAll<Record<string, unknown>>({
    pk: popKeys(store).stats(),
    skPrefix: prefix,
  });
  const year = Number(new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 4));
  const male = new Array<number>(BANDS).fill(0);
  const female = new Array<number>(BANDS).fill(0);
  const total = new Map<string, number>();
  const perCommunity = new Map<string, { residents: number; migrant: number; elderly: number }>();
  for (const it of items) {
    const c = String(it.communityCode);
    const pc = perCommunity.get(c) ?? { residents: 0, migrant: 0, elderly: 0 };
    for (const [k, v] of Object.entries(it)) {
      if (typeof v !== 'number') continue;
      total.set(k, (total.get(k) ?? 0) + v);
      if (k === 'n') pc.residents += v;
      else if (k === 'r_migrant') pc.migrant += v;
      const m = /^p_([mf])_(\d{4})$/.exec(k);
      if (m) {
        const age = Math.max(0, year - Number(m[2]));
        const band = Math.min(BANDS - 1, Math.floor(age / 5));
        (m[1] === 'm' ? male : female)[band]! += v;
        if (age >= 60) pc.elderly += v;
      }
    }
    perCommunity.set(c, pc);
  }
  const get = (k: string) => total.get(k) ?? 0;
  const tags: Record<string, number> = {};
  for (const [k, v] of total) if (k.startsWith('t_')) tags[k.slice(2)] = v;
  tags.elderly = [...perCommunity.values()].reduce((s, p) => s + p.elderly, 0);
  const units = get('u_occupied') + get('u_vacant') + get('u_seasonal');
  const organizations: Record<string, number> = {};
  for (const [k, v] of total) if (k.startsWith('o_')) organizations[k.slice(2)] = v;
  return {
    scope,
    asOf: now.toISOString(),
    residents: get('n'),
    pyramid: male.map((m, i) => ({
      band: i === BANDS - 1 ? '100+' : `${i * 5}-${i * 5 + 4}`,
      male: m,
      female: female[i]!,
    })),
    registration: { local: get('r_local'), migrant: get('r_migrant') },
    tags,
    status: { movedOut: get('s_moved-out'), deceased: get('s_deceased') },
    households: get('hh'),
    housing: {
      units,
      occupied: get('u_occupied'),
      vacant: get('u_vacant'),
      seasonal: get('u_seasonal'),
      occupancyRate: units ? Math.round((get('u_occupied') / units) * 1000) / 1000 : 0,
    },
    buildings: get('b'),
    grids: get('g'),
    organizations,
    byCommunity: [...perCommunity.entries()]
      .map(([communityCode, p]) => ({ communityCode, ...p }))
      .sort((a, b) => a.communityCode.localeCompare(b.communityCode)),
  };
};

export { streetOf };
