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
  step,
  precision,
  style,
  ...rest
}: {
  id?: string;
  value?: number | null | undefined;
  onChange?: (value: number | undefined) => void;
  min?: number;
  max?: number;
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
      step={step ?? (precision === undefined ? 'any' : 10 ** -precision)}
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
