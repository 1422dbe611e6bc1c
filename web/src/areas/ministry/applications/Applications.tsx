import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  decisionReason,
  type QueueItem,
  useApplicationsQueue,
  useApprovalPolicy,
  useDecision,
  useProvisioning,
  useRetryProvisioning,
  useSavePolicy,
} from '../../../api/onboarding';
import type { Tier } from '../../../api/types';
import { DataTable } from '../../../components/DataTable';
import { Button, Notice } from '../../../components/plain';
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import { categoryValueLabel, tierLabel } from '../../../i18n/labels';
import onboardingZh from '../../../i18n/onboarding.zh-CN';
import { chinaDateTime } from '../../../time';
import { Badge, InputField, Panel, SelectField } from '../ui';

registerStrings('onboarding', onboardingZh);

const TIERS: Tier[] = ['basic', 'standard', 'demonstration'];
const STATUSES = [
  'submitted',
  'changes-requested',
  'provisioning',
  'provisioning-failed',
  'active',
  'rejected',
];

function Policy({ canReview }: { canReview: boolean }) {
  const { t } = useTranslation();
  const q = useApprovalPolicy();
  const save = useSavePolicy();
  const errorMessage = useErrorMessage();
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} onRetry={() => void q.refetch()} />;
  const policy = q.data;
  return (
    <Panel title={t('onboarding.queue.policy')}>
      <p className="muted">{t('onboarding.queue.policyHint')}</p>
      {canReview ? null : <p className="muted">{t('onboarding.queue.readOnly')}</p>}
      <div className="checkbox-group">
        {TIERS.map((tier) => (
          <label key={tier} className="checkbox">
            <input
              type="checkbox"
              checked={policy.requireApproval[tier]}
              disabled={!canReview || save.isPending}
              onChange={(e) =>
                save.mutate(
                  { requireApproval: { ...policy.requireApproval, [tier]: e.target.checked } },
                  {
                    onSuccess: () => setNotice({ ok: true, text: t('onboarding.queue.policySaved') }),
                    onError: (err) => setNotice({ ok: false, text: errorMessage(err) }),
                  },
                )
              }
            />
            {t('onboarding.queue.requireApproval', { tier: tierLabel(t, tier) })}
          </label>
        ))}
      </div>
      {notice ? (
        <Notice
          type={notice.ok ? 'success' : 'error'}
          role="status"
          title={notice.text}
          className="page-alert"
        />
      ) : null}
    </Panel>
  );
}

function Provisioning({ item, canReview }: { item: QueueItem; canReview: boolean }) {
  const { t } = useTranslation();
  const q = useProvisioning(item.tenantId, true);
  const retry = useRetryProvisioning();
  if (q.isPending) return <Loading />;
  if (q.isError) return <ErrorState error={q.error} />;
  return (
    <div>
      <ol className="provisioning-steps">
        {q.data.steps.map((s) => (
          <li key={s.name}>
            {t(`onboarding.steps.${s.name}`, { defaultValue: s.name })}:{' '}
            <Badge tone={s.status === 'failed' ? 'red' : s.status === 'succeeded' ? 'green' : undefined}>
              {t(`onboarding.stepStatus.${s.status}`)}
            </Badge>
            {s.attempts > 1 ? `×${s.attempts}` : ''} {s.error ? <code>{s.error}</code> : null}
          </li>
        ))}
      </ol>
      {canReview && q.data.status === 'failed' ? (
        <Button onClick={() => retry.mutate(item.tenantId)} loading={retry.isPending}>
          {t('onboarding.queue.retry')}
        </Button>
      ) : null}
    </div>
  );
}

type Pending = { item: QueueItem; action: 'reject' | 'request-changes' } | null;

/**
 * The ministry's applications queue with approve / reject / request changes, and the approval policy.
 * Only a ministry admin (`applications:review`) decides or edits; the analyst reads.
 */
