/** @jsxRuntime automatic @jsxImportSource react */
import { type FormEvent, useRef, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useI18n } from '../i18n';
import { Link, type PageProps } from '../router';
import { Notice, Skeleton } from '../ui';
import {
  type CasePrefill,
  type CaseSummary,
  newIdempotencyKey,
  pick,
  residentApi,
  type ServiceGuide,
  uploadMaterial,
} from './api';
import { ResidentNav } from './ResidentNav';
import { type Draft, type FieldErrors, formBody, ServiceForm, validateForm } from './ServiceForm';
import { SignInPage } from './SignInPage';
import { errorText, Failed, useResident } from './session';
import { useLoad } from './useLoad';

/** `/t/:slug/services/:code/apply` (lazy chunk): the signed-in resident applies. */
export default function ApplyPage({ params }: PageProps<undefined>) {
  const slug = params.slug!;
  const session = useResident(slug);
  if (!session) return <SignInPage slug={slug} page="services" />;
  return <Apply slug={slug} code={params.code!} />;
}

function Apply({ slug, code }: { slug: string; code: string }) {
  const { loaded, reload } = useLoad(
    (signal) => Promise.all([residentApi.guide(code, signal), residentApi.prefill(code, signal)]),
    [code],
  );
  if (loaded.state === 'loading') return <Skeleton />;
  if (loaded.state === 'error') return <Failed error={loaded.error} slug={slug} onRetry={reload} />;
  const [guide, prefill] = loaded.data;
  return <ApplyForm slug={slug} guide={guide} prefill={prefill} />;
}

/** Problems the API named per field (`errors[].field` is `form.<key>` or the key). */
const apiFieldErrors = (e: ApiError, lang: string): FieldErrors =>
  Object.fromEntries(
    e.fieldErrors.map((fe) => [
      fe.field.replace(/^form\./, '').split('.')[0]!,
      lang === 'en' ? fe.message.en : fe.message.zh,
    ]),
  );

export function ApplyForm({
  slug,
  guide,
  prefill,
}: {
  slug: string;
  guide: ServiceGuide;
  prefill: CasePrefill;
}) {
  const { t, lang } = useI18n();
  const s = guide.service;
  const [draft, setDraft] = useState<Draft>({});
  const [errors, setErrors] = useState<FieldErrors>({});
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [filed, setFiled] = useState<CaseSummary | null>(null);
  // One key per attempt: a retry of the same body reuses it (the server answers the case it already
  // filed); a changed form is a new attempt with a new key.
  const attempt = useRef<{ key: string; body: string } | null>(null);

  if (filed)
    return (
      <div className="p-page" data-testid="apply-done">
        <Notice tone="info">{t('apply.done')}</Notice>
        <h1>{t('apply.done')}</h1>
        <dl className="p-facts">
          <div>
            <dt>{t('apply.caseNumber')}</dt>
            <dd data-testid="case-number">{filed.number}</dd>
          </div>
          <div>
            <dt>{t('cases.due')}</dt>
            <dd>{filed.due}</dd>
          </div>
        </dl>
        <p>{t('apply.doneText')}</p>
        <Link className="p-btn p-btn-primary" href={`/t/${slug}/cases/${filed.id}`}>
          {t('apply.viewCase')}
        </Link>
      </div>
    );

  const eligible = prefill.eligibility.eligible;
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (busy) return;
    setFailure(null);
    const found = validateForm(s.fields, draft, t, { prefilled: prefill.prefilled });
    setErrors(found);
    if (Object.keys(found).length > 0) {
      setFailure(t('apply.fixErrors'));
      return;
    }
    const body = { service: s.code, form: formBody(s.fields, draft, prefill.prefilled) };
    const text = JSON.stringify(body);
    if (attempt.current?.body !== text) attempt.current = { key: newIdempotencyKey(), body: text };
    setBusy(true);
    try {
      setFiled(await residentApi.submit(body, attempt.current.key));
    } catch (err) {
      if (err instanceof ApiError && err.status === 400 && err.fieldErrors.length > 0) {
        setErrors(apiFieldErrors(err, lang));
        setFailure(errorText(err, lang));
      } else if (err instanceof ApiError && (err.status === 0 || err.status >= 500)) {
        setFailure(`${errorText(err, lang)} ${t('apply.retryHint')}`);
      } else setFailure(errorText(err, lang));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="p-page" data-testid="apply-page">
      <ResidentNav slug={slug} current="services" />
      <h1>{t('apply.title', { service: pick(s.name, lang) })}</h1>
      {prefill.known ? null : <Notice tone="info">{t('apply.unknown')}</Notice>}
      {eligible ? (
        <Notice tone="info">{t('apply.eligible')}</Notice>
      ) : (
        <Notice tone="warning">
          {t('apply.notEligible')}
          <ul>
            {prefill.eligibility.issues.map((i) => (
              <li key={i.rule}>{pick(i.message, lang)}</li>
            ))}
          </ul>
        </Notice>
      )}
      <form onSubmit={submit} noValidate aria-busy={busy}>
        <ServiceForm
          fields={s.fields}
          draft={draft}
          errors={errors}
          prefilled={prefill.prefilled}
          prefillValues={prefill.form}
          onChange={(key, value) => {
            setDraft((d) => ({ ...d, [key]: value }));
            setErrors(({ [key]: _, ...rest }) => rest);
            setFailure(null);
          }}
          upload={(field, file) => uploadMaterial(s.code, field, file)}
        />
        {failure ? <Notice tone="error">{failure}</Notice> : null}
        <div className="p-actions">
          <button type="submit" className="p-btn p-btn-primary" disabled={busy || !eligible}>
            {busy ? t('apply.submitting') : t('apply.submit')}
          </button>
          <Link className="p-btn" href={`/t/${slug}/services/${s.code}`}>
            {t('cases.cancel')}
          </Link>
        </div>
      </form>
    </div>
  );
}
