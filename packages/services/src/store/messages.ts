/**
 * The resident's message list on the portal (站内消息): one item per status change of their
 * cases, written in the transition's own transaction, so a change and its message exist together
 * or not at all. The text message (SMS) is sent after the commit; the item records whether it went.
 */
import { newId } from '@linli/core';
import type { TenantStore, TransactOp } from '@linli/tenancy';

export interface PortalMessage {
  readonly id: string;
  readonly at: string;
  readonly caseId: string;
  readonly number: string;
  readonly action: string;
  readonly text: { zh: string; en: string };
  /** `pending` until the notifier took the SMS, then `sent`; `none` without a number or notifier. */
  readonly sms: 'pending' | 'sent' | 'failed' | 'none';
}

const pkOf = (store: TenantStore, applicantRef: string) => store.keys.pk('SVCMSG', applicantRef);

/** The message as a transaction step; `sk` to mark its SMS later. */
export const messageOp = (
  store: TenantStore,
  applicantRef: string,
  m: Omit<PortalMessage, 'id'>,
): { op: TransactOp; key: { pk: string; sk: string }; id: string } => {
  const id = newId();
  const key = { pk: pkOf(store, applicantRef), sk: `${m.at}#${id}` };
  return {
    id,
    key,
    op: { put: { ...key, type: 'case-message', id, ...m }, condition: 'attribute_not_exists(pk)' },
  };
};

/** Record what became of the SMS (not audited: a delivery state, not a change of data). */
export const markSms = async (
  store: TenantStore,
  key: { pk: string; sk: string },
  sms: PortalMessage['sms'],
): Promise<void> => {
  await store.update(key.pk, key.sk, {
    UpdateExpression: 'SET sms = :s',
    ConditionExpression: 'attribute_exists(pk)',
    ExpressionAttributeValues: { ':s': sms },
  });
};

/** An applicant's messages, newest first. */
export const listMessages = async (
  store: TenantStore,
  applicantRef: string,
  opts: { limit?: number; cursor?: string } = {},
): Promise<{ items: PortalMessage[]; cursor?: string }> => {
  const page = await store.query<Record<string, unknown>>({
    pk: pkOf(store, applicantRef),
    forward: false,
    limit: Math.min(opts.limit ?? 20, 100),
    ...(opts.cursor ? { cursor: opts.cursor } : {}),
  });
  return {
    items: page.items.map((it) => ({
      id: String(it.id),
      at: String(it.at),
      caseId: String(it.caseId),
      number: String(it.number),
      action: String(it.action),
      text: it.text as PortalMessage['text'],
      sms: (['pending', 'sent', 'failed', 'none'] as const).find((s) => s === it.sms) ?? 'none',
    })),
    ...(page.cursor ? { cursor: page.cursor } : {}),
  };
};
