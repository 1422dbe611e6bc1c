import { Alert, Button, Card, Descriptions, Input, Modal, Segmented, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Review, useDecideReview, useReview, useReviews } from '../../../api/population';
import { CursorPagedTable, useCursorPages } from '../../../components/CursorPager';
import { DivisionName } from '../../../components/DivisionName';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { fmtDateTime, ScopePicker, usePopulationScope } from './common';

type Status = 'pending' | 'approved' | 'rejected';

function ReviewDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorMessage();
  const q = useReview(id);
  const decide = useDecideReview();
  const [note, setNote] = useState('');
  const field = (f: string) => {
    const k = `population.fields.${f}`;
    const s = t(k);
    return s === k ? f : s;
  };
  const act = (decision: 'approve' | 'reject') =>
    decide.mutate(
      { id, decision, ...(note.trim() ? { note: note.trim() } : {}) },
      { onSuccess: () => onClose() },
    );
  const r = q.data;
  return (
    <Modal
      open
      title={t('population.reviews.title')}
      onCancel={onClose}
      footer={
        r?.status === 'pending' ? (
          <Space wrap>
            <Button onClick={onClose}>{t('population.common.cancel')}</Button>
            <Button
              danger
              loading={decide.isPending && decide.variables?.decision === 'reject'}
              onClick={() => act('reject')}
            >
              {t('population.reviews.reject')}
            </Button>
            <Button
              type="primary"
              loading={decide.isPending && decide.variables?.decision === 'approve'}
              onClick={() => act('approve')}
            >
              {t('population.reviews.approve')}
            </Button>
          </Space>
        ) : (
          <Button onClick={onClose}>{t('population.common.close')}</Button>
        )
      }
      destroyOnHidden
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} />
      ) : r ? (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Descriptions bordered size="small" column={1}>
            <Descriptions.Item label={t('population.reviews.action')}>
              {t(`population.actions.${r.action}`)}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.reviews.resident')}>
              <Link to={`/workspace/population/residents/${r.residentId}`}>{r.residentId}</Link>
            </Descriptions.Item>
            <Descriptions.Item label={t('population.reviews.proposedBy')}>
              {r.proposedBy} · {fmtDateTime(r.proposedAt, i18n.language)}
            </Descriptions.Item>
            <Descriptions.Item label={t('population.reviews.fields')}>
              {r.fields.map(field).join('、')}
            </Descriptions.Item>
            {r.proposed ? (
              <Descriptions.Item label={t('population.reviews.proposed')}>
                {Object.entries(r.proposed)
                  .filter(([k]) => r.fields.includes(k) || r.fields.includes('*') || r.action !== 'update')
                  .map(([k, v]) => (
                    <div key={k}>
                      {field(k)}：
                      {Array.isArray(v)
                        ? v.join('、')
                        : typeof v === 'object'
                          ? JSON.stringify(v)
                          : String(v)}
                    </div>
                  ))}
              </Descriptions.Item>
            ) : null}
          </Descriptions>
          {r.status === 'pending' ? (
            <label htmlFor="review-note">
              {t('population.reviews.note')}
              <Input.TextArea
                id="review-note"
                rows={2}
                maxLength={500}
                value={note}
                onChange={(e) => setNote(e.target.value)}
                placeholder={t('population.reviews.notePlaceholder')}
              />
            </label>
          ) : null}
          {decide.isError ? (
            <Alert type="error" role="alert" showIcon message={errorText(decide.error)} />
          ) : null}
        </Space>
      ) : null}
    </Modal>
  );
}

/** The street's four-eyes queue: sensitive changes by community workers, approved or rejected here. */
export function ReviewsPage() {
  const { t, i18n } = useTranslation();
  const { scope } = usePopulationScope();
  const [status, setStatus] = useState<Status>('pending');
  const pages = useCursorPages();
  const [open, setOpen] = useState<string | null>(null);
  const q = useReviews(status, scope.street, pages.cursor);
  return (
    <Card title={<h2 className="card-title">{t('population.reviews.title')}</h2>}>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Typography.Paragraph>{t('population.reviews.intro')}</Typography.Paragraph>
        <ScopePicker />
        <Segmented<Status>
          aria-label={t('population.fields.status')}
          value={status}
          onChange={(v) => {
            setStatus(v);
            pages.reset();
          }}
          options={(['pending', 'approved', 'rejected'] as const).map((s) => ({
            value: s,
            label: t(`population.reviews.${s}`),
          }))}
        />
        <CursorPagedTable<Review>
          query={q}
          pages={pages}
          label={t('population.reviews.title')}
          empty={t('population.reviews.empty')}
          rows={(items) => items.filter((r) => !scope.community || r.communityCode === scope.community)}
          columns={[
            {
              title: t('population.reviews.action'),
              dataIndex: 'action',
              render: (a: string) => t(`population.actions.${a}`),
            },
            {
              title: t('population.reviews.fields'),
              dataIndex: 'fields',
              render: (f: string[]) =>
                f
                  .map((x) => {
                    const k = `population.fields.${x}`;
                    const s = t(k);
                    return s === k ? x : s;
                  })
                  .join('、'),
            },
            {
              title: t('population.fields.communityCode'),
              dataIndex: 'communityCode',
              render: (c: string) => <DivisionName code={c} />,
            },
            { title: t('population.reviews.proposedBy'), dataIndex: 'proposedBy' },
            {
              title: t('population.reviews.proposedAt'),
              dataIndex: 'proposedAt',
              render: (v: string) => fmtDateTime(v, i18n.language),
            },
            ...(status !== 'pending'
              ? [{ title: t('population.reviews.decidedBy'), dataIndex: 'decidedBy' }]
              : []),
            {
              title: '',
              key: 'open',
              render: (_: unknown, r: Review) => (
                <Button size="small" onClick={() => setOpen(r.id)}>
                  {status === 'pending'
                    ? `${t('population.reviews.approve')} / ${t('population.reviews.reject')}`
                    : t('population.search.open')}
                </Button>
              ),
            },
          ]}
        />
      </Space>
      {open ? <ReviewDialog id={open} onClose={() => setOpen(null)} /> : null}
    </Card>
  );
}
