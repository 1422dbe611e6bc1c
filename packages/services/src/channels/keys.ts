/**
 * District-issued keys of the channels that call in without a user: the telephony system's call
 * events (`calls`) and the SMS provider's inbound webhook (`sms`). The district admin issues and
 * revokes them; only a SHA-256 of the key is stored (the key is 32 random bytes, so a plain hash
 * is enough: there is nothing to guess), the key itself is shown once.
 *
 * A key names its district: `lcall.<tenantId>.<keyId>.<secret>`. The tenant is read from the key
 * and then proven by the hash stored in that tenant's own partition, so the key identifies the
 * tenant and no request body or header ever does. Keys: `CHKEY`, sk `<keyId>` (no personal data).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { LinliError, newId } from '@linli/core';
import { type Actor, auditPut, transactRetry } from '@linli/population';
import type { TenantStore } from '@linli/tenancy';

export const KEY_PURPOSES = ['calls', 'sms'] as const;
export type KeyPurpose = (typeof KEY_PURPOSES)[number];
const PREFIX: Record<KeyPurpose, string> = { calls: 'lcall', sms: 'lsms' };

export interface ChannelKey {
  readonly id: string;
  readonly purpose: KeyPurpose;
  readonly label: string;
  /** The last four characters of the key, so an admin can tell keys apart. */
  readonly hint: string;
  readonly status: 'active' | 'revoked';
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
  /**
   * An SMS key's SNS topic: given when the key is issued, or pinned by the first signed message that
   * arrives with the key; from then on a signed message from any other topic is refused.
   */
  readonly topicArn?: string;
}

/** An SNS topic ARN (aws, aws-cn). */
export const TOPIC_ARN = /^arn:aws(-cn)?:sns:[a-z]{2}(-[a-z]+)+-\d:\d{12}:[A-Za-z0-9_-]{1,256}$/;

export const ChannelKeyErrors = {
  notFound: () => new LinliError('CHANNEL_KEY_NOT_FOUND', 404, { zh: '未找到该密钥', en: 'Key not found' }),
  revoked: () =>
    new LinliError('CHANNEL_KEY_REVOKED', 409, { zh: '该密钥已吊销', en: 'The key was already revoked' }),
  /** One answer for a missing, malformed, unknown, revoked or foreign key: nothing to probe. */
  invalid: () =>
    new LinliError('CHANNEL_KEY_INVALID', 401, {
      zh: '接入密钥无效或已吊销',
      en: 'The channel key is invalid or revoked',
    }),
};

const hashOf = (key: string) => createHash('sha256').update(key, 'utf8').digest();
const pk = (store: TenantStore) => store.keys.pk('CHKEY');

/** The parts of a presented key, or undefined when it is not one (no I/O). */
export const parseChannelKey = (
  key: string | undefined,
  purpose: KeyPurpose,
): { tenantId: string; keyId: string } | undefined => {
  if (!key || key.length > 200) return undefined;
  const m = /^([a-z]+)\.([A-Za-z0-9_-]{1,64})\.([0-9A-Z]{26})\.([A-Za-z0-9_-]{43})$/.exec(key);
  if (!m || m[1] !== PREFIX[purpose]) return undefined;
  return { tenantId: m[2]!, keyId: m[3]! };
};

const view = (it: Record<string, unknown>): ChannelKey => ({
  id: String(it.id),
  purpose: it.purpose as KeyPurpose,
  label: String(it.label),
  hint: String(it.hint),
  status: it.status === 'revoked' ? 'revoked' : 'active',
  createdAt: String(it.createdAt),
  createdBy: String(it.createdBy),
  ...(it.revokedAt ? { revokedAt: String(it.revokedAt) } : {}),
  ...(it.revokedBy ? { revokedBy: String(it.revokedBy) } : {}),
  ...(typeof it.topicArn === 'string' ? { topicArn: it.topicArn } : {}),
});

