import {
  type CSSProperties,
  type KeyboardEvent,
  type ReactNode,
  type SelectHTMLAttributes,
  useEffect,
  useId,
  useRef,
  useState,
} from 'react';
import { useTranslation } from 'react-i18next';
import { Button } from './plain';

/**
 * Plain controls for the workspace pages (issue 17's route budgets): antd's Select (with its
 * Trigger, virtual list and Overflow, ~40 KB gzipped), DatePicker (~35 KB), Tabs (~21 KB, with
 * Menu and Dropdown for its overflow), Popconfirm (Popover, Tooltip, Trigger) and Result load with
 * every page that uses them. The native controls are also what a low-end phone or a kiosk handles
 * best (the system's own picker, the keyboard as usual). styles.css `.native-control` gives them
 * antd's look.
 */

export interface Option {
  readonly value: string;
  readonly label: ReactNode;
  readonly disabled?: boolean;
}

type NativeSelectProps = Omit<SelectHTMLAttributes<HTMLSelectElement>, 'value' | 'onChange'> & {
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  options: readonly Option[];
  /**
   * The text of the empty choice (no value). Without it, the empty choice is shown only while no
   * value is chosen (as antd's placeholder) and cannot be chosen back.
   */
  placeholder?: string;
  /** The empty choice stays selectable (antd's `allowClear`). */
  allowClear?: boolean;
};

/**
 * A native `<select>` for a list of values; works inside antd's `Form.Item` (which gives it `id`,
 * `value` and `onChange`) and alone beside a `<label htmlFor>`.
 */
export function NativeSelect({
  value,
  onChange,
  options,
  placeholder,
  allowClear,
  className,
  ...rest
}: NativeSelectProps) {
  const { t } = useTranslation();
  const empty = value === undefined || value === null || value === '';
  return (
    <select
      {...rest}
      className={`native-control${className ? ` ${className}` : ''}`}
      value={empty ? '' : value}
      onChange={(e) => onChange?.(e.target.value === '' ? undefined : e.target.value)}
    >
      {empty || allowClear ? (
        <option value="" disabled={!allowClear}>
          {placeholder ?? (allowClear ? t('select.any') : t('select.none'))}
        </option>
      ) : null}
      {options.map((o) => (
        <option key={o.value} value={o.value} disabled={o.disabled}>
          {typeof o.label === 'string' || typeof o.label === 'number' ? o.label : String(o.value)}
        </option>
      ))}
    </select>
  );
}

/** A labelled filter: the label above a native select (the lists' filter rows). */
export function SelectFilter({
  label,
  style,
  ...select
}: NativeSelectProps & { label: ReactNode; style?: CSSProperties }) {
  const auto = useId();
  const id = select.id ?? auto;
  return (
    <div className="filter-field" style={style}>
      <label htmlFor={id}>{label}</label>
      <NativeSelect {...select} id={id} />
    </div>
  );
}

/**
 * A date (`type="date"`, value `YYYY-MM-DD`) or date and time (`datetime-local`, `YYYY-MM-DDTHH:mm`)
 * as a string; works inside antd's `Form.Item` as NativeSelect does.
 */
export function DateInput({
  value,
  onChange,
  withTime,
  className,
  ...rest
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'> & {
  value?: string | undefined;
  onChange?: (value: string | undefined) => void;
  withTime?: boolean;
}) {
  return (
    <input
      {...rest}
      type={withTime ? 'datetime-local' : 'date'}
      className={`native-control${className ? ` ${className}` : ''}`}
      value={value ?? ''}
      onChange={(e) => onChange?.(e.target.value === '' ? undefined : e.target.value)}
    />
  );
}

/**
 * A button whose action is asked for again in place (instead of antd's Popconfirm): the question
 * with 确定 / 取消 replaces the button until answered; Escape cancels.
 */
