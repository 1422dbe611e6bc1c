/**
 * 基础数据: the base records of the community comprehensive database besides residents —
 * households, buildings and housing units, community organizations, grids — one community at a
 * time. The tab is in the URL (`?tab=`), so a worker can bookmark or share where they are.
 */
import type { KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Panel, usePopulationScope } from '../common';
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
  const select = (k: BaseTab) => setParams({ tab: k }, { replace: true });
  // Arrow keys move between the tabs (WAI-ARIA tabs pattern), Home / End to the first / last.
  const onKey = (e: KeyboardEvent<HTMLDivElement>) => {
    const i = BASE_TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? BASE_TABS[(i + 1) % BASE_TABS.length]
        : e.key === 'ArrowLeft'
          ? BASE_TABS[(i - 1 + BASE_TABS.length) % BASE_TABS.length]
          : e.key === 'Home'
            ? BASE_TABS[0]
            : e.key === 'End'
              ? BASE_TABS[BASE_TABS.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    select(next);
    document.getElementById(`base-tab-${next}`)?.focus();
  };
  return (
    <Panel title={t('population.baseData.title')}>
      <p>{t('population.baseData.intro')}</p>
      {caps.write ? null : <p className="muted">{t('population.baseData.readOnly')}</p>}
      {/* Tabs in plain markup (styles.css `.tabs`, antd Tabs' look); only the open tab is rendered
          (and fetched), its panel holding the community chooser. */}
      <div className="tabs" role="tablist" onKeyDown={onKey}>
        {BASE_TABS.map((k) => (
          <button
            key={k}
            id={`base-tab-${k}`}
            type="button"
            role="tab"
            className="tab"
            aria-selected={k === tab}
            aria-controls="base-tab-panel"
            tabIndex={k === tab ? 0 : -1}
            onClick={() => select(k)}
          >
            {t(`population.baseData.tabs.${k}`)}
          </button>
        ))}
      </div>
      <div id="base-tab-panel" role="tabpanel" aria-labelledby={`base-tab-${tab}`} className="tab-panel">
        <WithCommunity>{body}</WithCommunity>
      </div>
    </Panel>
  );
}
