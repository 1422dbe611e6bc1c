/**
 * Operator tool: move a tenant from the pooled table to its own silo table.
 *
 * copy → verify counts → switch the registry → keep the old items until an operator confirms.
 * Runs offline (CLI / a Step Functions task), never on a request path, which is why it may Scan:
 * a pooled table has no index over "every item of one tenant". The tenant is read-only
 * (suspended) while copying so no write is lost between copy and switch.
 */
import { BatchWriteCommand, type DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { Errors } from '@linli/core';
import { tenantPrefix } from '../keys.ts';
import type { Tenant } from '../model.ts';
import type { TenantRegistry } from '../registry.ts';

export interface SiloMoveResult {
  readonly tenant: Tenant;
  readonly copied: number;
  readonly previousTable: string;
}

/**
 * Every item of one tenant in a table, by a filtered Scan. For offline operations only (silo
 * moves, offboarding exports): a request path always queries by key.
 */
export const scanTenantItems = async function* (
  doc: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
): AsyncGenerator<Record<string, unknown>> {
  let start: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new ScanCommand({
        TableName: table,
        FilterExpression: 'begins_with(pk, :p)',
        ExpressionAttributeValues: { ':p': tenantPrefix(tenantId) },
        ...(start ? { ExclusiveStartKey: start } : {}),
      }),
    );
    for (const item of page.Items ?? []) yield item;
    start = page.LastEvaluatedKey;
  } while (start);
};

const writeBatch = async (
  doc: DynamoDBDocumentClient,
  table: string,
  requests: Record<string, unknown>[],
) => {
  let pending = requests;
  for (let attempt = 0; pending.length > 0; attempt++) {
    if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** Math.min(attempt, 6) * 20));
    const out = await doc.send(new BatchWriteCommand({ RequestItems: { [table]: pending as never } }));
    pending = (out.UnprocessedItems?.[table] ?? []) as Record<string, unknown>[];
  }
};

export const countTenantItems = async (
  doc: DynamoDBDocumentClient,
  table: string,
  tenantId: string,
): Promise<number> => {
  let n = 0;
  for await (const _ of scanTenantItems(doc, table, tenantId)) n++;
  return n;
};

/** Copy, verify, switch. The pooled items stay until `confirmSiloMove`. */
export const moveTenantToSilo = async (
  deps: {
    doc: DynamoDBDocumentClient;
    registry: TenantRegistry;
    ensureSiloTable: (tenantId: string) => Promise<string>;
  },
  tenantId: string,
): Promise<SiloMoveResult> => {
  const tenant = await deps.registry.get(tenantId);
  if (!tenant) throw Errors.tenantNotFound();
  if (tenant.placement === 'silo')
    throw Errors.conflict({ zh: '已是独立部署', en: 'tenant is already silo' });
  const wasStatus = tenant.status;
  const source = tenant.dataTable;
  const target = await deps.ensureSiloTable(tenantId);
  await deps.registry.update(tenantId, { status: 'suspended' });
  try {
    let copied = 0;
    let batch: Record<string, unknown>[] = [];
    for await (const item of scanTenantItems(deps.doc, source, tenantId)) {
      batch.push({ PutRequest: { Item: item } });
      copied++;
      if (batch.length === 25) {
        await writeBatch(deps.doc, target, batch);
        batch = [];
      }
    }
    if (batch.length) await writeBatch(deps.doc, target, batch);
    const inTarget = await countTenantItems(deps.doc, target, tenantId);
    if (inTarget !== copied) {
      throw Errors.conflict({
        zh: `校验失败：复制 ${copied} 条，目标 ${inTarget} 条`,
        en: `verify failed: copied ${copied}, target has ${inTarget}`,
      });
    }
    const switched = await deps.registry.update(tenantId, {
      placement: 'silo',
      dataTable: target,
      status: wasStatus,
    });
    return { tenant: switched, copied, previousTable: source };
  } catch (err) {
    // Nothing switched: the tenant keeps reading its pooled data.
    await deps.registry.update(tenantId, { status: wasStatus });
    throw err;
  }
};

/** After an operator confirmed the silo works: delete the tenant's items from the old table. */
export const confirmSiloMove = async (
  deps: { doc: DynamoDBDocumentClient; registry: TenantRegistry },
  tenantId: string,
  previousTable: string,
): Promise<number> => {
  const tenant = await deps.registry.get(tenantId);
  if (tenant?.placement !== 'silo' || tenant.dataTable === previousTable) {
    throw Errors.conflict({
      zh: '租户尚未切换到独立表',
      en: 'tenant has not been switched to its silo table',
    });
  }
  let deleted = 0;
  let batch: Record<string, unknown>[] = [];
  for await (const item of scanTenantItems(deps.doc, previousTable, tenantId)) {
    batch.push({ DeleteRequest: { Key: { pk: item.pk, sk: item.sk } } });
    deleted++;
    if (batch.length === 25) {
      await writeBatch(deps.doc, previousTable, batch);
      batch = [];
    }
  }
  if (batch.length) await writeBatch(deps.doc, previousTable, batch);
  return deleted;
};
