/**
 * National code lists shown by label: 民族 `01` reads 汉族. The lists are the ones the API validates
 * against, from `@linli/population/codes` (plain data, no server code).
 */
import {
  type CodeEntry,
  EDUCATION,
  ETHNICITIES,
  POLITICAL_STATUS,
  RELATIONSHIPS,
} from '@linli/population/codes';

export type CodeList = 'ethnicity' | 'education' | 'politicalStatus' | 'relationship';

/** Each list with the value the API stores (education by key, the others by code). */
const LISTS: Record<CodeList, readonly (CodeEntry & { value: string })[]> = {
  ethnicity: ETHNICITIES.map((e) => ({ ...e, value: e.code })),
  education: EDUCATION.map((e) => ({ ...e, value: e.key })),
  politicalStatus: POLITICAL_STATUS.map((e) => ({ ...e, value: e.code })),
  relationship: RELATIONSHIPS.map((e) => ({ ...e, value: e.code })),
};
const INDEX = Object.fromEntries(
  Object.entries(LISTS).map(([k, list]) => [k, new Map(list.map((e) => [e.value, e]))]),
) as Record<CodeList, Map<string, CodeEntry & { value: string }>>;

/**
 * The label of a stored value in the UI language; a masked (`***`) or unknown value as it is, no
 * value as undefined.
 */
export const codeLabel = (list: CodeList, value: string | undefined, lang: string): string | undefined => {
  if (!value) return undefined;
  const e = INDEX[list].get(value);
  return e ? (lang === 'en' ? e.en : e.zh) : value;
};

/** Select options for a list: label in the UI language, searchable by label, code and aliases. */
export const codeOptions = (list: CodeList, lang: string) =>
  LISTS[list].map((e) => ({
    value: e.value,
    label: lang === 'en' ? e.en : e.zh,
    title: e.code,
    search: [e.zh, e.en, e.code, ...(e.aliases ?? [])].join(' ').toLowerCase(),
  }));
