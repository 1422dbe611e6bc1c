import { describe, expect, it } from 'vitest';
import {
  type CatalogueEntry,
  hasMarkup,
  isOffered,
  matchesSearch,
  offeredServices,
  plainText,
} from '../src/index.ts';
import { SERVICE_TEMPLATES } from '../src/templates.ts';

const entries: CatalogueEntry[] = SERVICE_TEMPLATES.map((definition) => ({
  definition,
  enabled: definition.code !== 'venue-booking',
  origin: 'template',
  updatedAt: '2026-12-01T00:00:00Z',
  updatedBy: 'system',
}));
const byCode = (code: string) => SERVICE_TEMPLATES.find((t) => t.code === code)!;

describe('catalogue view', () => {
  it('offers services without a module in every tier, the others with their module', () => {
    expect(isOffered(byCode('repair-report'), [])).toBe(true);
    expect(isOffered(byCode('minimum-living-allowance'), ['channel-portal'])).toBe(false);
    expect(isOffered(byCode('minimum-living-allowance'), ['civil-affairs'])).toBe(true);
    const basic = offeredServices(entries, { modules: ['channel-portal'] }).map((e) => e.definition.code);
    expect(basic).toEqual(['dispute-mediation', 'repair-report', 'residence-certificate']);
  });

  it('matches pinyin initials, full-width and spaced input, Chinese names and summaries', () => {
    const dibao = byCode('minimum-living-allowance');
    for (const q of ['dbsq', 'DB', 'ＤＢＳＱ', ' d b ', 'bs', '低保', '最低生活'])
      expect(matchesSearch(dibao, q), q).toBe(true);
    for (const q of ['gljt', '高龄', 'x']) expect(matchesSearch(dibao, q), q).toBe(false);
  });

  it('ranks an initials prefix first and leaves switched-off services out', () => {
    const all = offeredServices(entries, { modules: ['civil-affairs'], q: 'sq' }).map(
      (e) => e.definition.code,
    );
    expect(all).toContain('minimum-living-allowance');
    const cd = offeredServices(entries, { modules: [], q: 'cdyy' });
    expect(cd).toEqual([]); // venue-booking is switched off
    const pref = offeredServices(entries, { modules: ['civil-affairs'], q: 'db' });
    expect(pref[0]?.definition.code).toBe('minimum-living-allowance');
  });

  it('filters by channel', () => {
    const sms = offeredServices(entries, { modules: ['social-security'], channel: 'sms' });
    expect(sms.length).toBeGreaterThan(0);
    for (const e of sms) expect(e.definition.channels).toContain('sms');
  });

  it('refuses markup in free text', () => {
    for (const s of ['<b>x</b>', 'a <script>', '&lt;', '&#60;', '< img'] as const)
      expect(hasMarkup(s), s).toBe(true);
    for (const s of ['1 < 2', 'A&B 公司', '低保 <=3 人']) expect(hasMarkup(s), s).toBe(false);
    expect(plainText(5).safeParse('  abc ').data).toBe('abc');
    expect(plainText(5).safeParse('abcdef').success).toBe(false);
    expect(plainText(50).safeParse('<i>x</i>').success).toBe(false);
  });
});
