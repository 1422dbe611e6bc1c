import type { TFunction } from 'i18next';
import type { Me } from '../../../api/types';

/** Whether the staff member holds one of the roles. */
export const has = (me: Me, ...roles: string[]) => roles.some((r) => me.roles.includes(r));

/** The hotline menu: the console for operators (and the district admin), keys for the admin. */
export function hotlineNav(me: Me, t: TFunction): { key: string; label: string }[] {
  const calls = me.modules.includes('channel-call-centre');
  const sms = me.modules.includes('channel-sms');
  const operates = has(me, 'call-centre-operator', 'district-admin');
  const admin = has(me, 'district-admin');
  return [
    ...(calls && operates
      ? [
          { key: '/workspace/hotline', label: t('hotline.nav.console') },
          { key: '/workspace/hotline/orders', label: t('hotline.nav.orders') },
          { key: '/workspace/hotline/callbacks', label: t('hotline.nav.callbacks') },
        ]
      : []),
    ...(sms && (operates || has(me, 'street-staff', 'community-worker'))
      ? [{ key: '/workspace/hotline/sms', label: t('hotline.nav.sms') }]
      : []),
    ...(calls && admin ? [{ key: '/workspace/hotline/keys', label: t('hotline.nav.keys') }] : []),
    ...(sms && admin ? [{ key: '/workspace/hotline/sms-keys', label: t('hotline.nav.smsKeys') }] : []),
  ];
}
