/** @jsxRuntime automatic @jsxImportSource react */
import { type FormEvent, useEffect, useId, useMemo, useState } from 'react';
import { useI18n } from '../i18n';
import { Link, useNavigator } from '../router';
import { Empty, Skeleton } from '../ui';
import { pick, publicServices, type ServiceSummary } from './api';
import { Failed } from './session';
import { useLoad } from './useLoad';

/** A service's category: its module, or the community services every district offers. */
export const categoryOf = (s: ServiceSummary): string => s.module ?? 'community';

/** The categories present in `items`, in first-seen order (the catalogue's own order). */
export const categoriesOf = (items: readonly ServiceSummary[]): string[] => [
  ...new Set(items.map(categoryOf)),
];

/** A category's name in the UI language. */
const categoryName = (t: ReturnType<typeof useI18n>['t'], category: string): string =>
  category === 'community' ? t('services.community') : t(`modules.${category}`);

export function CategoryLabel({ category }: { category: string }) {
  const { t } = useI18n();
  return <>{categoryName(t, category)}</>;
}

export function ServiceCard({ slug, s }: { slug: string; s: ServiceSummary }) {
  const { t, lang } = useI18n();
  return (
    <li className="p-card p-service" data-service={s.code}>
      <h3>
        <Link href={`/t/${slug}/services/${s.code}`}>{pick(s.name, lang)}</Link>
      </h3>
      <p className="p-muted">{pick(s.summary, lang)}</p>
      <p className="p-meta">
        <span>{pick(s.departmentName, lang)}</span>
        <span>{t('services.days', { days: s.timeLimitDays })}</span>
      </p>
    </li>
  );
}

/**
 * The district's services: a search box (Chinese text or pinyin initials, searched by the API),
 * categories to browse by, and the services as links to their guides. `initialCategory` comes
 * from the page's `?category=`, `initialQ` from its `?q=` (the home page's search box).
 */
/** The search box of the catalogue (named for screen readers) and its button, inside a form. */
function SearchFields({
  name,
  value,
  onChange,
}: {
  /** The query parameter it fills when the form is sent without script. */
  name?: string;
  value: string;
  onChange: (value: string) => void;
}) {
  const { t } = useI18n();
  const id = useId();
  return (
    <>
      <label htmlFor={id} className="p-visually-hidden">
        {t('services.search')}
      </label>
      <input
        id={id}
        name={name}
        type="search"
        className="p-input"
        value={value}
        placeholder={t('services.searchHint')}
        onChange={(e) => onChange(e.target.value)}
        maxLength={40}
        autoComplete="off"
        enterKeyHint="search"
      />
      <button type="submit" className="p-btn">
        {t('services.searchButton')}
      </button>
    </>
  );
}

export function Catalogue({
  slug,
  initialCategory = '',
  initialQ = '',
  headingLevel = 2,
}: {
  slug: string;
  initialCategory?: string;
  initialQ?: string;
  headingLevel?: 1 | 2;
}) {
  const { t } = useI18n();
  const [input, setInput] = useState(initialQ);
  const [q, setQ] = useState(initialQ.trim());
  const [category, setCategory] = useState(initialCategory);
  const { loaded, reload } = useLoad((signal) => publicServices(slug, q || undefined, signal), [slug, q]);
  const H = `h${headingLevel}` as const;

  // Searching as one types (after a pause), so "dbsq" finds 低保申请 without pressing anything.
  useEffect(() => {
    const v = input.trim();
    if (v === q) return;
    const timer = setTimeout(() => setQ(v), 350);
    return () => clearTimeout(timer);
  }, [input, q]);

  const all = loaded.state === 'ok' ? loaded.data : [];
  const categories = useMemo(() => categoriesOf(all), [all]);
  const shown = category ? all.filter((s) => categoryOf(s) === category) : all;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setQ(input.trim());
  };

  return (
    <section aria-labelledby="catalogue-heading" className="p-section" data-testid="catalogue">
      <H id="catalogue-heading">{t('services.title')}</H>
      <form className="p-search" onSubmit={submit}>
        <SearchFields value={input} onChange={setInput} />
      </form>
      {categories.length > 1 ? (
        <fieldset className="p-chips">
          <legend className="p-visually-hidden">{t('services.categories')}</legend>
          <button
            type="button"
            className="p-chip"
            aria-pressed={category === ''}
            onClick={() => setCategory('')}
          >
            {t('services.all')}
          </button>
          {categories.map((c) => (
            <button
              key={c}
              type="button"
              className="p-chip"
              aria-pressed={category === c}
              onClick={() => setCategory(c)}
            >
              <CategoryLabel category={c} />
            </button>
          ))}
        </fieldset>
      ) : null}
      {loaded.state === 'loading' ? (
        <Skeleton />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} slug={slug} onRetry={reload} />
      ) : shown.length === 0 && category && !q && all.length > 0 ? (
        // The home's card of a module whose category has no online service yet: say so, and the way on.
        <>
          <Empty>{t('services.categoryEmpty', { category: categoryName(t, category) })}</Empty>
          <p>
            <button type="button" className="p-btn p-btn-primary" onClick={() => setCategory('')}>
              {t('services.allServices')}
            </button>
          </p>
        </>
      ) : shown.length === 0 ? (
        <Empty>{t('services.empty')}</Empty>
      ) : (
        <>
          <p className="p-muted" role="status">
            {t('services.count', { count: shown.length })}
          </p>
          <ul className="p-grid p-services">
            {shown.map((s) => (
              <ServiceCard key={s.code} slug={slug} s={s} />
            ))}
          </ul>
        </>
      )}
    </section>
  );
}

/**
 * The catalogue's entry on the district home: a search box that opens `/t/:slug/services?q=…`
 * (a plain GET form: it works before the script has loaded) and a link to every service. The
 * home's first screen is rendered on the server from the district alone; the list itself loads on
 * the services page.
 */
export function HomeCatalogue({ slug }: { slug: string }) {
  const { t } = useI18n();
  const nav = useNavigator();
  const [input, setInput] = useState('');
  const action = `/t/${slug}/services`;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const q = input.trim();
    nav.navigate(q ? `${action}?q=${encodeURIComponent(q)}` : action);
  };
  return (
    <section aria-labelledby="catalogue-heading" className="p-section" data-testid="home-catalogue">
      <h2 id="catalogue-heading">{t('services.title')}</h2>
      <form className="p-search" action={action} method="get" onSubmit={submit}>
        <SearchFields name="q" value={input} onChange={setInput} />
      </form>
      <p>
        <Link className="p-btn p-btn-primary" href={action}>
          {t('services.allServices')}
        </Link>
      </p>
    </section>
  );
}
