import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { useConfig, usePublicDistrict } from '../../api/client';
import { ApiError } from '../../api/errors';
import { CognitoError } from '../../auth/cognito';
import { LinkButton } from '../../components/LinkButton';
import { ErrorState, Loading, useErrorMessage } from '../../components/States';
import { MobileField } from './MobileField';
import { toE164 } from './phone';
import { residentKeys, residentMe } from './residentApi';
import { residentErrorKey, residentPool, signInAndRegister } from './residentAuth';
import { getResidentSession, setResidentSession } from './residentSession';

interface LoginValues {
  mobile: string;
  password: string;
}

type Problem =
  | { kind: 'text'; text: string }
  | { kind: 'unconfirmed'; text: string; mobile: string }
  | { kind: 'elsewhere'; text: string; slug: string; district: string };

/** `/t/:slug/login`: mobile and password, then 我的. */
export default function ResidentLoginPage() {
  const { slug = '' } = useParams();
  const { t } = useTranslation();
  const navigate = useNavigate();
  const location = useLocation();
  const qc = useQueryClient();
  const config = useConfig();
  const district = usePublicDistrict(slug);
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<Problem | null>(null);
  const arrived = location.state as { confirmed?: boolean; mobile?: string } | null;
  const kiosk = document.documentElement.classList.contains('kiosk');

  if (config.isPending || district.isPending) return <Loading />;
  if (config.isError || district.isError)
    return (
      <div className="page page-narrow">
        <ErrorState error={config.error ?? district.error} />
      </div>
    );
  const d = district.data;
  const pool = residentPool(config.data);

  const onLogin = async (v: LoginValues) => {
    const mobile = toE164(v.mobile);
    if (!mobile) return;
    setBusy(true);
    setProblem(null);
    try {
      await signInAndRegister(pool, slug, mobile, v.password);
      qc.removeQueries({ queryKey: residentKeys.profile });
      navigate(`/t/${slug}/me`, { replace: true });
    } catch (e) {
      if (e instanceof CognitoError && e.type === 'UserNotConfirmedException') {
        setProblem({ kind: 'unconfirmed', text: t(residentErrorKey(e)), mobile });
      } else if (e instanceof ApiError && e.code === 'RESIDENT_OTHER_DISTRICT') {
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
      } else {
        setProblem({
          kind: 'text',
          text: e instanceof CognitoError ? t(residentErrorKey(e)) : errorMessage(e),
        });
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="page page-narrow">
      <Card>
        <Typography.Title level={1}>{t('resident.login.title', { district: d.name })}</Typography.Title>
        <Typography.Paragraph type="secondary">{t('resident.login.intro')}</Typography.Paragraph>
        {arrived?.confirmed ? (
          <Alert
            type="success"
            role="status"
            showIcon
            message={t('resident.signup.confirmedLogin')}
            className="form-alert"
          />
        ) : null}
        {problem ? (
          <Alert
            type="error"
            role="alert"
            showIcon
            className="form-alert"
            message={problem.text}
            description={
              problem.kind === 'elsewhere'
                ? t('resident.login.otherDistrict', { district: problem.district })
                : undefined
            }
            action={
              problem.kind === 'elsewhere' ? (
                <LinkButton to={`/t/${problem.slug}/me`} size="small">
                  {t('resident.login.toOwnDistrict', { district: problem.district })}
                </LinkButton>
              ) : problem.kind === 'unconfirmed' ? (
                <Button
                  size="small"
                  onClick={() => navigate(`/t/${slug}/signup`, { state: { confirmMobile: problem.mobile } })}
                >
                  {t('resident.login.verifyNow')}
                </Button>
              ) : undefined
            }
          />
        ) : null}
        <Form<LoginValues>
          name="resident-login"
          layout="vertical"
          onFinish={(v) => void onLogin(v)}
          requiredMark={false}
          initialValues={{ mobile: arrived?.mobile?.replace(/^\+86/, '') ?? '' }}
        >
          <MobileField kiosk={kiosk} />
          <Form.Item
            label={t('resident.fields.password')}
            name="password"
            rules={[{ required: true, message: t('resident.fields.passwordRequired') }]}
          >
            <Input.Password autoComplete={kiosk ? 'off' : 'current-password'} />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy}>
            {t('resident.login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph style={{ marginTop: 16 }}>
          {t('resident.login.noAccount')} <Link to={`/t/${slug}/signup`}>{t('resident.login.toSignup')}</Link>
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
