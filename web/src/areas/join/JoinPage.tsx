import { Alert, Button, Descriptions, Form, Input, Radio, Space, Tag } from 'antd';
import type { NamePath } from 'antd/es/form/interface';
import { type InputHTMLAttributes, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, useConfig, useDivisions } from '../../api/client';
import { type DraftPatch, type DraftView, joinApi, type Profile, STATUS_KEY } from '../../api/onboarding';
import type { Tier } from '../../api/types';
import { applyProblem } from '../../components/formErrors';
import { NewPasswordFields } from '../../components/NewPasswordFields';
import { useErrorMessage } from '../../components/States';
import { registerStrings } from '../../i18n';
import { categoryValueLabel, moduleLabel, tierLabel } from '../../i18n/labels';
import onboardingZh from '../../i18n/onboarding.zh-CN';
import { clearDraft, type JoinValues, loadDraft, previewCategory, saveDraft } from './draft';

registerStrings('onboarding', onboardingZh);

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
  [['admin', 'name'], ['admin', 'mobile'], ['admin', 'email'], 'password', 'passwordConfirm'],
  [],
];
const LAST = STEP_FIELDS.length - 1;
const STEP_KEYS = ['district', 'profile', 'tier', 'admin', 'review'] as const;

const pathKey = (p: NamePath) => (Array.isArray(p) ? p.join('.') : String(p));

/** The step that owns a server field (`admin.mobile`, `profile.population`…), or -1. */
const FIELD_ALIASES: Record<string, string> = { tier: 'tierRequested', district: 'divisionCode' };

/**
 * antd's Radio.Group is a plain <div>: as a radiogroup it is named (aria-label) and may carry the
 * aria-required that Form.Item adds (not allowed on a role-less div; axe aria-allowed-attr). Its
 * props type omits role, though it passes role on.
 */
const RADIOGROUP = { role: 'radiogroup' } as const;

/** A native number input's value for the form: a number, or nothing while the field is empty. */
const numberFrom = (e: { target: { value: string } }) =>
  e.target.value === '' || Number.isNaN(Number(e.target.value)) ? undefined : Number(e.target.value);

/** A native number input (antd's InputNumber brings rc-input-number) controlled by its Form.Item. */
function NumberInput({
  value,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'type'> & { value?: number | undefined }) {
  return <input {...rest} type="number" className="native-input input-number" value={value ?? ''} />;
}

export function stepOfField(field: string): number {
  const f = FIELD_ALIASES[field] ?? field;
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
    <select
      id={id}
      className="native-select native-block"
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value)}
      disabled={!enabled}
      aria-busy={(enabled && q.isPending) || undefined}
      aria-invalid={q.isError || undefined}
      aria-describedby={q.isError && id ? `${id}-load-error` : undefined}
    >
      <option value="" disabled>
        {q.isError ? t('join.loadDivisionsFailed') : t('join.selectPlaceholder')}
      </option>
      {(q.data ?? []).map((d) => (
        <option key={d.code} value={d.code}>
          {d.name}
        </option>
      ))}
    </select>
  );
}

function useDivisionName(parent: string | undefined, code: string | undefined): string | undefined {
  const q = useDivisions(parent, parent !== undefined || code !== undefined);
  return q.data?.find((d) => d.code === code)?.name;
}

/** The part of the form values one step sends to the server draft. */
function patchFor(step: number, v: JoinValues): DraftPatch {
  if (step === 0) return v.divisionCode ? { divisionCode: v.divisionCode } : {};
  if (step === 1 && v.profile) {
    const p = v.profile;
    return {
      profile: {
        areaType: p.areaType ?? '',
        development: p.development ?? '',
        population: p.population ?? 0,
        migrantSharePercent: p.migrantSharePercent ?? 0,
        broadbandPercent: p.broadbandPercent ?? 0,
        lowIncomePercent: p.lowIncomePercent ?? 0,
      } as Profile,
    };
  }
  if (step === 2 && v.tierRequested) return { tierRequested: v.tierRequested };
  if (step === 3 && v.admin)
    return { admin: { name: v.admin.name ?? '', mobile: v.admin.mobile ?? '', email: v.admin.email ?? '' } };
  return {};
}

