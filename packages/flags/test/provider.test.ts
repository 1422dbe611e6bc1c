import { ErrorCode, type EvaluationContext, OpenFeature, ProviderEvents } from '@openfeature/server-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  compileFlags,
  EvaluatedSetCache,
  evaluateAll,
  type FlagSetInput,
  LinliFlagProvider,
} from '../src/index.ts';
import { at, tenant } from './fixtures.ts';

const L = { zh: '测试', en: 'test' };
const flags: FlagSetInput = {
  version: 1,
  flags: [
    {
      key: 'migrant-population',
      labels: { zh: '流动人口服务', en: 'Migrant population services' },
      kind: 'module',
      rules: [
        {
          id: 'plan:wave-2',
          conditions: [
            { attribute: 'tier', values: ['standard'] },
            { attribute: 'migrantShare', values: ['high'] },
          ],
        },
      ],
    },
    { key: 'channel-portal', labels: L, kind: 'module', default: 'on' },
    { key: 'killed', labels: L, kind: 'kill-switch', enabled: false, default: 'on' },
    {
      key: 'portal-theme',
      labels: L,
      kind: 'release',
      variants: [
        { key: 'classic', payload: { accent: '#c00' } },
        { key: 'modern', payload: { accent: '#06c' } },
      ],
      rules: [
        {
          id: 'demo',
          conditions: [{ attribute: 'tier', values: ['demonstration'] }],
          serve: { variant: 'modern' },
        },
      ],
      default: { variant: 'classic' },
    },
  ],
};

const DOMAIN = 'linli-flags-test';
const district = {
  targetingKey: '01JDISTRICT0000000000000001',
  divisionCode: '440305',
  tier: 'standard',
  wave: 'wave-2',
  areaType: 'urban-core',
  development: 'developed',
  migrantShare: 'high',
  infrastructure: 'strong',
  hardship: 'normal',
};
const provider = new LinliFlagProvider(flags, { clock: () => at('2027-03-01T00:00:00+08:00') });

beforeAll(async () => {
  await OpenFeature.setProviderAndWait(DOMAIN, provider);
});
afterAll(async () => {
  await OpenFeature.clearProviders();
});

