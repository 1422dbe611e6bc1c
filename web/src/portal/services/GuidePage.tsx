/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { Link, type PageProps } from '../router';
import { Skeleton, Tag } from '../ui';
import { pick, publicGuide, type ServiceDefinition } from './api';
import { ResidentNav } from './ResidentNav';
import { Failed } from './session';
import { useLoad } from './useLoad';

type Rule = NonNullable<ServiceDefinition['eligibility']>[number];

export function useRuleText() {
  const { t } = useI18n();
  return (r: Rule): string => {
    switch (r.kind) {
      case 'minAge':
        return t('services.rule.minAge', { age: r.age });
      case 'maxAge':
        return t('services.rule.maxAge', { age: r.age });
      case 'registration':
        return t('services.rule.registration', {
          values: r.values.map((v) => t(`services.rule.${v}`)).join(' / '),
        });
      case 'registeredResident':
        return t('services.rule.registeredResident');
      case 'tag':
        return t('services.rule.tag', { tag: r.tag });
    }
  };
}

/** `/t/:slug/services/:code`: the service guide (办事指南) — who, what to bring, steps, time limit. */
export default function GuidePage({ params }: PageProps<undefined>) {
  const { t, lang } = useI18n();
  const ruleText = useRuleText();
  const slug = params.slug!;
  const code = params.code!;
  const { loaded, reload } = useLoad((signal) => publicGuide(slug, code, signal), [slug, code]);
  if (loaded.state === 'loading') return <Skeleton />;
  if (loaded.state === 'error') return <Failed error={loaded.error} slug={slug} onRetry={reload} />;
  const { service: s, departmentName } = loaded.data;
  const online = s.channels.includes('portal');
  const rules = s.eligibility ?? [];
  const materials = s.materials ?? [];
  return (
    <div className="p-page" data-testid="guide-page">
      <ResidentNav slug={slug} current="services" />
      <header className="p-page-header">
        <h1>{pick(s.name, lang)}</h1>
        <p>{pick(s.summary, lang)}</p>
      </header>
      <dl className="p-facts">
        <div>
          <dt>{t('services.department')}</dt>
          <dd>{pick(departmentName, lang)}</dd>
        </div>
        <div>
          <dt>{t('services.timeLimit')}</dt>
          <dd>{t('services.days', { days: s.timeLimitDays })}</dd>
        </div>
      </dl>
      <section className="p-section" aria-labelledby="g-elig">
        <h2 id="g-elig">{t('services.eligibility')}</h2>
        {rules.length === 0 ? (
          <p>{t('services.eligibilityNone')}</p>
        ) : (
          <ul>
            {rules.map((r) => (
              <li key={JSON.stringify(r)}>{ruleText(r)}</li>
            ))}
          </ul>
        )}
      </section>
      <section className="p-section" aria-labelledby="g-mat">
        <h2 id="g-mat">{t('services.materials')}</h2>
        {materials.length === 0 ? (
          <p>{t('services.materialsNone')}</p>
        ) : (
          <ul>
            {materials.map((m) => (
              <li key={m.key}>
                {pick(m.name, lang)}{' '}
                <Tag>{m.required === false ? t('services.optional') : t('services.required')}</Tag>
                {m.original ? <Tag>{t('services.original')}</Tag> : null}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="p-section" aria-labelledby="g-steps">
        <h2 id="g-steps">{t('services.steps')}</h2>
        <ol className="p-steps">
          {s.workflow.map((w) => (
            <li key={w.key}>
              <strong>{pick(w.name, lang)}</strong>{' '}
              <span className="p-muted">
                {t(`services.levels.${w.level}`)} · {t('services.stepDays', { days: w.timeLimitDays })}
              </span>
            </li>
          ))}
        </ol>
      </section>
      <div className="p-actions">
        {online ? (
          <Link className="p-btn p-btn-primary" href={`/t/${slug}/services/${code}/apply`}>
            {t('services.apply')}
          </Link>
        ) : (
          <p>{t('services.applyOffline')}</p>
        )}
        <Link className="p-btn" href={`/t/${slug}/services`}>
          {t('services.back')}
        </Link>
      </div>
    </div>
  );
}
