import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { mockClient } from 'aws-sdk-client-mock';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  decryptField,
  deriveSearchKey,
  encryptField,
  InMemoryWrappedKeyStore,
  LocalFileKeyProvider,
  namePrefixHashes,
  searchHash,
  TenantCipher,
} from '../src/index.ts';
import { KmsKeyProvider } from '../src/kms-key-provider.ts';

const A = '01JABCDEFGHJKMNPQRSTVWXYZ0';
const B = '01JZZZZZZZZZZZZZZZZZZZZZZ1';
const tenantArb = fc.stringMatching(/^[0-9A-Z]{26}$/);

describe('field encryption (AES-256-GCM, tenant as AAD)', () => {
  const key = randomBytes(32);

  it('round-trips any text and uses the compact v1 format (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 200 }), tenantArb, (text, tenant) => {
        const token = encryptField(text, key, tenant);
        expect(token).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]*$/);
        expect(decryptField(token, key, tenant)).toBe(text);
      }),
    );
  });

  it('a ciphertext moved to another tenant fails to decrypt (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), tenantArb, tenantArb, (text, t1, t2) => {
        fc.pre(t1 !== t2);
        const token = encryptField(text, key, t1);
        expect(() => decryptField(token, key, t2)).toThrow(
          expect.objectContaining({ code: 'FIELD_DECRYPT_FAILED' }),
        );
      }),
    );
  });

  it('fails on another field context, another key, tampering and garbage', () => {
    const token = encryptField('11010519491231002X', key, A, 'idNumber');
    expect(decryptField(token, key, A, 'idNumber')).toBe('11010519491231002X');
    expect(() => decryptField(token, key, A, 'mobile')).toThrow();
    expect(() => decryptField(token, randomBytes(32), A, 'idNumber')).toThrow();
    const [v, iv, tag, ct] = token.split('.') as [string, string, string, string];
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0]! ^= 1;
    expect(() =>
      decryptField([v, iv, tag, flipped.toString('base64url')].join('.'), key, A, 'idNumber'),
    ).toThrow();
    for (const bad of ['', 'v2.a.b.c', 'v1.a.b', 'v1.!!.??.**'])
      expect(() => decryptField(bad, key, A)).toThrow(
        expect.objectContaining({ code: 'FIELD_DECRYPT_FAILED' }),
      );
  });

  it('uses a fresh IV: the same value encrypts differently each time', () => {
    expect(encryptField('x', key, A)).not.toBe(encryptField('x', key, A));
  });
});

describe('keyed search hashes', () => {
  const dataKey = randomBytes(32);

  it('are deterministic per tenant and differ across tenants (property)', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 40 }), tenantArb, tenantArb, (value, t1, t2) => {
        fc.pre(t1 !== t2);
        const k1 = deriveSearchKey(dataKey, t1);
        expect(searchHash(k1, 'idNumber', value)).toBe(
          searchHash(deriveSearchKey(dataKey, t1), 'idNumber', value),
        );
        expect(searchHash(k1, 'idNumber', value)).not.toBe(
          searchHash(deriveSearchKey(dataKey, t2), 'idNumber', value),
        );
      }),
    );
  });

  it('normalise input and never contain the plaintext', () => {
    const k = deriveSearchKey(dataKey, A);
    const h = searchHash(k, 'idNumber', '11010519491231002X');
    expect(searchHash(k, 'idNumber', ' 11010519491231002x')).toBe(h);
    expect(h).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(h).not.toContain('110105');
    expect(searchHash(k, 'mobile', '+86 138-1234-5678')).toBe(searchHash(k, 'mobile', '13812345678'));
    // the kind is bound in: the same digits as ID and as mobile do not collide
    expect(searchHash(k, 'mobile', '13812345678')).not.toBe(searchHash(k, 'idNumber', '13812345678'));
    // a plain unkeyed SHA-256 would be guessable from the small space of mobiles; ours is not it
    expect(h).not.toBe(createHash('sha256').update('11010519491231002X').digest('base64url'));
  });

  it('name prefixes hash to the same values as a prefix query', () => {
    const k = deriveSearchKey(dataKey, A);
    const prefixes = namePrefixHashes(k, '欧阳娜娜');
    expect(prefixes).toHaveLength(4);
    expect(prefixes[1]).toBe(searchHash(k, 'name', '欧阳'));
    expect(new Set(prefixes).size).toBe(4);
  });
});

