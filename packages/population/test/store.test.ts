import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TenantStore, tenantKeys } from '@linli/tenancy';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  counterOps,
  countResident,
  type Deltas,
  generateResidents,
  LocalFileKeyProvider,
  PopulationStore,
  TenantCipher,
} from '../src/index.ts';
import { queryMulti } from '../src/store/common.ts';

const TENANT = '01J00000000000000000000000';
const fakeStore = { keys: tenantKeys(TENANT) } as unknown as TenantStore;
const cipher = await TenantCipher.forTenant(
  new LocalFileKeyProvider(mkdtempSync(join(tmpdir(), 'k-'))),
  TENANT,
);
const pop = new PopulationStore(fakeStore, cipher, { districtCode: '330110' });
const { residents } = generateResidents({
  districtCode: '330110',
  count: 300,
  seed: 5,
  now: new Date('2026-06-01T00:00:00Z'),
});

describe('resident items', () => {
  it('hold no plaintext ID number, mobile, name or birth date, and every partition key is the tenant’s', () => {
    for (const r of residents) {
      const w = pop.newResidentItems(r, { id: 'u', role: 'community-worker', channel: 'web' });
      const items = [w.main, ...w.index];
      const blob = JSON.stringify(items);
      for (const secret of [
        r.idNumber,
        r.name,
        r.birthDate,
        r.birthDate.replaceAll('-', ''),
        r.mobile,
      ].filter(Boolean))
        expect(blob).not.toContain(secret!);
      for (const it of items)
        for (const k of ['pk', 'gsi1pk', 'gsi2pk', 'gsi3pk'])
          if (it[k] !== undefined) expect(String(it[k]).startsWith(`T#${TENANT}#`)).toBe(true);
      expect(pop.view(w.main)).toMatchObject({
        name: r.name,
        idNumber: r.idNumber,
        communityCode: r.communityCode,
      });
    }
  });

  it('index a name by its 1–4 character prefixes (a surname alone finds it; a one-character name by itself)', () => {
    const r = { ...residents[0]!, name: '欧阳娜娜' };
    const names = pop.indexItems('R', r, 'active').filter((i) => i.pk.includes('#RIX#n#'));
    expect(names).toHaveLength(4);
    expect(
      pop.indexItems('R', { ...r, name: '王' }, 'active').filter((i) => i.pk.includes('#RIX#n#')),
    ).toHaveLength(1);
    // tags are listed only while active
    const tagged = { ...r, tags: ['disabled' as const] };
    expect(pop.indexItems('R', tagged, 'active').some((i) => i.pk.endsWith('#RTAG#disabled'))).toBe(true);
    expect(pop.indexItems('R', tagged, 'moved-out').some((i) => i.pk.includes('#RTAG#'))).toBe(false);
  });
});

describe('counters', () => {
  it('adding then removing any residents leaves every counter at zero', () => {
    fc.assert(
      fc.property(fc.subarray(residents, { minLength: 1, maxLength: 40 }), (rs) => {
        const d: Deltas = new Map();
        for (const r of rs)
          countResident(d, { ...r, status: 'active', birthYear: Number(r.birthDate.slice(0, 4)) }, 1);
        expect([...d.values()].reduce((s, m) => s + (m.get('n') ?? 0), 0)).toBe(rs.length);
        for (const r of rs)
          countResident(d, { ...r, status: 'active', birthYear: Number(r.birthDate.slice(0, 4)) }, -1);
        expect(counterOps(fakeStore, d)).toEqual([]);
      }),
    );
  });
});

describe('composite cursor', () => {
  const neverCalled = {} as never;
  const store = new TenantStore(neverCalled, 'table', tenantKeys('01JZ0000000000000000000000'));
  const page = (n: number) => async (_p: string, _c: string | undefined, limit: number) => ({
    items: Array.from({ length: Math.min(limit, n) }, (_, i) => i),
  });

  it('round-trips through a sealed cursor and refuses garbage, edits and other partition lists', async () => {
    const first = await queryMulti(store, ['a', 'b', 'c'], undefined, 2, page(2));
    expect(first.cursor).toBeDefined();
    const second = await queryMulti(store, ['a', 'b', 'c'], first.cursor, 2, page(2));
    expect(second.items).toHaveLength(2);
    for (const bad of [
      'not-a-cursor',
      Buffer.from('{"i":-1}').toString('base64url'),
      `${Buffer.from('{"i":2,"c":null}').toString('base64url')}.${first.cursor!.split('.')[1]}`,
    ])
      await expect(queryMulti(store, ['a', 'b', 'c'], bad, 2, page(2))).rejects.toMatchObject({
        code: 'CURSOR_INVALID',
      });
    await expect(queryMulti(store, ['a', 'x', 'c'], first.cursor, 2, page(2))).rejects.toMatchObject({
      code: 'CURSOR_INVALID',
    });
    await expect(
      queryMulti(store.boundTo('GET /other'), ['a', 'b', 'c'], first.cursor, 2, page(2)),
    ).rejects.toMatchObject({ code: 'CURSOR_INVALID' });
  });
});
