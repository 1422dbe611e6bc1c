/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useResident } from './session';
import { pageOffered, useDistrictModules } from './useDistrictModules';

type Item = 'services' | 'cases' | 'messages' | 'notices' | 'consultations' | 'events';

/**
 * The services area's links: the catalogue and notices for everyone; cases, messages and the
 * pages of the district's optional modules (议事协商, 社区活动) once signed in, each only where its
 * module is on (`modules` when the page has the district, else read once).
 */
export function ResidentNav({
  slug,
  current,
  modules,
}: {
  slug: string;
  current?: Item;
  modules?: readonly string[];
}) {
  const { t } = useI18n();
  const session = useResident(slug);
  const on = useDistrictModules(slug, modules, session !== null);
  const items: Item[] = session
    ? (['services', 'cases', 'messages', 'consultations', 'events', 'notices'] as const).filter(
        (i) => i === current || pageOffered(i, on ?? []),
      )
    : ['services', 'notices'];
  return (
    <nav className="p-nav" aria-label={t('services.title')}>
      <ul>
        <li>
          <Link href={`/t/${slug}`}>{t('tv.back')}</Link>
        </li>
        {items.map((i) => (
          <li key={i}>
            <Link href={`/t/${slug}/${i}`} aria-current={current === i ? 'page' : undefined}>
              {t(`nav.${i}`)}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
