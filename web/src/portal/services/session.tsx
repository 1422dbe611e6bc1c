/** @jsxRuntime automatic @jsxImportSource react */
import { useSyncExternalStore } from 'react';
import { ApiError } from '../../api/errors';
import {
  getResidentSession,
  nextQuery,
  type ResidentSession,
  subscribeResidentSession,
} from '../../areas/portal/residentSession';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { LoadFailed, Notice } from '../ui';

/** Signed out on the server and at the first client render (the session lives in sessionStorage). */
const none = () => null;

/**
 * The resident signed in to the district `slug`, or null: a session of another district's portal
 * (a resident belongs to one district) is not used here, so its token never speaks for this one's
 * pages — this district's sign-in page then says where the resident belongs.
 */
export const useResident = (slug: string): ResidentSession | null => {
  const session = useSyncExternalStore(subscribeResidentSession, getResidentSession, none);
  return session?.slug === slug ? session : null;
};

/** Pages of the signed-in resident: this when no one is signed in. */
export function SignInFirst({ slug }: { slug: string }) {
  const { t } = useI18n();
  // Back to this page once signed in (these pages render in the browser only).
  const here = typeof window === 'undefined' ? '' : window.location.pathname + window.location.search;
  return (
    <Notice
      tone="info"
      action={
        <Link className="p-btn p-btn-primary" href={`/t/${slug}/login${here ? nextQuery(here) : ''}`}>
          {t('apply.signInAction')}
        </Link>
      }
    >
      {t('apply.signIn')}
    </Notice>
  );
}

/** The error of a failed call in the UI language (a 401 asks to sign in again). */
export function errorText(error: unknown, lang: string): string {
  if (error instanceof ApiError) return error.localized(lang);
  return lang === 'en' ? 'Something went wrong, please try again later.' : '出现了问题，请稍后重试。';
}

/** A page of a module the district has not switched on: what it is, and the way back to the portal. */
export function ModuleOff({ slug, module }: { slug: string; module: string }) {
  const { t } = useI18n();
  return (
    <Notice
      tone="info"
      action={
        <Link className="p-btn" href={`/t/${slug}`}>
          {t('tv.back')}
        </Link>
      }
    >
      {t('services.moduleOff', { module: t(`modules.${module}`) })}
    </Notice>
  );
}

/** A failed load: sign in again when the session ended, otherwise the message and a retry. */
export function Failed({ error, slug, onRetry }: { error: unknown; slug: string; onRetry: () => void }) {
  const { lang } = useI18n();
  if (error instanceof ApiError && error.status === 401) return <SignInFirst slug={slug} />;
  if (error instanceof ApiError && error.code === 'MODULE_NOT_ENABLED')
    return <Notice tone="info">{errorText(error, lang)}</Notice>;
  if (error instanceof ApiError && error.status !== 0 && error.status < 500)
    return <Notice tone="error">{errorText(error, lang)}</Notice>;
  return <LoadFailed onRetry={onRetry} />;
}
