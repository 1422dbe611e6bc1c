/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { ResidentNav } from './ResidentNav';
import { ModuleOff, SignInFirst } from './session';
import { PAGE_MODULE, pageOffered, useDistrictModules } from './useDistrictModules';

type Page = 'services' | 'cases' | 'messages' | 'consultations' | 'events';

/**
 * A signed-in resident's page opened while signed out: the portal's links and the page's name, so
 * the resident knows where they are, and the way to sign in (and back here afterwards).
 */
export function SignInPage({ slug, page }: { slug: string; page: Page }) {
  const { t } = useI18n();
  const modules = useDistrictModules(slug, undefined, page in PAGE_MODULE);
  // No sign-in for a page the district does not offer.
  const off = modules && !pageOffered(page, modules);
  return (
    <div className="p-page">
      <ResidentNav slug={slug} current={page} />
      <h1>{t(`nav.${page}`)}</h1>
      {off ? (
        <ModuleOff slug={slug} module={(PAGE_MODULE as Record<string, string>)[page]!} />
      ) : (
        <SignInFirst slug={slug} />
      )}
    </div>
  );
}
