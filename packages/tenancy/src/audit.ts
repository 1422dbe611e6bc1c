import { type DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '@linli/core';
import type { TenantStore } from './store.ts';

export type Channel = 'web' | 'kiosk' | 'call-centre' | 'sms' | 'api' | 'import' | 'system';

export interface AuditEntry {
  readonly actor: string;
  readonly role: string;
  readonly action: string;
  readonly target: string;
  readonly channel: Channel;
  /** Why the actor did it (required for views of sensitive fields). */
  readonly reason?: string;
  readonly detail?: Record<string, unknown>;
}

const day = (iso: string) => iso.slice(0, 10);

/**
 * Append-only audit log of one tenant: one partition per day, items written with
 * `attribute_not_exists` so an entry can never be overwritten.
 */
export const appendTenantAudit = async (store: TenantStore, entry: AuditEntry): Promise<void> => {
  const at = new Date().toISOString();
  await store.put(
    {
      pk: store.keys.pk('AUDIT', day(at)),
      sk: `${at}#${newId()}`,
      gsi1pk: store.keys.pk('AUDIT-BY-ACTOR', entry.actor),
      gsi1sk: at,
      at,
      ...entry,
    },
    'create',
  );
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
