import { PhoneOutlined } from '@ant-design/icons';
import { Alert, Tag } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { usePublicDistrict } from '../../api/client';
import type { PublicDistrict } from '../../api/types';
import { LinkButton } from '../../components/LinkButton';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { MODULE_GROUP_KEYS, MODULE_GROUPS, moduleLabel, statusLabel, tierLabel } from '../../i18n/labels';
import { useResidentSession } from './residentApi';

/** Resident-facing modules only; platform modules (analytics, data exchange) are not shown to residents. */
const RESIDENT_GROUPS = MODULE_GROUP_KEYS.filter((g) => g !== 'platform');

function Notices({ district }: { district: PublicDistrict }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="notices-heading" className="portal-section">
      <h2 id="notices-heading">{t('portal.notices')}</h2>
      {district.notices.length === 0 ? (
        <EmptyState text={t('portal.noticesEmpty')} />
      ) : (
        <ul className="notice-list">
          {district.notices.map((n) => (
            <li key={n.id}>
              <article className="notice">
                <h3>{n.title}</h3>
                <p className="notice-meta">
                  {t('portal.published')}{' '}
                  <time dateTime={n.publishedAt}>{dayjs(n.publishedAt).format('YYYY-MM-DD')}</time>
                </p>
                <p className="notice-body">{n.body}</p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Sign-up / sign-in, or 我的 once signed in (the resident session, never the staff one). */
function ResidentEntry({ slug }: { slug: string }) {
  const { t } = useTranslation();
  const session = useResidentSession();
  return (
    <section aria-labelledby="resident-heading" className="portal-section">
      <h2 id="resident-heading">{t('resident.entry.title')}</h2>
      {session ? (
        <LinkButton to={`/t/${session.slug}/me`} type="primary" block>
          {t('resident.entry.me')}
        </LinkButton>
      ) : (
        <div style={{ display: 'flex', flexWrap: 'wrap', gap: 8 }}>
          <LinkButton to={`/t/${slug}/login`} type="primary" style={{ flex: '1 1 8rem' }}>
            {t('resident.entry.login')}
          </LinkButton>
          <LinkButton to={`/t/${slug}/signup`} style={{ flex: '1 1 8rem' }}>
            {t('resident.entry.signup')}
          </LinkButton>
        </div>
      )}
    </section>
  );
}

function Hotline({ hotline }: { hotline: string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="hotline-heading" className="portal-section">
      <h2 id="hotline-heading">{t('portal.hotline')}</h2>
      {hotline ? (
        <a className="hotline" href={`tel:${hotline.replace(/[^\d+]/g, '')}`}>
          <PhoneOutlined aria-hidden /> {hotline}
        </a>
      ) : (
        <p>{t('portal.hotlineNone')}</p>
      )}
    </section>
  );
}

function Services({ modules }: { modules: readonly string[] }) {
  const { t } = useTranslation();
  const enabled = new Set(modules);
  const groups = RESIDENT_GROUPS.map((g) => ({
    g,
    keys: MODULE_GROUPS[g].filter((k) => enabled.has(k) && k !== 'channel-portal'),
  })).filter((x) => x.keys.length > 0);
  if (groups.length === 0) return null;
  return (
    <section aria-labelledby="services-heading" className="portal-section">
      <h2 id="services-heading">{t('portal.services')}</h2>
      {groups.map(({ g, keys }) => (
        <div key={g} className="module-group">
          <h3>{t(`moduleGroups.${g}`)}</h3>
          <ul className="module-grid" data-testid={`group-${g}`}>
            {keys.map((k) => (
              <li key={k}>
                <div className="module-card" data-module={k}>
                  <h4 className="module-title">{moduleLabel(t, k)}</h4>
                  <p className="muted">{t('portal.serviceComing')}</p>
                </div>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

export default function PortalPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const district = usePublicDistrict(slug);
  if (district.isPending) return <Loading />;
  if (district.isError) {
    return district.error.status === 404 ? (
      <div className="page">
        <Alert type="warning" role="alert" showIcon message={t('portal.notFound')} />
      </div>
    ) : (
      <div className="page">
        <ErrorState error={district.error} onRetry={() => void district.refetch()} />
      </div>
    );
  }
  const d = district.data;
  const portalOn = d.modules.includes('channel-portal');
  return (
    <div className="page">
      <header className="page-header">
        <h1>{d.name}</h1>
        <div className="page-header-meta">
          <span>{[d.province, d.city].filter(Boolean).join(' · ')}</span>
          <Tag>{tierLabel(t, d.tier)}</Tag>
          {d.status !== 'active' ? <Tag color="warning">{statusLabel(t, d.status)}</Tag> : null}
        </div>
      </header>
      {d.status !== 'active' ? (
        <Alert type="warning" showIcon message={t('portal.notActive')} className="page-alert" />
      ) : null}
      {!portalOn ? (
        <Alert type="info" showIcon message={t('portal.portalOff')} className="page-alert" />
      ) : null}
      <div className="portal-layout">
        <div className="portal-main">
          <Notices district={d} />
          {portalOn ? <Services modules={d.modules} /> : null}
        </div>
        <aside className="portal-aside">
          {portalOn && d.status === 'active' ? <ResidentEntry slug={d.slug} /> : null}
          <Hotline hotline={d.hotline} />
        </aside>
      </div>
    </div>
  );
}
