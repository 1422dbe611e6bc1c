import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { usePublicDistricts } from '../../api/client';
import { LinkButton } from '../../components/LinkButton';
import { EmptyState, ErrorState, Loading } from '../../components/States';
import { tierLabel } from '../../i18n/labels';

export default function HomePage() {
  const { t } = useTranslation();
  const districts = usePublicDistricts();
  return (
    <div className="page">
      <h1>{t('home.title')}</h1>
      <p className="lead">{t('home.intro')}</p>

      <section aria-labelledby="districts-heading">
        <h2 id="districts-heading">{t('home.districts')}</h2>
        {districts.isPending ? (
          <Loading />
        ) : districts.isError ? (
          <ErrorState error={districts.error} onRetry={() => void districts.refetch()} />
        ) : districts.data.length === 0 ? (
          <EmptyState text={t('home.districtsEmpty')} />
        ) : (
          <ul className="district-list">
            {districts.data.map((d) => (
              <li key={d.slug}>
                <div>
                  {/* The portal is its own entry (portal.html, server-rendered): a page load, not a route. */}
                  <a href={`/t/${encodeURIComponent(d.slug)}`} className="district-link">
                    {d.name}
                  </a>
                  <div className="muted">{[d.province, d.city].filter(Boolean).join(' · ')}</div>
                </div>
                <Tag>{tierLabel(t, d.tier)}</Tag>
              </li>
            ))}
          </ul>
        )}
      </section>

      <div className="card-grid">
        <section className="panel" aria-labelledby="staff-heading">
          <h2 id="staff-heading">{t('home.forStaff')}</h2>
          <div className="actions">
            <LinkButton to="/login" type="primary">
              {t('home.staffLogin')}
            </LinkButton>
            <LinkButton to="/ministry">{t('home.ministryConsole')}</LinkButton>
          </div>
        </section>
        <section className="panel" aria-labelledby="join-heading">
          <h2 id="join-heading">{t('home.join')}</h2>
          <p>{t('home.joinHint')}</p>
          <LinkButton to="/join">{t('home.join')}</LinkButton>
        </section>
      </div>
    </div>
  );
}
