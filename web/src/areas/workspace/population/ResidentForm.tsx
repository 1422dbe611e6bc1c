import { Alert } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useCommunities } from '../../../api/client';
import {
  isParked,
  RESIDENT_TAGS,
  type Resident,
  type ResidentInput,
  useCreateResident,
  useMoveIn,
  useUpdateResident,
} from '../../../api/population';
import { Dialog } from '../../../components/Dialog';
import { useDivisionNames } from '../../../components/DivisionName';
import { FormField, fieldProps, useFieldErrors } from '../../../components/FormField';
import { useErrorMessage } from '../../../components/States';
import { type CodeList, codeLabel, codeOptions } from './codeLabels';
import { topField, usePopulationScope } from './common';

const isCodeList = (f: string): f is CodeList =>
  f === 'ethnicity' || f === 'education' || f === 'politicalStatus' || f === 'relationship';

const TEXT_FIELDS = [
  'name',
  'idNumber',
  'mobile',
  'ethnicity',
  'education',
  'politicalStatus',
  'building',
  'unit',
  'room',
  'householdRef',
  'relationship',
] as const;
const ALL_FIELDS = [
  ...TEXT_FIELDS,
  'registration',
  'tags',
  'communityCode',
  'from',
  'sex',
  'birthDate',
] as const;

type Values = Partial<
  Record<(typeof TEXT_FIELDS)[number] | 'registration' | 'communityCode' | 'from', string>
> & {
  tags?: string[];
};

const clear = (v: unknown) => typeof v === 'string' && v !== '' && !v.includes('*');

/**
 * Register, edit or move in a resident. Editing a masked record sends only the fields the user
 * filled in (a masked value is never written back); field errors of the API (ID checksum, sex or
 * birth-date mismatch…) appear under their fields in the UI language.
 */
