/** @jsxRuntime automatic @jsxImportSource react */
import type { ReactNode } from 'react';
import { useI18n } from './i18n';

/**
 * The portal's few building blocks: plain elements styled by `portal.css` (no component library:
 * the whole portal entry must stay under 100 KB gzipped, and the server renders the same markup).
 */

/** A message box; `role` alert for what went wrong, status for what the resident should know. */
export function Notice({
  tone,
  children,
  action,
}: {
  tone: 'info' | 'success' | 'warning' | 'error';
  children: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className={`p-notice p-notice-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span className="p-notice-text">{children}</span>
      {action}
    </div>
  );
}

export function Tag({ children, tone }: { children: ReactNode; tone?: 'warning' }) {
  return <span className={tone ? `p-tag p-tag-${tone}` : 'p-tag'}>{children}</span>;
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="p-empty">{children}</p>;
}

/** Grey blocks in the shape of the page to come: shown at once, never a blank screen. */
export function Skeleton({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div className="p-skeleton" role="status" aria-live="polite" aria-busy="true">
      <span className="p-visually-hidden">{label ?? t('app.loading')}</span>
      <div className="p-sk p-sk-title" />
      <div className="p-sk p-sk-line" />
      <div className="p-sk p-sk-block" />
      <div className="p-sk p-sk-line" />
      <div className="p-sk p-sk-block" />
    </div>
  );
}

export function LoadFailed({ onRetry }: { onRetry: () => void }) {
  const { t } = useI18n();
  return (
    <Notice
      tone="error"
      action={
        <button type="button" className="p-btn" onClick={onRetry}>
          {t('app.retry')}
        </button>
      }
    >
      {t('app.loadFailed')}
    </Notice>
  );
}

export function PhoneIcon() {
  return (
    <svg
      aria-hidden="true"
      focusable="false"
      width="1em"
      height="1em"
      viewBox="0 0 24 24"
      fill="currentColor"
    >
      <path d="M6.6 10.8a15.1 15.1 0 0 0 6.6 6.6l2.2-2.2a1 1 0 0 1 1-.25 11.4 11.4 0 0 0 3.6.57 1 1 0 0 1 1 1V20a1 1 0 0 1-1 1A17 17 0 0 1 3 4a1 1 0 0 1 1-1h3.5a1 1 0 0 1 1 1c0 1.25.2 2.45.57 3.57a1 1 0 0 1-.25 1z" />
    </svg>
  );
}
