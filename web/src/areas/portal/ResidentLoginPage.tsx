import { maskMobile } from '@linli/core/masking';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { answerCodeChallenge, type CodeChallenge, CognitoError, startCodeSignIn } from '../../auth/cognito';
import { useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import residentZh from '../../i18n/resident.zh-CN';
import { Notice } from '../../portal/ui';
import { DevCode } from './DevCode';
import { ActionButton, useForm } from './fields';
import { CodeField, MobileField, useCodeCheck, useMobileCheck } from './MobileField';
import { toE164 } from './phone';
import { residentMe } from './residentApi';
import { codeFailureKey, registerWithTokens, residentErrorKey } from './residentAuth';
import { getResidentSession, setResidentSession } from './residentSession';
import { useResidentDistrict } from './useResidentDistrict';

registerStrings('resident', residentZh);

/** Seconds before another code may be asked for (the server limits codes per mobile as well). */
export const RESEND_SECONDS = 60;

type Problem =
  | { kind: 'text'; text: string }
  | { kind: 'unconfirmed'; text: string; mobile: string }
  | { kind: 'elsewhere'; text: string; slug: string; district: string };

interface Sent {
  mobile: string;
  /** The live challenge, or null once it has ended (a new code is needed). */
  challenge: CodeChallenge | null;
  /** When the last code was asked for (epoch ms): the resend countdown runs from here. */
  at: number;
}

/** Seconds left until `until`, ticking once a second while positive. */
function useCountdown(until: number | null): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (until === null || until <= Date.now()) return;
    const id = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(id);
  }, [until]);
  return until === null ? 0 : Math.max(0, Math.ceil((until - now) / 1000));
}

/**
 * `/t/:slug/login`: mobile → 获取验证码 → the SMS code → 我的. No password: Cognito's custom
 * challenge in AWS, the gateway's stand-in locally, one client (`startCodeSignIn`).
 */
