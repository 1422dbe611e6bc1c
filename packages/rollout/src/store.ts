/**
 * Flag storage in the control table. One partition (`FLAGS` by default):
 *
 * | sk | item |
 * |---|---|
 * | `CURRENT` | pointer: `version`, `overridesRev`, `nextDueAt` — the one item read by the cheap version check |
 * | `V#0000000042` | immutable version: the whole state (set, plans, schedule) and the change that produced it |
 * | `PENDING#<id>` | a change waiting for a second ministry admin (four eyes) |
 * | `OVERRIDE#<tenantId>` | a district's own opt-ins / opt-outs |
 *
 * Every save writes a new version item (`attribute_not_exists`) and moves the pointer with a
 * condition on the expected version in one transaction: optimistic concurrency, no lost update.
 */
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { LinliError } from '@linli/core';
import {
  type ChangeRecord,
  compileFlags,
  defaultModuleFlags,
  type FlagSet,
  flagSetSchema,
  type RolloutPlan,
  type ScheduledChange,
} from '@linli/flags';
import { queryEveryPage } from '@linli/tenancy/control-table';

/** Everything that is versioned together. */
export interface FlagState {
  readonly version: number;
  readonly set: FlagSet;
  /** flag key → its rollout plan. */
  readonly plans: Readonly<Record<string, RolloutPlan>>;
  /** Scheduled changes not yet applied. */
  readonly schedule: readonly ScheduledChange[];
}

export interface Pointer {
  readonly version: number;
  readonly overridesRev: number;
  /** Earliest `at` of the pending schedule, so the version check alone knows when one is due. */
  readonly nextDueAt: string | null;
  readonly updatedAt: string;
}

export interface VersionEntry {
  readonly version: number;
  readonly change: ChangeRecord;
}

export type PendingStatus = 'pending' | 'approved' | 'rejected' | 'stale';

/** A change waiting for a second ministry admin. */
export interface PendingChange {
  readonly id: string;
  readonly status: PendingStatus;
  readonly baseVersion: number;
  /** The flag (or `*`) the change is about, for the console. */
  readonly flagKey: string;
  readonly record: ChangeRecord;
  /** flag key → tenant ids gaining / losing it (from the dry run). */
  readonly byFlag: Readonly<
    Record<string, { readonly gained: readonly string[]; readonly lost: readonly string[] }>
  >;
  readonly proposed: Omit<FlagState, 'version'>;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly decisionNote?: string;
}

export interface DistrictOverrides {
  readonly tenantId: string;
  readonly overrides: Readonly<Record<string, boolean>>;
  readonly updatedBy: string;
  readonly updatedAt: string;
}

export const versionConflict = (expected: number, actual?: number) =>
  new LinliError('VERSION_CONFLICT', 409, {
    zh: `开关配置已被他人修改（期望版本 ${expected}${actual !== undefined ? `，当前版本 ${actual}` : ''}），请刷新后重试`,
    en: `The flags were changed by someone else (expected version ${expected}${actual !== undefined ? `, now ${actual}` : ''}); reload and retry`,
  });

const pad = (v: number) => String(v).padStart(10, '0');
const nextDue = (schedule: readonly ScheduledChange[]): string | null =>
  schedule.length === 0
    ? null
    : schedule.reduce((m, c) => (Date.parse(c.at) < Date.parse(m) ? c.at : m), schedule[0]!.at);

const isConditionFailure = (err: unknown) => {
  const name = (err as { name?: string }).name;
  return name === 'ConditionalCheckFailedException' || name === 'TransactionCanceledException';
};

export interface FlagStoreOptions {
  /** Partition of the flag items. Tests use their own to stay independent. @default 'FLAGS' */
  readonly partition?: string;
}

/** The first state: one module flag per module with the tier defaults (`defaultModuleFlags`). */
export const initialState = (): Omit<FlagState, 'version'> => ({
  set: compileFlags({ version: 1, flags: defaultModuleFlags() }).definitions,
  plans: {},
  schedule: [],
});

