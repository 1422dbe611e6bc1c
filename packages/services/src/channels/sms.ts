/**
 * SMS both ways: the message log with each message's delivery state, opt-outs from broadcasts
 * (`TD`), the district's daily limit and quiet hours, inbound messages for the hotline, and the
 * keyword commands of inbound texts (`CX <case number>`, `TD`).
 *
 * Keys (no mobile number in any key: a keyed hash, `TenantCipher.hash('mobile', …)`):
 * - log: `SMSLOG#<yyyymmdd>` (China day), sk `<iso>#<ulid>` — masked number, hash, text, state;
 * - opt-outs: `SMSOPT`, sk `<hash>` (a district's opt-outs are few: read whole for a broadcast);
 * - daily counter: `SMSDAY`, sk `<yyyymmdd>` (`sent`, added conditionally under the limit);
 * - inbound messages for the hotline: `SMSIN`, sk `<iso>#<ulid>` — the number sealed;
 * - redelivery guard: `SMSSEEN`, sk the provider's message id;
 * - broadcasts: `SMSBC`, sk `<iso>#<ulid>` — who, to which area, the counts.
 */
import { intBetween, LinliError, maskMobile, newId } from '@linli/core';
import { type Actor, auditPut, type TenantCipher, transactRetry } from '@linli/population';
import type { TenantStore, TransactOp } from '@linli/tenancy';
import * as z from 'zod/mini';
import { callDay } from './calls.ts';
import type { closeInboundSchema } from './inputs.ts';

export const SMS_KINDS = ['notice', 'broadcast', 'reply', 'inbound'] as const;
export type SmsKind = (typeof SMS_KINDS)[number];
export const SMS_STATES = ['sent', 'failed', 'received', 'skipped-opt-out'] as const;
export type SmsState = (typeof SMS_STATES)[number];

export interface SmsLogEntry {
  readonly id: string;
  readonly at: string;
  readonly direction: 'out' | 'in';
  readonly kind: SmsKind;
  /** The other party's number, masked (`138****1111`). */
  readonly number: string;
  readonly text: string;
  readonly state: SmsState;
  readonly broadcastId?: string;
}

export interface InboundMessage {
  readonly id: string;
  readonly receivedAt: string;
  readonly from: string;
  readonly text: string;
  readonly status: 'open' | 'closed';
  readonly caseNumber?: string;
  readonly note?: string;
  readonly closedAt?: string;
  readonly closedBy?: string;
}

/** A district's SMS rules: at most `dailyLimit` broadcast texts a day, none in quiet hours (China time). */
export interface SmsRules {
  readonly dailyLimit: number;
  /** Hour (0–23) quiet hours start, inclusive. */
  readonly quietFrom: number;
  /** Hour (0–23) quiet hours end, exclusive. */
  readonly quietUntil: number;
}
export const DEFAULT_SMS_RULES: SmsRules = { dailyLimit: 2000, quietFrom: 21, quietUntil: 8 };

export const smsRulesSchema = z.strictObject({
  dailyLimit: intBetween(0, 1_000_000),
  quietFrom: intBetween(0, 23),
  quietUntil: intBetween(0, 23),
});

export const SmsErrors = {
  quietHours: (r: SmsRules) =>
    new LinliError('SMS_QUIET_HOURS', 409, {
      zh: `${r.quietFrom}:00 至次日 ${r.quietUntil}:00 为免打扰时段，不发送群发短信`,
      en: `No broadcasts between ${r.quietFrom}:00 and ${r.quietUntil}:00 (quiet hours)`,
    }),
  dailyLimit: (left: number) =>
    new LinliError('SMS_DAILY_LIMIT', 429, {
      zh: `超过本区县当日短信上限（今日还可发送 ${left} 条）`,
      en: `Over the district's daily SMS limit (${left} left today)`,
    }),
  noRecipients: () =>
    new LinliError('SMS_NO_RECIPIENTS', 409, {
      zh: '该范围内没有可接收短信的居民',
      en: 'No resident of this area can receive the text',
    }),
  messageNotFound: () =>
    new LinliError('SMS_MESSAGE_NOT_FOUND', 404, { zh: '未找到该短信', en: 'Message not found' }),
  messageClosed: () =>
    new LinliError('SMS_MESSAGE_CLOSED', 409, { zh: '该短信已处理', en: 'The message was already handled' }),
};

/** China time hour of an instant. */
const chinaHour = (at: Date) => new Date(at.getTime() + 8 * 3_600_000).getUTCHours();

/** Whether `at` falls in the quiet hours (a window may wrap midnight). */
export const inQuietHours = (r: SmsRules, at: Date): boolean => {
  const h = chinaHour(at);
  if (r.quietFrom === r.quietUntil) return false;
  return r.quietFrom < r.quietUntil
    ? h >= r.quietFrom && h < r.quietUntil
    : h >= r.quietFrom || h < r.quietUntil;
};

/** An 11-digit mainland mobile from an E.164 or national number, or undefined. */
export const mainlandMobile = (n: string): string | undefined => {
  const m = n.replace(/[\s-]/g, '').replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  return /^1[3-9]\d{9}$/.test(m) ? m : undefined;
};

