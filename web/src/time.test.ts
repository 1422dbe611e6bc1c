import { describe, expect, it } from 'vitest';
import {
  chinaClock,
  chinaDateTime,
  chinaDay,
  chinaEndOfDay,
  fromChinaLocal,
  toChinaLocal,
  when,
} from './time';

describe("the web client's clock is China's", () => {
  it("gives the China date of an instant, whatever the device's zone", () => {
    expect(chinaDay('2026-12-02T15:59:59Z')).toBe('2026-12-02');
    expect(chinaDay('2026-12-02T16:00:00Z')).toBe('2026-12-03');
    expect(chinaDay(Date.parse('2026-12-31T23:30:00Z'))).toBe('2027-01-01');
  });

  it('shows a moment in China time: staff formats', () => {
    // An event at 09:30 Beijing time is stored as 01:30 UTC.
    expect(chinaDateTime('2026-12-06T01:30:05.000Z')).toBe('2026-12-06 09:30');
    expect(chinaDateTime('2026-12-06T01:30:05.000Z', { seconds: true })).toBe('2026-12-06 09:30:05');
    expect(chinaDateTime('2026-12-31T16:10:00Z')).toBe('2027-01-01 00:10');
    expect(chinaClock('2026-12-06T01:30:05.000Z')).toBe('09:30');
    expect(chinaClock('2026-12-06T01:30:05.000Z', { seconds: true })).toBe('09:30:05');
  });

  it("reads what staff type on China's clock", () => {
    expect(chinaEndOfDay('2026-12-06')).toBe('2026-12-06T15:59:59.999Z');
    expect(fromChinaLocal('2026-12-06T09:30').toISOString()).toBe('2026-12-06T01:30:00.000Z');
    expect(toChinaLocal('2026-12-06T01:30:00.000Z')).toBe('2026-12-06T09:30');
  });

  it("shows a moment in China time in the resident's language", () => {
    expect(when('2026-12-06T01:30:00.000Z', 'zh-CN')).toBe('2026/12/06 09:30');
    expect(when('2026-12-06T01:30:00.000Z', 'en')).toBe('06/12/2026, 09:30');
  });
});