export class FlagStore {
  readonly partition: string;

  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    options: FlagStoreOptions = {},
  ) {
    this.partition = options.partition ?? 'FLAGS';
  }

  #key(sk: string) {
    return { pk: this.partition, sk };
  }

  /** The pointer (one strongly consistent GetItem): the cheap version check. */
  async pointer(): Promise<Pointer | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.#key('CURRENT'), ConsistentRead: true }),
    );
    const i = out.Item;
    if (!i) return undefined;
    return {
      version: Number(i.version),
      overridesRev: Number(i.overridesRev ?? 0),
      nextDueAt: (i.nextDueAt as string | undefined) ?? null,
      updatedAt: String(i.updatedAt ?? ''),
    };
  }

  /**
   * Write version 1 from the tier defaults when nothing is stored yet. Idempotent: concurrent
   * starts race on `attribute_not_exists` and the loser finds the winner's version.
   */
  async ensureSeeded(now = Date.now()): Promise<Pointer> {
    const existing = await this.pointer();
    if (existing) return existing;
    const at = new Date(now).toISOString();
    const state = initialState();
    const change: ChangeRecord = {
      version: 1,
      previousVersion: 0,
      kind: 'edit',
      who: 'system',
      at,
      why: '初始默认配置（按版本梯度） / initial tier defaults',
      diff: { added: state.set.flags.map((f) => f.key), removed: [], changed: [], segmentsChanged: [] },
      affectedTenants: 0,
      approval: 'none',
      approvals: [],
    };
    try {
      await this.#commit(0, { version: 1, ...state }, change, true);
    } catch (err) {
      if (!(err instanceof LinliError && err.code === 'VERSION_CONFLICT')) throw err;
    }
    const p = await this.pointer();
    if (!p) throw new Error('flag store: seeding wrote no pointer');
    return p;
  }

  /** One version's state (immutable, so any read is as good as a consistent one). */
  async load(version: number): Promise<FlagState> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.#key(`V#${pad(version)}`), ConsistentRead: true }),
    );
    if (!out.Item) throw new Error(`flag store: version ${version} missing`);
    const raw = JSON.parse(String(out.Item.state)) as Omit<FlagState, 'version'>;
    return {
      version,
      set: flagSetSchema.parse({ ...raw.set, version }),
      plans: raw.plans ?? {},
      schedule: raw.schedule ?? [],
    };
  }

  /** The current state (pointer + version item). */
  async current(): Promise<FlagState> {
    const p = (await this.pointer()) ?? (await this.ensureSeeded());
    return this.load(p.version);
  }

  /**
   * Save `next` as version `expected + 1`. Fails with `VERSION_CONFLICT` (409) when someone saved
   * in between: the caller reloads, re-runs its dry run and asks again.
   */
  async save(expected: number, next: Omit<FlagState, 'version'>, change: ChangeRecord): Promise<FlagState> {
    const state: FlagState = {
      version: expected + 1,
      set: { ...next.set, version: expected + 1 },
      plans: next.plans,
      schedule: next.schedule,
    };
    await this.#commit(
      expected,
      state,
      { ...change, version: expected + 1, previousVersion: expected },
      false,
    );
    return state;
  }

  async #commit(expected: number, state: FlagState, change: ChangeRecord, create: boolean): Promise<void> {
    const at = change.at;
    const body = JSON.stringify({ set: state.set, plans: state.plans, schedule: state.schedule });
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: {
                  ...this.#key(`V#${pad(state.version)}`),
                  version: state.version,
                  state: body,
                  change: JSON.stringify(change),
                  at,
                },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            create
              ? {
                  Put: {
                    TableName: this.table,
                    Item: {
                      ...this.#key('CURRENT'),
                      version: state.version,
                      overridesRev: 0,
                      nextDueAt: nextDue(state.schedule),
                      updatedAt: at,
                    },
                    ConditionExpression: 'attribute_not_exists(pk)',
                  },
                }
              : {
                  Update: {
                    TableName: this.table,
                    Key: this.#key('CURRENT'),
                    UpdateExpression: 'SET #v = :next, nextDueAt = :due, updatedAt = :at',
                    ConditionExpression: '#v = :expected',
                    ExpressionAttributeNames: { '#v': 'version' },
                    ExpressionAttributeValues: {
                      ':next': state.version,
                      ':expected': expected,
                      ':due': nextDue(state.schedule),
                      ':at': at,
                    },
                  },
                },
          ],
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw versionConflict(expected);
      throw err;
    }
  }

  /** Change records, newest first. */
  async history(limit = 50): Promise<VersionEntry[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':pk': this.partition, ':v': 'V#' },
        ProjectionExpression: 'version, change',
        ScanIndexForward: false,
        Limit: limit,
      }),
    );
    return (out.Items ?? []).map((i) => ({
      version: Number(i.version),
      change: JSON.parse(String(i.change)) as ChangeRecord,
    }));
  }

  // ---------------------------------------------------------------------------------------------
  // Four eyes

  async putPending(p: PendingChange): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...this.#key(`PENDING#${p.id}`), id: p.id, status: p.status, body: JSON.stringify(p) },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  async getPending(id: string): Promise<PendingChange | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: this.#key(`PENDING#${id}`), ConsistentRead: true }),
    );
    return out.Item ? (JSON.parse(String(out.Item.body)) as PendingChange) : undefined;
  }

  async listPending(includeDecided = false): Promise<PendingChange[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
        ExpressionAttributeValues: { ':pk': this.partition, ':p': 'PENDING#' },
        ConsistentRead: true,
      }),
    );
    return (out.Items ?? [])
      .map((i) => JSON.parse(String(i.body)) as PendingChange)
      .filter((p) => includeDecided || p.status === 'pending')
      .sort((a, b) => (a.record.at < b.record.at ? 1 : -1));
  }

  /** Close a pending change; conditional, so two admins cannot both decide it. */
  async decidePending(p: PendingChange, status: Exclude<PendingStatus, 'pending'>): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: this.#key(`PENDING#${p.id}`),
          UpdateExpression: 'SET #s = :s, body = :b',
          ConditionExpression: '#s = :pending',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': status,
            ':b': JSON.stringify({ ...p, status }),
            ':pending': 'pending',
          },
        }),
      );
    } catch (err) {
      if (isConditionFailure(err))
        throw new LinliError('CHANGE_ALREADY_DECIDED', 409, {
          zh: '该变更已被处理',
          en: 'This change was already decided',
        });
      throw err;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // District overrides

  /** Every district's own choices (one Query; only when `overridesRev` moved). */
  async overrides(): Promise<Map<string, Record<string, boolean>>> {
    const items = await queryEveryPage(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :o)',
      ExpressionAttributeValues: { ':pk': this.partition, ':o': 'OVERRIDE#' },
      ConsistentRead: true,
    });
    return new Map(items.map((i) => [String(i.tenantId), JSON.parse(String(i.overrides))]));
  }

  /** Replace one district's choices and bump `overridesRev` so every function reloads them. */
  async putOverrides(o: DistrictOverrides): Promise<void> {
    await this.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: this.table,
              Item: {
                ...this.#key(`OVERRIDE#${o.tenantId}`),
                tenantId: o.tenantId,
                overrides: JSON.stringify(o.overrides),
                updatedBy: o.updatedBy,
                updatedAt: o.updatedAt,
              },
            },
          },
          {
            Update: {
              TableName: this.table,
              Key: this.#key('CURRENT'),
              UpdateExpression: 'ADD overridesRev :one SET updatedAt = :at',
              ConditionExpression: 'attribute_exists(pk)',
              ExpressionAttributeValues: { ':one': 1, ':at': o.updatedAt },
            },
          },
        ],
      }),
    );
  }
}
