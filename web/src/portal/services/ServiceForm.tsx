/** @jsxRuntime automatic @jsxImportSource react */
import { type ChangeEvent, type ReactNode, useId, useState } from 'react';
import { chinaDay } from '../../time';
import { type Translate, useI18n } from '../i18n';
import { pick, type ServiceField, type UploadRef } from './api';
import { errorText } from './session';

/** What the form holds while the resident fills it in (files: the refs already uploaded). */
export type Draft = Record<string, string | string[] | UploadRef[]>;
/** Field key → message already in the UI language. */
export type FieldErrors = Record<string, string>;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** An 18-character citizen ID number with a valid GB 11643 check character. */
export function validIdNumber(v: string): boolean {
  const s = v.trim().toUpperCase();
  if (!/^\d{17}[\dX]$/.test(s)) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return ID_CHECK[sum % 11] === s[17];
}

const MOBILE = /^1[3-9]\d{9}$/;
// The district's today, as the API checks `past`/`future` (not the UTC date: 00:00–08:00 differ).
const today = () => chinaDay();

export const formatBytes = (n: number): string =>
  n >= 1024 * 1024 ? `${Math.round((n / 1024 / 1024) * 10) / 10} MB` : `${Math.ceil(n / 1024)} KB`;

const isEmpty = (v: Draft[string] | undefined) =>
  v === undefined || (typeof v === 'string' ? v.trim() === '' : v.length === 0);

/**
 * The problems of `draft` against the service's typed fields, worded in the UI language. Prefilled
 * fields are the district's record (the server fills them): never checked here. The API checks
 * everything again; this only saves the resident a round trip.
 */
export function validateForm(
  fields: readonly ServiceField[],
  draft: Draft,
  t: Translate,
  opts: { prefilled?: readonly string[]; allOptional?: boolean } = {},
): FieldErrors {
  const errors: FieldErrors = {};
  const prefilled = new Set(opts.prefilled ?? []);
  for (const f of fields) {
    if (prefilled.has(f.key)) continue;
    const v = draft[f.key];
    if (isEmpty(v)) {
      if (f.required !== false && !opts.allOptional) errors[f.key] = t('field.required');
      continue;
    }
    const s = typeof v === 'string' ? v.trim() : '';
    switch (f.type) {
      case 'text':
      case 'address':
        if ('minLength' in f && f.minLength && s.length < f.minLength)
          errors[f.key] = t('field.tooShort', { min: f.minLength });
        else if (f.maxLength && s.length > f.maxLength)
          errors[f.key] = t('field.tooLong', { max: f.maxLength });
        break;
      case 'number': {
        const n = Number(s);
        if (!/^-?\d+(\.\d+)?$/.test(s) || !Number.isFinite(n)) errors[f.key] = t('field.number');
        else if (f.integer && !Number.isInteger(n)) errors[f.key] = t('field.integer');
        else if (f.min !== undefined && n < f.min) errors[f.key] = t('field.min', { min: f.min });
        else if (f.max !== undefined && n > f.max) errors[f.key] = t('field.max', { max: f.max });
        break;
      }
      case 'date':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) errors[f.key] = t('field.date');
        else if (f.range === 'past' && s > today()) errors[f.key] = t('field.past');
        else if (f.range === 'future' && s < today()) errors[f.key] = t('field.future');
        break;
      case 'idNumber':
        if (!validIdNumber(s)) errors[f.key] = t('field.idNumber');
        break;
      case 'mobile':
        if (!MOBILE.test(s.replace(/[\s-]/g, ''))) errors[f.key] = t('field.mobile');
        break;
      case 'file':
        if (f.maxFiles && Array.isArray(v) && v.length > f.maxFiles)
          errors[f.key] = t('field.tooManyFiles', { max: f.maxFiles });
        break;
      case 'choice':
        break;
    }
  }
  return errors;
}

/** The JSON the API takes: numbers as numbers, prefilled and empty fields left out (the server fills them). */
export function formBody(
  fields: readonly ServiceField[],
  draft: Draft,
  prefilled: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const skip = new Set(prefilled);
  for (const f of fields) {
    const v = draft[f.key];
    if (skip.has(f.key) || isEmpty(v)) continue;
    if (f.type === 'number' && typeof v === 'string') out[f.key] = Number(v.trim());
    else if (f.type === 'mobile' && typeof v === 'string') out[f.key] = v.replace(/[\s-]/g, '');
    else if (typeof v === 'string') out[f.key] = v.trim();
    else out[f.key] = v;
  }
  return out;
}

