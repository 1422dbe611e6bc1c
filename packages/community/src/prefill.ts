/**
 * The figures a report is prefilled with, for one community as of a cut-off date.
 *
 * Resident figures are rebuilt as they stood at the end of the cut-off day (China time) from the
 * resident records and their history, not from today's counters: a resident registered after the
 * cut-off is left out, one who moved out or died after it is counted, and a change recorded after
 * it (tags, registration, sex, birth date, community) is undone from the sealed history entries.
 * Record counts (households, buildings, housing, organizations, grids) come from the district's
 * counters at the time of the prefill (`basis: 'current'`): those records carry no dated history.
 */
import { type PopulationStore, popKeys, readStats } from '@linli/population';
import type { Binding } from './templates.ts';

export type Figures = Record<Binding, number>;

interface ResidentRow {
  id: string;
  communityCode: string;
  sex: 'male' | 'female';
  birthYear: number;
  registration: 'local' | 'migrant';
  tags?: string[];
  status: 'active' | 'moved-out' | 'deceased';
  createdAt: string;
  updatedAt: string;
  movedOut?: { date: string };
  deceased?: { date: string };
}

/** The last instant of a China calendar day, as an ISO string in UTC. */
export const endOfChinaDay = (date: string): string =>
  new Date(Date.parse(`${date}T23:59:59.999+08:00`)).toISOString();

/** The first day of the period a cut-off closes (a month, or the quarter when `quarterly`). */
export const periodStart = (period: string): string => {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  if (q) return `${q[1]}-${String((Number(q[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
  return `${period}-01`;
};

/** The last day of a period `YYYY-MM` or `YYYY-Qn`: the default cut-off. */
export const periodEnd = (period: string): string => {
  const q = /^(\d{4})-Q([1-4])$/.exec(period);
  const [y, m] = q ? [Number(q[1]), Number(q[2]) * 3] : period.split('-').map(Number);
  const last = new Date(Date.UTC(y!, m!, 0));
  return last.toISOString().slice(0, 10);
};

export interface PrefillResult {
  readonly figures: Figures;
  readonly residentsRead: number;
  readonly historiesRead: number;
}

/** Every figure of the binding vocabulary for `community` as of `cutoff` (`YYYY-MM-DD`). */
export const prefillFigures = async (
  pop: PopulationStore,
  community: string,
  opts: { cutoff: string; periodStart: string; now?: Date },
): Promise<PrefillResult> => {
  const store = pop.store;
  const keys = popKeys(store);
  const end = endOfChinaDay(opts.cutoff);
  const cutoffYear = Number(opts.cutoff.slice(0, 4));
  const rows: ResidentRow[] = [];
  for (const status of ['active', 'moved-out', 'deceased'] as const)
    rows.push(
      ...(await store.queryAll<ResidentRow>({ index: 'gsi1', pk: keys.byCommunity(community, status) })),
    );
  const f = Object.fromEntries(
    [
      'residents',
      'male',
      'female',
      'age0to17',
      'age18to59',
      'age60plus',
      'age80plus',
      'local',
      'migrant',
      'elderlyAlone',
      'lowIncome',
      'disabled',
      'unemployed',
      'veteran',
      'partyMember',
      'movedOutInPeriod',
      'diedInPeriod',
      'households',
      'buildings',
      'units',
      'unitsOccupied',
      'unitsVacant',
      'organizations',
      'grids',
    ].map((k) => [k, 0]),
  ) as Figures;
  const present = new Set<string>();
  let historiesRead = 0;
  for (const r of rows) {
    if (r.createdAt > end) continue;
    const left =
      r.status === 'moved-out' ? r.movedOut?.date : r.status === 'deceased' ? r.deceased?.date : undefined;
    if (left && left <= opts.cutoff) {
      if (left >= opts.periodStart && r.communityCode === community)
        f[r.status === 'moved-out' ? 'movedOutInPeriod' : 'diedInPeriod']++;
      continue;
    }
    const state = { ...r, tags: [...(r.tags ?? [])] };
    if (r.updatedAt > end) {
      // Changed since the cut-off: undo the later changes, newest first.
      historiesRead++;
      const later = (await pop.history(r.id)).filter((h) => h.version > 1 && h.at > end);
      for (const h of later.sort((a, b) => b.version - a.version)) {
        const ch = h.changes as Record<string, { from: unknown }>;
        if (ch.tags && Array.isArray(ch.tags.from)) state.tags = ch.tags.from as string[];
        if (ch.registration && typeof ch.registration.from === 'string')
          state.registration = ch.registration.from as ResidentRow['registration'];
        if (ch.sex && typeof ch.sex.from === 'string') state.sex = ch.sex.from as ResidentRow['sex'];
        if (ch.birthDate && typeof ch.birthDate.from === 'string')
          state.birthYear = Number(ch.birthDate.from.slice(0, 4));
        if (ch.communityCode && typeof ch.communityCode.from === 'string')
          state.communityCode = ch.communityCode.from;
      }
    }
    if (state.communityCode !== community) continue;
    present.add(r.id);
    const age = cutoffYear - state.birthYear;
    f.residents++;
    f[state.sex === 'male' ? 'male' : 'female']++;
    if (age < 18) f.age0to17++;
    else if (age < 60) f.age18to59++;
    else f.age60plus++;
    if (age >= 80) f.age80plus++;
    f[state.registration === 'migrant' ? 'migrant' : 'local']++;
    if (state.tags.includes('low-income')) f.lowIncome++;
    if (state.tags.includes('disabled')) f.disabled++;
    if (state.tags.includes('unemployed')) f.unemployed++;
    if (state.tags.includes('veteran')) f.veteran++;
    if (state.tags.includes('party-member')) f.partyMember++;
  }
  // 独居老人: the civil-affairs elderly-care records saying "living alone", of residents present at
  // the cut-off. The record is the department's current knowledge (it carries no dated history).
  const care = await store.queryAll<{
    subjectId?: string;
    data?: { livingAlone?: boolean };
    createdAt?: string;
  }>({
    index: 'gsi1',
    pk: keys.thematicOf('elderly-care', community),
  });
  for (const it of care)
    if (it.data?.livingAlone === true && it.subjectId && present.has(it.subjectId)) f.elderlyAlone++;
  const stats = await readStats(store, { community }, opts.now);
  f.households = stats.households;
  f.buildings = stats.buildings;
  f.units = stats.housing.units;
  f.unitsOccupied = stats.housing.occupied;
  f.unitsVacant = stats.housing.vacant;
  f.organizations = Object.values(stats.organizations).reduce((s, n) => s + n, 0);
  f.grids = stats.grids;
  return { figures: f, residentsRead: rows.length, historiesRead };
};