/** What an inbound text asks for. */
export type SmsCommand =
  | { readonly kind: 'status'; readonly number: string }
  | { readonly kind: 'opt-out' }
  | { readonly kind: 'message' };

/** `CX <case number>` (status), `TD` (opt out; also 退订), anything else a message for the hotline. */
export const parseCommand = (text: string): SmsCommand => {
  const t = text.normalize('NFKC').trim();
  if (/^(TD|退订)$/i.test(t)) return { kind: 'opt-out' };
  const cx = /^CX\s*(\d{6}-?\d{8}-?\d{4})$/i.exec(t);
  if (cx) {
    const d = cx[1]!.replaceAll('-', '');
    return { kind: 'status', number: `${d.slice(0, 6)}-${d.slice(6, 14)}-${d.slice(14)}` };
  }
  return { kind: 'message' };
};

/** Texts residents sent for the hotline since `fromIso` (one COUNT Query of `SMSIN`). */
export const countInbound = (store: TenantStore, fromIso: string): Promise<number> =>
  store.count({ pk: store.keys.pk('SMSIN'), skBetween: [fromIso, '9999'] });

export class SmsStore {
  constructor(
    readonly store: TenantStore,
    private readonly cipher: TenantCipher,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private k(...parts: string[]) {
    return this.store.keys.pk(...(parts as [string, ...string[]]));
  }

  /** A log item for a message (a transaction step, or put on its own). */
  logOp(mobile: string, e: Omit<SmsLogEntry, 'id' | 'at' | 'number'>, at = this.now()): TransactOp {
    const id = newId();
    const iso = at.toISOString();
    return {
      put: {
        pk: this.k('SMSLOG', callDay(at)),
        sk: `${iso}#${id}`,
        type: 'sms-log',
        id,
        at: iso,
        number: maskMobile(mobile),
        numberHash: this.cipher.hash('mobile', mobile),
        ...e,
      },
    };
  }

  async log(mobile: string, e: Omit<SmsLogEntry, 'id' | 'at' | 'number'>): Promise<void> {
    const op = this.logOp(mobile, e);
    if ('put' in op) await this.store.put(op.put);
  }

  /** One day's log (China day `yyyymmdd`), newest first. */
  async logOf(day: string, limit = 200): Promise<SmsLogEntry[]> {
    const page = await this.store.query<Record<string, unknown>>({
      pk: this.k('SMSLOG', day),
      forward: false,
      limit: Math.min(limit, 500),
    });
    return page.items.map((it) => {
      const { pk: _p, sk: _s, type: _t, numberHash: _h, ...e } = it;
      return e as unknown as SmsLogEntry;
    });
  }

  /** Whether this provider message was already handled (marks it if not). */
  async firstDelivery(messageId: string): Promise<boolean> {
    try {
      await this.store.put(
        {
          pk: this.k('SMSSEEN'),
          sk: messageId.slice(0, 100),
          type: 'sms-seen',
          at: this.now().toISOString(),
        },
        'create',
      );
      return true;
    } catch (e) {
      if (e instanceof LinliError && e.code === 'CONFLICT') return false;
      throw e;
    }
  }

  async rules(): Promise<SmsRules> {
    const it = await this.store.get<Record<string, unknown>>(this.k('SMSCONF'), 'RULES');
    const parsed = smsRulesSchema.safeParse({
      dailyLimit: it?.dailyLimit,
      quietFrom: it?.quietFrom,
      quietUntil: it?.quietUntil,
    });
    return parsed.success ? parsed.data : DEFAULT_SMS_RULES;
  }

  async saveRules(r: SmsRules, actor: Actor): Promise<void> {
    await transactRetry(this.store, [
      { put: { pk: this.k('SMSCONF'), sk: 'RULES', type: 'sms-rules', ...r } },
      auditPut(this.store, actor, 'sms.rules', 'sms:rules', { detail: { ...r } }),
    ]);
  }

  /** Opt a number out of broadcasts (`TD`). Case notices still go. */
  async optOut(mobile: string, actor: Actor): Promise<void> {
    await transactRetry(this.store, [
      {
        put: {
          pk: this.k('SMSOPT'),
          sk: this.cipher.hash('mobile', mobile),
          type: 'sms-opt-out',
          at: this.now().toISOString(),
        },
      },
      auditPut(this.store, actor, 'sms.opt-out', 'sms:opt-out', { detail: { number: maskMobile(mobile) } }),
    ]);
  }

  /** The hashes of every number that opted out. */
  async optedOut(): Promise<Set<string>> {
    const items = await this.store.queryAll<Record<string, unknown>>({ pk: this.k('SMSOPT') });
    return new Set(items.map((i) => String(i.sk)));
  }

  hashOf(mobile: string): string {
    return this.cipher.hash('mobile', mobile);
  }

  /**
   * Reserve `n` texts of today's allowance, or `SMS_DAILY_LIMIT` with what is left (nothing is
   * reserved then): one conditional update, so two broadcasts at once cannot pass the limit.
   */
  async reserve(n: number, r: SmsRules): Promise<void> {
    const day = callDay(this.now());
    try {
      await this.store.update(this.k('SMSDAY'), day, {
        UpdateExpression: 'ADD sent :n SET #t = :type',
        ConditionExpression: 'attribute_not_exists(sent) OR sent <= :room',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':n': n, ':room': r.dailyLimit - n, ':type': 'sms-day' },
      });
    } catch (e) {
      if (!(e instanceof LinliError && e.code === 'CONFLICT')) throw e;
      const it = await this.store.get<Record<string, unknown>>(this.k('SMSDAY'), day, true);
      throw SmsErrors.dailyLimit(Math.max(0, r.dailyLimit - Number(it?.sent ?? 0)));
    }
    if (n > r.dailyLimit) throw SmsErrors.dailyLimit(r.dailyLimit);
  }

