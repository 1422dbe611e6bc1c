import dayjs, { type Dayjs } from 'dayjs';
import { chinaDay, fromChinaLocal, toChinaLocal } from '../time';

/**
 * A day (`type="date"`) or a day and time (`datetime-local`) held as a dayjs value, in place of
 * antd's DatePicker (~35 KB gzipped with its panels and Trigger): the forms keep their dayjs
 * values and the phone shows its own picker. Works inside antd's `Form.Item`. `max="today"` /
 * `min="today"` bound it to today. Days and times are China's (`web/src/time.ts`): "today" is the
 * district's, and a time typed as 09:30 is 09:30 in Beijing whatever the device's zone.
 */
export function DayInput({
  value,
  onChange,
  withTime,
  min,
  max,
  id,
  disabled,
  className,
  ...aria
}: {
  value?: Dayjs | null | undefined;
  onChange?: (value: Dayjs | undefined) => void;
  withTime?: boolean;
  min?: 'today' | Dayjs;
  max?: 'today' | Dayjs;
  id?: string;
  disabled?: boolean;
  className?: string;
  'aria-label'?: string;
  'aria-invalid'?: boolean | 'true' | 'false';
}) {
  const format = withTime ? 'YYYY-MM-DDTHH:mm' : 'YYYY-MM-DD';
  const bound = (b: 'today' | Dayjs | undefined) =>
    b === undefined ? undefined : b === 'today' ? chinaDay() : b.format(format.slice(0, 10));
  return (
    <input
      {...aria}
      id={id}
      disabled={disabled}
      type={withTime ? 'datetime-local' : 'date'}
      className={`native-control${className ? ` ${className}` : ''}`}
      value={value ? (withTime ? toChinaLocal(value.valueOf()) : value.format(format)) : ''}
      min={bound(min) && withTime ? `${bound(min)}T00:00` : bound(min)}
      max={bound(max) && withTime ? `${bound(max)}T23:59` : bound(max)}
      onChange={(e) =>
        onChange?.(
          e.target.value ? dayjs(withTime ? fromChinaLocal(e.target.value) : e.target.value) : undefined,
        )
      }
    />
  );
}