describe('LinliFlagProvider through the OpenFeature SDK', () => {
  const client = () => OpenFeature.getClient(DOMAIN);

  it('resolves booleans with reasons, rule and tooltip as metadata', async () => {
    const d = await client().getBooleanDetails('migrant-population', false, district);
    expect(d).toMatchObject({
      value: true,
      reason: 'TARGETING_MATCH',
      flagMetadata: { ruleId: 'plan:wave-2' },
    });
    expect(d.flagMetadata.detailZh).toBe('标准版且外来人口较多 → 开启');
    expect(d.errorCode).toBeUndefined();
    const normal = await client().getBooleanDetails('migrant-population', true, {
      ...district,
      migrantShare: 'normal',
    });
    expect(normal).toMatchObject({ value: false, reason: 'DEFAULT' });
    expect(await client().getBooleanDetails('channel-portal', false, district)).toMatchObject({
      value: true,
      reason: 'STATIC',
    });
    expect(await client().getBooleanDetails('killed', true, district)).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
  });

  it('accepts the category nested under `category`', async () => {
    const { areaType, development, migrantShare, infrastructure, hardship, ...rest } = district;
    const d = await client().getBooleanValue('migrant-population', false, {
      ...rest,
      category: { areaType, development, migrantShare, infrastructure, hardship },
    });
    expect(d).toBe(true);
  });

  it('resolves variants as strings and payloads as objects', async () => {
    expect(await client().getStringDetails('portal-theme', 'none', district)).toMatchObject({
      value: 'classic',
      variant: 'classic',
      reason: 'DEFAULT',
    });
    expect(await client().getObjectValue('portal-theme', {}, { ...district, tier: 'demonstration' })).toEqual(
      { accent: '#06c' },
    );
  });

  it.each([
    ['an unknown flag', 'nope', district, ErrorCode.FLAG_NOT_FOUND],
    [
      'a missing targeting key',
      'migrant-population',
      { ...district, targetingKey: undefined },
      ErrorCode.TARGETING_KEY_MISSING,
    ],
    ['an invalid tier', 'migrant-population', { ...district, tier: 'gold' }, ErrorCode.INVALID_CONTEXT],
    [
      'a missing category dimension',
      'migrant-population',
      { ...district, hardship: undefined },
      ErrorCode.INVALID_CONTEXT,
    ],
    [
      'a bad division code',
      'migrant-population',
      { ...district, divisionCode: '44' },
      ErrorCode.INVALID_CONTEXT,
    ],
  ])('returns the default with ERROR for %s', async (_n, key, ctx, code) => {
    const d = await client().getBooleanDetails(key, true, ctx as EvaluationContext);
    expect(d).toMatchObject({ value: true, reason: 'ERROR', errorCode: code });
  });

  it('reports TYPE_MISMATCH for a string or object read of a plain boolean flag', async () => {
    expect(await client().getStringDetails('channel-portal', 'x', district)).toMatchObject({
      value: 'x',
      reason: 'ERROR',
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    expect(await client().getObjectDetails('channel-portal', { a: 1 }, district)).toMatchObject({
      value: { a: 1 },
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
    expect(await client().getNumberDetails('channel-portal', 5, district)).toMatchObject({
      value: 5,
      errorCode: ErrorCode.TYPE_MISMATCH,
    });
  });

  it('setFlags swaps the set and emits ConfigurationChanged with the changed keys', async () => {
    const changed = new Promise<string[] | undefined>((resolve) =>
      client().addHandler(ProviderEvents.ConfigurationChanged, (e) => resolve(e?.flagsChanged)),
    );
    provider.setFlags({
      ...flags,
      version: 2,
      flags: flags.flags.map((f) => (f.key === 'channel-portal' ? { ...f, enabled: false } : f)),
    });
    expect(await changed).toEqual(['channel-portal']);
    expect(await client().getBooleanDetails('channel-portal', true, district)).toMatchObject({
      value: false,
      reason: 'DISABLED',
    });
    expect(provider.flags.version).toBe(2);
  });

  it('an invalid set is refused and the old one keeps serving', async () => {
    expect(() =>
      provider.setFlags({ flags: [{ key: 'a', labels: L, kind: 'module', prerequisites: ['a'] }] }),
    ).toThrow();
    expect(provider.flags.version).toBe(2);
  });
});

describe('EvaluatedSetCache', () => {
  const set = compileFlags(flags);
  const t = tenant();
  it('computes once per tenant within the TTL and version', () => {
    let now = 0;
    let computed = 0;
    const cache = new EvaluatedSetCache({ ttlMs: 1000, clock: () => now });
    const compute = () => {
      computed++;
      return evaluateAll(set, t, now);
    };
    const first = cache.get(t.tenantId, 1, compute);
    expect(cache.get(t.tenantId, 1, compute)).toBe(first);
    expect(computed).toBe(1);
    cache.get(t.tenantId, 2, compute); // a new version recomputes at once
    expect(computed).toBe(2);
    now = 999;
    cache.get(t.tenantId, 2, compute);
    expect(computed).toBe(2);
    now = 1000 + 1; // expired
    cache.get(t.tenantId, 2, compute);
    expect(computed).toBe(3);
    cache.get('other', 2, compute);
    expect(computed).toBe(4);
    cache.invalidate(t.tenantId);
    cache.get(t.tenantId, 2, compute);
    expect(computed).toBe(5);
  });

  it('keeps at most maxEntries tenants, dropping the oldest', () => {
    const cache = new EvaluatedSetCache({ maxEntries: 2 });
    const compute = () => evaluateAll(set, t, 0);
    cache.get('a', 1, compute);
    cache.get('b', 1, compute);
    cache.get('c', 1, compute);
    expect(cache.size).toBe(2);
    let recomputed = false;
    cache.get('a', 1, () => {
      recomputed = true;
      return compute();
    });
    expect(recomputed).toBe(true);
  });
});
