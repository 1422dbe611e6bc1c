import { Alert, Button, Descriptions, Steps, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { decisionReason, STATUS_KEY, useApplicationStatus } from '../../api/onboarding';
import { ErrorState, Loading } from '../../components/States';
import { registerStrings } from '../../i18n';
import { categoryValueLabel, tierLabel } from '../../i18n/labels';
import onboardingZh from '../../i18n/onboarding.zh-CN';

registerStrings('onboarding', onboardingZh);

const STEP_ORDER = ['identity', 'data-store', 'org-structure', 'default-config', 'flags', 'activate'];

function storedToken(id: string): string {
  try {
    const s = JSON.parse(localStorage.getItem(STATUS_KEY) ?? '{}') as { id?: string; token?: string };
    return s.id === id ? (s.token ?? '') : '';
  } catch {
    return '';
  }
}

/** The applicant's status page: decision, category rules, provisioning steps, then sign-in. */
export default function StatusPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const { id = '' } = useParams();
  const [search] = useSearchParams();
  const token = search.get('token') ?? storedToken(id);
  const q = useApplicationStatus(id, token);

  if (q.isPending) return <Loading />;
  if (q.isError)
    return (
      <div className="page page-narrow">
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      </div>
    );
  const a = q.data;
  const prov = a.provisioning;
  const failed = prov?.steps.find((s) => s.status === 'failed');
  const current = prov ? prov.steps.findIndex((s) => s.status !== 'succeeded') : -1;
  const statusColor =
    a.status === 'active'
      ? 'success'
      : a.status === 'rejected' || a.status === 'provisioning-failed'
        ? 'error'
        : 'processing';

  return (
    <div className="page page-narrow">
      {/* Plain markup (styles.css `.panel`), not antd's Card and Typography: see the login page. */}
      <h1>
        {t('onboarding.statusTitle')} · {a.districtName}
      </h1>
      <p className="muted panel-intro">{t('onboarding.statusLink')}</p>
      <section className="panel">
        <p aria-live="polite">
          <Tag color={statusColor} data-testid="application-status">
            {t(`onboarding.appStatus.${a.status}`, { defaultValue: a.status })}
          </Tag>
        </p>
        <Descriptions column={1} bordered size="small">
          <Descriptions.Item label={t('onboarding.applicationId')}>
            <span className="mono">{a.id}</span>
          </Descriptions.Item>
          <Descriptions.Item label={t('join.district')}>
            {a.districtName} ({a.divisionCode})
          </Descriptions.Item>
          <Descriptions.Item label={t('join.tierRequested')}>
            {tierLabel(t, a.tierRequested)} ·{' '}
            {a.needsApproval ? t('onboarding.needsApproval') : t('onboarding.noApproval')}
          </Descriptions.Item>
          <Descriptions.Item label={t('onboarding.categoryRules')}>
            <ul className="rule-lines">
              {a.categoryRules.map((r) => (
                <li key={r.dimension}>
                  <Tag>{categoryValueLabel(t, r.value)}</Tag> {zh ? r.message.zh : r.message.en}
                </li>
              ))}
            </ul>
          </Descriptions.Item>
          <Descriptions.Item label={t('onboarding.adminUsername')}>
            <span className="mono">{a.adminUsername}</span>
          </Descriptions.Item>
          {a.decision?.reason ? (
            <Descriptions.Item label={t('onboarding.decisionReason')}>
              {decisionReason(a.decision, i18n.language)}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
      </section>
      {prov ? (
        <section className="panel">
          <h2 className="card-title">{t('onboarding.provisioning')}</h2>
          <Steps
            direction="vertical"
            size="small"
            current={current < 0 ? STEP_ORDER.length : current}
            status={failed ? 'error' : current < 0 ? 'finish' : 'process'}
            items={STEP_ORDER.map((name) => {
              const s = prov.steps.find((x) => x.name === name);
              return {
                title: t(`onboarding.steps.${name}`),
                description: s ? t(`onboarding.stepStatus.${s.status}`) : '',
              };
            })}
          />
          {prov.outputs.communities !== null ? (
            <p>
              {t('workspace.streets')}: {prov.outputs.streets} · {t('workspace.communities')}:{' '}
              {prov.outputs.communities}
            </p>
          ) : null}
        </section>
      ) : null}
      {a.status === 'active' ? (
        <Alert
          type="success"
          showIcon
          message={t('onboarding.appStatus.active')}
          action={
            <Link to="/login">
              <Button type="primary">{t('onboarding.goLogin')}</Button>
            </Link>
          }
        />
      ) : null}
    </div>
  );
}
