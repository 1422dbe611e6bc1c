/** @jsxRuntime automatic @jsxImportSource react */
import { useEffect, useState } from 'react';
import { browserApi, type DistrictPortal } from '../api';
import { useI18n } from '../i18n';
import { Link, type PageProps } from '../router';
import { Empty, PhoneIcon } from '../ui';
import { serviceGroups } from './DistrictHome';

/** How often a TV left on in a service hall reloads its notices. */
const REFRESH_MS = 5 * 60_000;

/**
 * `/t/:slug/tv`: the district on a television or a hall screen (digital-TV channel): very large
 * type, read from across a room, no interaction needed; the data refreshes on its own.
 */
export default function TvPage({ data }: PageProps<DistrictPortal>) {
  const { t } = useI18n();
  const [d, setD] = useState(data);
  useEffect(() => {
    const id = window.setInterval(() => {
      browserApi
        .district(data.slug)
        .then((next) => next && setD(next))
        .catch(() => {}); // keep showing what we have; the next tick retries
    }, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [data.slug]);
  const services = serviceGroups(d.modules).flatMap((g) => g.keys);
  return (
    <div className="p-tv" data-testid="portal-ready">
      <header className="p-tv-header">
        <h1>{t('tv.title', { district: d.name })}</h1>
        <p className="p-tv-hotline">
          <PhoneIcon /> {t('portal.hotline')} {d.hotline}
        </p>
      </header>
      <div className="p-tv-body">
        <section aria-labelledby="tv-notices">
          <h2 id="tv-notices">{t('portal.notices')}</h2>
          {d.notices.length === 0 ? (
            <Empty>{t('portal.noticesEmpty')}</Empty>
          ) : (
            <ul className="p-list">
              {d.notices.slice(0, 5).map((n) => (
                <li key={n.id}>
                  <h3>{n.title}</h3>
                  <p>{n.body}</p>
                </li>
              ))}
            </ul>
          )}
        </section>
        {d.portal && services.length > 0 ? (
          <section aria-labelledby="tv-services">
            <h2 id="tv-services">{t('portal.services')}</h2>
            <ul className="p-tv-services">
              {services.map((k) => (
                <li key={k}>{t(`modules.${k}`)}</li>
              ))}
            </ul>
          </section>
        ) : null}
      </div>
      <p>
        <Link href={`/t/${d.slug}`}>{t('tv.back')}</Link>
      </p>
    </div>
  );
}
