import { LinliError } from '@linli/core';
import { describe, expect, it } from 'vitest';
import {
  bucketOf,
  compileFlags,
  evaluate,
  evaluateAll,
  type FlagDefinitionInput,
  type FlagSetInput,
  type TenantContext,
} from '../src/index.ts';
import { at, tenant, tenantIds } from './fixtures.ts';

const L = { zh: '测试', en: 'test' };
const flag = (over: Partial<FlagDefinitionInput> & { key: string }): FlagDefinitionInput => ({
  labels: L,
  kind: 'module',
  ...over,
});
const NOW = at('2027-02-01T00:00:00+08:00');

// A tenant id inside / outside a 50 % rollout of flag `f`, found by the real bucketing.
const ids = tenantIds(200);
const inside = (f: string, pct: number) => ids.find((id) => bucketOf(f, id) < pct * 100) as string;
const outside = (f: string, pct: number) => ids.find((id) => bucketOf(f, id) >= pct * 100) as string;

describe('precedence: kill > prerequisite > override > rules > rollout > default', () => {
  const set = (target: Partial<FlagDefinitionInput>, prereqOn = true): FlagSetInput => ({
    flags: [
      flag({ key: 'base', default: prereqOn ? 'on' : 'off' }),
      flag({
        key: 'target',
        prerequisites: ['base'],
        districtOverride: { optIn: {}, optOut: {} },
        rules: [
          { id: 'standard-rule', conditions: [{ attribute: 'tier', values: ['standard'] }], serve: 'off' },
        ],
        rollout: { percentage: 100 },
        default: 'on',
        ...target,
      }),
    ],
  });

  const cases: [string, FlagSetInput, TenantContext, { value: boolean; reason: string; ruleId?: string }][] =
    [
      [
        'killed beats everything',
        set({ enabled: false }),
        tenant({ overrides: { target: true } }),
        { value: false, reason: 'DISABLED' },
      ],
      [
        'prerequisite off beats the district override',
        set({}, false),
        tenant({ overrides: { target: true } }),
        { value: false, reason: 'TARGETING_MATCH', ruleId: 'prerequisite:base' },
      ],
      [
        'override beats the rules',
        set({}),
        tenant({ overrides: { target: true } }),
        { value: true, reason: 'TARGETING_MATCH', ruleId: 'district-override' },
      ],
      [
        'rules beat the rollout',
        set({}),
        tenant(),
        { value: false, reason: 'TARGETING_MATCH', ruleId: 'standard-rule' },
      ],
      [
        'rollout when no rule matches',
        set({}),
        tenant({ tier: 'basic' }),
        { value: true, reason: 'SPLIT', ruleId: 'rollout' },
      ],
      [
        'default when outside the rollout',
        set({ rollout: { percentage: 0 }, default: 'off' }),
        tenant({ tier: 'basic' }),
        { value: false, reason: 'DEFAULT' },
      ],
    ];
  it.each(cases)('%s', (_name, defs, ctx, expected) => {
    const r = evaluate(compileFlags(defs), 'target', ctx, NOW);
    expect(r).toMatchObject(expected);
    if (!expected.ruleId) expect(r.ruleId).toBeUndefined();
  });

  it('a flag with nothing dynamic is STATIC', () => {
    const s = compileFlags([flag({ key: 'portal', default: 'on' })]);
    expect(evaluate(s, 'portal', tenant(), NOW)).toMatchObject({ value: true, reason: 'STATIC' });
  });

  it('an unknown flag evaluates off with reason ERROR', () => {
    expect(evaluate(compileFlags([]), 'nope', tenant(), NOW)).toMatchObject({
      value: false,
      reason: 'ERROR',
    });
  });

  it('a killed prerequisite turns its dependants off, naming it', () => {
    const s = compileFlags([
      flag({ key: 'a', enabled: false, default: 'on' }),
      flag({ key: 'b', prerequisites: ['a'], default: 'on' }),
      flag({ key: 'c', prerequisites: ['b'], default: 'on' }),
    ]);
    const all = evaluateAll(s, tenant(), NOW).flags;
    expect(all.a).toMatchObject({ value: false, reason: 'DISABLED' });
    expect(all.b).toMatchObject({ value: false, ruleId: 'prerequisite:a' });
    expect(all.c).toMatchObject({ value: false, ruleId: 'prerequisite:b' });
    expect(evaluate(s, 'c', tenant(), NOW)).toEqual(all.c);
    expect(all.c?.detail.zh).toContain('前置功能');
  });
});

