import { maskMobile } from '@linli/core/masking';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { CognitoError, confirmSignUp, resendConfirmationCode, signUp } from '../../auth/cognito';
import { useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import residentZh from '../../i18n/resident.zh-CN';
import { Notice } from '../../portal/ui';
import { DevCode } from './DevCode';
import { ActionButton, CheckField, TextField, useForm } from './fields';
import { CodeField, MobileField, useCodeCheck, useMobileCheck } from './MobileField';
import { NAME_PATTERN, toE164 } from './phone';
import { residentErrorKey, signInAndRegister, throwawayPassword } from './residentAuth';
import { useResidentDistrict } from './useResidentDistrict';

registerStrings('resident', residentZh);

export interface SignupValues {
  mobile: string;
  name: string;
  consent: boolean;
}

/** Step 1: mobile, name and consent (no password: residents sign in by SMS code). Exported for its validation tests. */
export function SignupForm({ onSubmit, busy }: { onSubmit: (v: SignupValues) => void; busy: boolean }) {
  const { t } = useTranslation();
  const kiosk = document.documentElement.classList.contains('kiosk');
  const form = useForm<SignupValues>({ mobile: '', name: '', consent: false });
  const mobileCheck = useMobileCheck();
  const checks = {
    mobile: mobileCheck,
    name: (v: string) =>
      !v.trim()
        ? t('resident.fields.nameRequired')
        : NAME_PATTERN.test(v.trim())
          ? undefined
          : t('resident.fields.nameInvalid'),
    consent: (v: boolean) => (v ? undefined : t('resident.fields.consentRequired')),
  };
  return (
    <form
      className="p-form"
      id="resident-signup"
      name="resident-signup"
      noValidate
      onSubmit={form.submit(checks, onSubmit)}
    >
      <MobileField
        id={form.id('mobile')}
        value={form.values.mobile}
        onValue={(v) => form.set('mobile', v)}
        error={form.errors.mobile}
        hint
        kiosk={kiosk}
      />
      <TextField
        id={form.id('name')}
        label={t('resident.fields.name')}
        hint={t('resident.fields.nameHint')}
        value={form.values.name}
        onValue={(v) => form.set('name', v)}
        error={form.errors.name}
        autoComplete={kiosk ? 'off' : 'name'}
        maxLength={40}
      />
      <CheckField
        id={form.id('consent')}
        label={t('resident.fields.consent')}
        checked={form.values.consent}
        onValue={(v) => form.set('consent', v)}
        error={form.errors.consent}
      />
      <ActionButton type="submit" primary busy={busy}>
        {t('resident.signup.submit')}
      </ActionButton>
    </form>
  );
}

interface Pending {
  mobile: string;
  /**
   * The account's throwaway password (Cognito's SignUp needs one), kept in memory only to sign in
   * right after the code is confirmed; never shown. Later sign-ins are by SMS code.
   */
  password?: string;
  name?: string;
}

/** `/t/:slug/signup`: sign up with a mobile number, confirm the SMS code, land on 我的. */
export default function ResidentSignupPage() {
  const gate = useResidentDistrict();
  const { slug } = gate;
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const errorMessage = useErrorMessage();
  const resume = (location.state as { confirmMobile?: string } | null)?.confirmMobile;
  const [pending, setPending] = useState<Pending | null>(resume ? { mobile: resume } : null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ text: string; exists?: boolean } | null>(null);
  const [info, setInfo] = useState<string | null>(null);
  const kiosk = document.documentElement.classList.contains('kiosk');
  const codeForm = useForm({ code: '' });
  const codeCheck = useCodeCheck();

  if (gate.page) return gate.page;
  const { district: d, config, pool } = gate;
  const portalOn = d.modules.includes('channel-portal') && d.status === 'active';

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    setInfo(null);
    try {
      await action();
    } catch (e) {
      if (e instanceof CognitoError)
        setError({ text: t(residentErrorKey(e)), exists: e.type === 'UsernameExistsException' });
      else if (e instanceof ApiError) setError({ text: errorMessage(e) });
      else setError({ text: t('resident.errors.failed') });
    } finally {
      setBusy(false);
    }
  }

  const onSignup = (v: SignupValues) =>
    run(async () => {
      const mobile = toE164(v.mobile);
      if (!mobile) return;
      const name = v.name.trim();
      const password = throwawayPassword();
      await signUp(pool, mobile, password, { phone_number: mobile, name, locale: 'zh-CN' });
      setPending({ mobile, password, name });
    });

  const onConfirm = (v: { code: string }) =>
    run(async () => {
      if (!pending) return;
      await confirmSignUp(pool, pending.mobile, v.code.trim());
      if (!pending.password) {
        navigate(`/t/${slug}/login${location.search}`, {
          replace: true,
          state: { confirmed: true, mobile: pending.mobile },
        });
        return;
      }
      await signInAndRegister(pool, slug, pending.mobile, pending.password, pending.name);
      gate.signedIn();
    });

  const onResend = () =>
    run(async () => {
      if (!pending) return;
      await resendConfirmationCode(pool, pending.mobile);
      setInfo(t('resident.signup.resent'));
    });

  return (
    <div className="p-page p-narrow">
      <section className="p-section">
        <h1>{pending ? t('resident.signup.codeTitle') : t('resident.signup.title', { district: d.name })}</h1>
        {!portalOn ? (
          <Notice tone="info">{t('resident.errors.portalOff')}</Notice>
        ) : pending ? (
          <>
            <Notice tone="success">
              <strong>{t('resident.signup.codeSent')}</strong>
              {t('resident.signup.codeSentTo', { mobile: maskMobile(pending.mobile) })}
            </Notice>
            {error ? <Notice tone="error">{error.text}</Notice> : null}
            {info ? <Notice tone="info">{info}</Notice> : null}
            <form
              className="p-form"
              id="resident-confirm"
              name="resident-confirm"
              noValidate
              onSubmit={codeForm.submit({ code: codeCheck }, (v) => void onConfirm(v))}
            >
              <CodeField
                id={codeForm.id('code')}
                value={codeForm.values.code}
                onValue={(v) => codeForm.set('code', v)}
                error={codeForm.errors.code}
                kiosk={kiosk}
              />
              <ActionButton type="submit" primary busy={busy}>
                {t('resident.signup.confirm')}
              </ActionButton>
            </form>
            <div className="p-stack">
              {config.devOutbox ? <DevCode mobile={pending.mobile} /> : null}
              {/* cognito-local has no ResendConfirmationCode; locally the first code stays valid. */}
              {config.mode === 'aws' ? (
                <ActionButton onClick={onResend} disabled={busy}>
                  {t('resident.signup.resend')}
                </ActionButton>
              ) : null}
              <button type="button" className="p-btn p-btn-text" onClick={() => setPending(null)}>
                {t('resident.signup.changeMobile')}
              </button>
            </div>
          </>
        ) : (
          <>
            <p className="p-help">{t('resident.signup.intro')}</p>
            {error ? (
              <Notice
                tone="error"
                action={
                  error.exists ? (
                    <Link className="p-btn" to={`/t/${slug}/login${location.search}`}>
                      {t('resident.signup.toLogin')}
                    </Link>
                  ) : undefined
                }
              >
                {error.text}
              </Notice>
            ) : null}
            <SignupForm onSubmit={(v) => void onSignup(v)} busy={busy} />
            <p style={{ marginTop: 16 }}>
              {t('resident.signup.haveAccount')}{' '}
              <Link to={`/t/${slug}/login${location.search}`}>{t('resident.signup.toLogin')}</Link>
            </p>
          </>
        )}
      </section>
    </div>
  );
}
