import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { keys } from '../../api/client';
import { body, controlApi, publicApi } from '../../api/http';
import {
  CognitoError,
  type CognitoPool,
  completeNewPassword,
  type SignInResult,
  signIn,
} from '../../auth/cognito';
import { clearSession, setSession } from '../../auth/session';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { homeOf } from '../../components/RequireAuth';
import { useErrorMessage } from '../../components/States';

/**
 * Map a Cognito exception to a message key; unknown ones get a generic message. `InvalidPassword`
 * means a new password broke the rules only when one was being set: cognito-local also answers a
 * wrong password at sign-in with it.
 */
export function cognitoMessageKey(error: unknown, step: 'signIn' | 'newPassword' = 'signIn'): string {
  if (error instanceof CognitoError) {
    switch (error.type) {
      case 'NotAuthorizedException':
      case 'UserNotFoundException':
        return 'login.badCredentials';
      case 'TooManyRequestsException':
      case 'LimitExceededException':
        return 'login.tooManyAttempts';
      case 'UserNotConfirmedException':
        return 'login.userNotConfirmed';
      case 'InvalidPasswordException':
        return step === 'newPassword' ? 'login.newPasswordRejected' : 'login.badCredentials';
    }
  }
  return 'login.failed';
}

/** Only same-site paths, never `//evil.example`. */
function safeNext(next: string | null): string | null {
  return next?.startsWith('/') && !next.startsWith('//') && !next.startsWith('/login') ? next : null;
}

interface Challenge {
  session: string;
  username: string;
  pool: CognitoPool;
}

export default function LoginPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const errorMessage = useErrorMessage();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [challenge, setChallenge] = useState<Challenge | null>(null);

  async function finish(result: SignInResult, pool: CognitoPool) {
    if (result.kind === 'newPasswordRequired') {
      setChallenge({ session: result.session, username: result.username, pool });
      return;
    }
    setSession({ ...result.tokens, pool });
    qc.removeQueries({ queryKey: keys.me });
    const me = await qc.fetchQuery({ queryKey: keys.me, queryFn: () => body(controlApi.GET('/api/me')) });
    if (me.kind === 'resident') {
      clearSession();
      setError(t('login.residentsElsewhere'));
      return;
    }
    navigate(safeNext(params.get('next')) ?? homeOf(me.kind), { replace: true });
  }

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(
        e instanceof CognitoError
          ? t(cognitoMessageKey(e, challenge ? 'newPassword' : 'signIn'))
          : errorMessage(e),
      );
    } finally {
      setBusy(false);
    }
  }

  const onSignIn = (v: { username: string; password: string }) =>
    run(async () => {
      const config = await qc.ensureQueryData({
        queryKey: keys.config,
        queryFn: () => body(publicApi.GET('/api/config')),
      });
      const pool = { endpoint: config.staff.endpoint, clientId: config.staff.clientId };
      await finish(await signIn(pool, v.username.trim(), v.password), pool);
    });

  const onNewPassword = (v: { newPassword: string }) =>
    run(async () => {
      if (!challenge) return;
      const r = await completeNewPassword(
        challenge.pool,
        challenge.username,
        challenge.session,
        v.newPassword,
      );
      await finish(r, challenge.pool);
    });

  return (
    // Plain markup for the frame (styles.css `.panel`): antd's Card brings Tabs, Menu and Dropdown,
    // and Typography its copy/edit/ellipsis machinery, ~35 KB gzipped this first screen does not need.
    <div className="page page-narrow">
      <section className="panel">
        <h1>{challenge ? t('login.newPasswordTitle') : t('login.title')}</h1>
        <p className="muted panel-intro">{challenge ? t('login.newPasswordHint') : t('login.subtitle')}</p>
        {error ? <Alert type="error" role="alert" showIcon message={error} className="form-alert" /> : null}
        {challenge ? (
          <Form name="new-password" layout="vertical" onFinish={onNewPassword} requiredMark={false}>
            <NewPasswordFields
              pool="staff"
              name="newPassword"
              confirmName="confirm"
              label={t('login.newPassword')}
              confirmLabel={t('login.confirmPassword')}
              requiredMessage={t('login.newPasswordRequired')}
              mismatchMessage={t('login.passwordsDiffer')}
              autoFocus
            />
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.setPassword')}
            </Button>
          </Form>
        ) : (
          <Form name="login" layout="vertical" onFinish={onSignIn} requiredMark={false}>
            <Form.Item
              label={t('login.username')}
              name="username"
              rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
            >
              <Input autoComplete="username" autoCapitalize="none" spellCheck={false} />
            </Form.Item>
            <Form.Item
              label={t('login.password')}
              name="password"
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        )}
      </section>
    </div>
  );
}
