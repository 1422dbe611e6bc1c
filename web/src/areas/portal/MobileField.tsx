import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { toE164 } from './phone';

/** The resident's mainland mobile number (form field `mobile`), shared by sign-up and sign-in. */
export function MobileField({ hint, kiosk }: { hint?: boolean; kiosk: boolean }) {
  const { t } = useTranslation();
  return (
    <Form.Item
      label={t('resident.fields.mobile')}
      name="mobile"
      {...(hint ? { extra: t('resident.fields.mobileHint') } : {})}
      rules={[
        { required: true, whitespace: true, message: t('resident.fields.mobileRequired') },
        {
          validator: (_, v: string | undefined) =>
            !v?.trim() || toE164(v)
              ? Promise.resolve()
              : Promise.reject(new Error(t('resident.fields.mobileInvalid'))),
        },
      ]}
    >
      <Input
        addonBefore={t('resident.fields.mobilePrefix')}
        inputMode="numeric"
        autoComplete={kiosk ? 'off' : 'tel-national'}
        maxLength={16}
      />
    </Form.Item>
  );
}
