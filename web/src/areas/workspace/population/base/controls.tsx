/**
 * Native controls for antd's Form.Item (which hands them `id`, `value` and `onChange`): the base-data
 * forms keep antd's Form (rules, field errors from the API) but not antd's Select, Input and
 * InputNumber, ~60 KB gzipped between them (styles.css `.native-*`).
 */
import type { InputHTMLAttributes, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';

type Controlled<T, V> = Omit<T, 'value' | 'onChange'> & { value?: V; onChange?: (v: V) => void };

/** One choice of a list; no choice yet reads `placeholder` (or —). */
export function NativeSelect({
  options,
  value,
  onChange,
  placeholder,
  className,
  ...rest
}: Controlled<SelectHTMLAttributes<HTMLSelectElement>, string | undefined> & {
  options: readonly { value: string; label: string; disabled?: boolean }[];
  placeholder?: string;
}) {
  return (
    <select
      {...rest}
      className={`native-select native-block${className ? ` ${className}` : ''}`}
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value || undefined)}
    >
      <option value="">{placeholder ?? '—'}</option>
      {options.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {o.label}
        </option>
      ))}
    </select>
  );
}

/** Several choices as checkboxes (a grid's buildings); disabled ones say why in their label. */
export function CheckList({
  id,
  label,
  options,
  value,
  onChange,
  empty,
  ...rest
}: Controlled<InputHTMLAttributes<HTMLFieldSetElement>, string[] | undefined> & {
  id?: string;
  /** The group's accessible name (its Form.Item label). */
  label: string;
  options: readonly { value: string; label: string; disabled?: boolean }[];
  /** Said when there is nothing to choose. */
  empty?: string;
}) {
  const chosen = new Set(value ?? []);
  return (
    <fieldset
      id={id}
      aria-label={label}
      aria-describedby={rest['aria-describedby']}
      className="form-fieldset checkbox-group check-list"
    >
      {options.length === 0 && empty ? <span className="muted">{empty}</span> : null}
      {options.map((o) => (
        <label key={o.value} className={o.disabled ? 'checkbox checkbox-disabled' : 'checkbox'}>
          <input
            type="checkbox"
            checked={chosen.has(o.value)}
            disabled={o.disabled}
            onChange={(e) => {
              if (o.disabled) return;
              onChange?.(
                e.target.checked ? [...(value ?? []), o.value] : (value ?? []).filter((x) => x !== o.value),
              );
            }}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A line of text. */
export function TextInput({
  value,
  onChange,
  className,
  ...rest
}: Controlled<InputHTMLAttributes<HTMLInputElement>, string | undefined>) {
  return (
    <input
      {...rest}
      className={`native-input native-block${className ? ` ${className}` : ''}`}
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value)}
    />
  );
}

/** A few lines of text, with the count of characters when `maxLength` is set. */
export function TextArea({
  value,
  onChange,
  ...rest
}: Controlled<TextareaHTMLAttributes<HTMLTextAreaElement>, string | undefined>) {
  return (
    <>
      <textarea
        {...rest}
        className="native-input native-block"
        value={value ?? ''}
        onChange={(e) => onChange?.(e.target.value)}
      />
      {rest.maxLength ? (
        <div className="form-field-extra" style={{ textAlign: 'right' }}>
          {(value ?? '').length} / {rest.maxLength}
        </div>
      ) : null}
    </>
  );
}

/** A number (whole unless `step` says otherwise); empty is undefined. */
export function NumberInput({
  value,
  onChange,
  step = 1,
  ...rest
}: Controlled<InputHTMLAttributes<HTMLInputElement>, number | undefined | null>) {
  return (
    <input
      {...rest}
      type="number"
      step={step}
      inputMode={step === 1 ? 'numeric' : 'decimal'}
      className="native-input native-block"
      value={value ?? ''}
      onChange={(e) => {
        const n = e.target.value === '' ? undefined : Number(e.target.value);
        onChange?.(n === undefined || Number.isNaN(n) ? undefined : n);
      }}
    />
  );
}
