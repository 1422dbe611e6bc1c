/**
 * Volunteer hours add up exactly: a total is the integer sum of its entries, corrections included,
 * however they are split between volunteers, teams and communities (fast-check, fixed seed).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  correctionMinutes,
  hoursOf,
  MINUTES_STEP,
  periodRange,
  topOf,
  totalsOf,
} from '../src/volunteer-hours.ts';

const SEED = 20261203;
const id = fc.constantFrom('V1', 'V2', 'V3', 'V4');
const team = fc.constantFrom('T1', 'T2');
const community = fc.constantFrom('110101001001', '110101001002');
/** Recorded hours in tenths of an hour, up to 24 h. */
const recorded = fc.integer({ min: 1, max: 240 }).map((n) => n * MINUTES_STEP);

/** A history: records, each possibly corrected a few times (the correction is the difference). */
const history = fc.array(
  fc.record({
    volunteerId: id,
    orgId: team,
    communityCode: community,
    first: recorded,
    corrections: fc.array(
      fc.integer({ min: 0, max: 240 }).map((n) => n * MINUTES_STEP),
      { maxLength: 3 },
    ),
  }),
  { maxLength: 60 },
);

const entriesOf = (h: Parameters<typeof flatten>[0]) => flatten(h);
function flatten(
  h: { volunteerId: string; orgId: string; communityCode: string; first: number; corrections: number[] }[],
) {
  const entries: { volunteerId: string; orgId: string; communityCode: string; minutes: number }[] = [];
  const finals: { volunteerId: string; orgId: string; communityCode: string; minutes: number }[] = [];
  for (const r of h) {
    const base = { volunteerId: r.volunteerId, orgId: r.orgId, communityCode: r.communityCode };
    let current = r.first;
    entries.push({ ...base, minutes: r.first });
    for (const next of r.corrections) {
      entries.push({ ...base, minutes: correctionMinutes(current, next) });
      current = next;
    }
    finals.push({ ...base, minutes: current });
  }
  return { entries, finals };
}

const sum = (xs: Iterable<number>) => [...xs].reduce((a, b) => a + b, 0);

describe('volunteer hours totals', () => {
  it('equal the sum of the entries, corrections included, and the sum of the final figures', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { entries, finals } = entriesOf(h);
        const t = totalsOf(entries);
        expect(t.minutes).toBe(sum(entries.map((e) => e.minutes)));
        // A corrected record counts as its last figure, never as the sum of its versions.
        expect(t.minutes).toBe(sum(finals.map((e) => e.minutes)));
        expect(t.entries).toBe(entries.length);
        expect(Number.isInteger(t.minutes)).toBe(true);
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('split per volunteer, per team and per community add up to the total', () => {
    fc.assert(
      fc.property(history, (h) => {
        const { entries, finals } = entriesOf(h);
        const t = totalsOf(entries);
        expect(sum(t.byVolunteer.values())).toBe(t.minutes);
        expect(sum(t.byTeam.values())).toBe(t.minutes);
        expect(sum(t.byCommunity.values())).toBe(t.minutes);
        for (const [v, m] of t.byVolunteer)
          expect(m).toBe(sum(finals.filter((e) => e.volunteerId === v).map((e) => e.minutes)));
      }),
      { seed: SEED, numRuns: 300 },
    );
  });

  it('shows tenths of an hour exactly, with no float drift over many entries', () => {
    // 0.1 h ten thousand times: floats of hours would drift; minutes do not.
    const t = totalsOf(
      Array.from({ length: 10_000 }, () => ({
        volunteerId: 'V',
        orgId: 'T',
        communityCode: 'C',
        minutes: 6,
      })),
    );
    expect(t.minutes).toBe(60_000);
    expect(hoursOf(t.minutes)).toBe('1000.0');
    expect(hoursOf(18)).toBe('0.3');
    expect(() => totalsOf([{ volunteerId: 'V', orgId: 'T', communityCode: 'C', minutes: 0.5 }])).toThrow();
  });

  it('ranks the top volunteers by minutes, ties by id, nobody at zero', () => {
    const top = topOf(
      new Map([
        ['b', 120],
        ['a', 120],
        ['c', 0],
        ['d', 300],
      ]),
      10,
    );
    expect(top).toEqual([
      { key: 'd', minutes: 300 },
      { key: 'a', minutes: 120 },
      { key: 'b', minutes: 120 },
    ]);
  });

  it('periods: this calendar year and the last 12 months, in China days', () => {
    // 2026-12-31 20:00 UTC is already 2027-01-01 in China.
    expect(periodRange('year', new Date('2026-12-31T20:00:00Z'))).toEqual({
      from: '2027-01-01',
      to: '2027-01-01',
    });
    expect(periodRange('year', new Date('2026-06-15T03:00:00Z'))).toEqual({
      from: '2026-01-01',
      to: '2026-06-15',
    });
    expect(periodRange('12m', new Date('2026-06-15T03:00:00Z'))).toEqual({
      from: '2025-06-16',
      to: '2026-06-15',
    });
  });
});
