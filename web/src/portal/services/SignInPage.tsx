/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { ResidentNav } from './ResidentNav';
import { SignInFirst } from './session';

type Page = 'services' | 'cases' | 'messages' | 'consultations' | 'events';

/**
 * A signed-in resident's page opened while signed out: the portal's links and the page's name, so
 * the resident knows where they are, and the way to sign in (and back here afterwards).
 */
export function SignInPage({ slug, page }: { slug: string; page: Page }) {
  const { t } = useI18n();
  return (
    <div className="p-page">
      <ResidentNav slug={slug} current={page} />
      <h1>{t(`nav.${page}`)}</h1>
      <SignInFirst slug={slug} />
    </div>
  );
}
