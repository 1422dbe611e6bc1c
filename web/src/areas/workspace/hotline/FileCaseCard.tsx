import { Alert, Button, Form, Input } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCommunities, useStreets } from '../../../api/client';
import {
  type ServiceDefinition,
  useFileForCaller,
  useHotlineServices,
  useServiceGuide,
} from '../../../api/hotline';
import { CheckboxList, NativeSelect, Panel } from '../../../components/Controls';
import { applyProblem } from '../../../components/formErrors';
import { pick } from '../services/common';
import type { Applicant } from './CallerCard';

type Field = ServiceDefinition['fields'][number];

/**
 * One input per typed field of the service (files cannot be taken over the telephone). A
 * Form.Item child: the form's `id`, `value` and `onChange` are passed on to the input.
 */
function FieldInput({
  field,
  lang,
  ...bound
}: {
  field: Field;
  lang: string;
  id?: string;
  value?: unknown;
  onChange?: (v: unknown) => void;
}) {
  // biome-ignore lint/suspicious/noExplicitAny: the form's props fit whichever input the field type picks
  const props = bound as any;
  switch (field.type) {
    case 'text':
      return field.multiline ? (
        <Input.TextArea {...props} rows={3} maxLength={field.maxLength} />
      ) : (
        <Input {...props} maxLength={field.maxLength} />
      );
    case 'number':
      return (
        <Input
          {...props}
          type="number"
          inputMode="decimal"
          value={bound.value ?? ''}
          onChange={(e) => bound.onChange?.(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      );
    case 'date':
      return <Input {...props} type="date" />;
    case 'choice':
      return field.multiple ? (
        <CheckboxList
          {...props}
          label={pick(lang, field.label)}
          options={field.options.map((o) => ({ value: o.value, label: pick(lang, o.label) }))}
        />
      ) : (
        <NativeSelect
          {...props}
          options={field.options.map((o) => ({ value: o.value, label: pick(lang, o.label) }))}
        />
      );
    default:
      return <Input {...props} autoComplete="off" />;
  }
}

/** The communities of one street (a Form.Item child: value and onChange come from the form). */
export function CommunitySelect({
  street,
  ...rest
}: {
  street: string;
  id?: string;
  value?: string | undefined;
  onChange?: (v: string | undefined) => void;
}) {
  const communities = useCommunities(street);
  return (
    <NativeSelect
      {...rest}
      aria-busy={communities.isLoading || undefined}
      options={(communities.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
    />
  );
}

/** File a case for the caller in a service offered in the `call-centre` channel. */
export function FileCaseCard({
  applicant,
  onFiled,
  channel = 'call-centre',
}: {
  applicant: Applicant | undefined;
  onFiled: (number: string) => void;
  /** `sms` when the case answers a resident's text. */
  channel?: 'call-centre' | 'sms';
}) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const [form] = Form.useForm();
  const services = useHotlineServices();
  const [code, setCode] = useState<string>();
  const guide = useServiceGuide(code);
  const [street, setStreet] = useState<string>();
  const streets = useStreets();
  const file = useFileForCaller();
  const attempt = useRef<{ key: string; body: string } | undefined>(undefined);
  const [filed, setFiled] = useState<string>();
  const def = guide.data?.service;
  const identified = !!applicant?.residentName;
  useEffect(() => {
    form.setFieldsValue({ mobile: applicant?.mobile ?? '', communityCode: applicant?.communityCode });
    setStreet(applicant?.communityCode?.slice(0, 9));
    setFiled(undefined);
  }, [applicant, form]);
  const files = useMemo(() => (def?.fields ?? []).filter((f) => f.type === 'file' && f.required), [def]);
  if (!applicant)
    return (
      <Panel title={<h2 className="card-title">{t('hotline.file.title')}</h2>}>
        <Alert type="info" showIcon message={t('hotline.file.chooseCaller')} />
      </Panel>
    );
  return (
    <Panel title={<h2 className="card-title">{t('hotline.file.title')}</h2>}>
      <Form
        form={form}
        layout="vertical"
        onFinish={(v: Record<string, unknown>) => {
          if (!def) return;
          const answers: Record<string, unknown> = {};
          for (const f of def.fields) {
            const a = v[`f_${f.key}`];
            if (f.type !== 'file' && a !== undefined && a !== '' && a !== null) answers[f.key] = a;
          }
          const request = {
            service: def.code,
            channel,
            applicant: { mobile: String(v.mobile ?? '').trim() },
            communityCode: String(v.communityCode ?? ''),
            form: answers,
          };
          // One key per attempt: a retry of the same body is the same attempt.
          const json = JSON.stringify(request);
          if (attempt.current?.body !== json) attempt.current = { key: crypto.randomUUID(), body: json };
          file.mutate(
            { body: request, key: attempt.current.key },
            {
              onSuccess: (c) => {
                setFiled(c.number);
                onFiled(c.number);
              },
              onError: (e) =>
                applyProblem(form, e, lang, {
                  rename: (f) =>
                    f === 'applicant.mobile' ? 'mobile' : f.startsWith('form.') ? `f_${f.slice(5)}` : f,
                }),
            },
          );
        }}
      >
        <Form.Item name="service" label={t('hotline.file.service')} rules={[{ required: true }]}>
          <NativeSelect
            placeholder={t('hotline.file.servicePlaceholder')}
            aria-busy={services.isLoading || undefined}
            onChange={(c) => setCode(c)}
            options={(services.data?.items ?? []).map((s) => ({ value: s.code, label: pick(lang, s.name) }))}
          />
        </Form.Item>
        <Form.Item
          name="mobile"
          label={t('hotline.file.applicantMobile')}
          extra={t('hotline.file.applicantMobileHelp')}
          rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('hotline.caller.queryInvalid') }]}
        >
          <Input inputMode="numeric" maxLength={11} autoComplete="off" />
        </Form.Item>
        {identified ? (
          <Form.Item name="communityCode" hidden>
            <Input />
          </Form.Item>
        ) : (
          <>
            <Form.Item label={t('hotline.file.street')} htmlFor="hotline-street" required>
              <NativeSelect
                id="hotline-street"
                value={street}
                onChange={(s) => {
                  setStreet(s);
                  form.setFieldsValue({ communityCode: undefined });
                }}
                options={(streets.data ?? []).map((s) => ({ value: s.code, label: s.name }))}
              />
            </Form.Item>
            <Form.Item name="communityCode" label={t('hotline.file.community')} rules={[{ required: true }]}>
              {street ? <CommunitySelect street={street} /> : <NativeSelect disabled options={[]} />}
            </Form.Item>
          </>
        )}
        {files.length ? (
          <Alert
            type="warning"
            showIcon
            message={t('hotline.file.needsFile', {
              fields: files.map((f) => pick(lang, f.label)).join('、'),
            })}
          />
        ) : null}
        {(def?.fields ?? [])
          .filter((f) => f.type !== 'file')
          .map((f) => {
            const fromRecord = identified && !!f.prefill;
            return (
              <Form.Item
                key={f.key}
                name={`f_${f.key}`}
                label={pick(lang, f.label)}
                {...(f.help
                  ? { extra: pick(lang, f.help) }
                  : fromRecord
                    ? { extra: t('hotline.file.prefilled') }
                    : {})}
                rules={[
                  {
                    required: f.required && !fromRecord,
                    message: t('hotline.file.required', { label: pick(lang, f.label) }),
                  },
                ]}
              >
                <FieldInput field={f} lang={lang} />
              </Form.Item>
            );
          })}
        {filed ? (
          <Alert type="success" showIcon message={t('hotline.file.filed', { number: filed })} />
        ) : null}
        <Button type="primary" htmlType="submit" loading={file.isPending} disabled={!def || files.length > 0}>
          {t('hotline.file.submit')}
        </Button>
      </Form>
    </Panel>
  );
}