export default function Applications({ canReview }: { canReview: boolean }) {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [error, setError] = useState<string | null>(null);
  const [status, setStatus] = useState<QueueItem['status'] | ''>('');
  const q = useApplicationsQueue(status);
  const decide = useDecision();
  const [pending, setPending] = useState<Pending>(null);
  const [text, setText] = useState('');

  const act = (item: QueueItem, action: 'approve' | 'reject' | 'request-changes', reason?: string) =>
    decide.mutate(
      { id: item.id, action, ...(reason ? { text: reason } : {}) },
      {
        onSuccess: () => {
          setPending(null);
          setText('');
          setError(null);
        },
        onError: (e) => setError(errorMessage(e)),
      },
    );

  return (
    <div className="stack">
      <Policy canReview={canReview} />
      <Panel title={t('onboarding.queue.title')}>
        {error ? <Notice type="error" role="alert" title={error} className="form-alert" /> : null}
        <div className="filters plan-row">
          <SelectField
            id="application-status"
            label={t('onboarding.queue.filter')}
            value={status}
            onChange={(v) => setStatus(v as QueueItem['status'] | '')}
            options={[
              { value: '', label: t('onboarding.queue.all') },
              ...STATUSES.map((s) => ({ value: s, label: t(`onboarding.appStatus.${s}`) })),
            ]}
          />
        </div>
        {q.isPending ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyState text={t('onboarding.queue.empty')} />
        ) : (
          <div className="pin-last">
            <DataTable
              rows={q.data}
              rowKey={(r) => r.id}
              pageSize={20}
              label={t('onboarding.queue.title')}
              expand={{
                render: (r) => <Provisioning item={r} canReview={canReview} />,
                can: (r) => ['provisioning', 'provisioning-failed', 'active'].includes(r.status),
              }}
              columns={[
                {
                  key: 'district',
                  title: t('onboarding.queue.district'),
                  render: (r) => (
                    <span>
                      {r.districtName} <span className="mono">{r.divisionCode}</span>
                      <br />
                      <span className="muted">
                        {r.province} · {r.city}
                      </span>
                    </span>
                  ),
                },
                {
                  key: 'tier',
                  title: t('onboarding.queue.tier'),
                  render: (r) => tierLabel(t, r.tierRequested),
                },
                {
                  key: 'category',
                  title: t('onboarding.queue.category'),
                  render: (r) => (
                    <span className="tags">
                      {Object.entries(r.category as Record<string, string>).map(([d, v]) => (
                        <Badge key={d} title={t(`category.${d}`)}>
                          {categoryValueLabel(t, v)}
                        </Badge>
                      ))}
                    </span>
                  ),
                },
                {
                  key: 'admin',
                  title: t('onboarding.queue.admin'),
                  render: (r) => `${r.admin.name} ${r.admin.mobile}`,
                },
                {
                  key: 'submitted',
                  title: t('onboarding.queue.submittedAt'),
                  render: (r) => chinaDateTime(r.submittedAt),
                },
                {
                  key: 'status',
                  title: t('onboarding.queue.status'),
                  render: (r) => (
                    <Badge>{t(`onboarding.appStatus.${r.status}`, { defaultValue: r.status })}</Badge>
                  ),
                },
                {
                  key: 'actions',
                  title: t('onboarding.queue.actions'),
                  render: (r) =>
                    canReview && r.status === 'submitted' ? (
                      <div className="actions">
                        <Button
                          variant="primary"
                          size="small"
                          aria-label={`${t('onboarding.queue.approve')} ${r.districtName}`}
                          onClick={() => act(r, 'approve')}
                          loading={decide.isPending}
                        >
                          {t('onboarding.queue.approve')}
                        </Button>
                        <Button
                          size="small"
                          onClick={() => setPending({ item: r, action: 'request-changes' })}
                        >
                          {t('onboarding.queue.requestChanges')}
                        </Button>
                        <Button
                          size="small"
                          className="ui-btn-danger"
                          onClick={() => setPending({ item: r, action: 'reject' })}
                        >
                          {t('onboarding.queue.reject')}
                        </Button>
                      </div>
                    ) : (
                      <span className="muted">{decisionReason(r.decision, i18n.language) ?? '—'}</span>
                    ),
                },
              ]}
            />
          </div>
        )}
        {pending ? (
          // The reason is asked in place (no modal dialog): the form opens under the queue with focus.
          <section className="panel decision-form" aria-labelledby="decision-title">
            <h3 id="decision-title" className="card-title">
              {pending.action === 'reject'
                ? t('onboarding.queue.reject')
                : t('onboarding.queue.requestChanges')}{' '}
              · {pending.item.districtName}
            </h3>
            <InputField
              id="decision-text"
              label={
                pending.action === 'reject' ? t('onboarding.queue.reason') : t('onboarding.queue.message')
              }
              rows={3}
              value={text}
              onChange={setText}
              wide
              autoFocus
            />
            <p className="muted">{t('onboarding.queue.reasonRequired')}</p>
            <div className="actions">
              <Button
                variant="primary"
                disabled={text.trim().length < 2}
                loading={decide.isPending}
                onClick={() => act(pending.item, pending.action, text.trim())}
              >
                {t('onboarding.queue.confirm')}
              </Button>
              <Button onClick={() => setPending(null)}>{t('onboarding.queue.cancel')}</Button>
            </div>
          </section>
        ) : null}
      </Panel>
    </div>
  );
}
