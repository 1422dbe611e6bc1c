import {
  BatchWriteCommand,
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  type TransactWriteCommandInput,
  UpdateCommand,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { Errors, LinliError } from '@linli/core';
import { partitionKeyAttributes, tenantTable } from '@linli/tables';
import { CursorSigner } from './cursor.ts';
import type { TenantKeys } from './keys.ts';

export type Item = Record<string, unknown> & { pk: string; sk: string };
export type IndexName = 'gsi1' | 'gsi2' | 'gsi3';

const PARTITION_ATTRS = partitionKeyAttributes(tenantTable);

export interface QueryOptions {
  readonly index?: IndexName;
  /** Partition key value (must belong to the tenant). */
  readonly pk: string;
  readonly skPrefix?: string;
  readonly skBetween?: readonly [string, string];
  readonly limit?: number;
  readonly cursor?: string;
  readonly forward?: boolean;
  /** Optional filter expression (attribute names/values given in `names`/`values`). */
  readonly filter?: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}

export interface Page<T> {
  readonly items: T[];
  readonly cursor?: string;
}

export type TransactOp =
  | { put: Item; condition?: string; names?: Record<string, string>; values?: Record<string, unknown> }
  | {
      update: { pk: string; sk: string };
      expression: string;
      condition?: string;
      names?: Record<string, string>;
      values?: Record<string, unknown>;
    }
  | { delete: { pk: string; sk: string }; condition?: string }
  | {
      check: { pk: string; sk: string };
      condition: string;
      names?: Record<string, string>;
      values?: Record<string, unknown>;
    };

/** One operation's condition and the placeholders it uses, as a transaction item names them. */
const conditionOf = (op: {
  readonly condition?: string;
  readonly names?: Record<string, string>;
  readonly values?: Record<string, unknown>;
}) => ({
  ...(op.condition ? { ConditionExpression: op.condition } : {}),
  ...(op.names ? { ExpressionAttributeNames: op.names } : {}),
  ...(op.values ? { ExpressionAttributeValues: op.values } : {}),
});

/**
 * The only way request code touches tenant data. Bound to one tenant's keys and table; every key,
 * item and index partition key is checked against the tenant prefix before it reaches DynamoDB,
 * and there is deliberately no scan. In AWS the client underneath also carries credentials that
 * IAM restricts to the same prefix (`dynamodb:LeadingKeys`), so a bug here still cannot cross.
 */
/** A process-wide signer for stores built without one (tests, offline tools). */
let fallbackSigner: CursorSigner | undefined;

export interface TenantStoreOptions {
  /** Signs page cursors with the deployment's secret. @default a random secret of this process */
  readonly cursors?: CursorSigner;
  /**
   * The request a store serves (method, path, query without the cursor): cursors it hands out are
   * valid only for the same request. @default '' (not bound to a request)
   */
  readonly binding?: string;
}

export class TenantStore {
  private readonly cursors: CursorSigner;
  private readonly binding: string;

  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly table: string,
    readonly keys: TenantKeys,
    private readonly opts: TenantStoreOptions = {},
  ) {
    fallbackSigner ??= new CursorSigner();
    this.cursors = opts.cursors ?? fallbackSigner;
    this.binding = opts.binding ?? '';
  }

  /** The same store, its cursors bound to one request (the API binds every request's store). */
  boundTo(binding: string): TenantStore {
    return new TenantStore(this.doc, this.table, this.keys, { ...this.opts, binding });
  }

  private cursorBinding(query: string): string {
    return `${this.keys.prefix}\n${this.binding}\n${query}`;
  }

  /**
   * Seal a position (e.g. a composite cursor over several partitions) for the client: opaque,
   * authenticated, bound to this tenant, this store's request and `query`.
   */
  sealCursor(query: string, position: unknown): string {
    return this.cursors.seal(this.cursorBinding(query), position);
  }

  /** The position of a cursor sealed with the same tenant, request and `query`; CURSOR_INVALID otherwise. */
  openCursor(query: string, cursor: string): unknown {
    return this.cursors.open(this.cursorBinding(query), cursor);
  }

  private refuse(value: unknown): never {
    throw Errors.crossTenant(undefined, { cause: new Error(`key outside tenant prefix: ${String(value)}`) });
  }

  /** Throws CROSS_TENANT_ACCESS unless every partition key attribute present is the tenant's. */
  assertItem(item: Record<string, unknown>): void {
    if (!this.keys.owns(item.pk)) this.refuse(item.pk);
    for (const attr of PARTITION_ATTRS) {
      if (attr in item && item[attr] !== undefined && !this.keys.owns(item[attr])) this.refuse(item[attr]);
    }
  }

  private key(pk: string, sk: string) {
    if (!this.keys.owns(pk)) this.refuse(pk);
    return { pk, sk };
  }

  async get<T = Item>(pk: string, sk: string, consistent = false): Promise<T | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.key(pk, sk), ConsistentRead: consistent }),
    );
    return out.Item as T | undefined;
  }

  /** Put; `mode: 'create'` fails with CONFLICT when the item exists. */
  async put(item: Item, mode: 'create' | 'replace' = 'replace'): Promise<void> {
    this.assertItem(item);
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ...(mode === 'create' ? { ConditionExpression: 'attribute_not_exists(pk)' } : {}),
        }),
      );
    } catch (err) {
      throw mapConditional(err);
    }
  }

  async update(
    pk: string,
    sk: string,
    input: Omit<UpdateCommandInput, 'TableName' | 'Key'>,
  ): Promise<Record<string, unknown> | undefined> {
    for (const [name, attr] of Object.entries(input.ExpressionAttributeNames ?? {})) {
      // Index partition keys may be set by an update: their values must be the tenant's too.
      if (PARTITION_ATTRS.includes(attr)) {
        const placeholder = `:${name.slice(1)}`;
        const v = input.ExpressionAttributeValues?.[placeholder];
        if (v !== undefined && !this.keys.owns(v)) this.refuse(v);
      }
    }
    try {
      const out = await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.key(pk, sk),
          ReturnValues: 'ALL_NEW',
          ...input,
        }),
      );
      return out.Attributes;
    } catch (err) {
      throw mapConditional(err);
    }
  }

  async delete(pk: string, sk: string): Promise<void> {
    await this.doc.send(new DeleteCommand({ TableName: this.table, Key: this.key(pk, sk) }));
  }

  /**
   * The key condition of a query of `q.pk` (refused unless the tenant owns it), with its sort-key
   * range, after the caller's own placeholders.
   */
  private keyCondition(
    q: Pick<QueryOptions, 'index' | 'pk' | 'skPrefix' | 'skBetween' | 'names' | 'values'>,
  ): { cond: string; names: Record<string, string>; values: Record<string, unknown> } {
    if (!this.keys.owns(q.pk)) this.refuse(q.pk);
    const pkName = q.index ? `${q.index}pk` : 'pk';
    const skName = q.index ? `${q.index}sk` : 'sk';
    const names: Record<string, string> = { '#pk': pkName, ...(q.names ?? {}) };
    const values: Record<string, unknown> = { ':pk': q.pk, ...(q.values ?? {}) };
    let cond = '#pk = :pk';
    if (q.skPrefix !== undefined) {
      names['#sk'] = skName;
      values[':skp'] = q.skPrefix;
      cond += ' AND begins_with(#sk, :skp)';
    } else if (q.skBetween) {
      names['#sk'] = skName;
      values[':a'] = q.skBetween[0];
      values[':b'] = q.skBetween[1];
      cond += ' AND #sk BETWEEN :a AND :b';
    }
    return { cond, names, values };
  }

  async query<T = Item>(q: QueryOptions): Promise<Page<T>> {
    const { cond, names, values } = this.keyCondition(q);
    // The cursor is bound to the partition it pages through (a key of another index or partition
    // is what made DynamoDB answer a ValidationException, i.e. a 500). Not to the sort-key range:
    // a freshness list's range moves with the clock between two pages.
    const fingerprint = `q:${q.index ?? ''}:${q.pk}`;
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        ...(q.index ? { IndexName: q.index } : {}),
        KeyConditionExpression: cond,
        ...(q.filter ? { FilterExpression: q.filter } : {}),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ...(q.limit ? { Limit: q.limit } : {}),
        ScanIndexForward: q.forward ?? true,
        ...(q.cursor ? { ExclusiveStartKey: this.decodeCursor(fingerprint, q.cursor) } : {}),
      }),
    );
    return {
      items: (out.Items ?? []) as T[],
      ...(out.LastEvaluatedKey ? { cursor: this.sealCursor(fingerprint, out.LastEvaluatedKey) } : {}),
    };
  }

  /** Read every page of a query (bounded use: small partitions such as the org structure). */
  async queryAll<T = Item>(q: Omit<QueryOptions, 'cursor'>): Promise<T[]> {
    const all: T[] = [];
    let cursor: string | undefined;
    do {
      const page: Page<T> = await this.query<T>({ ...q, ...(cursor ? { cursor } : {}) });
      all.push(...page.items);
      cursor = page.cursor;
    } while (cursor);
    return all;
  }

  /**
   * How many items a key range holds (`Select: COUNT`: no item leaves DynamoDB). For batch
   * aggregation (indicators), over the same tenant-checked partitions as `query`.
   */
  async count(q: Pick<QueryOptions, 'index' | 'pk' | 'skPrefix' | 'skBetween'>): Promise<number> {
    const { cond, names, values } = this.keyCondition(q);
    let n = 0;
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(
        new QueryCommand({
          TableName: this.table,
          ...(q.index ? { IndexName: q.index } : {}),
          KeyConditionExpression: cond,
          ExpressionAttributeNames: names,
          ExpressionAttributeValues: values,
          Select: 'COUNT',
          ...(start ? { ExclusiveStartKey: start } : {}),
        }),
      );
      n += out.Count ?? 0;
      start = out.LastEvaluatedKey;
    } while (start);
    return n;
  }

  /** All-or-nothing write of up to 100 operations. */
  async transact(ops: readonly TransactOp[]): Promise<void> {
    const items: NonNullable<TransactWriteCommandInput['TransactItems']> = ops.map((op) => {
      if ('put' in op) {
        this.assertItem(op.put);
        return {
          Put: {
            TableName: this.table,
            Item: op.put,
            ...conditionOf(op),
          },
        };
      }
      if ('update' in op) {
        return {
          Update: {
            TableName: this.table,
            Key: this.key(op.update.pk, op.update.sk),
            UpdateExpression: op.expression,
            ...conditionOf(op),
          },
        };
      }
      if ('delete' in op) {
        return {
          Delete: {
            TableName: this.table,
            Key: this.key(op.delete.pk, op.delete.sk),
            ...conditionOf(op),
          },
        };
      }
      return {
        ConditionCheck: {
          TableName: this.table,
          Key: this.key(op.check.pk, op.check.sk),
          ConditionExpression: op.condition,
          ...conditionOf(op),
        },
      };
    });
    try {
      await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
    } catch (err) {
      throw mapConditional(err);
    }
  }

  /** Batch put (idempotent items only), 25 per request, unprocessed items retried with backoff. */
  async batchPut(items: readonly Item[]): Promise<number> {
    for (const item of items) this.assertItem(item);
    let writes = 0;
    for (let i = 0; i < items.length; i += 25) {
      let pending: Record<string, unknown>[] = items
        .slice(i, i + 25)
        .map((Item) => ({ PutRequest: { Item } }));
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt > 8) throw Errors.internal({ en: 'batch write did not complete', zh: '批量写入未完成' });
        if (attempt > 0) await new Promise((r) => setTimeout(r, 2 ** attempt * 25));
        writes++;
        const out = await this.doc.send(
          new BatchWriteCommand({ RequestItems: { [this.table]: pending as never } }),
        );
        pending = (out.UnprocessedItems?.[this.table] ?? []) as Record<string, unknown>[];
      }
    }
    return writes;
  }

  private decodeCursor(fingerprint: string, cursor: string): Record<string, unknown> {
    const key = this.openCursor(fingerprint, cursor);
    // Authenticated, so made here; the prefix check stays as a second line of defence.
    if (typeof key !== 'object' || key === null || Array.isArray(key)) throw Errors.cursorInvalid();
    this.assertItem(key as Item);
    return key as Record<string, unknown>;
  }
}

const mapConditional = (err: unknown): unknown => {
  const name = (err as { name?: string }).name;
  if (name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException') {
    const reasons = (err as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
    if (!reasons || reasons.some((r) => r.Code === 'ConditionalCheckFailed')) {
      return Errors.conflict(undefined, { cause: err });
    }
  }
  if (err instanceof LinliError) return err;
  return err;
};
