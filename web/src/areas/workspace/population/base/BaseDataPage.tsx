/**
 * 基础数据: the base records of the community comprehensive database besides residents —
 * households, buildings and housing units, community organizations, grids — one community at a
 * time. The tab is in the URL (`?tab=`), so a worker can bookmark or share where they are.
 */
import { Card, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { usePopulationScope } from '../common';
import { BuildingsTab } from './Buildings';
import { GridsTab } from './Grids';
import { HouseholdsTab } from './Households';
import { OrganizationsTab } from './Organizations';
import { WithCommunity } from './shared';

export const BASE_TABS = ['households', 'buildings', 'organizations', 'grids'] as const;
export type BaseTab = (typeof BASE_TABS)[number];

const isTab = (v: string | null): v is BaseTab => (BASE_TABS as readonly string[]).includes(v ?? '');

export function BaseDataPage() {
  const { t } = useTranslation();
  const { caps } = usePopulationScope();
  const [params, setParams] = useSearchParams();
  const raw = params.get('tab');
  const tab: BaseTab = isTab(raw) ? raw : 'households';
  const body = (community: string) => {
    switch (tab) {
      case 'buildings':
        return <BuildingsTab key={community} community={community} />;
      case 'organizations':
        return <OrganizationsTab key={community} community={community} />;
      case 'grids':
        return <GridsTab key={community} community={community} />;
      default:
        return <HouseholdsTab key={community} community={community} />;
    }
  };
  return (
    <Card title={<h2 className="card-title">{t('population.baseData.title')}</h2>}>
      <Typography.Paragraph>{t('population.baseData.intro')}</Typography.Paragraph>
      {caps.write ? null : (
        <Typography.Paragraph type="secondary">{t('population.baseData.readOnly')}</Typography.Paragraph>
      )}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={BASE_TABS.map((k) => ({
          key: k,
          label: t(`population.baseData.tabs.${k}`),
          // Only the open tab is rendered (and fetched); its panel holds the community chooser.
          children: k === tab ? <WithCommunity>{body}</WithCommunity> : null,
        }))}
      />
    </Card>
  );
}
