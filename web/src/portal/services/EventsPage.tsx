/** @jsxRuntime automatic @jsxImportSource react */
import { useState } from 'react';
import { useI18n } from '../i18n';
import type { PageProps } from '../router';
import { Empty, Notice, Skeleton, Tag } from '../ui';
import { type ResidentEvent, residentApi, when } from './api';
import { ResidentNav } from './ResidentNav';
import { SignInPage } from './SignInPage';
import { errorText, Failed, useResident } from './session';
import { useLoad } from './useLoad';

/** `/t/:slug/events` (lazy chunk): the community's events; sign up, join the waiting list, cancel. */
export default function EventsPage({ params }: PageProps<undefined>) {
  const slug = params.slug!;
  const session = useResident(slug);
  if (!session) return <SignInPage slug={slug} page="events" />;
  return <Events slug={slug} />;
}

function Events({ slug }: { slug: string }) {
  const { t } = useI18n();
  const { loaded, reload } = useLoad((signal) => residentApi.events(signal), []);
  return (
    <div className="p-page" data-testid="events-page">
      <ResidentNav slug={slug} current="events" />
      <h1>{t('events.title')}</h1>
      <p className="p-muted">{t('events.intro')}</p>
      {loaded.state === 'loading' ? (
        <Skeleton />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} slug={slug} onRetry={reload} />
      ) : !loaded.data.recordFound ? (
        <Notice tone="warning">{t('events.noRecord')}</Notice>
      ) : loaded.data.items.length === 0 ? (
        <Empty>{t('events.empty')}</Empty>
      ) : (
        <ul className="p-list">
          {loaded.data.items.map((x) => (
            <li key={x.event.id}>
              <Item x={x} onDone={reload} />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Item({ x, onDone }: { x: ResidentEvent; onDone: () => void }) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const e = x.event;
  const full = e.confirmed >= e.capacity;
  // Cancelled by staff, or already begun: read-only (the API would refuse a sign-up anyway).
  const closed = e.status === 'cancelled' || Date.parse(e.startsAt) <= Date.now();
  const act = async (action: 'sign-up' | 'cancel') => {
    setBusy(true);
    setError(undefined);
    try {
      await residentApi.eventAction(e.id, action);
      onDone();
    } catch (err) {
      setError(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };
  return (
    <article aria-labelledby={`e-${e.id}`}>
      <h2 id={`e-${e.id}`}>{e.title}</h2>
      <p className="p-meta">
        <span>{t('events.when', { time: when(e.startsAt, lang) })}</span>
        <span>{t('events.place', { place: e.place })}</span>
        <span>{t('events.seats', { confirmed: e.confirmed, capacity: e.capacity })}</span>
        {e.waiting ? <span>{t('events.waiting', { count: e.waiting })}</span> : null}
        {full && !x.mine && !closed ? <Tag tone="warning">{t('events.full')}</Tag> : null}
      </p>
      <p>{e.description}</p>
      {e.status === 'cancelled' ? (
        <Notice tone="warning">{t('events.cancelled', { reason: e.cancelReason ?? '' })}</Notice>
      ) : closed ? (
        <Notice tone="info">{t('events.started')}</Notice>
      ) : null}
      {!closed && x.mine === 'confirmed' ? <Notice tone="info">{t('events.confirmed')}</Notice> : null}
      {!closed && x.mine === 'waiting' ? <Notice tone="info">{t('events.onList')}</Notice> : null}
      {error ? (
        <p className="p-field-error" role="alert">
          {error}
        </p>
      ) : null}
      {closed ? null : x.mine ? (
        <button type="button" className="p-btn" disabled={busy} onClick={() => void act('cancel')}>
          {busy ? t('events.busy') : t('events.cancel')}
        </button>
      ) : full && !e.waitlist ? null : (
        <button
          type="button"
          className="p-btn p-btn-primary"
          disabled={busy}
          onClick={() => void act('sign-up')}
        >
          {busy ? t('events.busy') : full ? t('events.joinList') : t('events.signUp')}
        </button>
      )}
    </article>
  );
}
