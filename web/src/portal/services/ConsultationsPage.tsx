/** @jsxRuntime automatic @jsxImportSource react */
import { useState } from 'react';
import { chinaDay } from '../../time';
import { useI18n } from '../i18n';
import type { PageProps } from '../router';
import { Empty, Notice, Skeleton, Tag } from '../ui';
import { type ResidentConsultation, residentApi, when } from './api';
import { ResidentNav } from './ResidentNav';
import { SignInPage } from './SignInPage';
import { errorText, Failed, useResident } from './session';
import { useLoad } from './useLoad';

/** `/t/:slug/consultations` (lazy chunk): the consultations open to the resident; one vote each. */
export default function ConsultationsPage({ params }: PageProps<undefined>) {
  const slug = params.slug!;
  const session = useResident(slug);
  if (!session) return <SignInPage slug={slug} page="consultations" />;
  return <Consultations slug={slug} />;
}

function Consultations({ slug }: { slug: string }) {
  const { t } = useI18n();
  const { loaded, reload } = useLoad((signal) => residentApi.consultations(signal), []);
  return (
    <div className="p-page" data-testid="consultations-page">
      <ResidentNav slug={slug} current="consultations" />
      <h1>{t('consultations.title')}</h1>
      <p className="p-muted">{t('consultations.intro')}</p>
      {loaded.state === 'loading' ? (
        <Skeleton />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} slug={slug} onRetry={reload} />
      ) : !loaded.data.recordFound ? (
        <Notice tone="warning">{t('consultations.noRecord')}</Notice>
      ) : loaded.data.items.length === 0 ? (
        <Empty>{t('consultations.empty')}</Empty>
      ) : (
        <ul className="p-list">
          {loaded.data.items.map((c) => (
            <li key={c.id}>
              <Item c={c} onVoted={reload} />
            </li>
          ))}
        </ul>
      )}
      {loaded.state === 'ok' && loaded.data.recordFound ? <CommunityNotices /> : null}
    </div>
  );
}

/** What the community published to its residents: consultation results, meeting minutes. */
function CommunityNotices() {
  const { t } = useI18n();
  const { loaded } = useLoad((signal) => residentApi.communityNotices(signal), []);
  if (loaded.state !== 'ok') return null;
  return (
    <section aria-labelledby="community-notices" className="p-section">
      <h2 id="community-notices">{t('consultations.notices')}</h2>
      <p className="p-muted">{t('consultations.noticesIntro')}</p>
      {loaded.data.items.length === 0 ? (
        <Empty>{t('consultations.noticesEmpty')}</Empty>
      ) : (
        <ul className="p-list">
          {loaded.data.items.map((n) => (
            <li key={n.id}>
              <article className="p-notice-item" aria-labelledby={`n-${n.id}`}>
                <h3 id={`n-${n.id}`}>{n.title}</h3>
                <p className="p-muted">
                  {t('consultations.published')}{' '}
                  <time dateTime={n.publishedAt}>{chinaDay(n.publishedAt)}</time>
                </p>
                <p style={{ whiteSpace: 'pre-line' }}>{n.body}</p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function Item({ c, onVoted }: { c: ResidentConsultation; onVoted: () => void }) {
  const { t, lang } = useI18n();
  const [choice, setChoice] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const scope =
    c.scope.kind === 'building'
      ? t('consultations.scope.building', { building: c.scope.building })
      : c.scope.kind === 'grid'
        ? t('consultations.scope.grid', { grid: c.scope.grid })
        : t('consultations.scope.community');
  const vote = async () => {
    if (!choice) return;
    setBusy(true);
    setError(undefined);
    try {
      await residentApi.vote(c.id, choice);
      onVoted();
    } catch (e) {
      setError(errorText(e, lang));
    } finally {
      setBusy(false);
    }
  };
  const r = c.result;
  const label = (id?: string) => c.options.find((o) => o.id === id)?.label ?? '';
  return (
    <article aria-labelledby={`c-${c.id}`}>
      <h2 id={`c-${c.id}`}>{c.title}</h2>
      <p className="p-meta">
        <Tag tone={c.status === 'open' ? undefined : 'warning'}>
          {c.status === 'open' ? t('consultations.open') : t('consultations.closed')}
        </Tag>
        <span>{scope}</span>
        <span>{c.anonymous ? t('consultations.anonymous') : t('consultations.named')}</span>
        <span>{t('consultations.closes', { time: when(c.closesAt, lang) })}</span>
      </p>
      <p>{c.description}</p>
      {c.voted === 'online' ? (
        <Notice tone="info">{t('consultations.votedOnline')}</Notice>
      ) : c.voted === 'paper' ? (
        <Notice tone="info">{t('consultations.votedPaper')}</Notice>
      ) : c.status === 'open' ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void vote();
          }}
        >
          <fieldset className="p-field">
            <legend>{t('consultations.choose')}</legend>
            <div className="p-options">
              {c.options.map((o) => (
                <label key={o.id} className="p-option">
                  <input
                    type="radio"
                    name={`vote-${c.id}`}
                    value={o.id}
                    checked={choice === o.id}
                    onChange={() => setChoice(o.id)}
                  />{' '}
                  {o.label}
                </label>
              ))}
            </div>
          </fieldset>
          {error ? (
            <p className="p-field-error" role="alert">
              {error}
            </p>
          ) : null}
          <button type="submit" className="p-btn p-btn-primary" disabled={!choice || busy}>
            {busy ? t('consultations.voting') : t('consultations.vote')}
          </button>
        </form>
      ) : null}
      {c.status === 'closed' && c.tally ? (
        <>
          <ul className="p-meta">
            {c.options.map((o) => (
              <li key={o.id}>
                {o.label}：{t('consultations.votes', { count: c.tally?.[o.id] ?? 0 })}
              </li>
            ))}
          </ul>
          {r ? (
            <p>
              {r.quorumReached
                ? `${t('consultations.quorumReached', { votes: r.votes, turnout: r.turnoutPercent, quorum: c.quorumPercent })}；${
                    r.tie ? t('consultations.tie') : t('consultations.winner', { option: label(r.winner) })
                  }`
                : t('consultations.quorumNotReached', {
                    votes: r.votes,
                    turnout: r.turnoutPercent,
                    quorum: c.quorumPercent,
                  })}
            </p>
          ) : null}
        </>
      ) : null}
    </article>
  );
}
