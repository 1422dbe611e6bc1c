import { type LinliError, parseOrThrow } from '@linli/core';
import { describe, expect, it } from 'vitest';
import { computeCategory, draftPatchSchema, type Profile, profileSchema } from '../src/index.ts';

const base: Profile = {
  areaType: 'suburban',
  development: 'developing',
  population: 1_200_000,
  migrantSharePercent: 10,
  broadbandPercent: 80,
  lowIncomePercent: 1,
};

describe('category rule (DOMAIN.md thresholds)', () => {
  it.each([
    [29.9, 'normal'],
    [30, 'high'],
    [55, 'high'],
  ])('migrant share %s %% → %s', (v, want) => {
    expect(computeCategory({ ...base, migrantSharePercent: v }).category.migrantShare).toBe(want);
  });

  it.each([
    [49.9, 'weak'],
    [50, 'strong'],
  ])('household broadband %s %% → %s', (v, want) => {
    expect(computeCategory({ ...base, broadbandPercent: v }).category.infrastructure).toBe(want);
  });

  it.each([
    [2.9, 'normal'],
    [3, 'high'],
  ])('low-income share %s %% → %s', (v, want) => {
    expect(computeCategory({ ...base, lowIncomePercent: v }).category.hardship).toBe(want);
  });

  it('takes area type and development from the answers and explains every dimension in zh and en', () => {
    const { category, rules } = computeCategory({ ...base, migrantSharePercent: 42, broadbandPercent: 31 });
    expect(category).toEqual({
      areaType: 'suburban',
      development: 'developing',
      migrantShare: 'high',
      infrastructure: 'weak',
      hardship: 'normal',
    });
    expect(rules.map((r) => r.dimension)).toEqual([
      'areaType',
      'development',
      'migrantShare',
      'infrastructure',
      'hardship',
    ]);
    const migrant = rules.find((r) => r.dimension === 'migrantShare')!;
    expect(migrant.message.zh).toContain('42% ≥ 30%');
    expect(migrant.message.zh).toContain('外来人口较多');
    expect(migrant.message.en).toContain('42% ≥ 30%');
    expect(rules.find((r) => r.dimension === 'infrastructure')!.message.zh).toContain('31% < 50%');
  });
});

describe('validation with field-level zh/en errors', () => {
  const issues = (schema: Parameters<typeof parseOrThrow>[0], input: unknown) => {
    try {
      parseOrThrow(schema, input);
    } catch (e) {
      return (e as LinliError).issues ?? [];
    }
    return [];
  };

  it('rejects an unknown or malformed division code', () => {
    expect(issues(draftPatchSchema, { divisionCode: '999999' })[0]).toMatchObject({
      field: 'divisionCode',
      code: 'DIVISION_CODE_UNKNOWN',
    });
    expect(issues(draftPatchSchema, { divisionCode: '11010' })[0]).toMatchObject({
      field: 'divisionCode',
      code: 'DIVISION_CODE_FORMAT',
    });
    expect(issues(draftPatchSchema, { divisionCode: '330110' })).toEqual([]);
  });

  it('checks mobile (CN 11 digits) and e-mail of the first administrator', () => {
    const out = issues(draftPatchSchema, { admin: { name: '张三', mobile: '23800001111', email: 'x@' } });
    expect(out.map((i) => [i.field, i.code])).toEqual([
      ['admin.mobile', 'MOBILE_FORMAT'],
      ['admin.email', 'EMAIL_FORMAT'],
    ]);
    expect(out[0]!.message.zh).toContain('11 位');
    expect(out[0]!.message.en).toContain('11-digit');
  });

  it('keeps percentages within 0–100', () => {
    const out = issues(profileSchema, { ...base, broadbandPercent: 120 });
    expect(out[0]).toMatchObject({ field: 'broadbandPercent', code: 'PERCENT_RANGE' });
    expect(out[0]!.message.zh).toContain('0–100');
  });
});