export default function ResidentLoginPage() {
  const gate = useResidentDistrict();
  const { slug } = gate;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const [sent, setSent] = useState<Sent | null>(null);
  const arrived = location.state as { confirmed?: boolean; mobile?: string } | null;
  const kiosk = document.documentElement.classList.contains('kiosk');
  const wait = useCountdown(sent ? sent.at + RESEND_SECONDS * 1000 : null);
  // Kept while the code is asked for, so going back to change the number starts from it.
  const mobileForm = useForm({ mobile: arrived?.mobile?.replace(/^\+86/, '') ?? '' });
  const codeForm = useForm({ code: '' });
  const mobileCheck = useMobileCheck();
  const codeCheck = useCodeCheck();

  if (gate.page) return gate.page;
  const { district: d, config, pool } = gate;

  const failed = (e: unknown, mobile: string, challenge: CodeChallenge | null) => {
    if (e instanceof CognitoError && e.type === 'UserNotConfirmedException')
      setProblem({ kind: 'unconfirmed', text: t(residentErrorKey(e)), mobile });
    else
      setProblem({
        kind: 'text',
        text: e instanceof CognitoError ? t(codeFailureKey(e, challenge)) : errorMessage(e),
      });
  };

  const sendCode = async (mobile: string) => {
    setBusy(true);
    setProblem(null);
    setInfo(null);
    try {
      const challenge = await startCodeSignIn(pool, mobile);
      if (sent) setInfo(t('resident.login.resent'));
      setSent({ mobile, challenge, at: Date.now() });
      codeForm.reset();
    } catch (e) {
      failed(e, mobile, null);
    } finally {
      setBusy(false);
    }
  };

  const onMobile = (v: { mobile: string }) => {
    const mobile = toE164(v.mobile);
    if (mobile) void sendCode(mobile);
  };

  const onCode = async (v: { code: string }) => {
    if (!sent?.challenge) return;
    const challenge = sent.challenge;
    setBusy(true);
    setProblem(null);
    setInfo(null);
    try {
      const result = await answerCodeChallenge(pool, challenge, v.code.trim());
      if (result.kind === 'code') {
        // A wrong code: the same code may be tried again, fewer times.
        setSent({ ...sent, challenge: result.challenge });
        setProblem({
          kind: 'text',
          text: t('resident.errors.codeWrongLeft', { count: result.challenge.attemptsLeft }),
        });
        codeForm.reset();
        return;
      }
      try {
        await registerWithTokens(pool, slug, result.tokens);
      } catch (e) {
        if (e instanceof ApiError && e.code === 'RESIDENT_OTHER_DISTRICT') {
          // Signed in, but a member of another district: offer the way to it.
          const me = await residentMe().catch(() => null);
          const own = me?.tenant;
          const session = getResidentSession();
          if (own && session) setResidentSession({ ...session, slug: own.slug });
          setProblem(
            own
              ? { kind: 'elsewhere', text: errorMessage(e), slug: own.slug, district: own.name }
              : { kind: 'text', text: errorMessage(e) },
          );
          return;
        }
        throw e;
      }
      gate.signedIn();
    } catch (e) {
      // The sign-in has ended (expired, too many tries): a new code is needed.
      if (e instanceof CognitoError) setSent({ ...sent, challenge: null });
      failed(e, sent.mobile, challenge);
    } finally {
      setBusy(false);
    }
  };

  const resendLabel = wait > 0 ? t('resident.login.resendIn', { seconds: wait }) : t('resident.login.resend');

  return (
    <div className="p-page p-narrow">
      <section className="p-section">
        <h1>{t('resident.login.title', { district: d.name })}</h1>
        <p className="p-help">{t('resident.login.intro')}</p>
        {arrived?.confirmed ? <Notice tone="success">{t('resident.signup.confirmedLogin')}</Notice> : null}
        {problem ? (
          <Notice
            tone="error"
            action={
              problem.kind === 'elsewhere' ? (
                <Link className="p-btn" to={`/t/${problem.slug}/me`}>
                  {t('resident.login.toOwnDistrict', { district: problem.district })}
                </Link>
              ) : problem.kind === 'unconfirmed' ? (
                <button
                  type="button"
                  className="p-btn"
                  onClick={() => navigate(`/t/${slug}/signup`, { state: { confirmMobile: problem.mobile } })}
                >
                  {t('resident.login.verifyNow')}
                </button>
              ) : undefined
            }
          >
            <strong>{problem.text}</strong>
            {problem.kind === 'elsewhere'
              ? t('resident.login.otherDistrict', { district: problem.district })
              : null}
          </Notice>
        ) : null}
        {info ? <Notice tone="info">{info}</Notice> : null}
        {!sent ? (
          <form
            className="p-form"
            id="resident-login"
            name="resident-login"
            noValidate
            onSubmit={mobileForm.submit({ mobile: mobileCheck }, onMobile)}
          >
            <MobileField
              id={mobileForm.id('mobile')}
              value={mobileForm.values.mobile}
              onValue={(v) => mobileForm.set('mobile', v)}
              error={mobileForm.errors.mobile}
              kiosk={kiosk}
            />
            <ActionButton type="submit" primary busy={busy}>
              {t('resident.login.sendCode')}
            </ActionButton>
          </form>
        ) : (
          <>
            <Notice tone="success">
              <strong>{t('resident.signup.codeSent')}</strong>
              {t('resident.login.codeSentTo', {
                mobile: maskMobile(sent.mobile),
                minutes: sent.challenge
                  ? Math.max(1, Math.round((sent.challenge.expiresAt - sent.at) / 60_000))
                  : 5,
              })}
            </Notice>
            <form
              className="p-form"
              id="resident-code"
              name="resident-code"
              noValidate
              onSubmit={codeForm.submit({ code: codeCheck }, (v) => void onCode(v))}
            >
              <CodeField
                id={codeForm.id('code')}
                value={codeForm.values.code}
                onValue={(v) => codeForm.set('code', v)}
                error={codeForm.errors.code}
                kiosk={kiosk}
                disabled={!sent.challenge}
              />
              <ActionButton type="submit" primary busy={busy} disabled={!sent.challenge}>
                {t('resident.login.submit')}
              </ActionButton>
            </form>
            <div className="p-stack">
              {config.devOutbox ? <DevCode mobile={sent.mobile} since={sent.at} /> : null}
              <ActionButton onClick={() => void sendCode(sent.mobile)} disabled={busy || wait > 0}>
                {resendLabel}
              </ActionButton>
              <button
                type="button"
                className="p-btn p-btn-text"
                onClick={() => {
                  setSent(null);
                  setProblem(null);
                  setInfo(null);
                }}
              >
                {t('resident.signup.changeMobile')}
              </button>
            </div>
          </>
        )}
        <p style={{ marginTop: 16 }}>
          {t('resident.login.noAccount')}{' '}
          <Link to={`/t/${slug}/signup${location.search}`}>{t('resident.login.toSignup')}</Link>
        </p>
      </section>
    </div>
  );
}