export function ConfirmButton({
  title,
  onConfirm,
  children,
  danger,
  size,
  type,
  loading,
  disabled,
  okText,
  cancelText,
  ariaLabel,
}: {
  title: ReactNode;
  /** The button's accessible name when its text alone is not enough (e.g. 撤销 + the key's name). */
  ariaLabel?: string;
  onConfirm: () => void;
  children: ReactNode;
  danger?: boolean;
  size?: 'small';
  type?: 'default' | 'primary';
  loading?: boolean;
  disabled?: boolean;
  okText?: string;
  cancelText?: string;
}) {
  const { t } = useTranslation();
  const [asking, setAsking] = useState(false);
  // The question's 确定 gets the focus, and the button gets it back after the answer.
  const box = useRef<HTMLSpanElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking || wasAsking.current) box.current?.querySelector('button')?.focus();
    wasAsking.current = asking;
  }, [asking]);
  if (!asking)
    return (
      <span ref={box} className="confirm-trigger">
        <Button
          className={danger ? 'ui-btn-danger' : undefined}
          {...(size === 'small' ? { size } : {})}
          variant={type === 'primary' ? 'primary' : 'default'}
          loading={loading}
          disabled={disabled}
          aria-label={ariaLabel}
          onClick={() => setAsking(true)}
        >
          {children}
        </Button>
      </span>
    );
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') setAsking(false);
  };
  return (
    // biome-ignore lint/a11y/useSemanticElements: a group of two buttons and their question, not a form
    <span
      ref={box}
      className="confirm-inline"
      role="group"
      aria-label={typeof title === 'string' ? title : undefined}
      onKeyDown={onKeyDown}
    >
      <span>{title}</span>
      <Button
        size="small"
        variant="primary"
        className={danger ? 'ui-btn-danger' : undefined}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {okText ?? t('confirm.ok')}
      </Button>
      <Button size="small" onClick={() => setAsking(false)}>
        {cancelText ?? t('confirm.cancel')}
      </Button>
    </span>
  );
}

export interface TabItem {
  readonly key: string;
  readonly label: ReactNode;
  readonly children: ReactNode;
}

/**
 * Tabs in plain markup (WAI-ARIA tabs: arrow keys, Home and End move between them); a panel stays
 * mounted once opened, as antd's Tabs keep it.
 */
