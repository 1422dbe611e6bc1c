import { Button, Drawer, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useDevOutbox } from '../api/client';
import { chinaDateTime } from '../time';
import { EmptyState, ErrorState, Loading } from './States';

/**
 * Local mode only: the SMS and email the platform "sent", so codes can be read without a phone.
 * The messages are a plain list (styles.css `.outbox`): antd's List brought its Pagination, and with
 * it Select and the form controls, into every page of a local session. The header's button is plain
 * (Shell.tsx); this drawer and antd load when it is first opened.
 */
export default function DevOutbox({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const outbox = useDevOutbox(open);
  return (
    <Drawer title={t('dev.outbox')} open={open} onClose={onClose} width={Math.min(420, window.innerWidth)}>
      {outbox.isPending ? (
        <Loading />
      ) : outbox.isError ? (
        <ErrorState error={outbox.error} onRetry={() => void outbox.refetch()} />
      ) : outbox.data.length === 0 ? (
        <EmptyState text={t('dev.outboxEmpty')} />
      ) : (
        <ul className="outbox">
          {[...outbox.data].reverse().map((m) => (
            <li key={`${m.at}-${m.to}-${m.text}`}>
              <div className="outbox-to">
                <Tag>{m.channel.toUpperCase()}</Tag> {m.to}
              </div>
              <div className="muted">{m.text}</div>
              {m.code ? (
                <div className="muted">
                  {t('dev.code')}: <code>{m.code}</code>{' '}
                  <Button
                    size="small"
                    type="link"
                    onClick={() => void navigator.clipboard?.writeText(m.code!)}
                  >
                    {t('dev.copy')}
                  </Button>
                </div>
              ) : null}
              <time className="muted" dateTime={m.at}>
                {chinaDateTime(m.at, { seconds: true })}
              </time>
            </li>
          ))}
        </ul>
      )}
    </Drawer>
  );
}
