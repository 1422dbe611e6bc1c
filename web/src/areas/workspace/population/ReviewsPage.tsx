import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type Review, useDecideReview, useReview, useReviews } from '../../../api/population';
import { CursorPagedTable, useCursorPages } from '../../../components/CursorPager';
import { Dialog } from '../../../components/Dialog';
import { DivisionName } from '../../../components/DivisionName';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { fmtDateTime, Panel, ScopePicker, Segmented, usePopulationScope } from './common';

type Status = 'pending' | 'approved' | 'rejected';

function ReviewDialog({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
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
    <Dialog
      title={t('population.reviews.title')}
      onCancel={onClose}
      footer={
        r?.status === 'pending' ? (
          <div className="actions" style={{ justifyContent: 'flex-end' }}>
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
          </div>
        ) : (
          <Button onClick={onClose}>{t('population.common.close')}</Button>
        )
      }
    >
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} />
      ) : r ? (
        <div className="stack">
          <table className="facts">
            <tbody>
              <tr>
                <th scope="row">{t('population.reviews.action')}</th>
                <td>{t(`population.actions.${r.action}`)}</td>
              </tr>
              <tr>
                <th scope="row">{t('population.reviews.resident')}</th>
                <td>
                  <Link to={`/workspace/population/residents/${r.residentId}`}>{r.residentId}</Link>
                </td>
              </tr>
              <tr>
                <th scope="row">{t('population.reviews.proposedBy')}</th>
                <td>
                  {r.proposedBy} · {fmtDateTime(r.proposedAt)}
                </td>
              </tr>
              <tr>
                <th scope="row">{t('population.reviews.fields')}</th>
                <td>{r.fields.map(field).join('、')}</td>
              </tr>
              {r.proposed ? (
                <tr>
                  <th scope="row">{t('population.reviews.proposed')}</th>
                  <td>
                    {Object.entries(r.proposed)
                      .filter(
                        ([k]) => r.fields.includes(k) || r.fields.includes('*') || r.action !== 'update',
                      )
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
                  </td>
                </tr>
              ) : null}
            </tbody>
          </table>
          {r.status === 'pending' ? (
            <label htmlFor="review-note" className="stack" style={{ gap: 4 }}>
              {t('population.reviews.note')}
              <textarea
                id="review-note"
                className="native-input native-block"
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
        </div>
      ) : null}
    </Dialog>
  );
}

/** The street's four-eyes queue: sensitive changes by community workers, approved or rejected here. */
export function ReviewsPage() {
  const { t } = useTranslation();
  const { scope } = usePopulationScope();
  const [status, setStatus] = useState<Status>('pending');
  const pages = useCursorPages();
  const [open, setOpen] = useState<string | null>(null);
  const q = useReviews(status, scope.street, pages.cursor);
  return (
    <Panel title={t('population.reviews.title')}>
      <div className="stack">
        <p>{t('population.reviews.intro')}</p>
        <ScopePicker />
        <Segmented<Status>
          label={t('population.fields.status')}
          name="review-status"
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
              key: 'action',
              title: t('population.reviews.action'),
              render: (r) => t(`population.actions.${r.action}`),
            },
            {
              key: 'fields',
              title: t('population.reviews.fields'),
              render: (r) =>
                r.fields
                  .map((x) => {
                    const k = `population.fields.${x}`;
                    const s = t(k);
                    return s === k ? x : s;
                  })
                  .join('、'),
            },
            {
              key: 'communityCode',
              title: t('population.fields.communityCode'),
              render: (r) => <DivisionName code={r.communityCode} />,
            },
            { key: 'proposedBy', title: t('population.reviews.proposedBy'), render: (r) => r.proposedBy },
            {
              key: 'proposedAt',
              title: t('population.reviews.proposedAt'),
              render: (r) => fmtDateTime(r.proposedAt),
            },
            ...(status !== 'pending'
              ? [
                  {
                    key: 'decidedBy',
                    title: t('population.reviews.decidedBy'),
                    render: (r: Review) => r.decidedBy,
                  },
                ]
              : []),
            {
              key: 'open',
              title: <span className="visually-hidden">{t('population.search.open')}</span>,
              render: (r) => (
                <Button size="small" onClick={() => setOpen(r.id)}>
                  {status === 'pending'
                    ? `${t('population.reviews.approve')} / ${t('population.reviews.reject')}`
                    : t('population.search.open')}
                </Button>
              ),
            },
          ]}
        />
      </div>
      {open ? <ReviewDialog id={open} onClose={() => setOpen(null)} /> : null}
    </Panel>
  );
}
