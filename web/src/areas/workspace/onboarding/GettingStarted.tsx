import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useChecklist, useConfirmChecklist } from '../../../api/onboarding';
import type { Me } from '../../../api/types';
import { CheckCircleIcon, ClockIcon } from '../../../components/icons';
import { Button, Progress, Tag } from '../../../components/plain';
import { ErrorState, Loading } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import { moduleLabel } from '../../../i18n/labels';
import onboardingZh from '../../../i18n/onboarding.zh-CN';

registerStrings('onboarding', onboardingZh);

/**
 * The district admin's getting-started list; items tick themselves from real state. Plain markup
 * (a panel, a progress bar, native checkboxes) since it is on the workspace's first screen.
 */
export default function GettingStarted({ me }: { me: Me }) {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const q = useChecklist();
  const confirm = useConfirmChecklist();
  const [modules, setModules] = useState<string[]>(me.modules);
  return (
    <section className="panel" aria-labelledby="getting-started">
      <h2 className="card-title" id="getting-started">
        {t('workspace.gettingStarted')}
      </h2>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <>
          <Progress
            percent={Math.round((q.data.done / q.data.total) * 100)}
            label={t('onboarding.checklist.progress', { done: q.data.done, total: q.data.total })}
          />
          <p aria-live="polite">
            {t('onboarding.checklist.progress', { done: q.data.done, total: q.data.total })}
          </p>
          <ul className="checklist" aria-label={t('workspace.gettingStarted')}>
            {q.data.items.map((item) => (
              <li key={item.key} data-testid={`checklist-${item.key}`} data-done={item.done}>
                <div className="checklist-item">
                  {item.done ? <CheckCircleIcon className="check-done" /> : <ClockIcon />}
                  <div>
                    <strong>{zh ? item.label.zh : item.label.en}</strong>{' '}
                    <Tag color={item.done ? 'success' : 'default'}>
                      {item.done ? t('onboarding.checklist.done') : t('onboarding.checklist.todo')}
                    </Tag>
                    <p className="muted checklist-detail">{zh ? item.detail.zh : item.detail.en}</p>
                    {!item.done && item.key === 'review-org' ? (
                      <Button
                        size="small"
                        onClick={() => confirm.mutate({ key: 'review-org' })}
                        loading={confirm.isPending}
                      >
                        {t('onboarding.checklist.confirmOrg')}
                      </Button>
                    ) : null}
                    {!item.done && item.key === 'invite-staff' ? (
                      <Link to="/workspace/invitations">{t('onboarding.invitations.title')}</Link>
                    ) : null}
                    {!item.done && item.key === 'choose-modules' ? (
                      <fieldset className="module-choice">
                        <legend>{t('onboarding.checklist.modulesTitle')}</legend>
                        <div className="checkbox-group">
                          {me.modules.map((m) => (
                            <label key={m} className="checkbox">
                              <input
                                type="checkbox"
                                value={m}
                                checked={modules.includes(m)}
                                onChange={(e) =>
                                  setModules((ms) =>
                                    e.target.checked ? [...ms, m] : ms.filter((x) => x !== m),
                                  )
                                }
                              />
                              {moduleLabel(t, m)}
                            </label>
                          ))}
                        </div>
                        <div>
                          <Button
                            size="small"
                            onClick={() => confirm.mutate({ key: 'choose-modules', modules })}
                            loading={confirm.isPending}
                          >
                            {t('onboarding.checklist.confirmModules')}
                          </Button>
                        </div>
                      </fieldset>
                    ) : null}
                  </div>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
