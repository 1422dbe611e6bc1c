/**
 * Every time and date the web client shows is China's (UTC+8, no daylight saving), whatever the
 * device's or the server's clock zone. The API stores instants in UTC (`…Z`); a case filed at
 * 09:30 in Beijing is `01:30Z` and must read 09:30 on an office PC, on a kiosk, in the page the
 * portal Lambda renders (UTC) and on a laptop set to another zone alike. "Today" is the district's
 * today: the API decides the `past`/`future` of a date field with the same day (`chinaDate` in
 * `@linli/services`). Nothing else in `web/src` formats an instant (`tests/infra` checks no page
 * reads the device's zone through `toLocale…String` or a `.slice(0, 16)` of an ISO string).
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

const OFFSET_MS = 8 * 3_600_000;

/** `YYYY-MM-DDTHH:mm:ss` of an instant on China's clock. */
const chinaIso = (at: string | number | Date): string =>
  new Date(new Date(at).getTime() + OFFSET_MS).toISOString().slice(0, 19);

/** The China date (`YYYY-MM-DD`) of an instant; now by default. */
export const chinaDay = (at: string | number | Date = Date.now()): string => chinaIso(at).slice(0, 10);

/** `YYYY-MM-DD HH:mm` (or `:ss`) in China time: the staff tables, timelines and records. */
export const chinaDateTime = (
  at: string | number | Date,
  { seconds = false }: { readonly seconds?: boolean } = {},
): string =>
  chinaIso(at)
    .slice(0, seconds ? 19 : 16)
    .replace('T', ' ');

/** `HH:mm` (or `:ss`) in China time: a moment of today's list (calls, inbound texts, check-ins). */
export const chinaClock = (
  at: string | number | Date,
  { seconds = false }: { readonly seconds?: boolean } = {},
): string => chinaIso(at).slice(11, seconds ? 19 : 16);

/** The last instant of a China date (`YYYY-MM-DD`), as the API stores it: a deadline "on" a day. */
export const chinaEndOfDay = (day: string): string => new Date(`${day}T23:59:59.999+08:00`).toISOString();

/** A `datetime-local` value (`YYYY-MM-DDTHH:mm`) read on China's clock, and back. */
export const fromChinaLocal = (local: string): Date => new Date(`${local}:00+08:00`);
export const toChinaLocal = (at: string | number | Date): string => chinaIso(at).slice(0, 16);

/** The current year on China's clock. */
export const chinaYear = (): number => Number(chinaDay().slice(0, 4));

/** Date and time to the minute in the UI language, in China's time (the residents' pages). */
export const when = (iso: string, lang: string): string =>
  new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: CHINA_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
