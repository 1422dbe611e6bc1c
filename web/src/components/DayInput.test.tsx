import { fireEvent, render, screen } from '@testing-library/react';
import dayjs, { type Dayjs } from 'dayjs';
import { describe, expect, it, vi } from 'vitest';
import { DayInput } from './DayInput';

describe('DayInput', () => {
  it("reads and shows a day and time on China's clock, whatever the device's zone", () => {
    const onChange = vi.fn<(v: Dayjs | undefined) => void>();
    const { rerender } = render(<DayInput withTime aria-label="开始时间" onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('开始时间'), { target: { value: '2026-12-06T09:30' } });
    expect(onChange.mock.calls[0]?.[0]?.toISOString()).toBe('2026-12-06T01:30:00.000Z');

    rerender(<DayInput withTime aria-label="开始时间" value={dayjs('2026-12-06T01:30:00Z')} />);
    expect(screen.getByLabelText('开始时间')).toHaveValue('2026-12-06T09:30');
  });

  it('keeps a day as the day typed', () => {
    const onChange = vi.fn<(v: Dayjs | undefined) => void>();
    render(<DayInput aria-label="日期" onChange={onChange} />);
    fireEvent.change(screen.getByLabelText('日期'), { target: { value: '2026-12-06' } });
    expect(onChange.mock.calls[0]?.[0]?.format('YYYY-MM-DD')).toBe('2026-12-06');
  });
});
