import { Input } from 'antd';
import type { CSSProperties } from 'react';

/**
 * A number (instead of antd's InputNumber: ~8 KB gzipped with its decimal arithmetic): the native
 * number input inside antd's Input, so it works inside `Form.Item` (value: a number) and follows the
 * form's `disabled`. `precision` rounds what is typed (0: whole numbers).
 */
export function NumberInput({
  value,
  onChange,
  min,
  max,
  precision,
  style,
  ...rest
}: {
  id?: string;
  value?: number | null | undefined;
  onChange?: (value: number | undefined) => void;
  min?: number;
  max?: number;
  /** The callers' usual increment (not enforced: see `step` below). */
  step?: number;
  precision?: number;
  disabled?: boolean;
  placeholder?: string;
  style?: CSSProperties;
  'aria-label'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}) {
  return (
    <Input
      {...rest}
      type="number"
      inputMode={precision === 0 ? 'numeric' : 'decimal'}
      // Any value is accepted and rounded to `precision`: a step constraint would make the browser
      // refuse e.g. 2.5 hours from a minimum of 0.1 (its steps 0.1, 0.6, …) and block the form.
      step="any"
      min={min}
      max={max}
      style={style ?? { width: 200, maxWidth: '100%' }}
      value={value ?? ''}
      onChange={(e) => {
        const v = e.target.value;
        const n = Number(v);
        if (v === '' || Number.isNaN(n)) onChange?.(undefined);
        else onChange?.(precision === undefined ? n : Number(n.toFixed(precision)));
      }}
    />
  );
}
