import { Suspense, useEffect } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { Shell } from './components/Shell';
import { Loading } from './components/States';
import { lazyArea } from './i18n';

// One chunk per area, loaded when first visited, with the strings of its domains (not in the entry:
// `lazyArea` also waits for their English when English is in use).
// The resident portal (`/t/*`) is not here: it is its own entry (portal.html, web/src/portal/),
// server-rendered, without antd or the staff strings.
const HomePage = lazyArea(() => import('./areas/home/HomePage'));
const LoginPage = lazyArea(() => import('./areas/login/LoginPage'));
// The workspace shell and overview are plain markup: its first screen never waits for antd.
const WorkspacePage = lazyArea(() => import('./areas/workspace/WorkspacePage'), { plain: true });
// The ministry console is plain markup too (no antd in any of its consoles).
const MinistryPage = lazyArea(() => import('./areas/ministry/MinistryPage'), { plain: true });
const JoinPage = lazyArea(() => import('./areas/join/JoinPage'));
const JoinStatusPage = lazyArea(() => import('./areas/join/StatusPage'));
const AcceptInvitePage = lazyArea(() => import('./areas/join/AcceptInvitePage'));
const NotFound = lazyArea(() => import('./areas/NotFound'));

/** A client-side link into `/t/*` leaves this app: the portal is another page. */
function ToPortal() {
  const { pathname, search } = useLocation();
  useEffect(() => window.location.replace(pathname + search), [pathname, search]);
  return <Loading />;
}

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<HomePage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="workspace/*" element={<WorkspacePage />} />
          <Route path="ministry/*" element={<MinistryPage />} />
          <Route path="join" element={<JoinPage />} />
          <Route path="join/status/:id" element={<JoinStatusPage />} />
          <Route path="join/invite" element={<AcceptInvitePage />} />
          <Route path="t/*" element={<ToPortal />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
