import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDevOutbox } from '../../api/client';
import { Loading } from '../../components/States';

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
      <Button type="dashed" block aria-expanded={open} onClick={() => setOpen((o) => !o)}>
        {open ? t('resident.signup.devOutboxHide') : t('resident.signup.devOutbox')}
      </Button>
      {open ? (
        <section
          aria-label={t('resident.signup.devOutboxTitle')}
          aria-live="polite"
          style={{ marginTop: 12 }}
        >
          <Typography.Paragraph type="secondary">{t('resident.signup.devOutboxHint')}</Typography.Paragraph>
          {outbox.isPending ? (
            <Loading />
          ) : latest ? (
            <Typography.Paragraph>
              {t('resident.signup.devCode')}:{' '}
              <Typography.Text code copyable data-testid="dev-code">
                {latest.code}
              </Typography.Text>
            </Typography.Paragraph>
          ) : (
            <Typography.Paragraph>{t('resident.signup.devOutboxEmpty')}</Typography.Paragraph>
          )}
        </section>
      ) : null}
    </div>
  );
}
