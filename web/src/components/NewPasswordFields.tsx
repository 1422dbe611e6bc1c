import {
  describePasswordPolicy,
  PASSWORD_RULE_TEXT,
  type PasswordPolicy,
  passwordFailures,
  residentPool,
  staffPool,
} from '@linli/tables';
import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

const POLICY: Record<'staff' | 'residents', PasswordPolicy> = {
  staff: staffPool.passwordPolicy,
  residents: residentPool.passwordPolicy,
};

const langOf = (language: string): 'zh' | 'en' => (language.startsWith('en') ? 'en' : 'zh');

/**
 * The pool's own password policy (`@linli/tables`, the one Cognito enforces) in the UI language:
 * `text` lists every rule, `problem(v)` names the rules `v` breaks (undefined when none).
 */
export function usePasswordPolicy(pool: 'staff' | 'residents') {
  const { i18n } = useTranslation();
  const policy = POLICY[pool];
  const lang = langOf(i18n.language);
  return {
    text: describePasswordPolicy(policy, lang),
    /** Ends the policy sentence before a note. */
    stop: lang === 'en' ? '. ' : '。',
    problem(v: string): string | undefined {
      const failed = passwordFailures(policy, v);
      if (!failed.length) return undefined;
      const rules = failed.map((r) => PASSWORD_RULE_TEXT[r][lang].replace('{n}', String(policy.minLength)));
      return lang === 'en' ? `The password needs ${rules.join(', ')}` : `密码须${rules.join('，')}`;
    },
  };
}

interface Props {
  readonly pool: 'staff' | 'residents';
  readonly label: ReactNode;
  readonly confirmLabel: ReactNode;
  readonly requiredMessage: string;
  readonly mismatchMessage: string;
  /** Shown after the policy under the first field (e.g. the sign-in name the account will get). */
  readonly note?: ReactNode;
  readonly name?: string;
  readonly confirmName?: string;
  readonly autoComplete?: string;
  readonly autoFocus?: boolean;
}

/**
 * A new password and its confirmation, checked against the pool's policy and showing it: the
 * join, invitation, resident sign-up and first sign-in forms all say what Cognito will enforce.
 */
export function NewPasswordFields({
  pool,
  label,
  confirmLabel,
  requiredMessage,
  mismatchMessage,
  note,
  name = 'password',
  confirmName = 'passwordConfirm',
  autoComplete = 'new-password',
  autoFocus,
}: Props) {
  const policy = usePasswordPolicy(pool);
  return (
    <>
      <Form.Item
        label={label}
        name={name}
        extra={
          note ? (
            <>
              {policy.text}
              {policy.stop}
              {note}
            </>
          ) : (
            policy.text
          )
        }
        rules={[
          { required: true, message: requiredMessage },
          {
            validator: (_, v: string | undefined) => {
              const problem = v ? policy.problem(v) : undefined;
              return problem ? Promise.reject(new Error(problem)) : Promise.resolve();
            },
          },
        ]}
      >
        <Input.Password autoComplete={autoComplete} autoFocus={autoFocus} />
      </Form.Item>
      <Form.Item
        label={confirmLabel}
        name={confirmName}
        dependencies={[name]}
        rules={[
          { required: true, message: requiredMessage },
          ({ getFieldValue }) => ({
            validator: (_, v: string | undefined) =>
              !v || getFieldValue(name) === v
                ? Promise.resolve()
                : Promise.reject(new Error(mismatchMessage)),
          }),
        ]}
      >
        <Input.Password autoComplete={autoComplete} />
      </Form.Item>
    </>
  );
}
