/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { Link } from '../router';
import { useResident } from './session';

type Item = 'services' | 'cases' | 'messages' | 'notices' | 'consultations' | 'events';

/** The services area's links: the catalogue and notices for everyone, cases and messages once signed in. */
export function ResidentNav({ slug, current }: { slug: string; current?: Item }) {
  const { t } = useI18n();
  const session = useResident();
  const items: Item[] = session
    ? ['services', 'cases', 'messages', 'consultations', 'events', 'notices']
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
