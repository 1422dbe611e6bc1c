/** @jsxRuntime automatic @jsxImportSource react */
import { useI18n } from '../i18n';
import { Link, type PageProps } from '../router';
import { Empty, Skeleton } from '../ui';
import { pick, residentApi, when } from './api';
import { ResidentNav } from './ResidentNav';
import { SignInPage } from './SignInPage';
import { Failed, useResident } from './session';
import { useLoad } from './useLoad';

/** `/t/:slug/messages` (lazy chunk): one message per change of the resident's cases, newest first. */
export default function MessagesPage({ params }: PageProps<undefined>) {
  const slug = params.slug!;
  const session = useResident(slug);
  if (!session) return <SignInPage slug={slug} page="messages" />;
  return <Messages slug={slug} />;
}

function Messages({ slug }: { slug: string }) {
  const { t, lang } = useI18n();
  const { loaded, reload } = useLoad((signal) => residentApi.messages(signal), []);
  return (
    <div className="p-page" data-testid="messages-page">
      <ResidentNav slug={slug} current="messages" />
      <h1>{t('messages.title')}</h1>
      {loaded.state === 'loading' ? (
        <Skeleton />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} slug={slug} onRetry={reload} />
      ) : loaded.data.items.length === 0 ? (
        <Empty>{t('messages.empty')}</Empty>
      ) : (
        <ul className="p-list">
          {loaded.data.items.map((m) => (
            <li key={m.id}>
              <p>{pick(m.text, lang)}</p>
              <p className="p-meta p-muted">
                <time dateTime={m.at}>{when(m.at, lang)}</time>
                <Link href={`/t/${slug}/cases/${m.caseId}`}>{t('messages.case', { number: m.number })}</Link>
                {m.sms === 'none' ? null : <span>{t(`messages.sms.${m.sms}`)}</span>}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