export function ResidentFormModal({
  mode,
  resident,
  onClose,
  onDone,
}: {
  mode: 'create' | 'edit' | 'move-in';
  resident?: Resident;
  onClose: () => void;
  /** Told what happened (saved, or parked for the street's review). */
  onDone?: (text: string) => void;
}) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const errorText = useErrorMessage();
  const { scope, caps } = usePopulationScope();
  const [problem, setProblem] = useState<string[]>([]);
  const street = scope.street ?? resident?.streetCode;
  // A community worker reads their own street's entry, filtered to their community.
  const communities = useCommunities(street ?? caps.fixedCommunity?.slice(0, 9));
  const nameOf = useDivisionNames([resident?.communityCode]);
  const create = useCreateResident();
  const moveIn = useMoveIn();
  const update = useUpdateResident(resident?.id ?? '');
  const pending = create.isPending || moveIn.isPending || update.isPending;

  // Prefill with what is known in clear (a revealed record); masked values become placeholders.
  const initial: Values = {};
  if (resident) {
    for (const f of TEXT_FIELDS) if (clear(resident[f])) initial[f] = resident[f] as string;
    if (clear(resident.registration)) initial.registration = resident.registration!;
    if (resident.tags?.every(clear)) initial.tags = resident.tags.filter((x) => x !== 'elderly');
  } else {
    initial.registration = 'local';
  }
  if (mode !== 'edit') {
    const c = caps.fixedCommunity ?? scope.community;
    if (c) initial.communityCode = c;
  }

  const [values, setValues] = useState<Values>(initial);
  const { errors, setErrors, clear: clearError, fromProblem } = useFieldErrors();
  const set = <K extends keyof Values>(f: K, v: Values[K]) => {
    setValues((x) => ({ ...x, [f]: v }));
    clearError(f);
  };

  const placeholder = (f: keyof Resident) => {
    if (mode !== 'edit' || !resident) return undefined;
    const v = resident[f];
    if (v === undefined || clear(v)) return undefined;
    const current = Array.isArray(v)
      ? v.join('、')
      : isCodeList(f)
        ? (codeLabel(f, String(v), i18n.language) ?? String(v))
        : String(v);
    return t('population.form.keepBlank', { current });
  };

  const onError = (err: unknown) => {
    const { fields, rest: lines } = fromProblem(err, i18n.language, {
      known: ALL_FIELDS,
      rename: topField,
    });
    setProblem(
      fields.length && !lines.length ? [t('population.form.fixErrors')] : [errorText(err), ...lines],
    );
  };

  const submit = async () => {
    const v = values;
    if (required) {
      const missing: Record<string, string[]> = {};
      for (const f of ['name', 'idNumber', 'registration', 'communityCode'] as const)
        if (!v[f]?.trim())
          missing[f] = [t('population.form.required', { field: t(`population.fields.${f}`) })];
      if (Object.keys(missing).length) {
        setErrors(missing);
        setProblem([t('population.form.fixErrors')]);
        return;
      }
    }
    setProblem([]);
    const body: ResidentInput & { from?: string } = {};
    for (const f of TEXT_FIELDS) {
      const s = v[f]?.trim();
      if (s) body[f] = s;
    }
    if (v.registration) body.registration = v.registration;
    if (v.communityCode) body.communityCode = v.communityCode;
    if (mode === 'edit') {
      if (v.tags && JSON.stringify(v.tags) !== JSON.stringify(initial.tags)) body.tags = v.tags;
      if (v.registration === initial.registration) delete body.registration;
      for (const f of TEXT_FIELDS) if (body[f] === initial[f]) delete body[f];
      if (Object.keys(body).length === 0) {
        setProblem([t('population.form.nothingChanged')]);
        return;
      }
      try {
        const r = await update.mutateAsync({ ...body, version: resident!.version });
        onDone?.(isParked(r) ? t('population.detail.parked') : t('population.form.saved'));
        onClose();
      } catch (err) {
        onError(err);
      }
      return;
    }
    body.tags = v.tags ?? [];
    try {
      const r =
        mode === 'move-in'
          ? await moveIn.mutateAsync({ ...body, ...(v.from?.trim() ? { from: v.from.trim() } : {}) })
          : await create.mutateAsync(body);
      if (isParked(r)) {
        // Nothing moved yet: the source community's street (or the district) confirms first.
        onDone?.(
          t(r.review.action === 'move-in' ? 'population.form.transferPending' : 'population.detail.parked'),
        );
        onClose();
        return;
      }
      onDone?.(t('population.form.saved'));
      onClose();
      navigate(`/workspace/population/residents/${r.id}`);
    } catch (err) {
      onError(err);
    }
  };

  const title =
    mode === 'create'
      ? t('population.form.createTitle')
      : mode === 'move-in'
        ? t('population.form.moveInTitle')
        : t('population.form.editTitle');
  const required = mode !== 'edit';
  /** The props of a text field's `FormField` and its `<input>`. */
  const text = (
    f: (typeof TEXT_FIELDS)[number] | 'from',
    opts: { max: number; extra?: string; mono?: boolean; tel?: boolean },
  ) => (
    <FormField
      key={f}
      id={`resident-${f}`}
      label={f === 'from' ? t('population.form.from') : t(`population.fields.${f}`)}
      required={required && (f === 'name' || f === 'idNumber')}
      errors={errors[f]}
      extra={opts.extra}
    >
      <input
        {...fieldProps(`resident-${f}`, errors[f], opts.extra)}
        aria-required={(required && (f === 'name' || f === 'idNumber')) || undefined}
        className={`native-input native-block${opts.mono ? ' mono' : ''}`}
        maxLength={opts.max}
        autoComplete="off"
        inputMode={opts.tel ? 'tel' : undefined}
        placeholder={f === 'from' ? undefined : placeholder(f)}
        value={values[f] ?? ''}
        onChange={(e) => set(f, e.target.value)}
      />
    </FormField>
  );
  const select = (
    f: 'registration' | 'communityCode' | CodeList,
    options: readonly { value: string; label: string; title?: string }[],
    opts: { required?: boolean; disabled?: boolean; empty?: string | undefined } = {},
  ) => (
    <FormField
      key={f}
      id={`resident-${f}`}
      label={t(`population.fields.${f}`)}
      required={opts.required}
      errors={errors[f]}
    >
      <select
        {...fieldProps(`resident-${f}`, errors[f])}
        aria-required={opts.required || undefined}
        className="native-select native-block"
        disabled={opts.disabled}
        value={values[f] ?? ''}
        onChange={(e) => set(f, e.target.value || undefined)}
      >
        {opts.required && values[f] ? null : <option value="">{opts.empty ?? '—'}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value} title={o.title}>
            {o.label}
          </option>
        ))}
      </select>
    </FormField>
  );
  const tagOptions = RESIDENT_TAGS.filter((k) => k !== 'elderly');

  return (
    <Dialog
      title={title}
      okText={t('population.form.save')}
      cancelText={t('population.common.cancel')}
      onOk={() => void submit()}
      onCancel={onClose}
      confirmLoading={pending}
      width={720}
    >
      {mode === 'move-in' ? <Alert type="info" showIcon message={t('population.form.moveInIntro')} /> : null}
      <form
        className="resident-form form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {text('name', { max: 50 })}
        {text('idNumber', { max: 18, mono: true, extra: t('population.form.idHelp') })}
        {select(
          'registration',
          [
            { value: 'local', label: t('population.registration.local') },
            { value: 'migrant', label: t('population.registration.migrant') },
          ],
          { required, empty: placeholder('registration') },
        )}
        {text('mobile', { max: 20, tel: true })}
        {select(
          'communityCode',
          (communities.data ?? []).map((c) => ({ value: c.code, label: c.name, title: c.code })),
          {
            required,
            disabled: Boolean(caps.fixedCommunity) && mode !== 'edit',
            empty:
              mode === 'edit'
                ? (nameOf(resident?.communityCode) ?? resident?.communityCode)
                : t('population.scope.chooseCommunity'),
          },
        )}
        <fieldset className="form-fieldset form-field" aria-describedby="resident-tags-extra">
          <legend className="form-field-label">{t('population.fields.tags')}</legend>
          <div className="checkbox-group">
            {tagOptions.map((k) => (
              <label key={k} className="checkbox">
                <input
                  type="checkbox"
                  checked={values.tags?.includes(k) ?? false}
                  onChange={(e) =>
                    set(
                      'tags',
                      e.target.checked
                        ? [...(values.tags ?? []), k]
                        : (values.tags ?? []).filter((x) => x !== k),
                    )
                  }
                />
                {t(`population.tags.${k}`)}
              </label>
            ))}
          </div>
          <div id="resident-tags-extra" className="form-field-extra">
            {placeholder('tags') ?? t('population.form.tagsHelp')}
          </div>
          {errors.tags?.length ? (
            <div className="form-field-error" role="alert">
              {errors.tags.join(' ')}
            </div>
          ) : null}
        </fieldset>
        <div className="form-grid-3">
          {(['building', 'unit', 'room'] as const).map((f) => text(f, { max: 20 }))}
        </div>
        {text('householdRef', { max: 40 })}
        {(['relationship', 'ethnicity', 'education', 'politicalStatus'] as const).map((f) =>
          select(f, codeOptions(f, i18n.language), { empty: placeholder(f) }),
        )}
        {mode === 'move-in' ? <div className="span-all">{text('from', { max: 100 })}</div> : null}
      </form>
      {problem.length ? (
        <Alert
          type="error"
          role="alert"
          showIcon
          message={problem[0]}
          description={problem.length > 1 ? problem.slice(1).join('；') : undefined}
        />
      ) : null}
    </Dialog>
  );
}
