import fc from 'fast-check';
import { ulid } from 'ulid';
import { describe, expect, it } from 'vitest';
import { CursorSigner } from '../src/cursor.ts';
import { sk, tenantKeys, tenantPrefix } from '../src/keys.ts';
import { TenantStore } from '../src/store.ts';

const ulidArb = fc.integer({ min: 0, max: 2 ** 40 }).map((t) => ulid(t));

describe('tenant keys', () => {
  it('every key built for a tenant starts with its prefix, whatever the fragments', () => {
    fc.assert(
      fc.property(
        ulidArb,
        fc.array(fc.oneof(fc.string(), fc.integer()), { minLength: 1, maxLength: 6 }),
        (id, parts) => {
          const keys = tenantKeys(id);
          let key: string;
          try {
            key = keys.pk(...parts);
          } catch (err) {
            // Refused fragments (empty, containing '#', too long) are an error, never a foreign key.
            expect((err as { code?: string }).code).toBe('KEY_FRAGMENT_INVALID');
            return;
          }
          expect(key.startsWith(`T#${id}#`)).toBe(true);
          expect(keys.owns(key)).toBe(true);
        },
      ),
    );
  });

  it('no fragments can make one tenant’s key fall inside another tenant’s prefix', () => {
    fc.assert(
      fc.property(
        ulidArb,
        ulidArb,
        fc.array(fc.string({ minLength: 1 }), { minLength: 1, maxLength: 4 }),
        (a, b, parts) => {
          fc.pre(a !== b);
          try {
            const key = tenantKeys(a).pk(...parts);
            expect(tenantKeys(b).owns(key)).toBe(false);
          } catch {
            /* refused fragment */
          }
        },
      ),
    );
  });

  it('refuses tenant ids that are not ULIDs (a `#` would let a prefix reach another tenant)', () => {
    for (const bad of ['', 'abc', '01HZZZZZZZZZZZZZZZZZZZZZZ#', `${ulid()}#x`, 'T#01H']) {
      expect(() => tenantPrefix(bad)).toThrowError(expect.objectContaining({ code: 'TENANT_ID_INVALID' }));
    }
  });

  it('sort keys refuse the separator', () => {
    expect(sk('A', 1)).toBe('A#1');
    expect(() => sk('A#B')).toThrow();
  });
});

describe('TenantStore guard (refuses before any request leaves)', () => {
  const a = ulid();
  const b = ulid();
  const neverCalled = { send: () => Promise.reject(new Error('DynamoDB must not be called')) } as never;
  const store = new TenantStore(neverCalled, 'table', tenantKeys(a));
  const foreign = tenantKeys(b).pk('ORG');

  it.each([
    ['get', () => store.get(foreign, 'x')],
    ['put', () => store.put({ pk: foreign, sk: 'x' })],
    ['put with foreign index key', () => store.put({ pk: tenantKeys(a).pk('R'), sk: 'x', gsi1pk: foreign })],
    ['delete', () => store.delete(foreign, 'x')],
    ['query', () => store.query({ pk: foreign })],
    ['query index', () => store.query({ index: 'gsi2', pk: foreign })],
    [
      'update',
      () =>
        store.update(foreign, 'x', {
          UpdateExpression: 'SET a = :a',
          ExpressionAttributeValues: { ':a': 1 },
        }),
    ],
    [
      'update moving an index key out',
      () =>
        store.update(tenantKeys(a).pk('R'), 'x', {
          UpdateExpression: 'SET #g = :g',
          ExpressionAttributeNames: { '#g': 'gsi1pk' },
          ExpressionAttributeValues: { ':g': foreign },
        }),
    ],
    [
      'transact',
      () =>
        store.transact([
          { put: { pk: tenantKeys(a).pk('R'), sk: '1' } },
          { delete: { pk: foreign, sk: '1' } },
        ]),
    ],
    ['batchPut', () => store.batchPut([{ pk: foreign, sk: '1' }])],
    [
      // Even a correctly signed cursor (a leaked secret) cannot start in another tenant.
      'signed cursor smuggling a foreign start key',
      () =>
        store.query({
          pk: tenantKeys(a).pk('R'),
          cursor: store.sealCursor(`q::${tenantKeys(a).pk('R')}`, { pk: foreign, sk: 'x' }),
        }),
    ],
  ])('%s of another tenant → CROSS_TENANT_ACCESS', async (_name, op) => {
    await expect(op()).rejects.toMatchObject({ code: 'CROSS_TENANT_ACCESS', status: 403 });
  });

  it('refuses cursors it did not sign for this tenant, request and partition → CURSOR_INVALID', async () => {
    const signer = new CursorSigner('a deployment secret of some length');
    const mine = new TenantStore(neverCalled, 'table', tenantKeys(a), { cursors: signer }).boundTo(
      'GET /x?c=1',
    );
    const pk = tenantKeys(a).pk('R');
    const good = mine.sealCursor(`q::${pk}`, { pk, sk: 'x' });
    const other = new TenantStore(neverCalled, 'table', tenantKeys(b), { cursors: signer }).boundTo(
      'GET /x?c=1',
    );
    const otherSecret = new TenantStore(neverCalled, 'table', tenantKeys(a), {
      cursors: new CursorSigner('another deployment secret'),
    }).boundTo('GET /x?c=1');
    const [payload, mac] = good.split('.') as [string, string];
    for (const [name, cursor, s] of [
      ['unsigned', Buffer.from(JSON.stringify({ pk, sk: 'x' })).toString('base64url'), mine],
      [
        'edited payload',
        `${Buffer.from(JSON.stringify({ pk, sk: 'y' })).toString('base64url')}.${mac}`,
        mine,
      ],
      ['truncated mac', `${payload}.${mac.slice(0, -1)}`, mine],
      ['other request', good, mine.boundTo('GET /x?c=2')],
      ['other partition', good, mine],
      ['other tenant', other.sealCursor(`q::${pk}`, { pk, sk: 'x' }), mine],
      ['other secret', otherSecret.sealCursor(`q::${pk}`, { pk, sk: 'x' }), mine],
    ] as const) {
      const q = name === 'other partition' ? tenantKeys(a).pk('S') : pk;
      await expect(s.query({ pk: q, cursor }), name).rejects.toMatchObject({
        code: 'CURSOR_INVALID',
        status: 400,
      });
    }
  });

  it('has no scan', () => {
    expect('scan' in store).toBe(false);
  });
});
