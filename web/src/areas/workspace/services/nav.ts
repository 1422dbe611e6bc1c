import type { TFunction } from 'i18next';
import type { Me } from '../../../api/types';

/** Whether the staff member holds one of the roles. */
export const has = (me: Me, ...roles: string[]) => roles.some((r) => me.roles.includes(r));

/** What the service desk offers the signed-in staff member (the menu follows the roles). */
export function serviceDeskNav(me: Me, t: TFunction): { key: string; label: string }[] {
  return [
    ...(has(me, 'district-admin')
      ? [{ key: '/workspace/service-desk/catalogue', label: t('serviceDesk.nav.catalogue') }]
      : []),
    ...(has(
      me,
      'district-admin',
      'department-staff',
      'call-centre-operator',
      'community-worker',
      'street-staff',
    )
      ? [{ key: '/workspace/service-desk/feedback', label: t('serviceDesk.nav.feedback') }]
      : []),
    ...(has(me, 'district-admin', 'community-worker', 'street-staff')
      ? [{ key: '/workspace/service-desk/notices', label: t('serviceDesk.nav.notices') }]
      : []),
  ];
}
