import { Alert, Button, Tag } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import {
  type HistoryEntry,
  type Resident,
  useResident,
  useResidentHistory,
  useVerifyResident,
} from '../../../api/population';
import { DataTable } from '../../../components/DataTable';
import { ErrorState, Loading, useErrorMessage } from '../../../components/States';
import { codeLabel } from './codeLabels';
import { CommunityBadge, fmtDate, fmtDateTime, Panel, usePopulationScope, useValueLabel } from './common';

// The dialogs (forms with their checks) load when one is opened, not with the resident's page.
const ResidentFormModal = lazy(() =>
  import('./ResidentForm').then((m) => ({ default: m.ResidentFormModal })),
);
const RevealModal = lazy(() => import('./RevealModal').then((m) => ({ default: m.RevealModal })));
const StateChangeModal = lazy(() =>
  import('./StateChangeModal').then((m) => ({ default: m.StateChangeModal })),
);

/** How long clear values stay on screen before they are masked again. */
export const REVEAL_SECONDS = 60;

function useCountdown(active: boolean, seconds: number, onEnd: () => void) {
  const [left, setLeft] = useState(seconds);
  const end = useRef(onEnd);
  end.current = onEnd;
  useEffect(() => {
    if (!active) return;
    setLeft(seconds);
    const started = Date.now();
    const timer = setInterval(() => {
      const remaining = seconds - Math.floor((Date.now() - started) / 1000);
      setLeft(Math.max(0, remaining));
      if (remaining <= 0) {
        clearInterval(timer);
        end.current();
      }
    }, 1000);
    return () => clearInterval(timer);
  }, [active, seconds]);
  return left;
}

function History({ id }: { id: string }) {
  const { t } = useTranslation();
  const q = useResidentHistory(id);
  const action = (a: string) => {
    const k = `population.actions.${a}`;
    const s = t(k);
    return s === k ? a : s;
  };
  const channel = (c: string) => {
    const k = `population.channels.${c}`;
    const s = t(k);
    return s === k ? c : s;
  };
  const field = (f: string) => {
    const k = `population.fields.${f}`;
    const s = t(k);
    return s === k ? f : s;
  };
  return (
    <Panel title={t('population.detail.history')}>
      {q.isPending ? (
        <Loading />
      ) : q.isError ? (
        <ErrorState error={q.error} onRetry={() => void q.refetch()} />
      ) : (
        <DataTable<HistoryEntry>
          rowKey={(h) => h.version}
          size="small"
          pageSize={20}
          rows={[...q.data.items].sort((a, b) => b.version - a.version)}
          label={t('population.detail.history')}
          empty={<p className="muted">{t('population.detail.historyEmpty')}</p>}
          columns={[
            { key: 'version', title: t('population.fields.version'), render: (h) => h.version },
            { key: 'at', title: t('population.detail.at'), render: (h) => fmtDateTime(h.at) },
            {
              key: 'actor',
              title: t('population.detail.actor'),
              render: (h) => (
                <span>
                  {h.actor}
                  {h.reviewedBy ? <span className="muted"> ✓ {h.reviewedBy}</span> : null}
                </span>
              ),
            },
            { key: 'action', title: t('population.detail.action'), render: (h) => action(h.action) },
            {
              key: 'channel',
              title: t('population.detail.channel'),
              render: (h) => (h.importId ? `${channel('import')} ${h.importId}` : channel(h.channel)),
            },
            {
              key: 'fields',
              title: t('population.detail.changed'),
              className: 'col-wide',
              render: (h) =>
                h.fields.map((f) => {
                  const ch = h.changes[f];
                  const show = (x: unknown) =>
                    x === null || x === undefined ? '∅' : Array.isArray(x) ? x.join('、') : String(x);
                  return (
                    <div key={f}>
                      {field(f)}
                      {ch ? (
                        <span className="muted">
                          {' '}
                          {show(ch.from)} → {show(ch.to)}
                        </span>
                      ) : null}
                    </div>
                  );
                }),
            },
          ]}
        />
      )}
    </Panel>
  );
}

