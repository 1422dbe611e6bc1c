import {
  type ButtonHTMLAttributes,
  type FormEvent,
  type InputHTMLAttributes,
  type ReactNode,
  useId,
  useState,
} from 'react';

/**
 * The few form controls of the resident identity pages (sign-up, sign-in), in the portal's own
 * markup (portal.css `.p-field`, `.p-input`): a resident on a slow phone downloads no component
 * library to sign in. Errors show on submit, are announced with their control and clear as the
 * resident corrects the field; the first field in error takes the focus.
 */

/** A field's rule: the message when `value` breaks it. */
export type Check<T> = (value: T) => string | undefined;
type Checks<V> = { [K in keyof V]?: Check<V[K]> };

export function useForm<V extends { [K in keyof V]: string | boolean }>(initial: V) {
  const prefix = useId();
  const [values, setValues] = useState<V>(initial);
  const [errors, setErrors] = useState<Partial<Record<keyof V, string>>>({});
  // The rules of the last submit: from then on a field is checked again as it changes, so the
  // resident sees an error go (or change) while correcting it, not only on the next submit.
  const [checked, setChecked] = useState<Checks<V> | null>(null);
  const id = (key: keyof V) => `${prefix}-${String(key)}`;
  const set = <K extends keyof V>(key: K, value: V[K]) => {
    setValues((v) => ({ ...v, [key]: value }));
    const message = checked?.[key]?.(value);
    setErrors((e) => {
      const { [key]: _gone, ...rest } = e;
      return (message ? { ...rest, [key]: message } : rest) as Partial<Record<keyof V, string>>;
    });
  };
  /** A submit handler: checks every field, then calls `onValid` with the values if none failed. */
  const submit = (checks: Checks<V>, onValid: (values: V) => void) => (e: FormEvent) => {
    e.preventDefault();
    setChecked(checks);
    const found: Partial<Record<keyof V, string>> = {};
    for (const key of Object.keys(checks) as (keyof V)[]) {
      const message = checks[key]?.(values[key]);
      if (message) found[key] = message;
    }
    setErrors(found);
    const first = (Object.keys(found) as (keyof V)[])[0];
    if (first !== undefined) {
      document.getElementById(id(first))?.focus();
      return;
    }
    onValid(values);
  };
  const reset = () => {
    setValues(initial);
    setErrors({});
    setChecked(null);
  };
  return { values, errors, id, set, submit, reset };
}

/** The ids a control is described by: its error first, then its hint. */
const describedBy = (id: string, error?: string, hint?: ReactNode) =>
  [error ? `${id}-error` : '', hint ? `${id}-hint` : ''].filter(Boolean).join(' ') || undefined;

/** A labelled text input; `prefix` is shown before it (the country code of a mobile number). */
export function TextField({
  id,
  label,
  hint,
  error,
  prefix,
  value,
  onValue,
  ...input
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'value' | 'onChange' | 'prefix'> & {
  id: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string | undefined;
  prefix?: string;
  value: string;
  onValue: (value: string) => void;
}) {
  const control = (
    <input
      {...input}
      id={id}
      className="p-input"
      value={value}
      onChange={(e) => onValue(e.target.value)}
      aria-invalid={error ? true : undefined}
      aria-describedby={describedBy(id, error, hint)}
    />
  );
  return (
    <div className="p-field">
      <label htmlFor={id}>{label}</label>
      {prefix ? (
        <div className="p-input-group">
          <span className="p-input-prefix" aria-hidden="true">
            {prefix}
          </span>
          {control}
        </div>
      ) : (
        control
      )}
      {error ? (
        <p id={`${id}-error`} className="p-field-error" role="alert">
          {error}
        </p>
      ) : null}
      {hint ? (
        <p id={`${id}-hint`} className="p-help">
          {hint}
        </p>
      ) : null}
    </div>
  );
}

/** A checkbox with its label beside it (the consent to the processing of personal information). */
export function CheckField({
  id,
  label,
  error,
  checked,
  onValue,
}: {
  id: string;
  label: ReactNode;
  error?: string | undefined;
  checked: boolean;
  onValue: (checked: boolean) => void;
}) {
  return (
    <div className="p-field">
      <label className="p-check">
        <input
          id={id}
          type="checkbox"
          checked={checked}
          onChange={(e) => onValue(e.target.checked)}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${id}-error` : undefined}
        />
        <span>{label}</span>
      </label>
      {error ? (
        <p id={`${id}-error`} className="p-field-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** A submit or action button in the portal's look; `busy` disables it and says so. */
export function ActionButton({
  busy,
  primary,
  type = 'button',
  className,
  children,
  ...rest
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  busy?: boolean;
  primary?: boolean;
  type?: 'button' | 'submit';
  children: ReactNode;
}) {
  return (
    <button
      {...rest}
      type={type}
      className={`p-btn p-btn-block${primary ? ' p-btn-primary' : ''}${className ? ` ${className}` : ''}`}
      disabled={busy || rest.disabled}
      aria-busy={busy || undefined}
    >
      {children}
    </button>
  );
}