describe('LocalFileKeyProvider', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'linli-keys-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a 0600 master key and stable, wrapped per-tenant data keys', async () => {
    const p1 = new LocalFileKeyProvider(dir);
    const a1 = await p1.getDataKey(A);
    expect(a1.plaintext).toHaveLength(32);
    expect((await stat(join(dir, 'master.key'))).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'tenants', `${A}.dek`))).mode & 0o777).toBe(0o600);
    const onDisk = await readFile(join(dir, 'tenants', `${A}.dek`));
    expect(onDisk.includes(a1.plaintext)).toBe(false);
    expect(onDisk.toString()).not.toContain(a1.plaintext.toString('base64url'));

    const p2 = new LocalFileKeyProvider(dir); // a new process
    const a2 = await p2.getDataKey(A);
    expect(a2.plaintext.equals(a1.plaintext)).toBe(true);
    expect(a2.keyId).toBe(a1.keyId);
    const b = await p2.getDataKey(B);
    expect(b.plaintext.equals(a1.plaintext)).toBe(false);
    expect((await p2.decryptDataKey(A, a1.encrypted)).equals(a1.plaintext)).toBe(true);
    await expect(p2.decryptDataKey(B, a1.encrypted)).rejects.toMatchObject({ code: 'FIELD_DECRYPT_FAILED' });
  });

  it('TenantCipher ties the data key to fields and hashes', async () => {
    const p = new LocalFileKeyProvider(dir);
    const ca = await TenantCipher.forTenant(p, A);
    const cb = await TenantCipher.forTenant(p, B);
    const token = ca.encrypt('13812345678', 'mobile');
    expect(ca.decrypt(token, 'mobile')).toBe('13812345678');
    expect(() => cb.decrypt(token, 'mobile')).toThrow();
    expect(ca.hash('mobile', '13812345678')).not.toBe(cb.hash('mobile', '13812345678'));
    expect(
      (await TenantCipher.forTenant(new LocalFileKeyProvider(dir), A)).hash('mobile', '138 1234 5678'),
    ).toBe(ca.hash('mobile', '13812345678'));
  });

  it('refuses a master key readable by others and bad tenant ids', async () => {
    const d = await mkdtemp(join(tmpdir(), 'linli-keys-'));
    await new LocalFileKeyProvider(d).getDataKey(A);
    await chmod(join(d, 'master.key'), 0o644);
    await expect(new LocalFileKeyProvider(d).getDataKey(A)).rejects.toThrow(/chmod 600/);
    expect(() => new LocalFileKeyProvider(d).getDataKey('../etc/passwd')).toThrow(RangeError);
    await rm(d, { recursive: true, force: true });
  });
});