/** One resident: masked by default, reveal with a reason for a minute, verify, change, move, history. */
export function ResidentDetail() {
  const { id = '' } = useParams();
  const { t, i18n } = useTranslation();
  const label = useValueLabel();
  const errorText = useErrorMessage();
  const { caps } = usePopulationScope();
  const q = useResident(id);
  const verify = useVerifyResident(id);
  const [revealOpen, setRevealOpen] = useState(false);
  const [revealed, setRevealed] = useState<Resident | null>(null);
  const [dialog, setDialog] = useState<'edit' | 'move-out' | 'death' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const left = useCountdown(Boolean(revealed), REVEAL_SECONDS, () => setRevealed(null));

  if (q.isPending) return <Loading />;
  if (q.isError)
    return (
      <div className="stack">
        <Link to="/workspace/population/residents">← {t('population.detail.back')}</Link>
        <ErrorState error={q.error} title={t('population.detail.notFound')} />
      </div>
    );
  const r: Resident = revealed ? { ...q.data, ...revealed } : q.data;
  const active = r.status === 'active';
  const movedOut = typeof r.movedOut === 'object' ? r.movedOut : undefined;
  const deceased = typeof r.deceased === 'object' ? r.deceased : undefined;
  const address = [r.building, r.unit, r.room].filter(Boolean).join(' / ');

  return (
    <div className="stack">
      <Link to="/workspace/population/residents">← {t('population.detail.back')}</Link>
      <Panel
        title={`${t('population.detail.title')} · ${r.name ?? '—'}`}
        extra={<Tag color={active ? 'green' : 'default'}>{label('status', r.status)}</Tag>}
      >
        <div className="stack">
          {revealed ? (
            <Alert
              type="warning"
              showIcon
              role="status"
              message={t('population.detail.revealedNote', { seconds: left })}
              action={
                <Button size="small" onClick={() => setRevealed(null)}>
                  {t('population.detail.hide')}
                </Button>
              }
            />
          ) : null}
          {notice ? (
            <Alert
              type="success"
              showIcon
              role="status"
              message={notice}
              closable
              onClose={() => setNotice(null)}
            />
          ) : null}
          {verify.isError ? (
            <Alert type="error" role="alert" showIcon message={errorText(verify.error)} />
          ) : null}
          <dl className="fact-list" aria-live="polite">
            <Fact label={t('population.fields.name')}>{r.name ?? '—'}</Fact>
            <Fact label={t('population.fields.idNumber')}>
              <span className="mono" data-testid="resident-id-number">
                {r.idNumber ?? '—'}
              </span>
            </Fact>
            <Fact label={t('population.fields.sex')}>{label('sex', r.sex)}</Fact>
            <Fact label={t('population.fields.birthDate')}>{r.birthDate ?? '—'}</Fact>
            <Fact label={t('population.fields.mobile')}>
              <span className="mono">{r.mobile ?? '—'}</span>
            </Fact>
            <Fact label={t('population.fields.registration')}>{label('registration', r.registration)}</Fact>
            <Fact label={t('population.fields.ethnicity')}>
              {codeLabel('ethnicity', r.ethnicity, i18n.language) ?? '—'}
            </Fact>
            <Fact label={t('population.fields.education')}>
              {codeLabel('education', r.education, i18n.language) ?? '—'}
            </Fact>
            <Fact label={t('population.fields.politicalStatus')}>
              {codeLabel('politicalStatus', r.politicalStatus, i18n.language) ?? '—'}
            </Fact>
            <Fact label={t('population.fields.tags')}>
              {r.tags?.length ? r.tags.map((x) => label('tags', x)).join('、') : '—'}
            </Fact>
            <Fact label={t('population.fields.communityCode')}>
              <CommunityBadge code={r.communityCode} />
            </Fact>
            <Fact label={t('population.fields.address')}>{address || '—'}</Fact>
            <Fact label={t('population.fields.householdRef')}>
              {[r.householdRef, codeLabel('relationship', r.relationship, i18n.language)]
                .filter(Boolean)
                .join(' · ') || '—'}
            </Fact>
            <Fact label={t('population.fields.lastVerifiedAt')}>{fmtDate(r.lastVerifiedAt)}</Fact>
          </dl>
          {movedOut ? (
            <p>
              {t('population.detail.movedOut', {
                date: movedOut.date ?? '',
                destination: movedOut.destination ?? '',
              })}
            </p>
          ) : null}
          {deceased ? <p>{t('population.detail.deceased', { date: deceased.date ?? '' })}</p> : null}
          {r.movedInFrom ? <p>{t('population.detail.movedInFrom', { from: r.movedInFrom })}</p> : null}
          {!active ? (
            <p className="muted">{t('population.detail.inactive', { status: label('status', r.status) })}</p>
          ) : null}
          <div className="actions">
            {caps.reveal && !revealed ? (
              <Button onClick={() => setRevealOpen(true)}>{t('population.detail.reveal')}</Button>
            ) : null}
            {caps.write && active ? (
              <>
                <Button
                  type="primary"
                  loading={verify.isPending}
                  onClick={() =>
                    verify.mutate(undefined, { onSuccess: () => setNotice(t('population.detail.verified')) })
                  }
                >
                  {t('population.detail.verify')}
                </Button>
                <Button onClick={() => setDialog('edit')}>{t('population.detail.edit')}</Button>
                <Button onClick={() => setDialog('move-out')}>{t('population.detail.moveOut')}</Button>
                <Button danger onClick={() => setDialog('death')}>
                  {t('population.detail.death')}
                </Button>
              </>
            ) : null}
          </div>
        </div>
      </Panel>
      <History id={id} />
      <Suspense fallback={null}>
        {revealOpen ? (
          <RevealModal
            residentId={id}
            onClose={() => setRevealOpen(false)}
            onRevealed={(v) => {
              setRevealOpen(false);
              setRevealed(v);
            }}
          />
        ) : null}
        {dialog === 'edit' ? (
          <ResidentFormModal
            mode="edit"
            resident={r}
            onClose={() => setDialog(null)}
            onDone={(text) => {
              setRevealed(null);
              setNotice(text);
            }}
          />
        ) : null}
        {dialog === 'move-out' || dialog === 'death' ? (
          <StateChangeModal kind={dialog} resident={r} onClose={() => setDialog(null)} onDone={setNotice} />
        ) : null}
      </Suspense>
    </div>
  );
}

/** A label and its value in the resident's facts (styles.css `.fact-list`). */
function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
