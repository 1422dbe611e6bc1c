/** @jsxRuntime automatic @jsxImportSource react */
import { useState } from 'react';
import { useI18n } from '../i18n';
import { Link, type PageProps } from '../router';
import { Empty, Skeleton, Tag } from '../ui';
import { type CaseSummary, pick, residentApi } from './api';
import { ResidentNav } from './ResidentNav';
import { SignInPage } from './SignInPage';
import { Failed, useResident } from './session';
import { useLoad } from './useLoad';

export function StatusTag({ status }: { status: CaseSummary['status'] }) {
  const { t } = useI18n();
  return (
    <Tag {...(status === 'returned' ? { tone: 'warning' as const } : {})}>{t(`cases.status.${status}`)}</Tag>
  );
}

/** `/t/:slug/cases` (lazy chunk): the resident's cases, newest first, with where each stands. */
export default function CasesPage({ params }: PageProps<undefined>) {
  const slug = params.slug!;
  const session = useResident(slug);
  if (!session) return <SignInPage slug={slug} page="cases" />;
  return <Cases slug={slug} />;
}

function Cases({ slug }: { slug: string }) {
  const { t, lang } = useI18n();
  const { loaded, reload } = useLoad((signal) => residentApi.cases(signal), []);
  // Older cases, page by page (50 each), after the first page.
  const [older, setOlder] = useState<{
    items: CaseSummary[];
    cursor?: string;
    busy?: boolean;
    failed?: boolean;
  }>();
  const cursor = older ? older.cursor : loaded.state === 'ok' ? loaded.data.cursor : undefined;
  const more = async () => {
    if (!cursor) return;
    setOlder((o) => ({ items: o?.items ?? [], cursor, busy: true }));
    try {
      const page = await residentApi.cases(undefined, cursor);
      setOlder((o) => ({
        items: [...(o?.items ?? []), ...page.items],
        ...(page.cursor ? { cursor: page.cursor } : {}),
      }));
    } catch {
      setOlder((o) => ({ items: o?.items ?? [], cursor, failed: true }));
    }
  };
  return (
    <div className="p-page" data-testid="cases-page">
      <ResidentNav slug={slug} current="cases" />
      <h1>{t('cases.title')}</h1>
      {loaded.state === 'loading' ? (
        <Skeleton />
      ) : loaded.state === 'error' ? (
        <Failed error={loaded.error} slug={slug} onRetry={reload} />
      ) : loaded.data.items.length === 0 ? (
        <Empty>{t('cases.empty')}</Empty>
      ) : (
        <>
          <ul className="p-list">
            {[...loaded.data.items, ...(older?.items ?? [])].map((c) => (
              <li key={c.id} data-case={c.number}>
                <h2 className="p-h3">
                  <Link href={`/t/${slug}/cases/${c.id}`}>{pick(c.service.name, lang)}</Link>
                </h2>
                <p className="p-meta">
                  <StatusTag status={c.status} />
                  <span>{c.number}</span>
                </p>
                <p className="p-muted">
                  {c.status === 'pending' ? `${t('cases.currentStep')}：${pick(c.step.name, lang)} · ` : ''}
                  {t('cases.filedOn')} {c.filedOn}
                  {c.status === 'pending' || c.status === 'returned' ? ` · ${t('cases.due')} ${c.due}` : ''}
                </p>
              </li>
            ))}
          </ul>
          {older?.failed ? <p role="alert">{t('cases.moreFailed')}</p> : null}
          {cursor ? (
            <button type="button" className="p-btn" disabled={older?.busy} onClick={() => void more()}>
              {t('cases.more')}
            </button>
          ) : null}
        </>
      )}
    </div>
  );
}
