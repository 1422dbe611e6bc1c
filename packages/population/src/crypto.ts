/**
 * Envelope encryption of personal fields with one data key per tenant (district):
 * - the data key is generated and wrapped by a master key — AWS KMS in AWS, a local key file
 *   locally — and only its wrapped form is stored;
 * - fields are sealed with AES-256-GCM, the tenant id bound in as additional authenticated data,
 *   so a ciphertext copied into another tenant's partition fails to open;
 * - exact-match search (ID number, mobile) goes through an HMAC keyed per tenant, so no index
 *   ever holds a plaintext value and equal values in two districts do not correlate.
 */
import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { constants as fsc } from 'node:fs';
import { chmod, mkdir, open, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LinliError } from '@linli/core';
import { normalizeCitizenId } from './ids.ts';
import { normalizeMobile } from './normalize.ts';

export interface DataKey {
  /** 32 bytes; keep in memory only. */
  readonly plaintext: Buffer;
  /** The wrapped key, safe to store next to the tenant's registry entry. */
  readonly encrypted: Buffer;
  /** Which master key wrapped it. */
  readonly keyId: string;
}

export interface KeyProvider {
  /** The tenant's data key, created on first use and stable afterwards. */
  getDataKey(tenantId: string): Promise<DataKey>;
  /** Unwrap a stored data key of `tenantId`. */
  decryptDataKey(tenantId: string, encrypted: Buffer): Promise<Buffer>;
}

export const decryptFailed = (cause?: unknown) =>
  new LinliError(
    'FIELD_DECRYPT_FAILED',
    500,
    { zh: '加密数据无法解密（密钥或区县不匹配，或数据已损坏）', en: 'Encrypted data could not be decrypted' },
    { cause },
  );

const b64u = (b: Buffer) => b.toString('base64url');
const fromB64u = (s: string) => Buffer.from(s, 'base64url');

const TENANT_ID = /^[A-Za-z0-9_-]{1,128}$/;
export const assertTenant = (tenantId: string) => {
  if (!TENANT_ID.test(tenantId)) throw new RangeError(`invalid tenant id: ${tenantId}`);
};

const aadFor = (tenantId: string, context?: string) =>
  Buffer.from(context ? `linli:${tenantId}:${context}` : `linli:${tenantId}`, 'utf8');

/**
 * Seal a field value: `v1.<iv>.<tag>.<ct>` in base64url. `context` (e.g. the field name) is bound
 * in as well when given, so a ciphertext cannot be moved to another field either.
 */
