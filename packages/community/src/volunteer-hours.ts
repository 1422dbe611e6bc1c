/**
 * Volunteer hours, the arithmetic (社区民间组织): hours are stored as whole minutes, recorded in
 * tenths of an hour (multiples of 6 minutes), so every total is an integer sum — no float drift.
 * A correction is a new entry whose minutes are the difference to the figure it corrects; a total
 * is always the plain sum of its entries.
 */

/** Minutes in a tenth of an hour: the unit hours are recorded in. */
export const MINUTES_STEP = 6;
/** At most one day's hours in one entry. */
export const MAX_ENTRY_MINUTES = 24 * 60;

export type HoursPeriod = 'year' | '12m';
export const HOURS_PERIODS: readonly HoursPeriod[] = ['year', '12m'];

/** The calendar date in China (UTC+8) of an instant. */
const chinaDay = (now: Date): string => new Date(now.getTime() + 8 * 3600_000).toISOString().slice(0, 10);

/**
 * The dates a period covers, both ends included (China calendar days): this calendar year to
 * today, or the last 12 months (the day after the same date a year ago, to today).
 */
export const periodRange = (period: HoursPeriod, now: Date): { from: string; to: string } => {
  const to = chinaDay(now);
  if (period === 'year') return { from: `${to.slice(0, 4)}-01-01`, to };
  const d = new Date(`${to}T00:00:00Z`);
  d.setUTCFullYear(d.getUTCFullYear() - 1);
  d.setUTCDate(d.getUTCDate() + 1);
  return { from: d.toISOString().slice(0, 10), to };
};

/** What a total needs of an entry. */
export interface CountedEntry {
  readonly volunteerId: string;
  readonly orgId: string;
  readonly communityCode: string;
  readonly minutes: number;
}

export interface HoursTotals {
  readonly minutes: number;
  readonly entries: number;
  readonly byVolunteer: ReadonlyMap<string, number>;
  readonly byTeam: ReadonlyMap<string, number>;
  readonly byCommunity: ReadonlyMap<string, number>;
}

const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

/** Sum entries (records and corrections alike) per volunteer, team and community. */
export const totalsOf = (entries: readonly CountedEntry[]): HoursTotals => {
  const byVolunteer = new Map<string, number>();
  const byTeam = new Map<string, number>();
  const byCommunity = new Map<string, number>();
  let minutes = 0;
  for (const e of entries) {
    if (!Number.isSafeInteger(e.minutes)) throw new RangeError(`minutes must be whole: ${e.minutes}`);
    minutes += e.minutes;
    add(byVolunteer, e.volunteerId, e.minutes);
    add(byTeam, e.orgId, e.minutes);
    add(byCommunity, e.communityCode, e.minutes);
  }
  return { minutes, entries: entries.length, byVolunteer, byTeam, byCommunity };
};

/** The `n` largest totals, ties by key (stable across calls). */
export const topOf = (totals: ReadonlyMap<string, number>, n: number): { key: string; minutes: number }[] =>
  [...totals]
    .filter(([, m]) => m > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, n)
    .map(([key, minutes]) => ({ key, minutes }));

/** The entry a correction writes: the difference between the figure it replaces and the new one. */
export const correctionMinutes = (current: number, next: number): number => next - current;

/** Hours as people read them: minutes are multiples of 6, so one decimal is exact. */
export const hoursOf = (minutes: number): string => (minutes / 60).toFixed(1);
