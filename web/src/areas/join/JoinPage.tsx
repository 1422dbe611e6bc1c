import {
  Alert,
  Button,
  Card,
  Descriptions,
  Form,
  Input,
  InputNumber,
  Radio,
  Result,
  Select,
  Space,
  Steps,
  Tag,
  Typography,
} from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, useDivisions, useSubmitJoinApplication } from '../../api/client';
import type { JoinApplicationCreated, Tier } from '../../api/types';
import { useErrorMessage } from '../../components/States';
import { categoryValueLabel, statusLabel, tierLabel } from '../../i18n/labels';
import { clearDraft, type JoinValues, loadDraft, previewCategory, saveDraft } from './draft';

const TIERS: Tier[] = ['basic', 'standard', 'demonstration'];
const AREA_TYPES = ['urban-core', 'suburban', 'county-rural'];
const DEVELOPMENT = ['developed', 'developing', 'underdeveloped'];

/** Which form fields each step owns (validation per step, and where a server field error sends the user). */
const STEP_FIELDS: NamePath[][] = [
  ['province', 'city', 'divisionCode'],
  [
    ['profile', 'areaType'],
    ['profile', 'development'],
    ['profile', 'population'],
    ['profile', 'migrantSharePercent'],
    ['profile', 'broadbandPercent'],
    ['profile', 'lowIncomePercent'],
  ],
  ['tierRequested'],
  [
    ['admin', 'name'],
    ['admin', 'mobile'],
    ['admin', 'email'],
  ],
  [],
];
const LAST = STEP_FIELDS.length - 1;
const STEP_KEYS = ['district', 'profile', 'tier', 'admin', 'review'] as const;

const pathKey = (p: NamePath) => (Array.isArray(p) ? p.join('.') : String(p));

/** The step that owns a server field (`admin.mobile`, `profile.population`…), or -1. */
export function stepOfField(field: string): number {
  const aliases: Record<string, string> = { tier: 'tierRequested', district: 'divisionCode' };
  const f = aliases[field] ?? field;
  return STEP_FIELDS.findIndex((fields) => fields.some((p) => pathKey(p) === f));
}

function DivisionSelect({
  parent,
  enabled,
  id,
  value,
  onChange,
}: {
  parent: string | undefined;
  enabled: boolean;
  id?: string;
  value?: string;
  onChange?: (v: string) => void;
}) {
  const { t } = useTranslation();
  const q = useDivisions(parent, enabled);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch
      optionFilterProp="label"
      disabled={!enabled}
      loading={enabled && q.isPending}
      placeholder={t('join.selectPlaceholder')}
      status={q.isError ? 'error' : undefined}
      notFoundContent={q.isError ? t('join.loadDivisionsFailed') : undefined}
      options={(q.data ?? []).map((d) => ({ value: d.code, label: d.name }))}
    />
  );
}

function useDivisionName(parent: string | undefined, code: string | undefined): string | undefined {
  const q = useDivisions(parent, parent !== undefined || code !== undefined);
  return q.data?.find((d) => d.code === code)?.name;
}