export const encryptField = (
  plaintext: string,
  dataKey: Buffer,
  tenantId: string,
  context?: string,
): string => {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', dataKey, iv);
  cipher.setAAD(aadFor(tenantId, context));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${b64u(iv)}.${b64u(cipher.getAuthTag())}.${b64u(ct)}`;
};

/** Open a value sealed by {@link encryptField}; throws `FIELD_DECRYPT_FAILED` on any mismatch. */
export const decryptField = (token: string, dataKey: Buffer, tenantId: string, context?: string): string => {
  const parts = token.split('.');
  if (parts.length !== 4 || parts[0] !== 'v1') throw decryptFailed();
  const [, iv, tag, ct] = parts as [string, string, string, string];
  try {
    const ivb = fromB64u(iv);
    const tagb = fromB64u(tag);
    if (ivb.length !== 12 || tagb.length !== 16) throw new Error('bad iv/tag length');
    const decipher = createDecipheriv('aes-256-gcm', dataKey, ivb, { authTagLength: 16 });
    decipher.setAAD(aadFor(tenantId, context));
    decipher.setAuthTag(tagb);
    return Buffer.concat([decipher.update(fromB64u(ct)), decipher.final()]).toString('utf8');
  } catch (err) {
    throw decryptFailed(err);
  }
};

// ---------------------------------------------------------------------------------------------
// Keyed hashes for exact-match search
// ---------------------------------------------------------------------------------------------

export type SearchKind = 'idNumber' | 'mobile' | 'name';

/** The per-tenant search key: HKDF-SHA256 of the data key, salted with the tenant id. */
export const deriveSearchKey = (dataKey: Buffer, tenantId: string): Buffer =>
  Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(tenantId, 'utf8'), 'linli/search-index/v1', 32));

export const normalizeForSearch = (kind: SearchKind, value: string): string =>
  kind === 'idNumber'
    ? normalizeCitizenId(value)
    : kind === 'mobile'
      ? normalizeMobile(value)
      : value.normalize('NFKC').replace(/\s+/g, '');

/** HMAC-SHA256 of the normalised value, base64url; the kind is bound in so kinds never collide. */
export const searchHash = (searchKey: Buffer, kind: SearchKind, value: string): string =>
  createHmac('sha256', searchKey)
    .update(`${kind}\u0000${normalizeForSearch(kind, value)}`)
    .digest('base64url');

/**
 * Keyed hashes of every prefix of a name (`张`, `张三`, …, up to `max` characters), so a
 * prefix search is an exact lookup of one hash and the index holds no plaintext name.
 */
export const namePrefixHashes = (searchKey: Buffer, name: string, max = 4): string[] => {
  const chars = Array.from(normalizeForSearch('name', name));
  const out: string[] = [];
  for (let i = 1; i <= Math.min(max, chars.length); i++)
    out.push(searchHash(searchKey, 'name', chars.slice(0, i).join('')));
  return out;
};

/** Field encryption and search hashing bound to one tenant's data key. */
export class TenantCipher {
  private constructor(
    readonly tenantId: string,
    private readonly dataKey: Buffer,
    private readonly searchKey: Buffer,
  ) {}

  static async forTenant(provider: KeyProvider, tenantId: string): Promise<TenantCipher> {
    const key = await provider.getDataKey(tenantId);
    return new TenantCipher(tenantId, key.plaintext, deriveSearchKey(key.plaintext, tenantId));
  }

  encrypt(value: string, context?: string): string {
    return encryptField(value, this.dataKey, this.tenantId, context);
  }
  decrypt(token: string, context?: string): string {
    return decryptField(token, this.dataKey, this.tenantId, context);
  }
  hash(kind: SearchKind, value: string): string {
    return searchHash(this.searchKey, kind, value);
  }
  namePrefixes(name: string, max?: number): string[] {
    return namePrefixHashes(this.searchKey, name, max);
  }
}

// ---------------------------------------------------------------------------------------------
// Local key file provider
// ---------------------------------------------------------------------------------------------

/**
 * Local development and tests: a 32-byte master key in `<dir>/master.key` (created 0600 on first
 * use; refused if group/other can read it), per-tenant data keys wrapped with it in
 * `<dir>/tenants/<tenantId>.dek`.
 */
export class LocalFileKeyProvider implements KeyProvider {
  private master?: Promise<Buffer>;
  private readonly cache = new Map<string, Promise<DataKey>>();

  constructor(private readonly dir: string) {}

  private masterKey(): Promise<Buffer> {
    this.master ??= this.loadMaster();
    return this.master;
  }

  private async loadMaster(): Promise<Buffer> {
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const file = join(this.dir, 'master.key');
    const key = await createExclusive(file, () => randomBytes(32));
    const st = await stat(file);
    if ((st.mode & 0o077) !== 0)
      throw new Error(
        `${file} is readable by group or others (mode ${(st.mode & 0o777).toString(8)}); chmod 600 it`,
      );
    if (key.length !== 32) throw new Error(`${file} must hold 32 bytes`);
    return key;
  }

  get keyId(): Promise<string> {
    return this.masterKey().then((k) => `local:${createHash('sha256').update(k).digest('hex').slice(0, 16)}`);
  }

  getDataKey(tenantId: string): Promise<DataKey> {
    assertTenant(tenantId);
    let p = this.cache.get(tenantId);
    if (!p) {
      p = this.loadOrCreate(tenantId);
      p.catch(() => this.cache.delete(tenantId));
      this.cache.set(tenantId, p);
    }
    return p;
  }

  private async loadOrCreate(tenantId: string): Promise<DataKey> {
    const master = await this.masterKey();
    await mkdir(join(this.dir, 'tenants'), { recursive: true, mode: 0o700 });
    const file = join(this.dir, 'tenants', `${tenantId}.dek`);
    const encrypted = await createExclusive(file, () =>
      Buffer.from(encryptField(b64u(randomBytes(32)), master, tenantId, 'data-key'), 'utf8'),
    );
    return { plaintext: await this.decryptDataKey(tenantId, encrypted), encrypted, keyId: await this.keyId };
  }

  async decryptDataKey(tenantId: string, encrypted: Buffer): Promise<Buffer> {
    assertTenant(tenantId);
    const master = await this.masterKey();
    return fromB64u(decryptField(encrypted.toString('utf8'), master, tenantId, 'data-key'));
  }
}

/** Read `file`, or create it with `make()` and mode 0600 if absent; a concurrent creator wins. */
async function createExclusive(file: string, make: () => Buffer): Promise<Buffer> {
  try {
    return await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  try {
    const fh = await open(file, fsc.O_WRONLY | fsc.O_CREAT | fsc.O_EXCL, 0o600);
    const content = make();
    try {
      await fh.writeFile(content);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await chmod(file, 0o600); // the umask may have narrowed it further, never widened; make it exact
    return content;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return readFile(file);
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// AWS KMS provider
// ---------------------------------------------------------------------------------------------

/** Where a tenant's wrapped data key lives (in AWS: an attribute of the tenant registry item). */
export interface WrappedKeyStore {
  get(tenantId: string): Promise<Buffer | undefined>;
  /** Store unless one exists (conditional write); returns the stored key — the winner's on a race. */
  putIfAbsent(tenantId: string, encrypted: Buffer): Promise<Buffer>;
}

export class InMemoryWrappedKeyStore implements WrappedKeyStore {
  private readonly keys = new Map<string, Buffer>();
  async get(tenantId: string) {
    return this.keys.get(tenantId);
  }
  async putIfAbsent(tenantId: string, encrypted: Buffer) {
    const existing = this.keys.get(tenantId);
    if (existing) return existing;
    this.keys.set(tenantId, encrypted);
    return encrypted;
  }
}