describe('district override only where the policy allows it', () => {
  const s = compileFlags([
    flag({
      key: 'kiosk',
      districtOverride: {
        optIn: { minTier: 'standard', conditions: [{ attribute: 'areaType', values: ['urban-core'] }] },
      },
      rules: [{ id: 'demo', conditions: [{ attribute: 'tier', values: ['demonstration'] }] }],
    }),
    flag({ key: 'fixed', rules: [{ id: 'all', conditions: [] }] }),
  ]);
  it.each([
    ['standard urban opts in', tenant({ overrides: { kiosk: true } }), true, 'district-override'],
    ['basic may not opt in', tenant({ tier: 'basic', overrides: { kiosk: true } }), false, undefined],
    [
      'standard suburban may not opt in',
      tenant({ overrides: { kiosk: true }, category: { areaType: 'suburban' } }),
      false,
      undefined,
    ],
    ['opt-out is not allowed', tenant({ tier: 'demonstration', overrides: { kiosk: false } }), true, 'demo'],
  ] as const)('%s', (_n, ctx, value, ruleId) => {
    const r = evaluate(s, 'kiosk', ctx, NOW);
    expect(r.value).toBe(value);
    expect(r.ruleId).toBe(ruleId);
  });
  it('a flag without a policy ignores the district’s wish', () => {
    expect(evaluate(s, 'fixed', tenant({ overrides: { fixed: false } }), NOW)).toMatchObject({
      value: true,
      ruleId: 'all',
    });
  });
});

