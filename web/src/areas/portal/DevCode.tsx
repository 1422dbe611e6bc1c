import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDevOutbox } from '../../api/client';

/**
 * Local mode only: the newest SMS code "sent" to this number, read from the development outbox
 * (sign-up codes from cognito-local, sign-in codes from the gateway's stand-in).
 */
export function DevCode({ mobile, since }: { mobile: string; since?: number }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const outbox = useDevOutbox(open);
  const latest = outbox.data
    ?.filter((m) => m.to === mobile && m.code && (since === undefined || Date.parse(m.at) >= since - 2000))
    .at(-1);
  return (
    <div className="dev-code">
      <button
        type="button"
        className="p-btn p-btn-block"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? t('resident.signup.devOutboxHide') : t('resident.signup.devOutbox')}
      </button>
      {open ? (
        <section
          aria-label={t('resident.signup.devOutboxTitle')}
          aria-live="polite"
          style={{ marginTop: 12 }}
        >
          <p className="p-help">{t('resident.signup.devOutboxHint')}</p>
          {outbox.isPending ? (
            <p className="p-help">{t('app.loading')}</p>
          ) : latest ? (
            <p>
              {t('resident.signup.devCode')}: <code data-testid="dev-code">{latest.code}</code>
            </p>
          ) : (
            <p>{t('resident.signup.devOutboxEmpty')}</p>
          )}
        </section>
      ) : null}
    </div>
  );
}