  /** Record a broadcast with its counts (and the audit entry). */
  async recordBroadcast(
    b: {
      id: string;
      text: string;
      area: Record<string, string>;
      recipients: number;
      sent: number;
      failed: number;
      skipped: number;
    },
    actor: Actor,
  ): Promise<void> {
    const at = this.now().toISOString();
    await transactRetry(this.store, [
      {
        put: {
          pk: this.k('SMSBC'),
          sk: `${at}#${b.id}`,
          type: 'sms-broadcast',
          at,
          by: actor.name ?? actor.id,
          ...b,
        },
      },
      auditPut(this.store, actor, 'sms.broadcast', `sms-broadcast:${b.id}`, {
        detail: { ...b.area, recipients: b.recipients, sent: b.sent, failed: b.failed, skipped: b.skipped },
      }),
    ]);
  }

  /** An inbound text for the hotline (the number sealed), with its audit entry. */
  async openInbound(mobile: string, text: string, actor: Actor): Promise<InboundMessage> {
    const at = this.now().toISOString();
    const id = `${at}#${newId()}`;
    await transactRetry(this.store, [
      {
        put: {
          pk: this.k('SMSIN'),
          sk: id,
          type: 'sms-inbound',
          receivedAt: at,
          from: this.cipher.encrypt(mobile, `sms:${id}`),
          text,
          status: 'open',
        },
        condition: 'attribute_not_exists(pk)',
      },
      auditPut(this.store, actor, 'sms.inbound', `sms:${id}`, { detail: { number: maskMobile(mobile) } }),
    ]);
    return { id, receivedAt: at, from: mobile, text, status: 'open' };
  }

  private inboundOf(it: Record<string, unknown>): InboundMessage {
    const id = String(it.sk);
    return {
      id,
      receivedAt: String(it.receivedAt),
      from: this.cipher.decrypt(String(it.from), `sms:${id}`),
      text: String(it.text),
      status: it.status === 'closed' ? 'closed' : 'open',
      ...(it.caseNumber ? { caseNumber: String(it.caseNumber) } : {}),
      ...(it.note ? { note: String(it.note) } : {}),
      ...(it.closedAt ? { closedAt: String(it.closedAt) } : {}),
      ...(it.closedBy ? { closedBy: String(it.closedBy) } : {}),
    };
  }

  /** The newest inbound messages (at most 200), optionally of one status. */
  async inbound(status?: InboundMessage['status']): Promise<InboundMessage[]> {
    const page = await this.store.query<Record<string, unknown>>({
      pk: this.k('SMSIN'),
      forward: false,
      limit: 200,
    });
    return page.items.map((it) => this.inboundOf(it)).filter((m) => !status || m.status === status);
  }

  /** Close an inbound message (turned into a case, or answered), once. */
  async closeInbound(
    id: string,
    input: z.infer<typeof closeInboundSchema>,
    actor: Actor,
  ): Promise<InboundMessage> {
    const it = await this.store.get<Record<string, unknown>>(this.k('SMSIN'), id, true);
    if (!it) throw SmsErrors.messageNotFound();
    if (it.status !== 'open') throw SmsErrors.messageClosed();
    const at = this.now().toISOString();
    const by = actor.name ?? actor.id;
    try {
      await transactRetry(this.store, [
        {
          update: { pk: this.k('SMSIN'), sk: id },
          expression: `SET #s = :c, closedAt = :at, closedBy = :by${input.caseNumber ? ', caseNumber = :n' : ''}${input.note ? ', note = :note' : ''}`,
          condition: '#s = :o',
          names: { '#s': 'status' },
          values: {
            ':c': 'closed',
            ':o': 'open',
            ':at': at,
            ':by': by,
            ...(input.caseNumber ? { ':n': input.caseNumber } : {}),
            ...(input.note ? { ':note': input.note } : {}),
          },
        },
        auditPut(this.store, actor, 'sms.inbound-close', `sms:${id}`, {
          detail: { caseNumber: input.caseNumber ?? null },
        }),
      ]);
    } catch (e) {
      if (e instanceof LinliError && e.code === 'CONFLICT') throw SmsErrors.messageClosed();
      throw e;
    }
    return {
      ...this.inboundOf(it),
      status: 'closed',
      closedAt: at,
      closedBy: by,
      ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
      ...(input.note ? { note: input.note } : {}),
    };
  }
}