export interface ServiceFormProps {
  readonly fields: readonly ServiceField[];
  readonly draft: Draft;
  readonly onChange: (key: string, value: Draft[string]) => void;
  readonly errors: FieldErrors;
  /** Keys filled from the district's record: shown (masked) read-only. */
  readonly prefilled?: readonly string[];
  /** Masked values of the prefilled keys, as the prefill endpoint answered them. */
  readonly prefillValues?: Record<string, unknown>;
  /** Upload one file of a file field; answers its ref (the signed-upload flow). */
  readonly upload: (field: string, file: File) => Promise<UploadRef>;
  readonly allOptional?: boolean;
}

/** The form of a service, rendered from its typed fields: one labelled control per field. */
export function ServiceForm(props: ServiceFormProps) {
  const prefilled = new Set(props.prefilled ?? []);
  return (
    <div className="p-form">
      {props.fields.map((f) =>
        prefilled.has(f.key) ? (
          <PrefilledField key={f.key} field={f} value={props.prefillValues?.[f.key]} />
        ) : (
          <FieldControl
            key={f.key}
            field={f}
            value={props.draft[f.key]}
            error={props.errors[f.key]}
            onChange={(v) => props.onChange(f.key, v)}
            upload={props.upload}
            required={f.required !== false && !props.allOptional}
          />
        ),
      )}
    </div>
  );
}

function PrefilledField({ field, value }: { field: ServiceField; value: unknown }) {
  const { t, lang } = useI18n();
  const id = useId();
  const shown = Array.isArray(value) ? value.join('、') : value === undefined ? '' : String(value);
  return (
    <div className="p-field">
      <label htmlFor={id}>{pick(field.label, lang)}</label>
      <input id={id} className="p-input" value={shown} readOnly aria-describedby={`${id}-p`} />
      <p id={`${id}-p`} className="p-help">
        {t('apply.prefilled')}
      </p>
    </div>
  );
}

interface ControlProps {
  readonly field: ServiceField;
  readonly value: Draft[string] | undefined;
  readonly error: string | undefined;
  readonly onChange: (v: Draft[string]) => void;
  readonly upload: ServiceFormProps['upload'];
  readonly required: boolean;
}

function FieldControl({ field: f, value, error, onChange, upload, required }: ControlProps) {
  const { t, lang } = useI18n();
  const id = useId();
  const helpId = `${id}-help`;
  const errId = `${id}-err`;
  const described = [f.help ? helpId : '', error ? errId : ''].filter(Boolean).join(' ') || undefined;
  const label = (
    <>
      {pick(f.label, lang)}
      {required ? <span className="p-req">{t('apply.requiredMark')}</span> : null}
    </>
  );
  const common = {
    id,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': described,
    'aria-required': required || undefined,
  };
  const str = typeof value === 'string' ? value : '';
  const set = (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) =>
    onChange(e.target.value);
  let control: ReactNode;
  let group = false;
  switch (f.type) {
    case 'text':
    case 'address':
      control =
        (f.type === 'text' && f.multiline) || f.type === 'address' ? (
          <textarea
            {...common}
            className="p-input"
            rows={f.type === 'address' ? 2 : 4}
            value={str}
            onChange={set}
          />
        ) : (
          <input {...common} className="p-input" type="text" value={str} onChange={set} />
        );
      break;
    case 'number':
      control = (
        <span className="p-with-unit">
          <input
            {...common}
            className="p-input"
            type="text"
            inputMode={f.integer ? 'numeric' : 'decimal'}
            value={str}
            onChange={set}
          />
          {f.unit ? <span>{pick(f.unit, lang)}</span> : null}
        </span>
      );
      break;
    case 'date':
      control = (
        <input
          {...common}
          className="p-input"
          type="date"
          value={str}
          onChange={set}
          {...(f.range === 'past' ? { max: today() } : f.range === 'future' ? { min: today() } : {})}
        />
      );
      break;
    case 'idNumber':
      control = (
        <input
          {...common}
          className="p-input"
          type="text"
          autoComplete="off"
          maxLength={18}
          value={str}
          onChange={set}
        />
      );
      break;
    case 'mobile':
      control = (
        <input
          {...common}
          className="p-input"
          type="tel"
          inputMode="tel"
          autoComplete="tel"
          maxLength={13}
          value={str}
          onChange={set}
        />
      );
      break;
    case 'choice': {
      group = true;
      const chosen = Array.isArray(value) ? (value as string[]) : str ? [str] : [];
      control = (
        <div className="p-options">
          {f.options.map((o) => (
            <label key={o.value} className="p-option">
              <input
                type={f.multiple ? 'checkbox' : 'radio'}
                name={id}
                value={o.value}
                checked={chosen.includes(o.value)}
                onChange={(e) =>
                  onChange(
                    f.multiple
                      ? e.target.checked
                        ? [...chosen, o.value]
                        : chosen.filter((c) => c !== o.value)
                      : o.value,
                  )
                }
              />{' '}
              {pick(o.label, lang)}
            </label>
          ))}
        </div>
      );
      break;
    }
    case 'file':
      group = true;
      control = (
        <FileControl
          id={id}
          field={f}
          refs={Array.isArray(value) ? (value as UploadRef[]) : []}
          onChange={onChange}
          upload={upload}
          describedBy={described}
        />
      );
      break;
  }
  const help = f.help ? (
    <p id={helpId} className="p-help">
      {pick(f.help, lang)}
    </p>
  ) : null;
  const err = error ? (
    <p id={errId} className="p-field-error" role="alert">
      {error}
    </p>
  ) : null;
  if (group)
    return (
      <fieldset className="p-field" aria-describedby={described} data-field={f.key}>
        <legend>{label}</legend>
        {help}
        {control}
        {err}
      </fieldset>
    );
  return (
    <div className="p-field" data-field={f.key}>
      <label htmlFor={id}>{label}</label>
      {help}
      {control}
      {err}
    </div>
  );
}

