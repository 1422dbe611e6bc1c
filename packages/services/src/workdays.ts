/**
 * Working days (工作日) as the State Council's annual holiday notice defines them: public holidays
 * are off even on weekdays, and the make-up working weekends (调休上班) are on. Statutory time limits
 * of services (承诺时限) are counted in these days.
 *
 * Sources, in order of precedence for a year:
 * 1. a notice entered by the ministry as data (`YearNotice`), so a newly announced year is right
 *    before any package release knows it;
 * 2. the `chinese-days` package (its bundled JSON only: the lunar code is not needed here);
 * 3. neither knows the year: Monday–Friday are working days and every result that depends on such
 *    a day is marked `provisional`, to be recomputed once the notice is known.
 */
import calendar from 'chinese-days/dist/chinese-days.json' with { type: 'json' };
import * as z from 'zod/mini';

/** `YYYY-MM-DD` (a calendar date in China; no time, no zone). */
export type IsoDate = string;

const isoDate = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD'));

/** One year's holiday notice (国务院办公厅关于…年部分节假日安排的通知) entered as data (`zod/mini`). */
export const yearNoticeSchema = z.object({
  year: z.number().check(z.int(), z.gte(2000), z.lte(2100)),
  /** Days off, including weekend days inside a holiday. */
  holidays: z.array(isoDate).check(z.maxLength(60)),
  /** Make-up working days (weekend days that are working days). */
  workdays: z.array(isoDate).check(z.maxLength(20)),
  /** Where it came from, e.g. 国办发明电〔2026〕X号. */
  source: z.optional(z.string().check(z.maxLength(200))),
});
export type YearNotice = z.infer<typeof yearNoticeSchema>;

/** Ministry-entered notices; a year listed here replaces the package's data for that year. */
export interface CalendarOverrides {
  readonly notices: readonly YearNotice[];
}

export interface DayInfo {
  readonly working: boolean;
  /** True when neither a notice nor the package knows the year: a Mon–Fri guess. */
  readonly provisional: boolean;
}

const PACKAGE_HOLIDAYS: ReadonlySet<string> = new Set(Object.keys(calendar.holidays));
const PACKAGE_WORKDAYS: ReadonlySet<string> = new Set(Object.keys(calendar.workdays));
const PACKAGE_YEARS: ReadonlySet<number> = new Set(
  [...PACKAGE_HOLIDAYS, ...PACKAGE_WORKDAYS].map((d) => Number(d.slice(0, 4))),
);

/** Years the bundled package knows, e.g. up to 2026 for chinese-days 1.5.7. */
export const packageYears = (): readonly number[] => [...PACKAGE_YEARS].sort((a, b) => a - b);

const DAY = 86_400_000;
const toEpochDay = (d: IsoDate): number => {
  if (!isoDate.safeParse(d).success) throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
  const t = Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== d)
    throw new RangeError(`no such date: ${d}`);
  return t / DAY;
};
const fromEpochDay = (n: number): IsoDate => new Date(n * DAY).toISOString().slice(0, 10);

/** The calendar date in China (UTC+8, no daylight saving) of an instant. */
export const chinaDate = (instant: Date = new Date()): IsoDate =>
  new Date(instant.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** A working-day calendar with the ministry's notices applied. Build once, reuse. */
export class WorkCalendar {
  private readonly notices = new Map<number, { holidays: Set<string>; workdays: Set<string> }>();

  constructor(overrides?: CalendarOverrides) {
    for (const n of overrides?.notices ?? []) {
      const notice = yearNoticeSchema.parse(n);
      this.notices.set(notice.year, {
        holidays: new Set(notice.holidays),
        workdays: new Set(notice.workdays),
      });
    }
  }

  /** Whether a date is a working day, and whether that answer is only a weekday guess. */
  day(date: IsoDate): DayInfo {
    const epoch = toEpochDay(date);
    const year = Number(date.slice(0, 4));
    const weekend = [0, 6].includes(new Date(epoch * DAY).getUTCDay());
    const notice = this.notices.get(year);
    if (notice) {
      if (notice.holidays.has(date)) return { working: false, provisional: false };
      if (notice.workdays.has(date)) return { working: true, provisional: false };
      return { working: !weekend, provisional: false };
    }
    if (PACKAGE_YEARS.has(year)) {
      if (PACKAGE_HOLIDAYS.has(date)) return { working: false, provisional: false };
      if (PACKAGE_WORKDAYS.has(date)) return { working: true, provisional: false };
      return { working: !weekend, provisional: false };
    }
    return { working: !weekend, provisional: true };
  }

  /**
   * The `n`-th working day after `date` (the start day itself is not counted, as a time limit
   * starts the day after filing). `n = 0` gives `date` back.
   */
  addWorkingDays(date: IsoDate, n: number): { due: IsoDate; provisional: boolean } {
    if (!Number.isInteger(n) || n < 0 || n > 3650) throw new RangeError(`working days must be 0…3650: ${n}`);
    let epoch = toEpochDay(date);
    let provisional = false;
    for (let left = n; left > 0; ) {
      epoch++;
      const d = this.day(fromEpochDay(epoch));
      provisional ||= d.provisional;
      if (d.working) left--;
    }
    return { due: fromEpochDay(epoch), provisional };
  }

  /** Working days in `(from, to]`; negative when `to` is before `from`. */
  workingDaysBetween(from: IsoDate, to: IsoDate): { days: number; provisional: boolean } {
    const a = toEpochDay(from);
    const b = toEpochDay(to);
    const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
    if (hi - lo > 3650 * 2) throw new RangeError('range too long');
    let days = 0;
    let provisional = false;
    for (let e = lo + 1; e <= hi; e++) {
      const d = this.day(fromEpochDay(e));
      provisional ||= d.provisional;
      if (d.working) days++;
    }
    return { days: sign * days, provisional };
  }
}

const defaultCalendar = new WorkCalendar();
const calendarFor = (overrides?: CalendarOverrides) =>
  overrides?.notices.length ? new WorkCalendar(overrides) : defaultCalendar;

/** See {@link WorkCalendar.addWorkingDays}. */
export const addWorkingDays = (
  date: IsoDate,
  n: number,
  overrides?: CalendarOverrides,
): { due: IsoDate; provisional: boolean } => calendarFor(overrides).addWorkingDays(date, n);

/** See {@link WorkCalendar.workingDaysBetween}. */
export const workingDaysBetween = (
  from: IsoDate,
  to: IsoDate,
  overrides?: CalendarOverrides,
): { days: number; provisional: boolean } => calendarFor(overrides).workingDaysBetween(from, to);

/** See {@link WorkCalendar.day}. */
export const isWorkingDay = (date: IsoDate, overrides?: CalendarOverrides): DayInfo =>
  calendarFor(overrides).day(date);
