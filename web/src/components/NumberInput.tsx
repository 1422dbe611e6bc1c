import { Input } from 'antd';
import type { CSSProperties } from 'react';

/**
 * A whole number (instead of antd's InputNumber: ~8 KB gzipped with its decimal arithmetic); works
 * inside antd's `Form.Item` (value: a number) and follows the form's `disabled`.
 */
export function NumberInput({
  value,
  onChange,
  min,
  max,
  style,
  ...rest
}: {
  id?: string;
  value?: number | null | undefined;
  onChange?: (value: number | undefined) => void;
  min?: number;
  max?: number;
  disabled?: boolean;
  style?: CSSProperties;
  'aria-invalid'?: boolean | 'true' | 'false';
}) {
  return (
    <Input
      {...rest}
      type="number"
      inputMode="numeric"
      step={1}
      min={min}
      max={max}
      style={style ?? { width: 200 }}
      value={value ?? ''}
      onChange={(e) => {
        const v = e.target.value;
        onChange?.(v === '' || Number.isNaN(Number(v)) ? undefined : Math.trunc(Number(v)));
      }}
    />
  );
}
