/** The population area's menu and role capabilities: small, so the workspace shell can import it eagerly. */
import type { Me } from '../../../api/types';

/** What the user's roles allow here (the API enforces it; the UI only hides what would be refused). */
export interface Caps {
  read: boolean;
  write: boolean;
  reveal: boolean;
  importExport: boolean;
  review: boolean;
  analytics: boolean;
  thematic: boolean;
  /** The scope is fixed to one community (community worker). */
  fixedCommunity: string | undefined;
  /** The scope is fixed to one street (street staff, community worker). */
  fixedStreet: string | undefined;
}

const STAFF_WRITERS = ['district-admin', 'street-staff', 'community-worker'];

export function capsOf(me: Me): Caps {
  const has = (...roles: string[]) => roles.some((r) => me.roles.includes(r));
  return {
    read: has(...STAFF_WRITERS, 'department-staff', 'call-centre-operator'),
    write: has(...STAFF_WRITERS),
    reveal: has(...STAFF_WRITERS, 'department-staff'),
    importExport: has(...STAFF_WRITERS),
    review: has('district-admin', 'street-staff'),
    analytics: has(...STAFF_WRITERS, 'department-staff'),
    thematic: has('department-staff', 'district-admin'),
    fixedCommunity: has('district-admin') ? undefined : me.scope.communityCode,
    fixedStreet: has('district-admin')
      ? undefined
      : (me.scope.streetCode ?? me.scope.communityCode?.slice(0, 9)),
  };
}

export interface PopulationNavItem {
  key: string;
  label: string;
}

/** The workspace menu entries for the population area the user's roles can use. */
export function populationNav(me: Me, t: (k: string) => string): PopulationNavItem[] {
  const caps = capsOf(me);
  const items: [boolean, string, string][] = [
    [caps.read, 'residents', 'population.nav.residents'],
    [caps.read, 'base-data', 'population.nav.baseData'],
    [caps.importExport, 'import', 'population.nav.import'],
    [caps.review, 'reviews', 'population.nav.reviews'],
    [caps.write, 'stale', 'population.nav.stale'],
    [caps.analytics, 'analytics', 'population.nav.analytics'],
    [caps.thematic, 'thematic', 'population.nav.thematic'],
  ];
  return items
    .filter(([ok]) => ok)
    .map(([, k, label]) => ({ key: `/workspace/population/${k}`, label: t(label) }));
}
