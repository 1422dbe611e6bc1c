import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

/** Where the area lives (links are absolute: its routes are siblings, not nested). */
export const BASE = '/workspace/m/street-tasks-reports';

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
