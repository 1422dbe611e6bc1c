import type { ButtonHTMLAttributes, ReactNode } from 'react';

/**
 * The few controls the staff client's first screen needs, in plain markup styled like antd's
 * (styles.css `.ui-btn`, `.ui-notice`, `.ui-tag`, `.ui-empty`) with the theme's accessible colours. The entry
 * and the workspace shell use these, so a phone does not download and run antd (its CSS-in-JS and
 * theme, ~55 KB compressed) before the first screen; the pages behind the menu use antd inside
 * their own chunk (`lazyArea` gives them the theme, src/theme/AntdTheme.tsx).
 */
export function Button({
  variant = 'default',
  size,
  block,
  icon,
  loading,
  className,
  children,
  type = 'button',
  disabled,
  ...rest
}: Omit<ButtonHTMLAttributes<HTMLButtonElement>, 'type'> & {
  variant?: 'default' | 'primary' | 'text';
  size?: 'small';
  block?: boolean;
  icon?: ReactNode;
  loading?: boolean;
  type?: 'button' | 'submit';
}) {
  const cls = [
    'ui-btn',
    `ui-btn-${variant}`,
    size ? `ui-btn-${size}` : '',
    block ? 'ui-btn-block' : '',
    className ?? '',
  ]
    .filter(Boolean)
    .join(' ');
  return (
    <button
      {...rest}
      type={type}
      className={cls}
      disabled={disabled || loading}
      aria-busy={loading || undefined}
    >
      {loading ? <span className="ui-btn-spin" aria-hidden="true" /> : icon}
      {children === undefined ? null : <span>{children}</span>}
    </button>
  );
}

const NOTICE_ICON = { error: '✕', warning: '!', info: 'i', success: '✓' } as const;

/** A message box (antd's Alert look): a title, optional description and action. */
export function Notice({
  type,
  title,
  description,
  action,
  role,
  className,
}: {
  type: 'error' | 'warning' | 'info' | 'success';
  title: ReactNode;
  description?: ReactNode;
  action?: ReactNode;
  role?: 'alert' | 'status';
  className?: string;
}) {
  return (
    <div
      className={`ui-notice ui-notice-${type}${description ? ' ui-notice-with-description' : ''}${className ? ` ${className}` : ''}`}
      role={role}
    >
      <span className="ui-notice-icon" aria-hidden="true">
        {NOTICE_ICON[type]}
      </span>
      <div className="ui-notice-content">
        <div className="ui-notice-title">{title}</div>
        {description ? <div className="ui-notice-description">{description}</div> : null}
      </div>
      {action ? <div className="ui-notice-action">{action}</div> : null}
    </div>
  );
}

/** A small label (antd's Tag look). */
export function Tag({
  color = 'default',
  children,
}: {
  color?: 'default' | 'success' | 'warning' | 'error' | 'processing';
  children: ReactNode;
}) {
  return <span className={`ui-tag ui-tag-${color}`}>{children}</span>;
}

/** A progress line (antd Progress's look, styles.css `.progress`), the percentage beside it. */
export function Progress({ percent, label }: { percent: number; label: string }) {
  return (
    <div className="progress">
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className={`progress-fill${percent >= 100 ? ' done' : ''}`} style={{ width: `${percent}%` }} />
      </div>
      <span>{percent}%</span>
    </div>
  );
}