export default function JoinPage() {
  const { t, i18n } = useTranslation();
  const zh = i18n.language !== 'en';
  const navigate = useNavigate();
  const errorMessage = useErrorMessage();
  const config = useConfig();
  const [form] = Form.useForm<JoinValues>();
  const initial = useRef(loadDraft());
  const [step, setStep] = useState(Math.min(Math.max(initial.current.step, 0), LAST));
  const [formError, setFormError] = useState<string | null>(null);
  const [draftId, setDraftId] = useState<string | undefined>(initial.current.draftId);
  const [view, setView] = useState<DraftView | null>(null);
  const [busy, setBusy] = useState(false);
  const [sentTo, setSentTo] = useState<string | null>(null);
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
  const moved = useRef(false);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every step change by design
  useEffect(() => {
    if (moved.current) headingRef.current?.focus();
    moved.current = true;
  }, [step]);

  // Resume the server draft (category rules, verification state) when the page is reopened.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on mount
  useEffect(() => {
    if (!initial.current.draftId) return;
    joinApi.getDraft(initial.current.draftId).then(setView, () => {
      setDraftId(undefined);
      saveDraft({ step, values: form.getFieldsValue(true) });
    });
  }, []);

  const persist = (nextStep: number, id = draftId) =>
    saveDraft({ step: nextStep, values: form.getFieldsValue(true), ...(id ? { draftId: id } : {}) });

  /** Server field errors land on their field and step; the rest in the step's alert. */
  const showServerError = (e: unknown) => {
    if (e instanceof ApiError && e.fieldErrors.length > 0) {
      const { rest } = applyProblem(form, e, i18n.language, {
        known: (f) => stepOfField(f) >= 0,
        rename: (f) => FIELD_ALIASES[f] ?? f,
      });
      const steps = e.fieldErrors.map((fe) => stepOfField(fe.field)).filter((s) => s >= 0);
      if (steps.length) {
        const target = Math.min(...steps);
        persist(target);
        setStep(target);
      }
      setFormError([e.localized(i18n.language), ...rest].join(' ') || t('join.fixErrors'));
    } else {
      setFormError(errorMessage(e));
    }
  };

  /** Save steps to the server draft (creating it on first use). */
  const saveSteps = async (patch: DraftPatch): Promise<DraftView> => {
    if (draftId) {
      try {
        return await joinApi.patchDraft(draftId, patch);
      } catch (e) {
        if (!(e instanceof ApiError && e.code === 'DRAFT_NOT_FOUND')) throw e;
      }
    }
    const current = form.getFieldsValue(true);
    const all: DraftPatch = Object.assign({}, ...[0, 1, 2, 3].map((i) => patchFor(i, current)));
    const created = await joinApi.createDraft({ ...all, ...patch });
    setDraftId(created.id);
    return created;
  };

  const go = async (nextStep: number) => {
    if (nextStep > step) {
      try {
        await form.validateFields(STEP_FIELDS.slice(step, nextStep).flat());
      } catch {
        return;
      }
      if (step === 3 && !view?.verified) {
        setFormError(t('onboarding.notVerified'));
        return;
      }
      setBusy(true);
      try {
        const v = await saveSteps(patchFor(step, form.getFieldsValue(true)));
        setView(v);
        persist(nextStep, v.id);
      } catch (e) {
        showServerError(e);
        return;
      } finally {
        setBusy(false);
      }
    }
    setFormError(null);
    persist(nextStep);
    setStep(nextStep);
  };

  const sendCode = async () => {
    try {
      await form.validateFields([
        ['admin', 'name'],
        ['admin', 'mobile'],
        ['admin', 'email'],
      ]);
    } catch {
      return;
    }
    setBusy(true);
    setFormError(null);
    try {
      const v = await saveSteps(patchFor(3, form.getFieldsValue(true)));
      setView(v);
      persist(3, v.id);
      const sent = await joinApi.sendCode(v.id);
      setSentTo(sent.to);
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };

  const verify = async () => {
    const code = String(form.getFieldValue('verifyCode') ?? '').trim();
    if (!/^\d{6}$/.test(code)) {
      form.setFields([{ name: 'verifyCode', errors: [t('onboarding.codeRequired')] }]);
      return;
    }
    if (!draftId) return;
    setBusy(true);
    try {
      setView(await joinApi.verify(draftId, code));
      setFormError(null);
    } catch (e) {
      if (e instanceof ApiError)
        form.setFields([{ name: 'verifyCode', errors: [e.localized(i18n.language)] }]);
      else setFormError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  const chooseTier = async (tier: Tier) => {
    try {
      setView(await saveSteps({ tierRequested: tier }));
    } catch (e) {
      showServerError(e);
    }
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
    if (!draftId) return;
    setBusy(true);
    try {
      const res = await joinApi.submit(draftId, v.password ?? '');
      clearDraft();
      try {
        localStorage.setItem(STATUS_KEY, JSON.stringify({ id: res.id, token: res.statusToken }));
      } catch {
        // the status link in the address bar is enough
      }
      navigate(`/join/status/${res.id}?token=${encodeURIComponent(res.statusToken)}`);
    } catch (e) {
      showServerError(e);
    } finally {
      setBusy(false);
    }
  };

  const show = (i: number) => ({ hidden: step !== i });
  const percentRules = [
    { required: true, type: 'number' as const, min: 0, max: 100, message: t('join.percentRequired') },
  ];
  const username = divisionCode ? `admin-${divisionCode}` : 'admin-…';

  return (
    <div className="page page-narrow">
      <h1>{t('join.title')}</h1>
      <p>{t('join.intro')}</p>
      {/* antd Steps' look in plain markup (styles.css `.join-steps`). */}
      <ol className="join-steps">
        {STEP_KEYS.map((k, i) => (
          <li
            key={k}
            className={i < step ? 'done' : i === step ? 'current' : undefined}
            aria-current={i === step ? 'step' : undefined}
          >
            <span className="join-step-icon" aria-hidden="true">
              {i < step ? '✓' : i + 1}
            </span>
            <span className="join-step-title">{t(`join.steps.${k}`)}</span>
          </li>
        ))}
      </ol>
      {/* Plain markup (styles.css `.panel`), not antd's Card and Typography: see the login page. */}
      <section className="panel">
        <h2 ref={headingRef} tabIndex={-1} className="step-heading">
          {step + 1}/{STEP_KEYS.length} · {t(`join.steps.${STEP_KEYS[step]!}`)}
        </h2>
        {formError ? (
          <Alert type="error" role="alert" showIcon message={formError} className="form-alert" />
        ) : null}
        {draftId && step > 0 ? <p className="muted panel-intro">{t('onboarding.draftSaved')}</p> : null}
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
              <Radio.Group
                {...RADIOGROUP}
                aria-label={t('join.areaType')}
                options={AREA_TYPES.map((v) => ({ value: v, label: categoryValueLabel(t, v) }))}
              />
            </Form.Item>
            <Form.Item
              label={t('join.development')}
              name={['profile', 'development']}
              rules={[{ required: true, message: t('join.developmentRequired') }]}
            >
              <Radio.Group
                {...RADIOGROUP}
                aria-label={t('join.development')}
                options={DEVELOPMENT.map((v) => ({ value: v, label: categoryValueLabel(t, v) }))}
              />
            </Form.Item>
            <Form.Item
              label={t('join.population')}
              getValueFromEvent={numberFrom}
              name={['profile', 'population']}
              rules={[
                { required: true, message: t('join.populationRequired') },
                // The server's own range (`POPULATION_RANGE`), so 0 is told apart from "empty".
                { type: 'integer', min: 1, max: 20_000_000, message: t('join.populationRange') },
              ]}
            >
              <NumberInput min={1} step={1} inputMode="numeric" />
            </Form.Item>
            <Form.Item
              label={t('join.migrantSharePercent')}
              getValueFromEvent={numberFrom}
              name={['profile', 'migrantSharePercent']}
              rules={percentRules}
            >
              <NumberInput min={0} max={100} step="any" inputMode="decimal" />
            </Form.Item>
            <Form.Item
              label={t('join.broadbandPercent')}
              getValueFromEvent={numberFrom}
              name={['profile', 'broadbandPercent']}
              rules={percentRules}
            >
              <NumberInput min={0} max={100} step="any" inputMode="decimal" />
            </Form.Item>
            <Form.Item
              label={t('join.lowIncomePercent')}
              getValueFromEvent={numberFrom}
              name={['profile', 'lowIncomePercent']}
              rules={percentRules}
            >
              <NumberInput min={0} max={100} step="any" inputMode="decimal" />
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
              <p className="muted rule">{t('join.categoryRule')}</p>
            </section>
          </div>

          <div {...show(2)}>
            <Form.Item
              label={t('join.tierRequested')}
              name="tierRequested"
              rules={[{ required: true, message: t('join.tierRequired') }]}
            >
              <Radio.Group
                {...RADIOGROUP}
                aria-label={t('join.tierRequested')}
                className="tier-options"
                onChange={(e) => void chooseTier(e.target.value as Tier)}
              >
                {TIERS.map((v) => (
                  <Radio key={v} value={v}>
                    <strong>{tierLabel(t, v)}</strong>
                    <span className="tier-info">{t(`tierInfo.${v}`)}</span>
                  </Radio>
                ))}
              </Radio.Group>
            </Form.Item>
            {view?.modulesPreview && view.tierRequested === values?.tierRequested ? (
              <section aria-labelledby="modules-preview" className="category-preview">
                <h3 id="modules-preview">{t('onboarding.modulesPreview')}</h3>
                <Space wrap>
                  {view.modulesPreview.modules.map((m) => (
                    <Tag key={m}>{moduleLabel(t, m)}</Tag>
                  ))}
                </Space>
                <p className="muted panel-intro">
                  {zh ? view.modulesPreview.note.zh : view.modulesPreview.note.en}
                </p>
                <Alert
                  type={view.needsApproval ? 'warning' : 'success'}
                  showIcon
                  message={view.needsApproval ? t('onboarding.needsApproval') : t('onboarding.noApproval')}
                />
              </section>
            ) : (
              <Alert type="info" showIcon message={t('join.tierModulesPlaceholder')} />
            )}
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
            <section aria-labelledby="verify-title" className="category-preview">
              <h3 id="verify-title">{t('onboarding.verifyTitle')}</h3>
              {view?.verified ? (
                <Alert type="success" showIcon role="status" message={t('onboarding.verified')} />
              ) : (
                <>
                  <Space wrap align="start">
                    <Button onClick={() => void sendCode()} loading={busy}>
                      {t('onboarding.sendCode')}
                    </Button>
                    {sentTo ? <span role="status">{t('onboarding.resendIn', { to: sentTo })}</span> : null}
                  </Space>
                  {config.data?.devOutbox ? (
                    <p className="muted panel-intro">{t('onboarding.devOutboxHint')}</p>
                  ) : null}
                  <Space wrap align="start">
                    <Form.Item label={t('onboarding.code')} name="verifyCode">
                      <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
                    </Form.Item>
                    <Button
                      className="verify-button"
                      onClick={() => void verify()}
                      disabled={!draftId}
                      loading={busy}
                    >
                      {t('onboarding.verify')}
                    </Button>
                  </Space>
                </>
              )}
            </section>
            <NewPasswordFields
              pool="staff"
              label={t('onboarding.password')}
              confirmLabel={t('onboarding.passwordConfirm')}
              requiredMessage={t('onboarding.passwordRequired')}
              mismatchMessage={t('onboarding.passwordMismatch')}
              note={t('onboarding.passwordHint', { username })}
            />
          </div>

          <div {...show(4)}>
            <p>{t('join.reviewHint')}</p>
            <Descriptions column={1} bordered size="small">
              <Descriptions.Item label={t('join.district')}>
                {[provinceName, cityName, districtName].filter(Boolean).join(' · ')}{' '}
                {divisionCode ? `(${divisionCode})` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('join.population')}>
                {values?.profile?.population ?? '—'}
              </Descriptions.Item>
              <Descriptions.Item label={t('onboarding.categoryRules')}>
                {view?.categoryRules ? (
                  <ul className="rule-lines">
                    {view.categoryRules.map((r) => (
                      <li key={r.dimension}>{zh ? r.message.zh : r.message.en}</li>
                    ))}
                  </ul>
                ) : (
                  '—'
                )}
              </Descriptions.Item>
              <Descriptions.Item label={t('join.tierRequested')}>
                {values?.tierRequested ? tierLabel(t, values.tierRequested) : '—'}
                {view?.needsApproval !== undefined
                  ? ` · ${view.needsApproval ? t('onboarding.needsApproval') : t('onboarding.noApproval')}`
                  : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('join.steps.admin')}>
                {[values?.admin?.name, values?.admin?.mobile, values?.admin?.email]
                  .filter(Boolean)
                  .join(' · ')}
                {view?.verified ? ` · ${t('onboarding.verified')}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('onboarding.adminUsername')}>{username}</Descriptions.Item>
            </Descriptions>
          </div>

          <div className="wizard-actions">
            {step > 0 ? <Button onClick={() => void go(step - 1)}>{t('join.previous')}</Button> : <span />}
            {step < LAST ? (
              <Button type="primary" onClick={() => void go(step + 1)} loading={busy}>
                {t('join.next')}
              </Button>
            ) : (
              <Button type="primary" onClick={() => void onSubmit()} loading={busy}>
                {t('join.submit')}
              </Button>
            )}
          </div>
        </Form>
      </section>
    </div>
  );
}