export class ChannelKeyStore {
  constructor(
    readonly store: TenantStore,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Issue a key: the stored record and the key itself (shown once, never stored). */
  async issue(
    tenantId: string,
    purpose: KeyPurpose,
    label: string,
    actor: Actor,
    opts: { topicArn?: string } = {},
  ): Promise<{ key: ChannelKey; secret: string }> {
    const id = newId();
    const secret = `${PREFIX[purpose]}.${tenantId}.${id}.${randomBytes(32).toString('base64url')}`;
    const key: ChannelKey = {
      id,
      purpose,
      label,
      hint: secret.slice(-4),
      status: 'active',
      createdAt: this.now().toISOString(),
      createdBy: actor.name ?? actor.id,
      ...(purpose === 'sms' && opts.topicArn ? { topicArn: opts.topicArn } : {}),
    };
    await transactRetry(this.store, [
      {
        put: {
          pk: pk(this.store),
          sk: id,
          type: 'channel-key',
          ...key,
          hash: hashOf(secret).toString('hex'),
        },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(this.store, actor, 'channel-key.issue', `channel-key:${id}`, { detail: { purpose, label } }),
    ]);
    return { key, secret };
  }

  async list(purpose?: KeyPurpose): Promise<ChannelKey[]> {
    const items = await this.store.queryAll<Record<string, unknown>>({ pk: pk(this.store) });
    return items
      .map(view)
      .filter((k) => !purpose || k.purpose === purpose)
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** Revoke a key of `purpose` (a key of the other purpose is not found here). */
  async revoke(id: string, purpose: KeyPurpose, actor: Actor): Promise<ChannelKey> {
    const it = await this.store.get<Record<string, unknown>>(pk(this.store), id, true);
    if (!it || it.purpose !== purpose) throw ChannelKeyErrors.notFound();
    if (it.status === 'revoked') throw ChannelKeyErrors.revoked();
    const at = this.now().toISOString();
    try {
      await transactRetry(this.store, [
        {
          update: { pk: pk(this.store), sk: id },
          expression: 'SET #s = :r, revokedAt = :at, revokedBy = :by',
          names: { '#s': 'status' },
          values: { ':r': 'revoked', ':a': 'active', ':at': at, ':by': actor.name ?? actor.id },
          condition: '#s = :a',
        },
        auditPut(this.store, actor, 'channel-key.revoke', `channel-key:${id}`, {
          detail: { purpose: it.purpose },
        }),
      ]);
    } catch (e) {
      if (e instanceof LinliError && e.code === 'CONFLICT') throw ChannelKeyErrors.revoked();
      throw e;
    }
    return { ...view(it), status: 'revoked', revokedAt: at, revokedBy: actor.name ?? actor.id };
  }

  /**
   * Bind an SMS key to the SNS topic of a signed message: the first one pins it (one conditional
   * update, so two first messages at once cannot pin two topics); later ones must match. Returns
   * whether `topicArn` is the key's topic.
   */
  async pinTopic(keyId: string, topicArn: string): Promise<boolean> {
    try {
      await this.store.transact([
        {
          update: { pk: pk(this.store), sk: keyId },
          expression: 'SET topicArn = :t, topicPinnedAt = if_not_exists(topicPinnedAt, :at)',
          values: { ':t': topicArn, ':at': this.now().toISOString(), ':sms': 'sms' },
          condition: 'purpose = :sms AND (attribute_not_exists(topicArn) OR topicArn = :t)',
        },
      ]);
      return true;
    } catch (e) {
      if (e instanceof LinliError && e.code === 'CONFLICT') return false;
      throw e;
    }
  }

  /**
   * The active key of this tenant matching the presented key (constant-time compare), or
   * undefined. The caller has already parsed the tenant id out of the key.
   */
  async verify(keyId: string, presented: string, purpose: KeyPurpose): Promise<ChannelKey | undefined> {
    const it = await this.store.get<Record<string, unknown>>(pk(this.store), keyId, true);
    if (it?.status !== 'active' || it.purpose !== purpose || typeof it.hash !== 'string') return undefined;
    const stored = Buffer.from(it.hash, 'hex');
    const given = hashOf(presented);
    return stored.length === given.length && timingSafeEqual(stored, given) ? view(it) : undefined;
  }
}
