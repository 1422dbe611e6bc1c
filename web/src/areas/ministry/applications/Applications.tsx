import {
  Alert,
  Button,
  Card,
  Checkbox,
  Form,
  Input,
  Modal,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
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
import { EmptyState, ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { registerStrings } from '../../../i18n';
import { categoryValueLabel, tierLabel } from '../../../i18n/labels';
import onboardingZh from '../../../i18n/onboarding.zh-CN';

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
    <Card title={<h2 className="card-title">{t('onboarding.queue.policy')}</h2>}>
      <Typography.Paragraph type="secondary">{t('onboarding.queue.policyHint')}</Typography.Paragraph>
      {canReview ? null : (
        <Typography.Paragraph type="secondary">{t('onboarding.queue.readOnly')}</Typography.Paragraph>
      )}
      <Space wrap>
        {TIERS.map((tier) => (
          <Checkbox
            key={tier}
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
          >
            {t('onboarding.queue.requireApproval', { tier: tierLabel(t, tier) })}
          </Checkbox>
        ))}
      </Space>
      {notice ? (
        <Alert
          type={notice.ok ? 'success' : 'error'}
          showIcon
          role="status"
          message={notice.text}
          className="page-alert"
        />
      ) : null}
    </Card>
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
            <Tag color={s.status === 'failed' ? 'error' : s.status === 'succeeded' ? 'success' : 'default'}>
              {t(`onboarding.stepStatus.${s.status}`)}
            </Tag>
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
      <Card title={<h2 className="card-title">{t('onboarding.queue.title')}</h2>}>
        {error ? <Alert type="error" role="alert" showIcon message={error} className="form-alert" /> : null}
        <Form layout="inline" className="filters">
          <Form.Item label={t('onboarding.queue.filter')} htmlFor="application-status">
            <Select
              id="application-status"
              className="filter-select"
              value={status}
              onChange={setStatus}
              options={[
                { value: '', label: t('onboarding.queue.all') },
                ...STATUSES.map((s) => ({ value: s, label: t(`onboarding.appStatus.${s}`) })),
              ]}
            />
          </Form.Item>
        </Form>
        {q.isPending ? (
          <Loading />
        ) : q.isError ? (
          <ErrorState error={q.error} onRetry={() => void q.refetch()} />
        ) : q.data.length === 0 ? (
          <EmptyState text={t('onboarding.queue.empty')} />
        ) : (
          <Table
            rowKey="id"
            dataSource={q.data}
            scroll={{ x: 'max-content' }}
            pagination={q.data.length > 20 ? { pageSize: 20, showSizeChanger: false } : false}
            expandable={{
              expandedRowRender: (r) => <Provisioning item={r} canReview={canReview} />,
              rowExpandable: (r) => ['provisioning', 'provisioning-failed', 'active'].includes(r.status),
            }}
            columns={[
              {
                title: t('onboarding.queue.district'),
                dataIndex: 'districtName',
                fixed: 'left',
                render: (n: string, r) => (
                  <span>
                    {n} <span className="mono">{r.divisionCode}</span>
                    <br />
                    <Typography.Text type="secondary">
                      {r.province} · {r.city}
                    </Typography.Text>
                  </span>
                ),
              },
              {
                title: t('onboarding.queue.tier'),
                dataIndex: 'tierRequested',
                render: (v: string) => tierLabel(t, v),
              },
              {
                title: t('onboarding.queue.category'),
                dataIndex: 'category',
                render: (c: Record<string, string>) => (
                  <span className="tags">
                    {Object.entries(c).map(([d, v]) => (
                      <Tag key={d} title={t(`category.${d}`)}>
                        {categoryValueLabel(t, v)}
                      </Tag>
                    ))}
                  </span>
                ),
              },
              {
                title: t('onboarding.queue.admin'),
                dataIndex: 'admin',
                render: (a: QueueItem['admin']) => `${a.name} ${a.mobile}`,
              },
              {
                title: t('onboarding.queue.submittedAt'),
                dataIndex: 'submittedAt',
                render: (v: string) => dayjs(v).format('YYYY-MM-DD HH:mm'),
              },
              {
                title: t('onboarding.queue.status'),
                dataIndex: 'status',
                fixed: 'right',
                render: (v: string) => <Tag>{t(`onboarding.appStatus.${v}`, { defaultValue: v })}</Tag>,
              },
              {
                title: t('onboarding.queue.actions'),
                key: 'actions',
                fixed: 'right',
                render: (_: unknown, r) =>
                  canReview && r.status === 'submitted' ? (
                    <Space wrap>
                      <Button
                        type="primary"
                        size="small"
                        aria-label={`${t('onboarding.queue.approve')} ${r.districtName}`}
                        onClick={() => act(r, 'approve')}
                        loading={decide.isPending}
                      >
                        {t('onboarding.queue.approve')}
                      </Button>
                      <Button size="small" onClick={() => setPending({ item: r, action: 'request-changes' })}>
                        {t('onboarding.queue.requestChanges')}
                      </Button>
                      <Button size="small" danger onClick={() => setPending({ item: r, action: 'reject' })}>
                        {t('onboarding.queue.reject')}
                      </Button>
                    </Space>
                  ) : (
                    <Typography.Text type="secondary">
                      {decisionReason(r.decision, i18n.language) ?? '—'}
                    </Typography.Text>
                  ),
              },
            ]}
          />
        )}
      </Card>
      <Modal
        open={pending !== null}
        title={
          pending
            ? `${pending.action === 'reject' ? t('onboarding.queue.reject') : t('onboarding.queue.requestChanges')} · ${pending.item.districtName}`
            : ''
        }
        okText={t('onboarding.queue.confirm')}
        cancelText={t('onboarding.queue.cancel')}
        okButtonProps={{ disabled: text.trim().length < 2, loading: decide.isPending }}
        onCancel={() => setPending(null)}
        onOk={() => pending && act(pending.item, pending.action, text.trim())}
      >
        <Form layout="vertical">
          <Form.Item
            label={
              pending?.action === 'reject' ? t('onboarding.queue.reason') : t('onboarding.queue.message')
            }
            htmlFor="decision-text"
            extra={t('onboarding.queue.reasonRequired')}
          >
            <Input.TextArea
              id="decision-text"
              rows={3}
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </Form.Item>
        </Form>
      </Modal>
    </div>
  );
}
