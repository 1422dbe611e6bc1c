import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { Me } from '../../../api/types';

/** Where the area lives (links are absolute: its routes are siblings, not nested). */
export const BASE = '/workspace/m/street-tasks-reports';

/** What community work offers the signed-in staff member (the server checks the same). */
export const communityCaps = (me: Me) => {
  const has = (...roles: string[]) => roles.some((r) => me.roles.includes(r));
  return {
    /** Hand tasks down, open report cycles, return or accept reports. */
    assign: has('district-admin', 'street-staff', 'department-staff'),
    /** Accept and report tasks back, fill reports. */
    write: has('district-admin', 'community-worker'),
    community: me.scope.communityCode,
    street: me.scope.streetCode ?? me.scope.communityCode?.slice(0, 9),
  };
};

const COLORS: Record<string, string> = {
  assigned: 'blue',
  accepted: 'processing',
  reported: 'gold',
  returned: 'red',
  done: 'green',
  'not-started': 'default',
  draft: 'processing',
  submitted: 'gold',
  accepted_report: 'green',
};

/** A status as a coloured tag with its words (never colour alone). */
export function StatusTag({ status, report }: { status: string; report?: boolean }) {
  const { t } = useTranslation();
  const color = report && status === 'accepted' ? COLORS.accepted_report : COLORS[status];
  const label =
    report && status === 'accepted' ? t('community:reports.accepted') : t(`community:status.${status}`);
  return <Tag color={color}>{label}</Tag>;
}
