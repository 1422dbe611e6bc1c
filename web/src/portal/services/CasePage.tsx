/** @jsxRuntime automatic @jsxImportSource react */
import { type FormEvent, useId, useState } from 'react';
import { useI18n } from '../i18n';
import { Link, type PageProps } from '../router';
import { Notice, Skeleton } from '../ui';
import { pick, type ResidentCase, residentApi, uploadMaterial, when } from './api';
import { StatusTag } from './CasesPage';
import { Rating } from './Rating';
import { ResidentNav } from './ResidentNav';
import { type Draft, type FieldErrors, formBody, ServiceForm, validateForm } from './ServiceForm';
import { SignInPage } from './SignInPage';
import { errorText, Failed, useResident } from './session';
import { useLoad } from './useLoad';

/** `/t/:slug/cases/:id` (lazy chunk): where a case stands, what to do next, 补正, withdraw, rating. */
export default function CasePage({ params }: PageProps<undefined>) {
  const slug = params.slug!;
  const session = useResident(slug);
  if (!session) return <SignInPage slug={slug} page="cases" />;
  return <CaseView slug={slug} id={params.id!} />;
}

function CaseView({ slug, id }: { slug: string; id: string }) {
  const { loaded, reload, set } = useLoad((signal) => residentApi.case(id, signal), [id]);
  if (loaded.state === 'loading') return <Skeleton />;
  if (loaded.state === 'error') return <Failed error={loaded.error} slug={slug} onRetry={reload} />;
  return <CaseDetail slug={slug} c={loaded.data} onChange={set} />;
}

