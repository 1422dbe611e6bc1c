import { AsyncLocalStorage } from 'node:async_hooks';
import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@linli/core';
import type { Item, TenantStore, TransactOp } from './store.ts';

export type Channel = 'web' | 'kiosk' | 'call-centre' | 'sms' | 'api' | 'import' | 'system';

/**
 * One entry of the audit log. Audit is the domain's: the write that knows what changed records
 * it, in the same transaction where there is one (`auditOp`), so there is one entry per change.
 */
export interface AuditEntry {
  /** The actor's stable id: the Cognito `sub` (a username can be re-used after deletion). */
  readonly actor: string;
  /** The sign-in name, for people reading the log. */
  readonly actorName?: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly channel: Channel;
  /** Why the actor did it (required for views of sensitive fields). */
  readonly reason?: string;
  readonly detail?: Record<string, unknown>;
}

const day = (iso: string) => iso.slice(0, 10);

/** Counts the tenant audit entries a unit of work writes (one request; see `countAudits`). */
const trail = new AsyncLocalStorage<{ entries: number }>();

/**
 * Runs `work` and says how many tenant audit entries it wrote: the API checks that every
 * successful write leaves at least one, whichever domain code wrote it.
 */
export const countAudits = async (work: () => Promise<void>): Promise<number> => {
  const counter = { entries: 0 };
  await trail.run(counter, work);
  return counter.entries;
};

/**
 * The tenant audit entry as an item: one partition per day, an index by actor. Written with
 * `attribute_not_exists` so an entry can never be overwritten.
 */
export const auditItem = (store: TenantStore, entry: AuditEntry): Item => {
  const at = new Date().toISOString();
  const counter = trail.getStore();
  if (counter) counter.entries++;
  return {
    pk: store.keys.pk('AUDIT', day(at)),
    sk: `${at}#${newId()}`,
    gsi1pk: store.keys.pk('AUDIT-BY-ACTOR', entry.actor),
    gsi1sk: at,
    at,
    ...entry,
  };
};

/** The audit entry as a transaction step, written with the change it records or not at all. */
export const auditOp = (store: TenantStore, entry: AuditEntry): TransactOp => ({
  put: auditItem(store, entry),
  condition: 'attribute_not_exists(pk)',
});

/** Append an entry on its own (for acts that change nothing else: a reveal, an export). */
export const appendTenantAudit = async (store: TenantStore, entry: AuditEntry): Promise<void> => {
  await store.put(auditItem(store, entry), 'create');
};

/** Control-plane audit (ministry actions: tenants, flags, approvals). */
export const appendControlAudit = async (
  doc: DynamoDBDocumentClient,
  table: string,
  entry: AuditEntry,
): Promise<void> => {
  const at = new Date().toISOString();
  await doc.send(
    new PutCommand({
      TableName: table,
      Item: { pk: `AUDIT#${day(at)}`, sk: `${at}#${newId()}`, at, ...entry },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
};
