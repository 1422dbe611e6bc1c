import { type ReactNode, useCallback, useState } from 'react';
import { type ProblemFieldOptions, problemFields } from './formErrors';

/**
 * A form field in plain markup (styles.css `.form-field`: antd Form.Item's vertical look): the
 * label bound to the control by `id`, the help text, and the field's errors announced with the
 * control (`aria-describedby`). antd's Form brings rc-field-form, async-validator and, through
 * its label tooltip, Tooltip and Trigger (~45 KB gzipped); a dialog of a few fields needs none of it.
 * The control gets its attributes from `control(id)`.
 */
export function FormField({
  id,
  label,
  required,
  extra,
  errors,
  children,
  className,
}: {
  id: string;
  label: ReactNode;
  required?: boolean;
  extra?: ReactNode;
  errors?: readonly string[] | undefined;
  /** The control; give it `{...fieldProps(id, errors, extra)}`. */
  children: ReactNode;
  className?: string;
}) {
  return (
    <div
      className={`form-field${errors?.length ? ' form-field-has-error' : ''}${className ? ` ${className}` : ''}`}
    >
      <label htmlFor={id} className={required ? 'form-field-label form-field-required' : 'form-field-label'}>
        {label}
      </label>
      {children}
      {errors?.length ? (
        <div id={`${id}-error`} className="form-field-error" role="alert">
          {errors.join(' ')}
        </div>
      ) : null}
      {extra ? (
        <div id={`${id}-extra`} className="form-field-extra">
          {extra}
        </div>
      ) : null}
    </div>
  );
}

/** The attributes a control of a `FormField` takes: its id, invalid state and descriptions. */
export function fieldProps(id: string, errors?: readonly string[], extra?: unknown) {
  const described = [errors?.length ? `${id}-error` : '', extra ? `${id}-extra` : '']
    .filter(Boolean)
    .join(' ');
  return {
    id,
    'aria-invalid': errors?.length ? (true as const) : undefined,
    'aria-describedby': described || undefined,
  };
}

export type FieldErrors = Readonly<Record<string, readonly string[]>>;

/**
 * The errors of a plain form by field: set by the form's own checks or from a problem+json answer
 * (`fromProblem`, the same mapping as antd forms get from `applyProblem`), cleared as a field changes.
 */
export function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});
  const clear = useCallback(
    (name: string) =>
      setErrors((e) => {
        if (!(name in e)) return e;
        const { [name]: _, ...rest } = e;
        return rest;
      }),
    [],
  );
  const fromProblem = useCallback((err: unknown, lang: string, opts: ProblemFieldOptions = {}) => {
    const out = problemFields(err, lang, opts);
    const next: Record<string, string[]> = {};
    for (const f of out.fields) {
      const key = String(f.name[0]);
      next[key] = [...(next[key] ?? []), ...f.errors];
    }
    setErrors(next);
    return out;
  }, []);
  return { errors, setErrors, clear, fromProblem };
}