type FileField = Extract<ServiceField, { type: 'file' }>;

function FileControl({
  id,
  field: f,
  refs,
  onChange,
  upload,
  describedBy,
}: {
  id: string;
  field: FileField;
  refs: UploadRef[];
  onChange: (v: UploadRef[]) => void;
  upload: ServiceFormProps['upload'];
  describedBy: string | undefined;
}) {
  const { t, lang } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const accept = f.accept ?? ['image/jpeg', 'image/png', 'application/pdf'];
  const maxBytes = f.maxBytes ?? 10 * 1024 * 1024;
  const maxFiles = f.maxFiles ?? 1;
  const types = accept.map((a) => a.split('/')[1]!.toUpperCase().replace('JPEG', 'JPG')).join(' / ');

  const pickFiles = async (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    e.target.value = '';
    setProblem(null);
    let next = refs;
    for (const file of files) {
      if (next.length >= maxFiles) {
        setProblem(t('field.tooManyFiles', { max: maxFiles }));
        break;
      }
      if (!accept.includes(file.type as (typeof accept)[number])) {
        setProblem(t('field.fileType'));
        continue;
      }
      if (file.size > maxBytes) {
        setProblem(t('field.fileSize', { size: formatBytes(maxBytes) }));
        continue;
      }
      setBusy(file.name);
      try {
        const ref = await upload(f.key, file);
        next = [...next, ref];
        onChange(next);
      } catch (err) {
        setProblem(`${t('field.uploadFailed')} ${errorText(err, lang)}`);
      } finally {
        setBusy(null);
      }
    }
  };

  return (
    <div className="p-files">
      {refs.length > 0 ? (
        <ul className="p-file-list">
          {refs.map((r) => (
            <li key={r.uploadId}>
              <span>
                {r.name} <span className="p-muted">({formatBytes(r.size)})</span>
              </span>
              <button
                type="button"
                className="p-btn p-btn-text"
                onClick={() => onChange(refs.filter((x) => x.uploadId !== r.uploadId))}
              >
                {t('apply.remove', { name: r.name })}
              </button>
            </li>
          ))}
        </ul>
      ) : null}
      {refs.length < maxFiles ? (
        <>
          <input
            id={id}
            className="p-visually-hidden p-file-input"
            type="file"
            accept={accept.join(',')}
            multiple={maxFiles > 1}
            onChange={pickFiles}
            disabled={busy !== null}
            aria-describedby={[`${id}-hint`, describedBy].filter(Boolean).join(' ')}
          />
          <label htmlFor={id} className="p-btn p-file-button">
            {t('apply.upload')}
            <span className="p-visually-hidden"> {pick(f.label, lang)}</span>
          </label>
        </>
      ) : null}
      <p id={`${id}-hint`} className="p-help">
        {t('apply.fileHint', { types, size: formatBytes(maxBytes) })}
      </p>
      {busy ? (
        <p role="status" className="p-muted">
          {t('apply.uploading', { name: busy })}
        </p>
      ) : null}
      {problem ? (
        <p className="p-field-error" role="alert">
          {problem}
        </p>
      ) : null}
    </div>
  );
}