describe('rule semantics', () => {
  const rule = (conditions: FlagDefinitionInput['rules']) =>
    compileFlags([flag({ key: 'f', rules: conditions })]);
  const one = (c: NonNullable<FlagDefinitionInput['rules']>[number]['conditions']) =>
    rule([{ id: 'r', conditions: c }]);

  it.each([
    // [name, conditions, context, matches]
    ['tier in', [{ attribute: 'tier', values: ['standard', 'demonstration'] }], tenant(), true],
    ['tier in (miss)', [{ attribute: 'tier', values: ['basic'] }], tenant(), false],
    ['notIn', [{ attribute: 'tier', operator: 'notIn', values: ['basic'] }], tenant(), true],
    ['negate', [{ attribute: 'tier', values: ['standard'], negate: true }], tenant(), false],
    [
      'notIn + negate = in',
      [{ attribute: 'tier', operator: 'notIn', values: ['standard'], negate: true }],
      tenant(),
      true,
    ],
    [
      'areaType',
      [{ attribute: 'areaType', values: ['county-rural'] }],
      tenant({ category: { areaType: 'county-rural' } }),
      true,
    ],
    ['development', [{ attribute: 'development', values: ['underdeveloped'] }], tenant(), false],
    [
      'migrantShare',
      [{ attribute: 'migrantShare', values: ['high'] }],
      tenant({ category: { migrantShare: 'high' } }),
      true,
    ],
    [
      'infrastructure',
      [{ attribute: 'infrastructure', values: ['weak'] }],
      tenant({ category: { infrastructure: 'weak' } }),
      true,
    ],
    ['hardship', [{ attribute: 'hardship', values: ['high'] }], tenant(), false],
    ['province from code 110101 → 110000', [{ attribute: 'province', values: ['110000'] }], tenant(), true],
    ['province miss', [{ attribute: 'province', values: ['440000'] }], tenant(), false],
    [
      'city from code 440305 → 440300',
      [{ attribute: 'city', values: ['440300'] }],
      tenant({ divisionCode: '440305' }),
      true,
    ],
    [
      'city of another prefecture',
      [{ attribute: 'city', values: ['440100'] }],
      tenant({ divisionCode: '440305' }),
      false,
    ],
    ['wave', [{ attribute: 'wave', values: ['wave-2'] }], tenant({ wave: 'wave-2' }), true],
    ['wave absent', [{ attribute: 'wave', values: ['wave-1'] }], tenant({ wave: undefined }), false],
    ['tenantId list', [{ attribute: 'tenantId', values: ['T1', 'T2'] }], tenant({ tenantId: 'T2' }), true],
    [
      'after (inclusive)',
      [{ attribute: 'now', operator: 'after', value: '2027-02-01T00:00:00+08:00' }],
      tenant(),
      true,
    ],
    [
      'before (exclusive)',
      [{ attribute: 'now', operator: 'before', value: '2027-02-01T00:00:00+08:00' }],
      tenant(),
      false,
    ],
    [
      'before, later date',
      [{ attribute: 'now', operator: 'before', value: '2027-02-02T00:00:00+08:00' }],
      tenant(),
      true,
    ],
    [
      'negated after = before',
      [{ attribute: 'now', operator: 'after', value: '2027-03-01T00:00:00+08:00', negate: true }],
      tenant(),
      true,
    ],
    [
      'AND: one of two fails',
      [
        { attribute: 'tier', values: ['standard'] },
        { attribute: 'migrantShare', values: ['high'] },
      ],
      tenant(),
      false,
    ],
    [
      'AND: all of four hold',
      [
        { attribute: 'tier', values: ['standard'] },
        { attribute: 'province', values: ['110000'] },
        { attribute: 'areaType', values: ['urban-core'] },
        { attribute: 'wave', values: ['wave-1'] },
      ],
      tenant(),
      true,
    ],
    ['empty conditions match everyone', [], tenant(), true],
  ] as const)('%s', (_n, conditions, ctx, matches) => {
    const r = evaluate(one(conditions as never), 'f', ctx, NOW);
    expect(r.value).toBe(matches);
    expect(r.reason).toBe(matches ? 'TARGETING_MATCH' : 'DEFAULT');
  });

  it('OR across rules, first match wins', () => {
    const s = rule([
      { id: 'rural', conditions: [{ attribute: 'areaType', values: ['county-rural'] }], serve: 'off' },
      { id: 'high-migrant', conditions: [{ attribute: 'migrantShare', values: ['high'] }] },
      { id: 'beijing', conditions: [{ attribute: 'province', values: ['110000'] }] },
    ]);
    expect(evaluate(s, 'f', tenant({ category: { migrantShare: 'high' } }), NOW).ruleId).toBe('high-migrant');
    expect(evaluate(s, 'f', tenant(), NOW).ruleId).toBe('beijing');
    expect(
      evaluate(s, 'f', tenant({ category: { areaType: 'county-rural', migrantShare: 'high' } }), NOW),
    ).toMatchObject({
      value: false,
      ruleId: 'rural',
    });
    expect(evaluate(s, 'f', tenant({ divisionCode: '440305' }), NOW).reason).toBe('DEFAULT');
  });

  it('a rule with a percentage is SPLIT for tenants inside and falls through for those outside', () => {
    const s = rule([
      { id: 'half', conditions: [{ attribute: 'tier', values: ['standard'] }], percentage: 50 },
      { id: 'rest', conditions: [], serve: 'off' },
    ]);
    expect(evaluate(s, 'f', tenant({ tenantId: inside('f', 50) }), NOW)).toMatchObject({
      value: true,
      reason: 'SPLIT',
      ruleId: 'half',
    });
    expect(evaluate(s, 'f', tenant({ tenantId: outside('f', 50) }), NOW)).toMatchObject({
      value: false,
      reason: 'TARGETING_MATCH',
      ruleId: 'rest',
    });
  });

  it('segments are explicit tenant lists by name', () => {
    const s = compileFlags({
      segments: { pilots: ['T-A', 'T-B'], late: ['T-C'] },
      flags: [
        flag({
          key: 'f',
          rules: [{ id: 'pilots', conditions: [{ attribute: 'segment', values: ['pilots'] }] }],
        }),
      ],
    });
    expect(evaluate(s, 'f', tenant({ tenantId: 'T-B' }), NOW).value).toBe(true);
    expect(evaluate(s, 'f', tenant({ tenantId: 'T-C' }), NOW).value).toBe(false);
  });

  it('serves variants with payloads; plain "on" serves the first variant', () => {
    const s = compileFlags([
      flag({
        key: 'theme',
        variants: [
          { key: 'classic', payload: { colour: 'red' } },
          { key: 'modern', payload: { colour: 'blue' } },
        ],
        rules: [
          {
            id: 'demo',
            conditions: [{ attribute: 'tier', values: ['demonstration'] }],
            serve: { variant: 'modern' },
          },
        ],
        default: 'on',
      }),
    ]);
    expect(evaluate(s, 'theme', tenant({ tier: 'demonstration' }), NOW)).toMatchObject({
      value: true,
      variant: 'modern',
      payload: { colour: 'blue' },
    });
    expect(evaluate(s, 'theme', tenant(), NOW)).toMatchObject({ variant: 'classic', reason: 'DEFAULT' });
  });

  it('explains a match in Chinese and English', () => {
    const s = rule([
      {
        id: 'r',
        conditions: [
          { attribute: 'tier', values: ['standard'] },
          { attribute: 'migrantShare', values: ['high'] },
          { attribute: 'now', operator: 'after', value: '2027-01-01T00:00:00+08:00' },
        ],
      },
    ]);
    const r = evaluate(s, 'f', tenant({ category: { migrantShare: 'high' } }), NOW);
    expect(r.detail).toEqual({
      zh: '标准版且外来人口较多且2027年1月1日起 → 开启',
      en: 'Standard and high migrant share and from 1 Jan 2027 → on',
    });
  });
});