export function CaseDetail({
  slug,
  c,
  onChange,
}: {
  slug: string;
  c: ResidentCase;
  onChange: (next: ResidentCase) => void;
}) {
  const { t, lang } = useI18n();
  const [done, setDone] = useState<string | null>(null);
  const open = c.status === 'pending' || c.status === 'returned';
  const closed = c.status === 'approved' || c.status === 'rejected';
  const lastReturn = [...c.timeline].reverse().find((e) => e.action === 'return');
  return (
    <div className="p-page" data-testid="case-page">
      <ResidentNav slug={slug} current="cases" />
      <header className="p-page-header">
        <h1>{pick(c.service.name, lang)}</h1>
        <p className="p-meta">
          <StatusTag status={c.status} />
          <span data-testid="case-number">{c.number}</span>
        </p>
      </header>
      {done ? <Notice tone="info">{done}</Notice> : null}
      <section className="p-section p-next" aria-labelledby="c-next">
        <h2 id="c-next">{t('cases.next')}</h2>
        <p data-testid="case-next">{pick(c.next, lang)}</p>
        <dl className="p-facts">
          {open ? (
            <div>
              <dt>{t('cases.currentStep')}</dt>
              <dd>{pick(c.step.name, lang)}</dd>
            </div>
          ) : null}
          <div>
            <dt>{t('cases.filedOn')}</dt>
            <dd>{c.filedOn}</dd>
          </div>
          <div>
            <dt>{t('cases.due')}</dt>
            <dd>
              {c.closedOn ?? c.due}
              {open && c.provisional ? t('cases.dueProvisional') : ''}
            </dd>
          </div>
        </dl>
        {open && c.clock ? (
          <p className={c.clock.overdue ? 'p-field-error' : 'p-muted'}>
            {c.clock.overdue ? t('cases.overdue') : t('cases.remaining', { days: c.clock.remaining })}
            {' · '}
            {t('cases.stepDue', { date: c.clock.stepDue })}
          </p>
        ) : null}
      </section>

      {c.canResubmit ? (
        <Resubmit
          slug={slug}
          c={c}
          reason={lastReturn?.reason}
          onDone={(next) => {
            onChange(next);
            setDone(t('cases.resubmitted'));
          }}
        />
      ) : null}

      <section className="p-section" aria-labelledby="c-steps">
        <h2 id="c-steps">{t('cases.steps')}</h2>
        <ol className="p-steps">
          {c.steps.map((s) => {
            const current = open && s.index === c.stepIndex;
            const past = s.index < c.stepIndex || c.status === 'approved';
            return (
              <li
                key={s.key}
                aria-current={current ? 'step' : undefined}
                className={current ? 'p-step-current' : past ? 'p-step-done' : ''}
              >
                <strong>{pick(s.name, lang)}</strong>{' '}
                <span className="p-muted">{t('services.stepDays', { days: s.timeLimitDays })}</span>
              </li>
            );
          })}
        </ol>
      </section>

      <section className="p-section" aria-labelledby="c-timeline">
        <h2 id="c-timeline">{t('cases.timeline')}</h2>
        <ol className="p-timeline" data-testid="case-timeline">
          {c.timeline.map((e) => (
            <li key={`${e.at}-${e.action}`}>
              <time dateTime={e.at}>{when(e.at, lang)}</time> <strong>{t(`cases.action.${e.action}`)}</strong>{' '}
              <span className="p-muted">{t(`cases.role.${e.role}`)}</span>
              {e.reason ? <p>{e.reason}</p> : null}
            </li>
          ))}
        </ol>
      </section>

      {c.notes.length > 0 ? (
        <section className="p-section" aria-labelledby="c-notes">
          <h2 id="c-notes">{t('cases.notes')}</h2>
          <ul className="p-list">
            {c.notes.map((n) => (
              <li key={n.id}>
                <time dateTime={n.at}>{when(n.at, lang)}</time>
                <p>{n.text}</p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {closed ? <Rating caseId={c.id} /> : null}

      {c.canWithdraw ? (
        <Withdraw
          c={c}
          onDone={(next) => {
            onChange(next);
            setDone(t('cases.withdrawn'));
          }}
        />
      ) : null}

      <p>
        <Link href={`/t/${slug}/cases`}>{t('cases.back')}</Link>
      </p>
    </div>
  );
}

function Withdraw({ c, onDone }: { c: ResidentCase; onDone: (next: ResidentCase) => void }) {
  const { t, lang } = useI18n();
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      onDone(await residentApi.withdraw(c.id));
      setAsking(false);
    } catch (e) {
      setFailure(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="p-section" aria-label={t('cases.withdraw')}>
      {asking ? (
        <div>
          <p>{t('cases.withdrawConfirm')}</p>
          <div className="p-actions">
            <button type="button" className="p-btn p-btn-danger" onClick={confirm} disabled={busy}>
              {t('cases.withdrawYes')}
            </button>
            <button type="button" className="p-btn" onClick={() => setAsking(false)} disabled={busy}>
              {t('cases.cancel')}
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className="p-btn" onClick={() => setAsking(true)}>
          {t('cases.withdraw')}
        </button>
      )}
      {failure ? <Notice tone="error">{failure}</Notice> : null}
    </section>
  );
}

/** 补正: the fields of the service again, all optional; only what the resident fills in is sent. */
function Resubmit({
  slug,
  c,
  reason,
  onDone,
}: {
  slug: string;
  c: ResidentCase;
  reason: string | undefined;
  onDone: (next: ResidentCase) => void;
}) {
  const { t, lang } = useI18n();
  const headingId = useId();
  const { loaded, reload } = useLoad((signal) => residentApi.guide(c.service.code, signal), [c.service.code]);
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Sealed answers (ID numbers and the like) are not asked again: the record keeps them.
  const sealed = new Set(c.fields.filter((f) => f.sealed).map((f) => f.key));
  const fields =
    loaded.state === 'ok'
      ? loaded.data.service.fields.filter((f) => !sealed.has(f.key) || f.type === 'file')
      : [];

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const found = validateForm(fields, draft, t, { allOptional: true });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const form = formBody(fields, draft);
    setBusy(true);
    setFailure(null);
    try {
      onDone(await residentApi.resubmit(c.id, form));
    } catch (err) {
      setFailure(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="p-section p-resubmit" aria-labelledby={headingId} data-testid="resubmit">
      <h2 id={headingId}>{t('cases.resubmitTitle')}</h2>
      {reason ? <Notice tone="warning">{t('cases.resubmitReason', { reason })}</Notice> : null}
      <p>{t('cases.resubmitHint')}</p>
      {loaded.state === 'loading' ? (
        <Skeleton />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} slug={slug} onRetry={reload} />
      ) : (
        <form onSubmit={submit} noValidate aria-busy={busy}>
          <ServiceForm
            fields={fields}
            draft={draft}
            errors={errors}
            allOptional
            onChange={(key, value) => setDraft((d) => ({ ...d, [key]: value }))}
            upload={(field, file) => uploadMaterial(c.service.code, field, file)}
          />
          {failure ? <Notice tone="error">{failure}</Notice> : null}
          <button type="submit" className="p-btn p-btn-primary" disabled={busy}>
            {t('cases.resubmit')}
          </button>
        </form>
      )}
    </section>
  );
}
