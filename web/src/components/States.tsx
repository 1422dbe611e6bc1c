import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/errors';
import { Button, Notice } from './plain';

/**
 * The placeholder of every lazy route and first query. Its spinner is CSS (styles.css `.spinner`,
 * antd Spin's four dots) rather than antd's Spin, which would put Spin and throttle-debounce into
 * the entry every route loads; `aria-busy` tells the accessibility check to wait it out.
 */
export function Loading({ label }: { label?: string }) {
  const { t } = useTranslation();
  return (
    <div className="state-loading" role="status" aria-live="polite" aria-busy="true">
      <span className="spinner" aria-hidden="true">
        <i />
        <i />
        <i />
        <i />
      </span>
      <span>{label ?? t('app.loading')}</span>
    </div>
  );
}

/** The message of any error in the UI language. */
export function useErrorMessage(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (error instanceof ApiError) return error.localized(i18n.language);
    return t('errors.unknown');
  };
}

export function ErrorState({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry?: () => void;
  title?: string;
}) {
  const { t } = useTranslation();
  const message = useErrorMessage();
  return (
    <Notice
      type="error"
      role="alert"
      title={title ?? t('errors.loadFailed')}
      description={message(error)}
      action={
        onRetry ? (
          <Button size="small" onClick={onRetry}>
            {t('app.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}

/** Nothing to show (antd's simple Empty look: a tray drawn in CSS, the text below). */
export function EmptyState({ text }: { text: string }) {
  return (
    <div className="ui-empty">
      <span className="ui-empty-image" aria-hidden="true" />
      <p className="ui-empty-description">{text}</p>
    </div>
  );
}
