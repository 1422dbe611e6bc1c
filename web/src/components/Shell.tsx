import { LogoutOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Button } from 'antd';
import { lazy, type ReactNode, Suspense, useEffect, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { onUnauthorized, useConfig } from '../api/client';
import { clearSession, getSession, subscribeSession } from '../auth/session';
import { LanguageSwitch } from './LanguageSwitch';

// Local mode only: keep the drawer, list and typography out of everyone else's first load.
const DevOutbox = lazy(() => import('./DevOutbox'));

export function useSession() {
  return useSyncExternalStore(subscribeSession, getSession, getSession);
}

/** On a 401 from the API, go back to login and come back here afterwards. */
function UnauthorizedRedirect() {
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  useEffect(
    () =>
      onUnauthorized(() => {
        qc.removeQueries({ queryKey: ['me'] });
        if (location.pathname !== '/login') {
          navigate(`/login?next=${encodeURIComponent(location.pathname + location.search)}`, {
            replace: true,
          });
        }
      }),
    [navigate, location, qc],
  );
  return null;
}

function SignOut() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  if (!session) return null;
  return (
    <Button
      type="text"
      icon={<LogoutOutlined aria-hidden />}
      onClick={() => {
        clearSession();
        qc.clear();
        navigate('/');
      }}
    >
      {t('app.signOut')}
    </Button>
  );
}

/** Header (brand, language, dev outbox, sign-out) and the main landmark around every page. */
export function Shell({ children }: { children?: ReactNode }) {
  const { t } = useTranslation();
  const config = useConfig();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        {t('app.skipToContent')}
      </a>
      <header className="shell-header">
        <Link to="/" className="brand">
          <span className="brand-name">{t('app.name')}</span>
          <span className="brand-tagline">{t('app.tagline')}</span>
        </Link>
        <nav className="shell-actions" aria-label={t('app.name')}>
          {config.data?.devOutbox ? (
            <Suspense fallback={null}>
              <DevOutbox />
            </Suspense>
          ) : null}
          <LanguageSwitch />
          <SignOut />
        </nav>
      </header>
      <main id="main" className="shell-main" tabIndex={-1}>
        {children ?? <Outlet />}
      </main>
      <UnauthorizedRedirect />
    </div>
  );
}
