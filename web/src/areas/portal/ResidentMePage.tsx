import { useQueryClient } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Navigate, useNavigate, useParams } from 'react-router';
import { useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import residentZh from '../../i18n/resident.zh-CN';
import { Notice, Skeleton } from '../../portal/ui';
import { chinaDay } from '../../time';
import { ActionButton } from './fields';
import { residentKeys, useRegisterResident, useResidentProfile, useResidentSession } from './residentApi';
import { clearResidentSession } from './residentSession';

registerStrings('resident', residentZh);

/** `/t/:slug/me` (我的): the signed-in resident's name, masked mobile and district. */
export default function ResidentMePage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const session = useResidentSession();
  const profile = useResidentProfile(!!session);
  const register = useRegisterResident();
  const errorMessage = useErrorMessage();

  // Signing out goes to the district's home: the page must not take the missing session for a
  // visitor who needs to sign in (the navigation is a transition, the session store is not).
  const [leaving, setLeaving] = useState(false);

  if (leaving) return <Skeleton />;
  if (!session) return <Navigate to={`/t/${slug}/login`} replace />;

  const signOut = () => {
    setLeaving(true);
    clearResidentSession();
    qc.removeQueries({ queryKey: ['resident'] });
    navigate(`/t/${slug}`);
  };

  let body: ReactNode;
  if (profile.isPending) body = <Skeleton />;
  else if (profile.isError) {
    body =
      profile.error.code === 'NO_MEMBERSHIP' ? (
        <Notice
          tone="warning"
          action={
            <button
              type="button"
              className="p-btn"
              disabled={register.isPending}
              aria-busy={register.isPending || undefined}
              onClick={() =>
                register.mutate(
                  { slug },
                  { onSuccess: () => void qc.invalidateQueries({ queryKey: residentKeys.profile }) },
                )
              }
            >
              {t('resident.me.registerHere')}
            </button>
          }
        >
          <strong>{t('resident.me.notRegistered')}</strong>
          {register.isError ? errorMessage(register.error) : null}
        </Notice>
      ) : (
        <Notice
          tone="error"
          action={
            <button type="button" className="p-btn" onClick={() => void profile.refetch()}>
              {t('app.retry')}
            </button>
          }
        >
          {errorMessage(profile.error)}
        </Notice>
      );
  } else {
    const p = profile.data;
    body = (
      <>
        {p.district.slug !== slug ? (
          <Notice tone="info">{t('resident.me.elsewhere', { district: p.district.name })}</Notice>
        ) : null}
        <dl className="p-facts p-facts-column">
          <div>
            <dt>{t('resident.me.name')}</dt>
            <dd>{p.resident.name}</dd>
          </div>
          <div>
            <dt>{t('resident.me.mobile')}</dt>
            <dd data-testid="resident-mobile">{p.resident.mobile ?? '—'}</dd>
          </div>
          <div>
            <dt>{t('resident.me.district')}</dt>
            <dd data-testid="resident-district">{p.district.name}</dd>
          </div>
          {p.resident.registeredAt ? (
            <div>
              <dt>{t('resident.me.registeredAt')}</dt>
              <dd>
                <time dateTime={p.resident.registeredAt}>{chinaDay(p.resident.registeredAt)}</time>
              </dd>
            </div>
          ) : null}
        </dl>
      </>
    );
  }

  const home = profile.data?.district.slug ?? slug;
  return (
    <div className="p-page p-narrow">
      <section className="p-section">
        <h1>{t('resident.me.title')}</h1>
        {body}
        <div className="p-stack">
          <Link className="p-btn p-btn-block" to={`/t/${home}`}>
            {t('resident.me.backToPortal')}
          </Link>
          <ActionButton onClick={signOut}>{t('resident.me.signOut')}</ActionButton>
        </div>
      </section>
    </div>
  );
}
