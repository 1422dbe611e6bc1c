/** What the services area shares: the roles that work cases, labels picked by language. */
import type { Me } from '../../../api/types';

const HANDLERS = ['district-admin', 'street-staff', 'community-worker', 'department-staff'];

/** Whether the user works cases (the inbox), and which inbox scopes their grant allows. */
export function caseCaps(me: Me) {
  const has = (...roles: string[]) => roles.some((r) => me.roles.includes(r));
  const scopes: ('desk' | 'community' | 'street' | 'department' | 'district')[] = [];
  if (has(...HANDLERS)) scopes.push('desk');
  if (me.scope.communityCode && has('community-worker')) scopes.push('community');
  if ((me.scope.streetCode || me.scope.communityCode) && has('street-staff', 'community-worker'))
    scopes.push('street');
  if (me.scope.department && has('department-staff')) scopes.push('department');
  if (has('district-admin', 'call-centre-operator')) scopes.push('district');
  return { read: scopes.length > 0, handle: has(...HANDLERS), scopes };
}

/** A bilingual label in the UI language. */
export const pick = (lang: string, b: { zh: string; en: string }) => (lang.startsWith('en') ? b.en : b.zh);
