/** @jsxRuntime automatic @jsxImportSource react */
import { Suspense, useEffect } from 'react';
import { BrowserRouter, Route, Routes, useLocation } from 'react-router';
import { lazyArea, setLanguage } from '../../i18n';
import { AppProviders } from '../../providers';
import { type Lang, useI18n } from '../i18n';
import { useNavigator } from '../router';
import { Skeleton } from '../ui';

// The resident identity pages (sign-up, sign-in, 我的) run on the staff client's data layer (React
// Router, TanStack Query, i18next and its resident dictionary) but draw with the portal's own markup
// (`areas/portal/fields.tsx`, portal.css): no antd, so a resident on a slow phone signing in
// downloads a fraction of what a staff page needs. This chunk loads only when a resident opens one
// of them — never with the portal's first screen.
const ResidentSignupPage = lazyArea(() => import('../../areas/portal/ResidentSignupPage'), { plain: true });
const ResidentLoginPage = lazyArea(() => import('../../areas/portal/ResidentLoginPage'), { plain: true });
const ResidentMePage = lazyArea(() => import('../../areas/portal/ResidentMePage'), { plain: true });

/** Anything the bridge's router reaches that is not an identity page goes back to the portal. */
function HandBack() {
  const location = useLocation();
  const nav = useNavigator();
  useEffect(() => {
    nav.navigate(location.pathname + location.search, { replace: true });
  }, [location, nav]);
  return null;
}

function FollowLanguage({ lang }: { lang: Lang }) {
  useEffect(() => {
    void setLanguage(lang);
  }, [lang]);
  return null;
}

export default function ResidentBridge() {
  const { lang } = useI18n();
  return (
    <AppProviders>
      <FollowLanguage lang={lang} />
      <BrowserRouter>
        <Suspense fallback={<Skeleton />}>
          <Routes>
            <Route path="t/:slug/signup" element={<ResidentSignupPage />} />
            <Route path="t/:slug/login" element={<ResidentLoginPage />} />
            <Route path="t/:slug/me" element={<ResidentMePage />} />
            <Route path="*" element={<HandBack />} />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </AppProviders>
  );
}
