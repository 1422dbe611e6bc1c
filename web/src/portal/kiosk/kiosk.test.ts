import { describe, expect, it } from 'vitest';
import { DEFAULT_IDLE_SECONDS, idleSecondsOf } from './KioskPage';
import { caseNumberOf, fill, kioskStrings } from './strings';

describe('kiosk', () => {
  it('idle timeout: 60 s by default, ?idle= between 10 and 600 s', () => {
    expect(DEFAULT_IDLE_SECONDS).toBe(60);
    expect(idleSecondsOf('')).toBe(60);
    expect(idleSecondsOf('?idle=90')).toBe(90);
    for (const bad of ['?idle=5', '?idle=601', '?idle=abc', '?idle=12.5'])
      expect(idleSecondsOf(bad)).toBe(60);
  });

  it('formats a keyed-in case number and fills strings in both languages', () => {
    expect(caseNumberOf('110101202612020007')).toBe('110101-20261202-0007');
    expect(caseNumberOf('1101')).toBe('1101');
    expect(fill(kioskStrings('zh-CN').hello, { name: '李**' })).toBe('李**，您好');
    expect(Object.keys(kioskStrings('en'))).toEqual(Object.keys(kioskStrings('zh-CN')));
  });
});
