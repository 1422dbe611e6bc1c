import { type Key, type ReactNode, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A column: its heading and what a row shows in it. */
export interface DataColumn<T> {
  readonly key: string;
  readonly title: ReactNode;
  readonly render: (row: T) => ReactNode;
  readonly align?: 'left' | 'right';
  readonly className?: string;
}

/**
 * A read-only table in plain markup (styles.css `.data-table`: antd's Table look) for the screens every
 * workspace page loads with. antd's Table brings its filter dropdown (Tree, Menu, Dropdown, Checkbox,
 * Radio, Input), Pagination, Select and Tooltip, ~100 KB gzipped; a list that is only shown needs
 * none of that. Rows may open a detail below them (`expand`), and a long list pages locally.
 */
export function DataTable<T>({
  rows,
  rowKey,
  columns,
  label,
  size,
  expand,
  pageSize,
  empty,
  busy,
  caption,
  select,
  rowClassName,
}: {
  rows: readonly T[];
  rowKey: (row: T) => Key;
  columns: readonly DataColumn<T>[];
  /** The table's accessible name. */
  label?: string;
  size?: 'small';
  /** A detail row under a row, opened by a button at the start of the row. */
  expand?: {
    readonly render: (row: T) => ReactNode;
    readonly can?: (row: T) => boolean;
  };
  /** Rows per page when there are more (previous / next under the table). */
  pageSize?: number;
  /** Shown in the body when there are no rows. */
  empty?: ReactNode;
  /** A new set of rows is on its way (the rows shown are dimmed and `aria-busy`). */
  busy?: boolean;
  /** A title shown above the rows (`<caption>`). */
  caption?: ReactNode;
  /** Rows chosen by a checkbox at the start of each row (and one for all rows shown). */
  select?: {
    readonly selected: readonly Key[];
    readonly onChange: (keys: Key[]) => void;
    /** The accessible name of a row's checkbox (e.g. its number). */
    readonly rowLabel: (row: T) => string;
    /** The accessible name of the checkbox for all rows shown. */
    readonly allLabel: string;
  };
  /** A class for a row's `<tr>` (e.g. `row-selected`). */
  rowClassName?: (row: T) => string | undefined;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<ReadonlySet<Key>>(new Set());
  const [page, setPage] = useState(1);
  // A table wider than its box scrolls sideways (a phone): the box then takes keyboard focus, so the
  // arrow keys scroll it, and is named by the table's label (WCAG 2.1.1; axe scrollable-region-focusable).
  const wrap = useRef<HTMLDivElement>(null);
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const el = wrap.current;
    if (!el) return;
    const check = () => setScrolls(el.scrollWidth > el.clientWidth + 1);
    check();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(check);
    observer.observe(el);
    if (el.firstElementChild) observer.observe(el.firstElementChild);
    return () => observer.disconnect();
  }, []);
  const pages = pageSize && rows.length > pageSize ? Math.ceil(rows.length / pageSize) : 1;
  const current = Math.min(page, pages);
  const shown = pages > 1 && pageSize ? rows.slice((current - 1) * pageSize, current * pageSize) : rows;
  const span = columns.length + (expand ? 1 : 0) + (select ? 1 : 0);
  const chosen = new Set(select?.selected ?? []);
  const shownKeys = shown.map(rowKey);
  const allChosen = shownKeys.length > 0 && shownKeys.every((k) => chosen.has(k));
  const toggle = (k: Key) =>
    setOpen((o) => {
      const next = new Set(o);
      if (!next.delete(k)) next.add(k);
      return next;
    });
  return (
    <div
      ref={wrap}
      className={`data-table-wrap${size === 'small' ? ' data-table-small' : ''}`}
      {...(scrolls ? { tabIndex: 0, role: 'region', 'aria-label': label } : {})}
    >
      <table
        className={`data-table${busy ? ' data-table-busy' : ''}`}
        aria-label={label}
        aria-busy={busy || undefined}
      >
        {caption ? <caption className="data-table-caption">{caption}</caption> : null}
        <thead>
          <tr>
            {expand ? <td className="data-table-expand-cell" /> : null}
            {select ? (
              <td className="data-table-expand-cell">
                <input
                  type="checkbox"
                  className="data-table-check"
                  aria-label={select.allLabel}
                  checked={allChosen}
                  disabled={shownKeys.length === 0}
                  ref={(el) => {
                    if (el) el.indeterminate = !allChosen && shownKeys.some((k) => chosen.has(k));
                  }}
                  onChange={(e) =>
                    select.onChange(
                      e.target.checked
                        ? [...chosen, ...shownKeys.filter((k) => !chosen.has(k))]
                        : [...chosen].filter((k) => !shownKeys.includes(k)),
                    )
                  }
                />
              </td>
            ) : null}
            {columns.map((c) => (
              <th key={c.key} scope="col" style={c.align ? { textAlign: c.align } : undefined}>
                {c.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.length === 0 && empty !== undefined ? (
            <tr className="data-table-empty">
              <td colSpan={span}>{empty}</td>
            </tr>
          ) : null}
          {shown.flatMap((row) => {
            const k = rowKey(row);
            const isOpen = open.has(k);
            const canOpen = expand && (expand.can?.(row) ?? true);
            const cells = (
              <tr key={k} className={rowClassName?.(row) || undefined}>
                {expand ? (
                  <td className="data-table-expand-cell">
                    {canOpen ? (
                      <button
                        type="button"
                        className="data-table-expand"
                        aria-expanded={isOpen}
                        aria-label={isOpen ? t('table.collapse') : t('table.expand')}
                        onClick={() => toggle(k)}
                      >
                        <span aria-hidden>{isOpen ? '−' : '+'}</span>
                      </button>
                    ) : null}
                  </td>
                ) : null}
                {select ? (
                  <td className="data-table-expand-cell">
                    <input
                      type="checkbox"
                      className="data-table-check"
                      aria-label={select.rowLabel(row)}
                      checked={chosen.has(k)}
                      onChange={(e) =>
                        select.onChange(
                          e.target.checked ? [...chosen, k] : [...chosen].filter((x) => x !== k),
                        )
                      }
                    />
                  </td>
                ) : null}
                {columns.map((c) => (
                  <td
                    key={c.key}
                    className={c.className}
                    style={c.align ? { textAlign: c.align } : undefined}
                  >
                    {c.render(row)}
                  </td>
                ))}
              </tr>
            );
            return expand && isOpen
              ? [
                  cells,
                  <tr key={`${k}-detail`} className="data-table-detail">
                    <td colSpan={span}>{expand.render(row)}</td>
                  </tr>,
                ]
              : [cells];
          })}
        </tbody>
      </table>
      {pages > 1 ? (
        <nav aria-label={t('pager.label')} className="data-table-pager">
          <button type="button" disabled={current <= 1} onClick={() => setPage(current - 1)}>
            {t('pager.prev')}
          </button>
          <span aria-live="polite">
            {t('pager.page', { page: current })} / {pages}
          </span>
          <button type="button" disabled={current >= pages} onClick={() => setPage(current + 1)}>
            {t('pager.next')}
          </button>
        </nav>
      ) : null}
    </div>
  );
}