export default function JoinPage() {
  const { t, i18n } = useTranslation();
  const errorMessage = useErrorMessage();
  const [form] = Form.useForm<JoinValues>();
  const initial = useRef(loadDraft());
  const [step, setStep] = useState(Math.min(Math.max(initial.current.step, 0), LAST));
  const [formError, setFormError] = useState<string | null>(null);
  const [created, setCreated] = useState<JoinApplicationCreated | null>(null);
  const submit = useSubmitJoinApplication();
  const headingRef = useRef<HTMLHeadingElement>(null);

  const province = Form.useWatch('province', form);
  const city = Form.useWatch('city', form);
  const divisionCode = Form.useWatch('divisionCode', form);
  const profile = Form.useWatch('profile', form);
  const values = Form.useWatch([], form) as JoinValues | undefined;

  const provinceName = useDivisionName(undefined, province);
  const cityName = useDivisionName(province, city);
  const districtName = useDivisionName(city, divisionCode);
  const category = useMemo(() => previewCategory(profile), [profile]);

  // Move focus to the step heading so screen-reader and keyboard users know where they are.
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current !== step) {
      shownStep.current = step;
      headingRef.current?.focus();
    }
  }, [step]);

  const persist = (nextStep: number) => saveDraft({ step: nextStep, values: form.getFieldsValue(true) });

  const go = async (nextStep: number) => {
    if (nextStep > step) {
      try {
        await form.validateFields(STEP_FIELDS.slice(step, nextStep).flat());
      } catch {
        return;
      }
    }
    setFormError(null);
    persist(nextStep);
    setStep(nextStep);
  };

  const onSubmit = async () => {
    setFormError(null);
    let v: JoinValues;
    try {
      await form.validateFields(STEP_FIELDS.flat());
      v = form.getFieldsValue(true);
    } catch (e) {
      const first = (e as { errorFields?: { name: (string | number)[] }[] }).errorFields?.[0];
      if (first) setStep(Math.max(0, stepOfField(first.name.join('.'))));
      return;
    }
    const p = v.profile ?? {};
    try {
      const res = await submit.mutateAsync({
        divisionCode: v.divisionCode ?? '',
        profile: Object.fromEntries(
          Object.entries(p).filter(([, x]) => x !== undefined && x !== null),
        ) as Record<string, string | number>,
        tierRequested: v.tierRequested ?? 'basic',
        admin: { name: v.admin?.name ?? '', mobile: v.admin?.mobile ?? '', email: v.admin?.email ?? '' },
      });
      clearDraft();
      setCreated(res);
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.length > 0) {
        const zh = i18n.language !== 'en';
        const known = e.fieldErrors.filter((fe) => stepOfField(fe.field) >= 0);
        const unknown = e.fieldErrors.filter((fe) => stepOfField(fe.field) < 0);
        const byField = new Map<string, string[]>();
        for (const fe of known) {
          const f =
            fe.field === 'tier' ? 'tierRequested' : fe.field === 'district' ? 'divisionCode' : fe.field;
          byField.set(f, [...(byField.get(f) ?? []), zh ? fe.message.zh : fe.message.en]);
        }
        form.setFields(
          [...byField].map(([f, errors]) => ({ name: f.split('.'), errors })) as Parameters<
            typeof form.setFields
          >[0],
        );
        const steps = known.map((fe) => stepOfField(fe.field));
        if (steps.length) {
          const target = Math.min(...steps);
          persist(target);
          setStep(target);
        }
        setFormError(
          [e.localized(i18n.language), ...unknown.map((fe) => (zh ? fe.message.zh : fe.message.en))].join(
            ' ',
          ) || t('join.fixErrors'),
        );
      } else {
        setFormError(errorMessage(e));
      }
    }
  };

  if (created) {
    return (
      <div className="page page-narrow">
        <Result
          status="success"
          title={t('join.submitted')}
          subTitle={t('join.submittedDetail', { id: created.id, status: statusLabel(t, created.status) })}
          extra={
            <Button
              onClick={() => {
                form.resetFields();
                setCreated(null);
                setStep(0);
              }}
            >
              {t('join.startOver')}
            </Button>
          }
        />
      </div>
    );
  }

  const show = (i: number) => ({ hidden: step !== i });
  const percentRules = [
    { required: true, type: 'number' as const, min: 0, max: 100, message: t('join.percentRequired') },
  ];

  return (
    <div className="page page-narrow">
      <Typography.Title level={1}>{t('join.title')}</Typography.Title>
      <Typography.Paragraph>{t('join.intro')}</Typography.Paragraph>
      <Steps
        className="join-steps"
        current={step}
        size="small"
        responsive
        items={STEP_KEYS.map((k) => ({ title: t(`join.steps.${k}`) }))}
      />
      <Card>
        <h2 ref={headingRef} tabIndex={-1} className="step-heading">
          {step + 1}/{STEP_KEYS.length} · {t(`join.steps.${STEP_KEYS[step]!}`)}
        </h2>
        {formError ? (
          <Alert type="error" role="alert" showIcon message={formError} className="form-alert" />
        ) : null}
        <Form
          form={form}
          name="join"
          layout="vertical"
          initialValues={initial.current.values}
          onValuesChange={() => persist(step)}
        >
          <div {...show(0)}>
            <Form.Item
              label={t('join.province')}
              name="province"
              rules={[{ required: true, message: t('join.provinceRequired') }]}
            >
              <DivisionSelect
                parent={undefined}
                enabled
                onChange={() => form.setFieldsValue({ city: undefined, divisionCode: undefined })}
              />
            </Form.Item>
            <Form.Item
              label={t('join.city')}
              name="city"
              rules={[{ required: true, message: t('join.cityRequired') }]}
            >
              <DivisionSelect
                parent={province}
                enabled={Boolean(province)}
                onChange={() => form.setFieldsValue({ divisionCode: undefined })}
              />
            </Form.Item>
            <Form.Item
              label={t('join.district')}
              name="divisionCode"
              rules={[{ required: true, message: t('join.districtRequired') }]}
              extra={divisionCode ? `${t('join.divisionCodeLabel')}: ${divisionCode}` : undefined}
            >
              <DivisionSelect parent={city} enabled={Boolean(city)} />
            </Form.Item>
          </div>

          <div {...show(1)}>
            <Form.Item
              label={t('join.areaType')}
              name={['profile', 'areaType']}
              rules={[{ required: true, message: t('join.areaTypeRequired') }]}
            >
              <Radio.Group options={AREA_TYPES.map((v) => ({ value: v, label: categoryValueLabel(t, v) }))} />
            </Form.Item>
            <Form.Item
              label={t('join.development')}
              name={['profile', 'development']}
              rules={[{ required: true, message: t('join.developmentRequired') }]}
            >
              <Radio.Group
                options={DEVELOPMENT.map((v) => ({ value: v, label: categoryValueLabel(t, v) }))}
              />
            </Form.Item>
            <Form.Item
              label={t('join.population')}
              name={['profile', 'population']}
              rules={[{ required: true, type: 'number', min: 1, message: t('join.populationRequired') }]}
            >
              <InputNumber min={1} step={1000} precision={0} className="input-number" inputMode="numeric" />
            </Form.Item>
            <Form.Item
              label={t('join.migrantSharePercent')}
              name={['profile', 'migrantSharePercent']}
              rules={percentRules}
            >
              <InputNumber min={0} max={100} className="input-number" inputMode="decimal" />
            </Form.Item>
            <Form.Item
              label={t('join.broadbandPercent')}
              name={['profile', 'broadbandPercent']}
              rules={percentRules}
            >
              <InputNumber min={0} max={100} className="input-number" inputMode="decimal" />
            </Form.Item>
            <Form.Item
              label={t('join.lowIncomePercent')}
              name={['profile', 'lowIncomePercent']}
              rules={percentRules}
            >
              <InputNumber min={0} max={100} className="input-number" inputMode="decimal" />
            </Form.Item>
            <section aria-labelledby="category-preview" className="category-preview">
              <h3 id="category-preview">{t('join.categoryPreview')}</h3>
              <Space wrap>
                {(Object.keys(category) as (keyof typeof category)[]).map((d) => (
                  <Tag key={d}>
                    {t(`category.${d}`)}: {category[d] ? categoryValueLabel(t, category[d]) : '—'}
                  </Tag>
                ))}
              </Space>
              <Typography.Paragraph type="secondary" className="rule">
                {t('join.categoryRule')}
              </Typography.Paragraph>
            </section>
          </div>

          <div {...show(2)}>
            <Form.Item
              label={t('join.tierRequested')}
              name="tierRequested"
              rules={[{ required: true, message: t('join.tierRequired') }]}
            >
              <Radio.Group className="tier-options">
                {TIERS.map((v) => (
                  <Radio key={v} value={v}>
                    <strong>{tierLabel(t, v)}</strong>
                    <span className="tier-info">{t(`tierInfo.${v}`)}</span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            <Alert type="info" showIcon message={t('join.tierModulesPlaceholder')} />
          </div>

          <div {...show(3)}>
            <Form.Item
              label={t('join.adminName')}
              name={['admin', 'name']}
              rules={[{ required: true, whitespace: true, message: t('join.adminNameRequired') }]}
            >
              <Input autoComplete="name" />
            </Form.Item>
            <Form.Item
              label={t('join.adminMobile')}
              name={['admin', 'mobile']}
              rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: t('join.adminMobileRequired') }]}
            >
              <Input autoComplete="tel" inputMode="tel" maxLength={11} />
            </Form.Item>
            <Form.Item
              label={t('join.adminEmail')}
              name={['admin', 'email']}
              rules={[{ required: true, type: 'email', message: t('join.adminEmailRequired') }]}
            >
              <Input autoComplete="email" inputMode="email" />
            </Form.Item>
          </div>

          <div {...show(4)}>
            <Typography.Paragraph>{t('join.reviewHint')}</Typography.Paragraph>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('join.district')}>
                {[provinceName, cityName, districtName].filter(Boolean).join(' · ')}{' '}
                {divisionCode ? `(${divisionCode})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('join.population')}>
                {values?.profile?.population ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('join.tierRequested')}>
                {values?.tierRequested ? tierLabel(t, values.tierRequested) : '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('join.steps.admin')}>
                {[values?.admin?.name, values?.admin?.mobile, values?.admin?.email]
                  .filter(Boolean)
                  .join(' · ')}
              </Descriptions.Item>
            </Descriptions>
          </div>

          <div className="wizard-actions">
            {step > 0 ? <Button onClick={() => void go(step - 1)}>{t('join.previous')}</Button> : <span />}
            {step < LAST ? (
              <Button type="primary" onClick={() => void go(step + 1)}>
                {t('join.next')}
              </Button>
            ) : (
              <Button type="primary" onClick={() => void onSubmit()} loading={submit.isPending}>
                {t('join.submit')}
              </Button>
            )}
          </div>
        </Form>
      </Card>
    </div>
  );
}