describe('validation', () => {
  const error = (fn: () => unknown): LinliError => {
    try {
      fn();
    } catch (e) {
      if (e instanceof LinliError) return e;
      throw e;
    }
    throw new Error('expected a LinliError');
  };

  it('rejects a prerequisite cycle and lists it', () => {
    const e = error(() =>
      compileFlags([
        flag({ key: 'a', prerequisites: ['b'] }),
        flag({ key: 'b', prerequisites: ['c'] }),
        flag({ key: 'c', prerequisites: ['a'] }),
        flag({ key: 'd', prerequisites: ['a'] }),
      ]),
    );
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.issues).toEqual([
      expect.objectContaining({
        code: 'PREREQUISITE_CYCLE',
        message: { zh: '前置条件成环：a → b → c → a', en: 'prerequisite cycle: a → b → c → a' },
      }),
    ]);
  });

  it('rejects a self-prerequisite, unknown prerequisites, segments, variants, duplicate keys, bad values', () => {
    expect(error(() => compileFlags([flag({ key: 'a', prerequisites: ['a'] })])).code).toBe(
      'VALIDATION_FAILED',
    );
    expect(error(() => compileFlags([flag({ key: 'a', prerequisites: ['zz'] })])).issues?.[0]?.code).toBe(
      'UNKNOWN_PREREQUISITE',
    );
    expect(
      error(() =>
        compileFlags([
          flag({ key: 'a', rules: [{ id: 'r', conditions: [{ attribute: 'segment', values: ['ghost'] }] }] }),
        ]),
      ).issues?.[0]?.code,
    ).toBe('UNKNOWN_SEGMENT');
    expect(error(() => compileFlags([flag({ key: 'a', default: { variant: 'x' } })])).issues?.[0]?.code).toBe(
      'UNKNOWN_VARIANT',
    );
    expect(error(() => compileFlags([flag({ key: 'a' }), flag({ key: 'a' })])).issues?.[0]?.code).toBe(
      'DUPLICATE_FLAG',
    );
    const bad = error(() =>
      compileFlags([
        flag({
          key: 'a',
          rules: [
            { id: 'r', conditions: [{ attribute: 'tier', values: ['premium'] }] },
            { id: 's', conditions: [{ attribute: 'province', values: ['110100'] }] },
          ],
        }),
      ]),
    );
    expect(bad.issues?.map((i) => i.field)).toEqual([
      'flags.0.rules.0.conditions.0.values',
      'flags.0.rules.1.conditions.0.values',
    ]);
  });
});

describe('evaluateAll', () => {
  it('returns every flag, with the set version', () => {
    const s = compileFlags({ version: 7, flags: [flag({ key: 'a', default: 'on' }), flag({ key: 'b' })] });
    const all = evaluateAll(s, tenant(), new Date(NOW));
    expect(all.version).toBe(7);
    expect(Object.keys(all.flags).sort()).toEqual(['a', 'b']);
    expect(all.flags.a?.value).toBe(true);
  });
});
