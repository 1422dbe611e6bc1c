/**
 * Case numbers (办件编号) people read out on the phone: `<district6>-<yyyymmdd>-<nnnn>`, e.g.
 * `110101-20261202-0007`, counted per district per day (China date). Storage allocates `n` with a
 * conditional counter update, so no two cases share a number.
 */
import type { IsoDate } from './workdays.ts';

export const CASE_NUMBER = /^(\d{6})-(\d{8})-(\d{4})$/;
export const MAX_CASES_PER_DAY = 9999;

export const formatCaseNumber = (district: string, date: IsoDate, n: number): string => {
  if (!/^\d{6}$/.test(district)) throw new RangeError(`district code must be 6 digits: ${district}`);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CASES_PER_DAY)
    throw new RangeError(`case number out of range: ${n}`);
  return `${district}-${date.replaceAll('-', '')}-${String(n).padStart(4, '0')}`;
};

export const parseCaseNumber = (
  value: string,
): { district: string; date: IsoDate; n: number } | undefined => {
  const m = CASE_NUMBER.exec(value);
  if (!m) return undefined;
  const [, district = '', d = '', n = ''] = m;
  return { district, date: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}`, n: Number(n) };
};
