import { lazy, Suspense } from 'react';
import { Route, Routes } from 'react-router';
import { Shell } from './components/Shell';
import { Loading } from './components/States';

// One chunk per area: a resident on a low-end phone downloads the portal, not the ministry console.
const HomePage = lazy(() => import('./areas/home/HomePage'));
const LoginPage = lazy(() => import('./areas/login/LoginPage'));
const PortalPage = lazy(() => import('./areas/portal/PortalPage'));
const ResidentSignupPage = lazy(() => import('./areas/portal/ResidentSignupPage'));
const ResidentLoginPage = lazy(() => import('./areas/portal/ResidentLoginPage'));
const ResidentMePage = lazy(() => import('./areas/portal/ResidentMePage'));
const WorkspacePage = lazy(() => import('./areas/workspace/WorkspacePage'));
const MinistryPage = lazy(() => import('./areas/ministry/MinistryPage'));
const JoinPage = lazy(() => import('./areas/join/JoinPage'));
const JoinStatusPage = lazy(() => import('./areas/join/StatusPage'));
const AcceptInvitePage = lazy(() => import('./areas/join/AcceptInvitePage'));
const NotFound = lazy(() => import('./areas/NotFound'));

export function AppRoutes() {
  return (
    <Suspense fallback={<Loading />}>
      <Routes>
        <Route element={<Shell />}>
          <Route index element={<HomePage />} />
          <Route path="login" element={<LoginPage />} />
          <Route path="t/:slug" element={<PortalPage />} />
          <Route path="t/:slug/signup" element={<ResidentSignupPage />} />
          <Route path="t/:slug/login" element={<ResidentLoginPage />} />
          <Route path="t/:slug/me" element={<ResidentMePage />} />
          <Route path="workspace/*" element={<WorkspacePage />} />
          <Route path="ministry/*" element={<MinistryPage />} />
          <Route path="join" element={<JoinPage />} />
          <Route path="join/status/:id" element={<JoinStatusPage />} />
          <Route path="join/invite" element={<AcceptInvitePage />} />
          <Route path="*" element={<NotFound />} />
        </Route>
      </Routes>
    </Suspense>
  );
}
