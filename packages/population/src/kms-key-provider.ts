/**
 * The KMS key provider of the deployed functions, in a module of its own: a function that never
 * unwraps a data key does not bundle it, nor the lazy chunk of its two KMS commands.
 */
import type { KMSClient } from '@aws-sdk/client-kms';
import {
  assertTenant,
  type DataKey,
  decryptFailed,
  type KeyProvider,
  type WrappedKeyStore,
} from './crypto.ts';

export interface KmsKeyProviderOptions {
  /**
   * The KMS client, or one per tenant: in AWS each tenant's client carries its STS-scoped session,
   * whose policy allows the data key only under that tenant's own encryption context. A function
   * may return it as a promise (its SDK module loaded on first use).
   */
  readonly client: KMSClient | ((tenantId: string) => KMSClient | Promise<KMSClient>);
  /** The KMS key (id, ARN or alias) that wraps data keys. */
  readonly keyId: string;
  readonly store: WrappedKeyStore;
  /** How long an unwrapped data key is reused before KMS is asked again. @default 300_000 */
  readonly cacheTtlMs?: number;
}

/**
 * KMS envelope encryption: `GenerateDataKey` (AES_256) once per tenant, `Decrypt` to unwrap, both
 * with the encryption context `{ tenantId }` — KMS itself refuses to unwrap a tenant's key under
 * another tenant's name, and CloudTrail records each use with the tenant.
 */
export class KmsKeyProvider implements KeyProvider {
  private readonly cache = new Map<string, { key: Promise<DataKey>; at: number }>();
  private readonly ttl: number;

  constructor(private readonly opts: KmsKeyProviderOptions) {
    this.ttl = opts.cacheTtlMs ?? 300_000;
  }

  private async clientFor(tenantId: string): Promise<KMSClient> {
    const c = this.opts.client;
    return typeof c === 'function' ? c(tenantId) : c;
  }

  getDataKey(tenantId: string): Promise<DataKey> {
    assertTenant(tenantId);
    const hit = this.cache.get(tenantId);
    if (hit && Date.now() - hit.at < this.ttl) return hit.key;
    const key = this.loadOrCreate(tenantId);
    key.catch(() => this.cache.delete(tenantId));
    this.cache.set(tenantId, { key, at: Date.now() });
    return key;
  }

  private async loadOrCreate(tenantId: string): Promise<DataKey> {
    const stored = await this.opts.store.get(tenantId);
    if (stored)
      return {
        plaintext: await this.decryptDataKey(tenantId, stored),
        encrypted: stored,
        keyId: this.opts.keyId,
      };
    const { GenerateDataKeyCommand } = await import('./kms-commands.ts');
    const out = await (await this.clientFor(tenantId)).send(
      new GenerateDataKeyCommand({
        KeyId: this.opts.keyId,
        KeySpec: 'AES_256',
        EncryptionContext: { tenantId },
      }),
    );
    if (!out.Plaintext || !out.CiphertextBlob) throw new Error('KMS GenerateDataKey returned no key');
    const generated = Buffer.from(out.CiphertextBlob);
    const winner = await this.opts.store.putIfAbsent(tenantId, generated);
    const plaintext = winner.equals(generated)
      ? Buffer.from(out.Plaintext)
      : await this.decryptDataKey(tenantId, winner);
    return { plaintext, encrypted: winner, keyId: out.KeyId ?? this.opts.keyId };
  }

  async decryptDataKey(tenantId: string, encrypted: Buffer): Promise<Buffer> {
    assertTenant(tenantId);
    const { DecryptCommand } = await import('./kms-commands.ts');
    const out = await (await this.clientFor(tenantId)).send(
      new DecryptCommand({
        CiphertextBlob: encrypted,
        KeyId: this.opts.keyId,
        EncryptionContext: { tenantId },
      }),
    );
    if (!out.Plaintext) throw decryptFailed();
    return Buffer.from(out.Plaintext);
  }
}
