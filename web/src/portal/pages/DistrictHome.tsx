/** @jsxRuntime automatic @jsxImportSource react */

import { chinaDay } from '../../time';
import type { DistrictPortal } from '../api';
import { useI18n } from '../i18n';
import { Link, type PageProps } from '../router';
import { HomeCatalogue } from '../services/Catalogue';
import { useResident } from '../services/session';
import { Empty, Notice, PhoneIcon, Tag } from '../ui';

/** Resident-facing module groups (platform modules such as analytics are never shown to residents). */
export const RESIDENT_GROUPS = {
  // 街道任务与报表 is the staff's (tasks handed down, monthly reports): never shown to residents.
  communityWork: ['party-building', 'self-governance', 'civil-organizations'],
  publicServices: [
    'employment',
    'social-security',
    'community-health',
    'civil-affairs',
    'population-family-planning',
    'public-safety',
    'culture-education-sports',
    'migrant-population',
  ],
  commercial: ['commercial-services'],
  channels: ['channel-call-centre', 'channel-sms', 'channel-kiosk', 'channel-digital-tv'],
} as const;

/** The district's enabled resident modules, by group, in the product's order. */
export function serviceGroups(modules: readonly string[]) {
  const on = new Set(modules);
  return Object.entries(RESIDENT_GROUPS)
    .map(([group, keys]) => ({ group, keys: keys.filter((k) => on.has(k)) }))
    .filter((g) => g.keys.length > 0);
}

