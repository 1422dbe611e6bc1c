/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { ResidentNav } from './ResidentNav';
import { ModuleOff, SignInFirst } from './session';
import { pageModule, useDistrictModules } from './useDistrictModules';

type Page = 'services' | 'cases' | 'messages' | 'consultations' | 'events';

/**
 * A signed-in resident's page opened while signed out: the portal's links and the page's name, so
 * the resident knows where they are, and the way to sign in (and back here afterwards).
 */
export function SignInPage({ slug, page }: { slug: string; page: Page }) {
  const { t } = useI18n();
  const module = pageModule(page);
  const modules = useDistrictModules(slug, undefined, module !== undefined);
  // No sign-in for a page the district does not offer.
  const off = module !== undefined && modules !== undefined && !modules.includes(module);
  return (
    <div className="p-page">
      <ResidentNav slug={slug} current={page} />
      <h1>{t(`nav.${page}`)}</h1>
      {off ? <ModuleOff slug={slug} module={module} /> : <SignInFirst slug={slug} />}
    </div>
  );
}
