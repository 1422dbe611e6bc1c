import { useTranslation } from 'react-i18next';
import { type Check, TextField } from './fields';
import { toE164 } from './phone';

/** The rule of the mobile field: required, and a mainland mobile number. */
export function useMobileCheck(): Check<string> {
  const { t } = useTranslation();
  return (v) =>
    !v.trim()
      ? t('resident.fields.mobileRequired')
      : toE164(v)
        ? undefined
        : t('resident.fields.mobileInvalid');
}

/** The rule of the SMS code field: required, six digits (spaces around them forgiven). */
export function useCodeCheck(): Check<string> {
  const { t } = useTranslation();
  return (v) =>
    !v.trim()
      ? t('resident.fields.codeRequired')
      : /^\s*\d{6}\s*$/.test(v)
        ? undefined
        : t('resident.fields.codeInvalid');
}

/** The resident's mainland mobile number, shared by sign-up and sign-in. */
export function MobileField({
  id,
  value,
  onValue,
  error,
  hint,
  kiosk,
}: {
  id: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  hint?: boolean;
  kiosk: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      id={id}
      label={t('resident.fields.mobile')}
      prefix={t('resident.fields.mobilePrefix')}
      {...(hint ? { hint: t('resident.fields.mobileHint') } : {})}
      error={error}
      value={value}
      onValue={onValue}
      inputMode="numeric"
      autoComplete={kiosk ? 'off' : 'tel-national'}
      maxLength={16}
    />
  );
}

/** The six-digit SMS code, shared by sign-up and sign-in: filled in from the SMS where the phone offers it. */
export function CodeField({
  id,
  value,
  onValue,
  error,
  kiosk,
  disabled,
}: {
  id: string;
  value: string;
  onValue: (value: string) => void;
  error?: string | undefined;
  kiosk: boolean;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <TextField
      id={id}
      label={t('resident.fields.code')}
      value={value}
      onValue={onValue}
      error={error}
      inputMode="numeric"
      autoComplete={kiosk ? 'off' : 'one-time-code'}
      maxLength={6}
      autoFocus
      {...(disabled ? { disabled } : {})}
    />
  );
}
