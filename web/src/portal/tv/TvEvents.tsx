/** @jsxRuntime automatic @jsxImportSource react */
import { useEffect, useState } from 'react';
import type { components as C } from '../../api/control.gen';
import { useI18n } from '../i18n';
import { call, when } from '../services/api';
import { Empty, LoadFailed, Skeleton } from '../ui';

/** One upcoming event as the public route gives it: no one's personal data. */
export type PublicEvent = C['schemas']['PublicEvent'];

export const publicEvents = (slug: string) =>
  call<{ items: PublicEvent[] }>(`/api/public/districts/${encodeURIComponent(slug)}/events`).then(
    (r) => r.items,
  );

const seats = (e: PublicEvent, lang: string) =>
  e.seatsLeft > 0
    ? lang === 'en'
      ? `${e.seatsLeft} of ${e.capacity} seats left`
      : `余 ${e.seatsLeft} 个名额（共 ${e.capacity} 个）`
    : e.waitlist
      ? lang === 'en'
        ? 'Full — waiting list open'
        : '名额已满，可排队候补'
      : lang === 'en'
        ? 'Full'
        : '名额已满';

/** The TV's 社区活动: the district's upcoming community events; OK opens one. */
export default function TvEvents({ slug }: { slug: string }) {
  const { lang } = useI18n();
  const [list, setList] = useState<PublicEvent[] | null>(null);
  const [failed, setFailed] = useState(false);
  const [open, setOpen] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    if (attempt < 0) return;
    setFailed(false);
    publicEvents(slug)
      .then(setList)
      .catch(() => setFailed(true));
  }, [slug, attempt]);
  useEffect(() => {
    // After the list or an event appears, the remote lands on its first button.
    if (list !== null || open !== null) document.querySelector<HTMLElement>('.p-tv-panel button')?.focus();
  }, [list, open]);
  if (failed) return <LoadFailed onRetry={() => setAttempt((n) => n + 1)} />;
  if (!list) return <Skeleton />;
  const e = list.find((x) => x.id === open);
  if (e)
    return (
      <article className="p-tv-notice" data-testid="tv-event">
        <h2>{e.title}</h2>
        <p>
          {e.communityName} · {when(e.startsAt, lang)}
        </p>
        <p>
          {lang === 'en' ? 'Place' : '地点'}：{e.place}
        </p>
        <p>
          <strong>{seats(e, lang)}</strong>
        </p>
        <p className="p-tv-notice-body">{e.description}</p>
        <p>
          {lang === 'en'
            ? 'Sign up on the residents’ portal or at your community office.'
            : '报名请用手机登录居民服务门户，或到社区居委会办理。'}
        </p>
        <button type="button" className="p-tv-btn" onClick={() => setOpen(null)}>
          {lang === 'en' ? 'Back' : '返回'}
        </button>
      </article>
    );
  if (list.length === 0) return <Empty>{lang === 'en' ? 'No upcoming events' : '近期暂无社区活动'}</Empty>;
  return (
    <ul className="p-tv-grid" data-testid="tv-events">
      {list.map((x) => (
        <li key={x.id}>
          <button type="button" className="p-tv-item" onClick={() => setOpen(x.id)}>
            <strong>{x.title}</strong>
            <span>
              {x.communityName} · {when(x.startsAt, lang)}
            </span>
            <span>{x.place}</span>
            <span>{seats(x, lang)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}
