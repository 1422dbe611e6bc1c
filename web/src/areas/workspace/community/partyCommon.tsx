import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import type { BranchOverview } from '../../../api/party';
import type { Me } from '../../../api/types';
import { registerStrings } from '../../../i18n';
import partyZh from '../../../i18n/party.zh-CN';

registerStrings('party', partyZh);

/** Where the area lives: the module's page under 社区工作. */
export const PARTY_BASE = '/workspace/m/party-building';

/** Who works with party branches (`party-building:manage`; the server checks the same, by scope). */
export const managesParty = (me: Me) =>
  ['district-admin', 'street-staff', 'community-worker'].some((r) => me.roles.includes(r));

/** One kind's held / due as a tag whose colour is never the only signal (the state column says it). */
export function HeldOfDue({ k }: { k: BranchOverview['kinds'][number] }) {
  const { t } = useTranslation();
  return (
    <Tag color={k.missed > 0 ? 'error' : 'success'}>
      {t('party.overview.heldOfDue', { held: k.held, due: k.due })}
    </Tag>
  );
}
