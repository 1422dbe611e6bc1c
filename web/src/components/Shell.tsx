import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, Suspense, useEffect, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { onUnauthorized, useConfig } from '../api/client';
import { clearSession, getSession, subscribeSession } from '../auth/session';
import { lazyArea } from '../i18n';
import { LogoutIcon, MessageIcon } from './icons';
import { LanguageSwitch } from './LanguageSwitch';
import { Button } from './plain';

// Local mode only, loaded when the outbox is first opened: the drawer, list and antd stay out of
// every first load.
const DevOutbox = lazyArea(() => import('./DevOutbox'));

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

/** Local mode only: opens the development outbox; its drawer (antd) loads when first opened. */
function DevOutboxButton() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [wanted, setWanted] = useState(false);
  return (
    <>
      <Button
        variant="text"
        icon={<MessageIcon />}
        onClick={() => {
          setWanted(true);
          setOpen(true);
        }}
      >
        {t('dev.outbox')}
      </Button>
      {wanted ? (
        <Suspense fallback={null}>
          <DevOutbox open={open} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </>
  );
}

function SignOut() {
  const { t } = useTranslation();
  const session = useSession();
  const navigate = useNavigate();
  const qc = useQueryClient();
  if (!session) return null;
  return (
    <Button
      variant="text"
      icon={<LogoutIcon />}
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
          {config.data?.devOutbox ? <DevOutboxButton /> : null}
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
