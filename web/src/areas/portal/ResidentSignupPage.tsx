import { maskMobile } from '@linli/core/masking';
import { Alert, Button, Card, Checkbox, Form, Input, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate } from 'react-router';
import { ApiError } from '../../api/errors';
import { CognitoError, confirmSignUp, resendConfirmationCode, signUp } from '../../auth/cognito';
import { useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import residentZh from '../../i18n/resident.zh-CN';
import { DevCode } from './DevCode';
import { MobileField } from './MobileField';
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
  return (
    <Form<SignupValues> name="resident-signup" layout="vertical" onFinish={onSubmit} requiredMark={false}>
      <MobileField hint kiosk={kiosk} />
      <Form.Item
        label={t('resident.fields.name')}
        name="name"
        extra={t('resident.fields.nameHint')}
        rules={[
          { required: true, whitespace: true, message: t('resident.fields.nameRequired') },
          {
            validator: (_, v: string | undefined) =>
              !v?.trim() || NAME_PATTERN.test(v.trim())
                ? Promise.resolve()
                : Promise.reject(new Error(t('resident.fields.nameInvalid'))),
          },
        ]}
      >
        <Input autoComplete={kiosk ? 'off' : 'name'} maxLength={40} />
      </Form.Item>
      <Form.Item
        name="consent"
        valuePropName="checked"
        rules={[
          {
            validator: (_, v) =>
              v ? Promise.resolve() : Promise.reject(new Error(t('resident.fields.consentRequired'))),
          },
        ]}
      >
        <Checkbox>{t('resident.fields.consent')}</Checkbox>
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy}>
        {t('resident.signup.submit')}
      </Button>
    </Form>
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
    <div className="page page-narrow">
      <Card>
        <Typography.Title level={1}>
          {pending ? t('resident.signup.codeTitle') : t('resident.signup.title', { district: d.name })}
        </Typography.Title>
        {!portalOn ? (
          <Alert type="info" showIcon message={t('resident.errors.portalOff')} />
        ) : pending ? (
          <>
            <Alert
              type="success"
              showIcon
              role="status"
              message={t('resident.signup.codeSent')}
              description={t('resident.signup.codeSentTo', { mobile: maskMobile(pending.mobile) })}
              className="form-alert"
            />
            {error ? (
              <Alert type="error" role="alert" showIcon message={error.text} className="form-alert" />
            ) : null}
            {info ? <Alert type="info" role="status" showIcon message={info} className="form-alert" /> : null}
            <Form name="resident-confirm" layout="vertical" onFinish={onConfirm} requiredMark={false}>
              <Form.Item
                label={t('resident.fields.code')}
                name="code"
                rules={[
                  { required: true, message: t('resident.fields.codeRequired') },
                  { pattern: /^\s*\d{6}\s*$/, message: t('resident.fields.codeInvalid') },
                ]}
              >
                <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} autoFocus />
              </Form.Item>
              <Button type="primary" htmlType="submit" block loading={busy}>
                {t('resident.signup.confirm')}
              </Button>
            </Form>
            <Space direction="vertical" style={{ width: '100%', marginTop: 16 }}>
              {config.devOutbox ? <DevCode mobile={pending.mobile} /> : null}
              {/* cognito-local has no ResendConfirmationCode; locally the first code stays valid. */}
              {config.mode === 'aws' ? (
                <Button block onClick={onResend} disabled={busy}>
                  {t('resident.signup.resend')}
                </Button>
              ) : null}
              <Button type="link" onClick={() => setPending(null)}>
                {t('resident.signup.changeMobile')}
              </Button>
            </Space>
          </>
        ) : (
          <>
            <Typography.Paragraph type="secondary">{t('resident.signup.intro')}</Typography.Paragraph>
            {error ? (
              <Alert
                type="error"
                role="alert"
                showIcon
                message={error.text}
                className="form-alert"
                action={
                  error.exists ? (
                    <Link to={`/t/${slug}/login${location.search}`}>{t('resident.signup.toLogin')}</Link>
                  ) : undefined
                }
              />
            ) : null}
            <SignupForm onSubmit={(v) => void onSignup(v)} busy={busy} />
            <Typography.Paragraph style={{ marginTop: 16 }}>
              {t('resident.signup.haveAccount')}{' '}
              <Link to={`/t/${slug}/login${location.search}`}>{t('resident.signup.toLogin')}</Link>
            </Typography.Paragraph>
          </>
        )}
      </Card>
    </div>
  );
}