export function Notices({ district, headingLevel = 2 }: { district: DistrictPortal; headingLevel?: 1 | 2 }) {
  const { t } = useI18n();
  const H = `h${headingLevel}` as const;
  return (
    <section aria-labelledby="notices-heading" className="p-section">
      <H id="notices-heading">{t('portal.notices')}</H>
      {district.notices.length === 0 ? (
        <Empty>{t('portal.noticesEmpty')}</Empty>
      ) : (
        <ul className="p-list">
          {district.notices.map((n) => (
            <li key={n.id}>
              <article className="p-notice-item">
                <h3>{n.title}</h3>
                <p className="p-muted">
                  {t('portal.published')} <time dateTime={n.publishedAt}>{chinaDay(n.publishedAt)}</time>
                </p>
                <p>{n.body}</p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export function Hotline({ hotline }: { hotline: string }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="hotline-heading" className="p-section">
      <h2 id="hotline-heading">{t('portal.hotline')}</h2>
      {hotline ? (
        <a className="p-hotline" href={`tel:${hotline.replace(/[^\d+]/g, '')}`} data-testid="hotline">
          <PhoneIcon /> {hotline}
        </a>
      ) : (
        <p>{t('portal.hotlineNone')}</p>
      )}
    </section>
  );
}

/**
 * Where a module's card takes a resident: the page where they act on it, the services of its
 * category, or the hotline's number to call. `null`: nothing to open (the card says what it is).
 */
export function moduleHref(module: string, slug: string, hotline: string): string | null {
  switch (module) {
    case 'self-governance':
      return `/t/${slug}/consultations`;
    case 'culture-education-sports':
      return `/t/${slug}/events`;
    case 'party-building':
      return `/t/${slug}/notices`;
    case 'channel-digital-tv':
      return `/t/${slug}/tv`;
    case 'channel-call-centre':
      return hotline ? `tel:${hotline.replace(/[^\d+]/g, '')}` : null;
    case 'civil-organizations':
    case 'channel-sms':
    case 'channel-kiosk':
      return null;
    default:
      return `/t/${slug}/services?category=${module}`;
  }
}

function Services({ slug, modules, hotline }: { slug: string; modules: readonly string[]; hotline: string }) {
  const { t } = useI18n();
  const groups = serviceGroups(modules);
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="services-heading" className="p-section">
      <h2 id="services-heading">{t('portal.services')}</h2>
      {groups.map(({ group, keys }) => (
        <div key={group} className="p-group">
          <h3>{t(`moduleGroups.${group}`)}</h3>
          <ul className="p-grid" data-testid={`group-${group}`}>
            {keys.map((k) => {
              const href = moduleHref(k, slug, hotline);
              const hint = (MODULE_HINTS as ReadonlySet<string>).has(k)
                ? t(`moduleHints.${k as ModuleHint}`)
                : null;
              return (
                <li key={k} className="p-card" data-module={k}>
                  <h4>
                    {href === null ? (
                      t(`modules.${k}`)
                    ) : href.startsWith('tel:') ? (
                      <a href={href}>{t(`modules.${k}`)}</a>
                    ) : (
                      <Link href={href}>{t(`modules.${k}`)}</Link>
                    )}
                  </h4>
                  {hint ? <p className="p-muted">{hint}</p> : null}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** Modules whose card says in a line what a resident does there (`moduleHints` in the strings). */
const MODULE_HINTS = new Set([
  'self-governance',
  'culture-education-sports',
  'party-building',
  'civil-organizations',
  'channel-call-centre',
  'channel-sms',
  'channel-kiosk',
  'channel-digital-tv',
] as const);
type ModuleHint = typeof MODULE_HINTS extends Set<infer K> ? K : never;

/**
 * Sign-up / sign-in, or 我的 once signed in to this district (the resident session, never the staff
 * one; signed out on the server and at the first client render, the session lives in sessionStorage).
 */
function ResidentEntry({ slug }: { slug: string }) {
  const { t } = useI18n();
  const session = useResident(slug);
  return (
    <section aria-labelledby="resident-heading" className="p-section">
      <h2 id="resident-heading">{t('portal.residentTitle')}</h2>
      {session ? (
        <div className="p-actions">
          <Link className="p-btn p-btn-primary" href={`/t/${slug}/me`}>
            {t('portal.residentMe')}
          </Link>
          <Link className="p-btn" href={`/t/${slug}/cases`}>
            {t('nav.cases')}
          </Link>
          <Link className="p-btn" href={`/t/${slug}/messages`}>
            {t('nav.messages')}
          </Link>
        </div>
      ) : (
        <div className="p-actions">
          <Link className="p-btn p-btn-primary" href={`/t/${slug}/login`}>
            {t('portal.residentLogin')}
          </Link>
          <Link className="p-btn" href={`/t/${slug}/signup`}>
            {t('portal.residentSignup')}
          </Link>
        </div>
      )}
    </section>
  );
}

/** `/t/:slug`: the district's name, notices, services and hotline — the portal's first screen. */
export default function DistrictHome({ data: d }: PageProps<DistrictPortal>) {
  const { t } = useI18n();
  const active = d.status === 'active';
  return (
    <div className="p-page" data-testid="portal-ready">
      <header className="p-page-header">
        <h1>{d.name}</h1>
        <div className="p-meta">
          <span>{[d.province, d.city].filter(Boolean).join(' · ')}</span>
          <Tag>{t(`tier.${d.tier}`)}</Tag>
          {active ? null : <Tag tone="warning">{t(`status.${d.status}`)}</Tag>}
        </div>
      </header>
      {active ? null : <Notice tone="warning">{t('portal.notActive')}</Notice>}
      {d.portal ? null : <Notice tone="info">{t('portal.portalOff')}</Notice>}
      <div className="p-layout">
        <div className="p-main-col">
          <Notices district={d} />
          {d.portal && active ? <HomeCatalogue slug={d.slug} /> : null}
          {d.portal ? <Services slug={d.slug} modules={d.modules} hotline={d.hotline} /> : null}
        </div>
        <aside className="p-aside">
          <Hotline hotline={d.hotline} />
          {d.portal && active ? <ResidentEntry slug={d.slug} /> : null}
          {d.modules.includes('channel-digital-tv') ? (
            <p>
              <Link href={`/t/${d.slug}/tv`}>{t('portal.tvView')}</Link>
            </p>
          ) : null}
        </aside>
      </div>
    </div>
  );
}
