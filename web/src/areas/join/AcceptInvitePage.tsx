import { Alert, Button, Form, Input, Result } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { inviteApi } from '../../api/onboarding';
import { applyProblem } from '../../components/formErrors';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import { roleLabel } from '../../i18n/labels';
import onboardingZh from '../../i18n/onboarding.zh-CN';

registerStrings('onboarding', onboardingZh);

interface Values {
  invitationId: string;
  code: string;
  username: string;
  password: string;
  passwordConfirm: string;
}

/** Accept a staff invitation: check the code, choose a username and password (single use). */
export default function AcceptInvitePage() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [search] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [invite, setInvite] = useState<{ tenantName: string; role: string; name: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const check = async () => {
    let v: Values;
    try {
      v = await form.validateFields(['invitationId', 'code']);
    } catch {
      return;
    }
    setBusy(true);
    try {
      setInvite(await inviteApi.preview(v.invitationId.trim(), v.code.trim()));
      setError(null);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const accept = async (v: Values) => {
    setBusy(true);
    try {
      const out = await inviteApi.accept({
        invitationId: v.invitationId.trim(),
        code: v.code.trim(),
        username: v.username.trim(),
        password: v.password,
      });
      setDone(out.username);
    } catch (e) {
      applyProblem(form, e, i18n.language);
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  if (done)
    return (
      <div className="page page-narrow">
        <Result
          status="success"
          title={t('onboarding.accept.done', { username: done })}
          extra={
            <Link to="/login">
              <Button type="primary">{t('onboarding.goLogin')}</Button>
            </Link>
          }
        />
      </div>
    );

  return (
    <div className="page page-narrow">
      {/* Plain markup (styles.css `.panel`), not antd's Card and Typography: see the login page. */}
      <h1>{t('onboarding.accept.title')}</h1>
      <section className="panel">
        {error ? <Alert type="error" role="alert" showIcon message={error} className="form-alert" /> : null}
        <Form
          form={form}
          layout="vertical"
          name="accept"
          initialValues={{ invitationId: search.get('id') ?? '', code: search.get('code') ?? '' }}
          onFinish={(v) => void accept(v)}
        >
          <Form.Item
            label={t('onboarding.accept.invitationId')}
            name="invitationId"
            rules={[{ required: true }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
          <Form.Item label={t('onboarding.accept.code')} name="code" rules={[{ required: true, min: 6 }]}>
            <Input autoComplete="one-time-code" />
          </Form.Item>
          {invite ? (
            <>
              <Alert
                type="info"
                showIcon
                message={t('onboarding.accept.invitedTo', {
                  tenant: invite.tenantName,
                  role: roleLabel(t, invite.role),
                })}
                className="form-alert"
              />
              <Form.Item
                label={t('onboarding.accept.username')}
                name="username"
                extra={t('onboarding.accept.usernameHint')}
                rules={[
                  {
                    required: true,
                    pattern: /^[a-z][a-z0-9._-]{2,31}$/,
                    message: t('onboarding.accept.usernameHint'),
                  },
                ]}
              >
                <Input autoComplete="username" />
              </Form.Item>
              <NewPasswordFields
                pool="staff"
                label={t('onboarding.password')}
                confirmLabel={t('onboarding.passwordConfirm')}
                requiredMessage={t('onboarding.passwordRequired')}
                mismatchMessage={t('onboarding.passwordMismatch')}
              />
              <Button type="primary" htmlType="submit" loading={busy}>
                {t('onboarding.accept.submit')}
              </Button>
            </>
          ) : (
            <Button onClick={() => void check()} loading={busy}>
              {t('onboarding.accept.check')}
            </Button>
          )}
        </Form>
      </section>
    </div>
  );
}
