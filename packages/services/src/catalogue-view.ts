/**
 * What residents and the public see of a district's catalogue: the services it offers (switched
 * on, and either in no module or in a module the district has), found by Chinese text or by the
 * pinyin initials stored with each definition (`dbsq` → 低保申请) — no dictionary at read time.
 */
import type { ServiceDefinition } from './catalogue.ts';
import { type Channel, DEPARTMENTS } from './catalogue-vocabulary.ts';
import type { CatalogueEntry } from './store/catalogue.ts';

/** A service without a module is a community service, offered in every tier. */
export const isOffered = (def: Pick<ServiceDefinition, 'module'>, modules: readonly string[]): boolean =>
  def.module === null || modules.includes(def.module);

/** Lower-case, full-width folded, without spaces: `Ｄ Ｂ sq` → `dbsq`. */
export const searchKey = (q: string): string => q.normalize('NFKC').toLowerCase().replace(/\s+/g, '');

/**
 * Whether a definition matches a search: Latin letters match the pinyin initials (as a prefix or
 * inside) or the English name; anything else matches the Chinese name or summary.
 */
export const matchesSearch = (def: ServiceDefinition, q: string): boolean => {
  const k = searchKey(q);
  if (!k) return true;
  if (/^[a-z]+$/.test(k)) return (def.initials ?? '').includes(k) || searchKey(def.name.en).includes(k);
  return searchKey(def.name.zh).includes(k) || searchKey(def.summary.zh).includes(k);
};

export interface CatalogueFilter {
  readonly modules: readonly string[];
  readonly channel?: Channel | undefined;
  readonly q?: string | undefined;
}

/** The entries a resident may see and use, filtered; prefix matches of the initials first. */
export const offeredServices = (entries: readonly CatalogueEntry[], f: CatalogueFilter): CatalogueEntry[] => {
  const k = f.q ? searchKey(f.q) : '';
  const rank = (e: CatalogueEntry) => (k && (e.definition.initials ?? '').startsWith(k) ? 0 : 1);
  return entries
    .filter((e) => e.enabled && isOffered(e.definition, f.modules))
    .filter((e) => !f.channel || e.definition.channels.includes(f.channel))
    .filter((e) => !f.q || matchesSearch(e.definition, f.q))
    .sort((a, b) => rank(a) - rank(b) || a.definition.code.localeCompare(b.definition.code));
};

/** The owning department's name. */
export const departmentName = (def: Pick<ServiceDefinition, 'department'>) => DEPARTMENTS[def.department];