export function TabSet({
  items,
  activeKey,
  defaultActiveKey,
  onChange,
  label,
}: {
  items: readonly TabItem[];
  activeKey?: string;
  defaultActiveKey?: string;
  onChange?: (key: string) => void;
  label?: string;
}) {
  const base = useId();
  const [own, setOwn] = useState(defaultActiveKey ?? items[0]?.key);
  const active = activeKey ?? own;
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const refs = useRef(new Map<string, HTMLButtonElement>());
  const select = (key: string) => {
    setOwn(key);
    onChange?.(key);
  };
  const shown = new Set(opened);
  if (active) shown.add(active);
  useEffect(() => {
    if (active && !opened.has(active)) setOpened((o) => new Set(o).add(active));
  }, [active, opened]);
  const onKeyDown = (e: KeyboardEvent, index: number) => {
    const to =
      e.key === 'ArrowRight'
        ? (index + 1) % items.length
        : e.key === 'ArrowLeft'
          ? (index - 1 + items.length) % items.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? items.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const key = items[to]!.key;
    select(key);
    refs.current.get(key)?.focus();
  };
  return (
    <div className="tab-set">
      <div role="tablist" aria-label={label} className="tab-list">
        {items.map((item, i) => (
          <button
            key={item.key}
            ref={(el) => {
              if (el) refs.current.set(item.key, el);
              else refs.current.delete(item.key);
            }}
            type="button"
            role="tab"
            id={`${base}-tab-${item.key}`}
            aria-controls={shown.has(item.key) ? `${base}-panel-${item.key}` : undefined}
            aria-selected={item.key === active}
            tabIndex={item.key === active ? 0 : -1}
            className="tab"
            onClick={() => select(item.key)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {item.label}
          </button>
        ))}
      </div>
      {items
        .filter((item) => shown.has(item.key))
        .map((item) => (
          <div
            key={item.key}
            role="tabpanel"
            id={`${base}-panel-${item.key}`}
            aria-labelledby={`${base}-tab-${item.key}`}
            hidden={item.key !== active}
            className="tab-panel"
          >
            {item.children}
          </div>
        ))}
    </div>
  );
}

/** What a page shows when its module is off (404) or the caller's role may not use it (403). */
export function Unavailable({ status, text }: { status: '403' | '404'; text: string }) {
  return (
    <div className={`unavailable unavailable-${status}`} role="status">
      <p className="unavailable-code" aria-hidden="true">
        {status}
      </p>
      <p>{text}</p>
    </div>
  );
}

/**
 * Several values chosen by checkboxes (instead of a multiple Select); works inside antd's
 * `Form.Item` (value: the chosen values). `label` names the group.
 */
export function CheckboxList({
  value,
  onChange,
  options,
  label,
  id,
}: {
  value?: readonly string[] | undefined;
  onChange?: (value: string[]) => void;
  options: readonly Option[];
  label: string;
  id?: string;
}) {
  const chosen = new Set(value ?? []);
  return (
    <fieldset className="form-fieldset checkbox-group" aria-label={label} id={id}>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="checkbox"
            checked={chosen.has(o.value)}
            disabled={o.disabled}
            onChange={(e) =>
              onChange?.(e.target.checked ? [...chosen, o.value] : [...chosen].filter((v) => v !== o.value))
            }
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/** A secret or code shown once, with a button that copies it (instead of antd's copyable Typography). */
export function CopyText({ text, testId }: { text: string; testId?: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy-text">
      <code className="mono" data-testid={testId}>
        {text}
      </code>
      <Button
        size="small"
        onClick={() =>
          void navigator.clipboard?.writeText(text).then(
            () => setCopied(true),
            () => undefined,
          )
        }
      >
        {copied ? t('copy.copied') : t('copy.copy')}
      </Button>
    </span>
  );
}

/**
 * A titled box in antd Card's look (styles.css `.panel`), instead of antd's Card, which brings
 * Tabs (with Menu, Dropdown and Trigger) and Skeleton into every page using it (~55 KB gzipped).
 */
export function Panel({
  title,
  extra,
  size,
  children,
  className,
  style,
}: {
  /** The heading (an h2 or h3 with `.card-title`). */
  title?: ReactNode;
  /** What sits at the end of the title row (a status tag, an action). */
  extra?: ReactNode;
  size?: 'small';
  children?: ReactNode;
  className?: string;
  style?: CSSProperties;
}) {
  return (
    <section
      className={`panel${size === 'small' ? ' panel-small' : ''}${className ? ` ${className}` : ''}`}
      style={style}
    >
      {title || extra ? (
        <div className="panel-head">
          {title}
          {extra ? <div className="panel-extra">{extra}</div> : null}
        </div>
      ) : null}
      {children}
    </section>
  );
}

/**
 * One value of a few, as native radio buttons (instead of antd's Radio.Group); works inside antd's
 * `Form.Item`. `label` names the group.
 */
export function RadioList({
  value,
  onChange,
  options,
  label,
  id,
  name,
}: {
  value?: string | undefined;
  onChange?: (value: string) => void;
  options: readonly Option[];
  label: string;
  id?: string;
  /** The radios' name (default: one of its own). */
  name?: string;
}) {
  const auto = useId();
  return (
    <fieldset className="form-fieldset checkbox-group" aria-label={label} id={id}>
      {options.map((o) => (
        <label key={o.value} className="checkbox">
          <input
            type="radio"
            name={name ?? auto}
            value={o.value}
            checked={value === o.value}
            disabled={o.disabled}
            onChange={() => onChange?.(o.value)}
          />
          {o.label}
        </label>
      ))}
    </fieldset>
  );
}

/**
 * On / off (instead of antd's Switch): a button with `role="switch"`; works inside antd's
 * `Form.Item` with `valuePropName="checked"`.
 */
export function Toggle({
  checked,
  onChange,
  loading,
  disabled,
  id,
  ...aria
}: {
  checked?: boolean;
  onChange?: (checked: boolean) => void;
  loading?: boolean;
  disabled?: boolean;
  id?: string;
  'aria-label'?: string;
}) {
  return (
    <button
      {...aria}
      id={id}
      type="button"
      role="switch"
      aria-checked={!!checked}
      aria-busy={loading || undefined}
      disabled={disabled || loading}
      className={`toggle${checked ? ' toggle-on' : ''}`}
      onClick={() => onChange?.(!checked)}
    >
      <span className="toggle-handle" aria-hidden="true" />
    </button>
  );
}

/**
 * A native checkbox with its text (instead of antd's Checkbox); works inside antd's `Form.Item`
 * with `valuePropName="checked"` (the form reads `event.target.checked`).
 */
export function Check({
  children,
  className,
  ...input
}: Omit<React.InputHTMLAttributes<HTMLInputElement>, 'type'> & { children?: ReactNode }) {
  return (
    <label className={`checkbox${className ? ` ${className}` : ''}`}>
      <input {...input} type="checkbox" />
      {children}
    </label>
  );
}
