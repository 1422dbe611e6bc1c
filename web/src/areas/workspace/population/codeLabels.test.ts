import { describe, expect, it } from 'vitest';
import { codeLabel, codeOptions } from './codeLabels';

describe('national code lists by label', () => {
  it('reads stored codes as labels in the UI language', () => {
    expect(codeLabel('ethnicity', '01', 'zh-CN')).toBe('汉族');
    expect(codeLabel('ethnicity', '06', 'en')).toBe('Miao');
    expect(codeLabel('politicalStatus', '13', 'zh-CN')).toBe('群众');
    expect(codeLabel('education', 'high-school', 'zh-CN')).toBe('普通高中');
    expect(codeLabel('relationship', '02', 'zh-CN')).toBe('户主');
  });

  it('keeps a masked or unknown value as it is, and nothing as nothing', () => {
    expect(codeLabel('ethnicity', '***', 'zh-CN')).toBe('***');
    expect(codeLabel('ethnicity', '99x', 'zh-CN')).toBe('99x');
    expect(codeLabel('ethnicity', undefined, 'zh-CN')).toBeUndefined();
  });

  it('offers every entry, searchable by label, code and alias', () => {
    const eth = codeOptions('ethnicity', 'zh-CN');
    expect(eth.length).toBeGreaterThanOrEqual(56);
    expect(eth.find((o) => o.value === '01')).toMatchObject({ label: '汉族', title: '01' });
    const party = codeOptions('politicalStatus', 'zh-CN').find((o) => o.value === '01');
    expect(party?.search).toContain('党员');
    expect(codeOptions('education', 'en').find((o) => o.value === 'bachelor')?.label).toBe("Bachelor's");
  });
});
