/** @jsxRuntime automatic @jsxImportSource react */
import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { browserApi, type DistrictPortal } from '../api';
import { useI18n } from '../i18n';
import type { PageProps } from '../router';
import { Empty, PhoneIcon, Skeleton } from '../ui';

/** How often a TV left on in a service hall reloads its notices. */
const REFRESH_MS = 5 * 60_000;

// The guides and the status lookup load with their tab (the TV's first screen is the notices).
const TvGuides = lazy(() => import('../tv/TvGuides'));
const TvLookup = lazy(() => import('../tv/TvLookup'));
const TvEvents = lazy(() => import('../tv/TvEvents'));

/** The module whose community events the TV lists (the tab shows only while it is on). */
const EVENTS_MODULE = 'culture-education-sports';

type Tab = 'notices' | 'guides' | 'events' | 'lookup';
const DIRS = { ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0] } as const;

/**
 * Moves the focus to the nearest focusable element of `root` in an arrow's direction (spatial
 * navigation, as a set-top box's remote expects): candidates lie on that side of the focused one,
 * the closest along the direction wins, the sideways gap between the boxes counting double.
 */
export function moveFocus(root: HTMLElement, key: keyof typeof DIRS): boolean {
  const items = [...root.querySelectorAll<HTMLElement>('button:not([disabled]), [tabindex="0"]')].filter(
    (e) => e.getClientRects().length > 0,
  );
  if (items.length === 0) return false;
  const current = document.activeElement as HTMLElement | null;
  if (!current || !items.includes(current)) {
    items[0]!.focus();
    return true;
  }
  const [dx, dy] = DIRS[key];
  const a = current.getBoundingClientRect();
  const ax = a.left + a.width / 2;
  const ay = a.top + a.height / 2;
  let best: { e: HTMLElement; score: number } | undefined;
  for (const e of items) {
    if (e === current) continue;
    const b = e.getBoundingClientRect();
    const bx = b.left + b.width / 2;
    const by = b.top + b.height / 2;
    const along = (bx - ax) * dx + (by - ay) * dy;
    if (along <= 1) continue;
    // Sideways: the gap between the two boxes across the direction (0 when they overlap), not
    // between their centres — or a wide button right below (the keypad's 查询 under ⌫) loses to a
    // narrow one further down (返回), and the remote cannot reach it.
    const side =
      dx !== 0
        ? Math.max(0, b.top - a.bottom, a.top - b.bottom)
        : Math.max(0, b.left - a.right, a.left - b.right);
    const score = along + 2 * side;
    if (!best || score < best.score) best = { e, score };
  }
  if (!best) return false;
  best.e.focus();
  best.e.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
  return true;
}

/**
 * `/t/:slug/tv`: the district on a set-top box (digital-TV channel), at 1280×720 and read from a
 * sofa: notices, service guides, the district's upcoming community events and a case status
 * lookup, operated with the remote's arrow keys and OK only — the focus is always visible, nothing reacts to hover and the pointer is hidden.
 * The notices render on the server; the data refreshes on its own.
 */
export default function TvPage({ data }: PageProps<DistrictPortal>) {
  const { t, lang } = useI18n();
  const [d, setD] = useState(data);
  const [tab, setTab] = useState<Tab>('notices');
  const [open, setOpen] = useState<string | null>(null);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const id = window.setInterval(() => {
      browserApi
        .district(data.slug)
        .then((next) => next && setD(next))
        .catch(() => {}); // keep showing what we have; the next tick retries
    }, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [data.slug]);
  useEffect(() => {
    document.documentElement.classList.add('tv');
    // The remote starts on the first tab.
    root.current?.querySelector<HTMLElement>('.p-tv-tab')?.focus();
    return () => document.documentElement.classList.remove('tv');
  }, []);
  const onKey = (e: React.KeyboardEvent) => {
    if (e.key in DIRS && root.current && moveFocus(root.current, e.key as keyof typeof DIRS))
      e.preventDefault();
  };
  const tabs: { id: Tab; label: string }[] = [
    { id: 'notices', label: lang === 'en' ? 'Notices' : '通知公告' },
    { id: 'guides', label: lang === 'en' ? 'Service guides' : '办事指南' },
    ...(d.modules.includes(EVENTS_MODULE)
      ? [{ id: 'events' as const, label: lang === 'en' ? 'Community events' : '社区活动' }]
      : []),
    { id: 'lookup', label: lang === 'en' ? 'Case status' : '办件查询' },
  ];
  const notice = d.notices.find((n) => n.id === open);
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: the remote's arrow keys move the focus between the buttons inside
    <div className="p-tv" data-testid="portal-ready" ref={root} onKeyDown={onKey}>
      <header className="p-tv-header">
        <h1>{t('tv.title', { district: d.name })}</h1>
        <p className="p-tv-hotline">
          <PhoneIcon /> {t('portal.hotline')} {d.hotline}
        </p>
      </header>
      <div className="p-tv-tabs" role="tablist">
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            className="p-tv-tab"
            aria-selected={tab === x.id}
            onClick={() => {
              setTab(x.id);
              setOpen(null);
            }}
          >
            {x.label}
          </button>
        ))}
      </div>
      <section className="p-tv-panel" role="tabpanel" aria-label={tabs.find((x) => x.id === tab)?.label}>
        {tab === 'notices' ? (
          notice ? (
            <article className="p-tv-notice">
              <h2>{notice.title}</h2>
              <p className="p-tv-notice-body">{notice.body}</p>
              <button type="button" className="p-tv-btn" onClick={() => setOpen(null)}>
                {lang === 'en' ? 'Back' : '返回'}
              </button>
            </article>
          ) : d.notices.length === 0 ? (
            <Empty>{t('portal.noticesEmpty')}</Empty>
          ) : (
            <ul className="p-tv-list">
              {d.notices.slice(0, 8).map((n) => (
                <li key={n.id}>
                  <button type="button" className="p-tv-item" onClick={() => setOpen(n.id)}>
                    <strong>{n.title}</strong>
                    <span>{n.body.slice(0, 60)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )
        ) : (
          <Suspense fallback={<Skeleton />}>
            {tab === 'guides' ? (
              <TvGuides slug={d.slug} />
            ) : tab === 'events' ? (
              <TvEvents slug={d.slug} />
            ) : (
              <TvLookup slug={d.slug} />
            )}
          </Suspense>
        )}
      </section>
      <p className="p-tv-help">
        {lang === 'en' ? 'Arrow keys to choose, OK to open' : '用遥控器方向键选择，按“确定”键打开'}
      </p>
    </div>
  );
}
