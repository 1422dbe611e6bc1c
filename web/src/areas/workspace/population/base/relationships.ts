/**
 * GB/T 4761-2008 family relationship codes (家庭关系代码), relative to the household head: the list
 * the API validates against, imported from `@linli/population/codes` (plain data, no server code).
 */
import { type CodeEntry, RELATIONSHIPS } from '@linli/population/codes';

export type RelationshipCode = CodeEntry;
export { RELATIONSHIPS };

const byCode = new Map(RELATIONSHIPS.map((r) => [r.code, r]));

/** The label of a relationship code in the UI language (the code itself when unknown or masked). */
export const relationshipLabel = (code: string | undefined, lang: string): string => {
  if (!code) return '—';
  const r = byCode.get(code);
  return r ? `${lang === 'en' ? r.en : r.zh} (${r.code})` : code;
};
