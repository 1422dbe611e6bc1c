import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  chinaDate,
  isWorkingDay,
  packageYears,
  WorkCalendar,
  workingDaysBetween,
} from '../src/workdays.ts';

describe('working days from the State Council notice', () => {
  it('knows the years chinese-days ships, 2026 included', () => {
    expect(packageYears()).toContain(2026);
    expect(packageYears()).not.toContain(2027);
  });

  it('国庆 2026: a case filed on the last working day before the holiday', () => {
    // 2026-09-30 (Wed) is the last working day; 10-01…10-07 off; Saturday 10-10 is a make-up day.
    expect(isWorkingDay('2026-09-30')).toEqual({ working: true, provisional: false });
    expect(isWorkingDay('2026-10-05').working).toBe(false);
    expect(addWorkingDays('2026-09-30', 1)).toEqual({ due: '2026-10-08', provisional: false });
    expect(addWorkingDays('2026-09-30', 2)).toEqual({ due: '2026-10-09', provisional: false });
    // The make-up Saturday counts as a working day.
    expect(addWorkingDays('2026-09-30', 3)).toEqual({ due: '2026-10-10', provisional: false });
    expect(addWorkingDays('2026-09-30', 4).due).toBe('2026-10-12');
    // Sunday 2026-09-20 is the other make-up day.
    expect(isWorkingDay('2026-09-20').working).toBe(true);
    expect(workingDaysBetween('2026-09-30', '2026-10-10')).toEqual({ days: 3, provisional: false });
  });

  it('Spring Festival 2026 with the make-up Saturdays before and after', () => {
    expect(addWorkingDays('2026-02-13', 1).due).toBe('2026-02-14');
    expect(addWorkingDays('2026-02-13', 2).due).toBe('2026-02-24');
    expect(isWorkingDay('2026-02-23').working).toBe(false);
    expect(isWorkingDay('2026-02-28').working).toBe(true);
    // 15 working days from the eve: what a 低保 time limit would span.
    expect(workingDaysBetween('2026-02-13', '2026-03-06')).toEqual({ days: 11, provisional: false });
  });

  it('a year the package does not know counts weekdays and says provisional', () => {
    expect(addWorkingDays('2027-03-01', 5)).toEqual({ due: '2027-03-08', provisional: true });
    // A due date crossing from a known into an unknown year is provisional too.
    expect(addWorkingDays('2026-12-30', 3)).toEqual({ due: '2027-01-04', provisional: true });
    // ...but not when every counted day lies in a known year.
    expect(addWorkingDays('2026-12-28', 3)).toEqual({ due: '2026-12-31', provisional: false });
  });

  it('a ministry-entered notice takes precedence over the package and makes a year definite', () => {
    const notices = [
      { year: 2027, holidays: ['2027-01-01', '2027-01-02', '2027-01-03'], workdays: ['2027-01-09'] },
    ];
    expect(addWorkingDays('2026-12-31', 1, { notices })).toEqual({ due: '2027-01-04', provisional: false });
    expect(isWorkingDay('2027-01-09', { notices }).working).toBe(true);
    // A notice for a known year replaces the package: here 国庆 is cancelled (a test-only notice).
    const cal = new WorkCalendar({ notices: [{ year: 2026, holidays: [], workdays: [] }] });
    expect(cal.day('2026-10-05')).toEqual({ working: true, provisional: false });
    expect(cal.day('2026-10-10').working).toBe(false);
  });

  it('refuses malformed dates and counts', () => {
    expect(() => addWorkingDays('2026-02-30', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026/02/03', 1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-02-03', -1)).toThrow(RangeError);
    expect(
      () => new WorkCalendar({ notices: [{ year: 2027, holidays: ['2027-1-1'], workdays: [] }] }),
    ).toThrow();
  });

  it('chinaDate is the date in UTC+8', () => {
    expect(chinaDate(new Date('2026-09-30T16:30:00Z'))).toBe('2026-10-01');
    expect(chinaDate(new Date('2026-09-30T15:59:59Z'))).toBe('2026-09-30');
  });

  const day = fc
    .integer({ min: Date.UTC(2024, 0, 1) / 86_400_000, max: Date.UTC(2027, 11, 31) / 86_400_000 })
    .map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));

  it('property: due ≥ start, and adding n then m equals adding n + m', () => {
    fc.assert(
      fc.property(day, fc.nat(40), fc.nat(40), (start, n, m) => {
        const a = addWorkingDays(start, n);
        expect(a.due >= start).toBe(true);
        const b = addWorkingDays(a.due, m);
        const c = addWorkingDays(start, n + m);
        expect(b.due).toBe(c.due);
        expect(workingDaysBetween(start, c.due).days).toBe(n + m);
      }),
      { numRuns: 300 },
    );
  });
});
