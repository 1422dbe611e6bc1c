import { describe, expect, it } from 'vitest';
import { chinaDay, when } from './time';

describe("the portal's clock is China's", () => {
  it("gives the China date of an instant, whatever the device's zone", () => {
    expect(chinaDay('2026-12-02T15:59:59Z')).toBe('2026-12-02');
    expect(chinaDay('2026-12-02T16:00:00Z')).toBe('2026-12-03');
    expect(chinaDay(Date.parse('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('shows a moment in China time, in either language', () => {
    // An event at 09:30 Beijing time is stored as 01:30 UTC.
    expect(when('2026-12-06T01:30:00.000Z', 'zh-CN')).toBe('2026/12/06 09:30');
    expect(when('2026-12-06T01:30:00.000Z', 'en')).toBe('06/12/2026, 09:30');
  });
});
