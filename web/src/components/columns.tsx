import type { Key, ReactNode } from 'react';
import type { DataColumn } from './DataTable';

/**
 * A column as antd's Table describes it (title, the field it shows, how a cell is drawn): the pages
 * that moved from antd's Table to DataTable keep their column lists in this shape.
 */
export interface FieldColumn<T> {
  readonly title?: ReactNode;
  readonly dataIndex?: string;
  readonly key?: Key;
  // biome-ignore lint/suspicious/noExplicitAny: the cell's value is whatever the field holds
  readonly render?: (value: any, row: T, index: number) => ReactNode;
  readonly className?: string;
  readonly align?: 'left' | 'right' | 'center';
  /** Ignored (the table sizes its columns to their content). */
  readonly width?: number | string;
}

/** DataTable columns from field columns (value: `row[dataIndex]`; the key: `key`, the field or the place). */
export function fieldColumns<T>(
  columns: readonly (FieldColumn<T> | false | null | undefined)[],
): DataColumn<T>[] {
  return columns
    .filter((c): c is FieldColumn<T> => !!c)
    .map((c, i) => ({
      key: String(c.key ?? c.dataIndex ?? i),
      title: c.title ?? '',
      ...(c.className ? { className: c.className } : {}),
      ...(c.align === 'right' ? { align: 'right' as const } : {}),
      render: (row: T) => {
        const value = c.dataIndex ? (row as Record<string, unknown>)[c.dataIndex] : undefined;
        return c.render ? c.render(value, row, 0) : ((value ?? '') as ReactNode);
      },
    }));
}