describe('KmsKeyProvider (KMS has no local engine: mocked)', () => {
  const kms = mockClient(KMSClient);
  // A stand-in for KMS: wraps with its own key and enforces the encryption context, as KMS does.
  const kmsMaster = randomBytes(32);
  const wrap = (plain: Buffer, ctx: Record<string, string>) => {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', kmsMaster, iv);
    c.setAAD(Buffer.from(JSON.stringify(ctx)));
    const ct = Buffer.concat([c.update(plain), c.final()]);
    return Buffer.concat([iv, c.getAuthTag(), ct]);
  };
  const unwrap = (blob: Uint8Array, ctx: Record<string, string>) => {
    const b = Buffer.from(blob);
    const d = createDecipheriv('aes-256-gcm', kmsMaster, b.subarray(0, 12));
    d.setAAD(Buffer.from(JSON.stringify(ctx)));
    d.setAuthTag(b.subarray(12, 28));
    return Buffer.concat([d.update(b.subarray(28)), d.final()]);
  };
  const install = () => {
    kms.on(GenerateDataKeyCommand).callsFake((input) => {
      const plain = randomBytes(32);
      return {
        Plaintext: plain,
        CiphertextBlob: wrap(plain, input.EncryptionContext),
        KeyId: 'arn:aws:kms:cn-north-1:1:key/k',
      };
    });
    kms.on(DecryptCommand).callsFake((input) => {
      try {
        return { Plaintext: unwrap(input.CiphertextBlob, input.EncryptionContext ?? {}) };
      } catch {
        throw Object.assign(new Error('InvalidCiphertextException'), { name: 'InvalidCiphertextException' });
      }
    });
  };
  afterEach(() => kms.reset());

  it('generates once per tenant with the tenant as encryption context, then unwraps the stored key', async () => {
    install();
    const store = new InMemoryWrappedKeyStore();
    const p1 = new KmsKeyProvider({ client: new KMSClient({}), keyId: 'alias/linli', store });
    const k1 = await p1.getDataKey(A);
    expect(await p1.getDataKey(A)).toBe(k1); // cached
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(GenerateDataKeyCommand)[0]!.args[0].input).toEqual({
      KeyId: 'alias/linli',
      KeySpec: 'AES_256',
      EncryptionContext: { tenantId: A },
    });
    expect((await store.get(A))!.equals(k1.encrypted)).toBe(true);

    const p2 = new KmsKeyProvider({ client: new KMSClient({}), keyId: 'alias/linli', store });
    const k2 = await p2.getDataKey(A);
    expect(k2.plaintext.equals(k1.plaintext)).toBe(true);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
    expect(kms.commandCalls(DecryptCommand)[0]!.args[0].input.EncryptionContext).toEqual({ tenantId: A });

    const token = encryptField('x', k1.plaintext, A);
    expect(decryptField(token, k2.plaintext, A)).toBe('x');
  });

  it("KMS refuses to unwrap a tenant's key under another tenant", async () => {
    install();
    const store = new InMemoryWrappedKeyStore();
    const p = new KmsKeyProvider({ client: new KMSClient({}), keyId: 'alias/linli', store });
    const k = await p.getDataKey(A);
    await expect(p.decryptDataKey(B, k.encrypted)).rejects.toThrow(/InvalidCiphertext/);
  });

  it('asks KMS through the client of the tenant whose key it needs (scoped sessions in AWS)', async () => {
    install();
    const asked: string[] = [];
    const p = new KmsKeyProvider({
      client: (tenantId) => {
        asked.push(tenantId);
        return new KMSClient({});
      },
      keyId: 'k',
      store: new InMemoryWrappedKeyStore(),
    });
    const k = await p.getDataKey(A);
    await p.getDataKey(B);
    await p.decryptDataKey(A, k.encrypted);
    expect(asked).toEqual([A, B, A]);
  });

  it('takes a client made on first use (its SDK module loaded then), per tenant', async () => {
    install();
    const made: string[] = [];
    const p = new KmsKeyProvider({
      client: async (tenantId) => {
        made.push(tenantId);
        const { KMSClient: Client } = await import('@aws-sdk/client-kms');
        return new Client({});
      },
      keyId: 'k',
      store: new InMemoryWrappedKeyStore(),
    });
    const k = await p.getDataKey(A);
    expect(made).toEqual([A]);
    expect((await p.decryptDataKey(A, k.encrypted)).equals(k.plaintext)).toBe(true);
    await expect(p.decryptDataKey(B, k.encrypted)).rejects.toThrow(/InvalidCiphertext/);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(1);
  });

  it('on a creation race keeps the stored winner', async () => {
    install();
    const store = new InMemoryWrappedKeyStore();
    const winner = await new KmsKeyProvider({ client: new KMSClient({}), keyId: 'k', store }).getDataKey(A);
    // A second instance that did not see the key when it looked, then lost the conditional write.
    const racing: InMemoryWrappedKeyStore = Object.assign(Object.create(store), {
      get: async () => undefined,
    });
    const loser = await new KmsKeyProvider({
      client: new KMSClient({}),
      keyId: 'k',
      store: racing,
    }).getDataKey(A);
    expect(loser.plaintext.equals(winner.plaintext)).toBe(true);
    expect(loser.encrypted.equals(winner.encrypted)).toBe(true);
  });
});
