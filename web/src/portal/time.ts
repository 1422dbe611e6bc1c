/**
 * Times and dates on the portal are China's (UTC+8, no daylight saving), whatever the device's or
 * the server's clock zone: the page rendered by the portal Lambda (UTC) and the same page in a
 * resident's browser say the same, and "today" is the district's today — the API decides the
 * `past`/`future` of a date field with the same day (`chinaDate` in `@linli/services`).
 */
export const CHINA_TIME_ZONE = 'Asia/Shanghai';

/** The China date (`YYYY-MM-DD`) of an instant. */
export const chinaDay = (at: string | number | Date = Date.now()): string =>
  new Date(new Date(at).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** Date and time to the minute in the UI language, in China's time. */
export const when = (iso: string, lang: string): string =>
  new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', {
    timeZone: CHINA_TIME_ZONE,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  });
