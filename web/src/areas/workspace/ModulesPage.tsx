import { Alert, Button, Switch, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type TenantModule, useSetModule, useTenantModules } from '../../api/flags';
import type { Me } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { ErrorState, Loading, useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import flagsZh from '../../i18n/flags.zh-CN';
import { moduleLabel } from '../../i18n/labels';

registerStrings('flags', flagsZh);

/**
 * The district's modules: on/off with the reason, a switch where the rule lets the district choose,
 * and why the others are fixed.
 */
export default function ModulesPage({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const q = useTenantModules();
  const set = useSetModule();
  const [error, setError] = useState<string | null>(null);
  const canConfigure = me.roles.includes('district-admin');
  const text = (l: { zh: string; en: string }) => (i18n.language === 'en' ? l.en : l.zh);

  const action = (m: TenantModule) => {
    const { canOptIn, canOptOut, choice, why } = m.override;
    if (!canOptIn && !canOptOut)
      return (
        <span>
          <Tag>{t('flags.workspace.fixed')}</Tag> {text(why)}
        </span>
      );
    if (!canConfigure) return <span className="muted">{t('flags.workspace.readOnly')}</span>;
    const label = moduleLabel(t, m.key);
    return (
      <span className="module-switch">
        <Switch
          checked={m.enabled}
          loading={set.isPending && set.variables?.key === m.key}
          disabled={(m.enabled && !canOptOut) || (!m.enabled && !canOptIn)}
          aria-label={label}
          onChange={(on) =>
            set.mutate(
              { key: m.key, enabled: on },
              { onSuccess: () => setError(null), onError: (e) => setError(errorText(e)) },
            )
          }
        />{' '}
        {choice !== null ? (
          <Button
            type="link"
            onClick={() =>
              set.mutate({ key: m.key, enabled: null }, { onError: (e) => setError(errorText(e)) })
            }
          >
            {t('flags.workspace.clear')}
          </Button>
        ) : null}
      </span>
    );
  };

  return (
    <section className="panel" aria-labelledby="modules-title">
      <h2 className="card-title" id="modules-title">
        {t('flags.workspace.title')}
      </h2>
      <p>{t('flags.workspace.intro')}</p>
      {error ? <Alert type="error" role="alert" showIcon message={error} className="page-alert" /> : null}
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <DataTable
          rowKey={(m) => m.key}
          rows={q.data.modules}
          label={t('flags.workspace.title')}
          columns={[
            {
              key: 'module',
              title: t('flags.workspace.module'),
              render: (m) => moduleLabel(t, m.key),
            },
            {
              key: 'state',
              title: t('flags.workspace.state'),
              render: (m) =>
                m.enabled ? (
                  <Tag color="green">{t('flags.workspace.enabled')}</Tag>
                ) : (
                  <Tag>{t('flags.workspace.disabled')}</Tag>
                ),
            },
            {
              key: 'reason',
              title: t('flags.workspace.reason'),
              render: (m) => (
                <span>
                  {t(`flags.reasons.${m.reason}`)} · {text(m.detail)}
                </span>
              ),
            },
            {
              key: 'action',
              title: t('flags.workspace.action'),
              render: (m) => action(m),
            },
          ]}
        />
      )}
    </section>
  );
}
