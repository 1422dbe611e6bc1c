/**
 * Plain-markup pieces of the ministry console, in place of antd's Select, Input, InputNumber,
 * Form.Item, Card, Segmented and Tag (buttons: `components/plain.tsx`): the
 * console's route and its lazy panels each stay within the 300 KB staff-route budget
 * (web/scripts/budgets.ts), and native controls work with a keyboard, a screen reader and on a
 * phone without a custom widget. Styles: styles.css (`.panel`, `.plan-select`, `.checkbox`,
 * `.data-table`…) and ministry.css.
 */
import { type ReactNode, useId, useState } from 'react';
import { Button, Notice } from '../../components/plain';

export interface Choice {
  readonly value: string;
  readonly label: string;
}

/** A labelled native select. */
export function SelectField({
  id,
  label,
  value,
  onChange,
  options,
  disabled,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  options: readonly Choice[];
  disabled?: boolean;
}) {
  return (
    <label htmlFor={id} className="plan-select">
      <span>{label}</span>
      <select
        id={id}
        className="filter-select"
        value={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.value)}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </label>
  );
}

/** A labelled text, number or multi-line input. */
export function InputField({
  id,
  label,
  value,
  onChange,
  type = 'text',
  rows,
  min,
  max,
  step,
  required,
  placeholder,
  maxLength,
  wide,
  autoFocus,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  type?: 'text' | 'number';
  /** Lines of a multi-line field (a textarea). */
  rows?: number;
  min?: number;
  max?: number;
  step?: number | 'any';
  required?: boolean;
  placeholder?: string;
  maxLength?: number;
  wide?: boolean;
  autoFocus?: boolean;
}) {
  return (
    <label htmlFor={id} className={wide ? 'plan-select plan-justification' : 'plan-select'}>
      <span>{label}</span>
      {rows ? (
        <textarea
          id={id}
          className="plain-input"
          rows={rows}
          value={value}
          required={required}
          placeholder={placeholder}
          maxLength={maxLength}
          // biome-ignore lint/a11y/noAutofocus: a form opened by the user's own click, focus moves to it
          autoFocus={autoFocus}
          onChange={(e) => onChange(e.target.value)}
        />
      ) : (
        <input
          id={id}
          className="plain-input"
          type={type}
          value={value}
          min={min}
          max={max}
          step={step}
          required={required}
          placeholder={placeholder}
          maxLength={maxLength}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </label>
  );
}

/** A titled section (antd Card's place): `extra` on the title's line. */
export function Panel({
  title,
  extra,
  children,
  level = 2,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
  level?: 2 | 3;
}) {
  const id = useId();
  const Heading = level === 2 ? 'h2' : 'h3';
  return (
    <section className="panel" aria-labelledby={id}>
      <div className="plan-row" style={{ justifyContent: 'space-between', marginTop: 0 }}>
        <Heading className="card-title" id={id} style={{ marginBottom: 0 }}>
          {title}
        </Heading>
        {extra}
      </div>
      {children}
    </section>
  );
}

/** One of a few views (antd Segmented's place): buttons telling which is shown (aria-pressed). */
export function ViewSwitch<V extends string>({
  label,
  value,
  onChange,
  options,
}: {
  label: string;
  value: V;
  onChange: (v: V) => void;
  options: readonly { value: V; label: string }[];
}) {
  return (
    // biome-ignore lint/a11y/useSemanticElements: a row of toggle buttons named as a group, not a form part
    <div role="group" aria-label={label} className="actions view-switch">
      {options.map((o) => (
        <Button
          key={o.value}
          variant={o.value === value ? 'primary' : 'default'}
          aria-pressed={o.value === value}
          onClick={() => onChange(o.value)}
        >
          {o.label}
        </Button>
      ))}
    </div>
  );
}

/** A small label (antd Tag's place). */
export function Badge({
  tone,
  children,
  title,
}: {
  tone?: 'green' | 'gold' | 'red' | 'blue';
  children: ReactNode;
  title?: string;
}) {
  return (
    <span className={tone ? `plain-badge plain-badge-${tone}` : 'plain-badge'} title={title}>
      {children}
    </span>
  );
}

/** Native checkboxes for a few values (antd Checkbox.Group's place), named by `labelledBy`. */
export function CheckboxGroup({
  labelledBy,
  value,
  onChange,
  options,
  disabled,
}: {
  labelledBy: string;
  value: readonly string[];
  onChange: (value: string[]) => void;
  options: readonly Choice[];
  disabled?: boolean;
}) {
  return (
    <fieldset aria-labelledby={labelledBy} className="form-fieldset checkbox-group">
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="checkbox"
            checked={value.includes(o.value)}
            disabled={disabled}
            onChange={(e) =>
              onChange(
                e.target.checked
                  ? options.map((x) => x.value).filter((v) => v === o.value || value.includes(v))
                  : value.filter((v) => v !== o.value),
              )
            }
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * A result shown where the action was taken (antd's `message` toasts' place, without antd's App):
 * `[node, show]`; errors are announced as alerts, the rest as status.
 */
export function useNotice() {
  const [notice, show] = useState<{ type: 'success' | 'info' | 'error'; text: string } | null>(null);
  const node = notice ? (
    <Notice
      type={notice.type}
      title={notice.text}
      role={notice.type === 'error' ? 'alert' : 'status'}
      className="page-alert"
    />
  ) : null;
  return [node, show] as const;
}

/** Why a change is made: a few lines kept with the change in its history. */
export function WhyField({
  id,
  label,
  value,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <label htmlFor={id} className="plan-justification">
      <span>{label}</span>
      <textarea
        id={id}
        className="plain-input"
        rows={2}
        value={value}
        onChange={(e) => onChange(e.target.value)}
      />
    </label>
  );
}
