/**
 * Indicator storage in the control table (no tenant data: aggregates only).
 *
 * | pk | sk | item |
 * |---|---|---|
 * | `INDICATORS` | `CURRENT` | pointer to the current definition version |
 * | `INDICATORS` | `V#000001` | a definition version, immutable (who, when, why, the whole set) |
 * | `INDLATEST` | `DAY` | the latest day a snapshot was computed for |
 * | `INDLATEST` | `STAMP` | a fresh token written with every snapshot write (what a stored day view was built from) |
 * | `INDSNAP#<tenantId>` | `D#<yyyy-mm-dd>` | one district's aggregates of one day; GSI1 `INDDAY#<day>` / `<tenantId>` |
 * | `INDVIEW#<day>` | `V#000001` | the day's figures under one definition version (scores, ranks, values), as compact JSON, with the stamp and districts they were computed from |
 *
 * So the districts table and the side-by-side are one Query of the day's GSI1 partition (every
 * district of that day, which the cohort median needs anyway), and a district's one-year trend is
 * one Query of its partition between two dates. Snapshots hold aggregates, not indicator values:
 * a view is computed with a chosen definition version, and a new version never rewrites them.
 * The figures of a day under a version (every district's values, composite score, rank) are
 * computed once after the snapshots change and kept in `INDVIEW#<day>`: the table then reads one
 * item instead of the day's 300 snapshots, and recomputes only when the `STAMP` token moved (any
 * snapshot written since) or the districts compared changed.
 */
import { randomUUID } from 'node:crypto';
import {
  BatchGetCommand,
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { Errors, LinliError } from '@linli/core';
import { queryEveryPage } from '@linli/tenancy/control-table';
import {
  defaultSet,
  type Indicator,
  type IndicatorSet,
  type IndicatorSetInput,
  validateSet,
} from './definitions.ts';
import type { AggregateValue } from './expr.ts';

/** One district's published aggregates of one day (after disclosure control). */
export interface Snapshot {
  readonly tenantId: string;
  /** China date `yyyy-mm-dd`. */
  readonly day: string;
  readonly aggregates: Readonly<Record<string, AggregateValue>>;
  /** Cross-tables published with their totals (after complementary suppression). */
  readonly tables?: Readonly<Record<string, PublishedTable>>;
  /** Modules the flags enable for the district, and those its own data shows in use. */
  readonly modules?: { readonly enabled: readonly string[]; readonly adopted: readonly string[] };
  readonly computedAt: string;
  /** Generated for the demo (12 months of plausible history), not measured. */
  readonly synthetic?: boolean;
}

export interface PublishedTable {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  readonly cells: readonly (readonly (number | null)[])[];
  readonly rowTotals: readonly (number | null)[];
  readonly colTotals: readonly (number | null)[];
  readonly total: number | null;
}

/**
 * A blocked promotion's override: asked by one ministry admin with a reason and the figures they
 * saw, decided by a different one. One per flag and wave at a time.
 */
export interface OverrideRequest {
  readonly flagKey: string;
  readonly waveId: string;
  readonly status: 'pending' | 'approved' | 'rejected';
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly reason: string;
  /** The evidence as the requester saw it (indicator → value, and each check). */
  readonly evidence: Record<string, unknown>;
  readonly decidedBy?: string;
  readonly decidedAt?: string;
  readonly decisionReason?: string;
}

const P = 'INDICATORS';
/** Its own partition, so the collectors' IAM (LeadingKeys) can write it without the definitions. */
const LATEST = { pk: 'INDLATEST', sk: 'DAY' } as const;
/** Same partition (the collectors may write it): replaced by a fresh token on every snapshot write. */
const STAMP = { pk: 'INDLATEST', sk: 'STAMP' } as const;
const CURRENT = { pk: P, sk: 'CURRENT' } as const;
const ver = (n: number) => `V#${String(n).padStart(6, '0')}`;
const snapPk = (tenantId: string) => `INDSNAP#${tenantId}`;
const dayPk = (day: string) => `INDDAY#${day}`;
const viewPk = (day: string) => `INDVIEW#${day}`;

/** What a day's view depends on besides the day and version, read in one request. */
export interface IndicatorHeads {
  /** The latest day a snapshot was computed for. */
  readonly day?: string;
  /** The current definition version (undefined before the first read writes version 1). */
  readonly current?: number;
  /** Token of the last snapshot write, and when it was written (epoch ms). */
  readonly stamp?: string;
  readonly stampAt?: number;
}

/** A day's figures under one version as stored: compact JSON, valid for one stamp and district list. */
export interface StoredDayView {
  readonly stamp: string;
  /** The ids of the districts compared, in order, joined by ",". */
  readonly tenants: string;
  readonly body: string;
}

const stale = (expected: number, current: number) =>
  new LinliError('VERSION_CONFLICT', 409, {
    zh: `指标体系已被他人修改（版本 ${expected} → ${current}），请刷新后再保存`,
    en: `The indicator system changed meanwhile (version ${expected} → ${current}); reload and save again`,
  });

export class IndicatorStore {
  constructor(
    private readonly doc: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly clock: () => number = Date.now,
  ) {}

  /** The current definition set; version 1 (the default set) is written on first read. */
  async current(): Promise<IndicatorSet> {
    const ptr = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: P, sk: 'CURRENT' } }));
    const v = ptr.Item?.version as number | undefined;
    if (v === undefined) {
      const first = defaultSet(new Date(this.clock()).toISOString());
      try {
        await this.write(first, 0);
      } catch (err) {
        if (!(err instanceof LinliError && err.code === 'VERSION_CONFLICT')) throw err;
      }
      return this.current();
    }
    const set = await this.version(v);
    if (!set) throw new Error(`indicator version ${v} missing`);
    return set;
  }

  async version(v: number): Promise<IndicatorSet | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: { pk: P, sk: ver(v) } }));
    if (!out.Item) return undefined;
    const { version, indicators, savedBy, savedAt, why } = out.Item as IndicatorSet;
    return { version, indicators, savedBy, savedAt, why };
  }

  /** Every version, newest first (what changed, who, why). */
  async history(): Promise<IndicatorSet[]> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :p AND begins_with(sk, :v)',
        ExpressionAttributeValues: { ':p': P, ':v': 'V#' },
        ScanIndexForward: false,
      }),
    );
    return (out.Items ?? []).map(({ version, indicators, savedBy, savedAt, why }) => ({
      version,
      indicators,
      savedBy,
      savedAt,
      why,
    })) as IndicatorSet[];
  }

  /**
   * Save a new version (formulas checked first). The previous versions are never touched; the
   * pointer moves only from `expectedVersion` (409 otherwise).
   */
  async save(
    input: IndicatorSetInput,
    opts: { expectedVersion: number; by: string; why: string },
  ): Promise<IndicatorSet> {
    const indicators: Indicator[] = validateSet(input);
    if (!opts.why.trim()) throw Errors.validation({ zh: '请填写修改理由', en: 'a reason is required' });
    const cur = await this.current();
    if (cur.version !== opts.expectedVersion) throw stale(opts.expectedVersion, cur.version);
    const next: IndicatorSet = {
      version: cur.version + 1,
      indicators,
      savedBy: opts.by,
      savedAt: new Date(this.clock()).toISOString(),
      why: opts.why.trim(),
    };
    await this.write(next, cur.version);
    return next;
  }

  private async write(set: IndicatorSet, from: number): Promise<void> {
    try {
      await this.doc.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.table,
                Item: { pk: P, sk: ver(set.version), ...set },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.table,
                Item: { pk: P, sk: 'CURRENT', version: set.version, updatedAt: set.savedAt },
                ...(from === 0
                  ? { ConditionExpression: 'attribute_not_exists(pk)' }
                  : {
                      ConditionExpression: 'version = :from',
                      ExpressionAttributeValues: { ':from': from },
                    }),
              },
            },
          ],
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'TransactionCanceledException') throw stale(from, from + 1);
      throw err;
    }
  }

  // --- promotion overrides ----------------------------------------------------------------------

  async getOverride(flagKey: string, waveId: string): Promise<OverrideRequest | undefined> {
    const out = await this.doc.send(
      new GetCommand({
        TableName: this.table,
        Key: { pk: P, sk: `OVR#${flagKey}#${waveId}` },
        ConsistentRead: true,
      }),
    );
    if (!out.Item) return undefined;
    const { pk: _p, sk: _s, ...r } = out.Item;
    return r as OverrideRequest;
  }

  /** Ask for an override; refused (409) while another request for the wave is pending. */
  async requestOverride(r: Omit<OverrideRequest, 'status'>): Promise<OverrideRequest> {
    const item: OverrideRequest = { ...r, status: 'pending' };
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: P, sk: `OVR#${r.flagKey}#${r.waveId}`, ...item },
          ConditionExpression: 'attribute_not_exists(pk) OR #s <> :p',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: { ':p': 'pending' },
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException')
        throw new LinliError('OVERRIDE_PENDING', 409, {
          zh: '该批次已有待批准的越过申请',
          en: 'An override for this wave is already waiting for approval',
        });
      throw err;
    }
    return item;
  }

  /** Decide a pending request (conditional on it still being pending and asked by someone else). */
  async decideOverride(
    flagKey: string,
    waveId: string,
    d: { status: 'approved' | 'rejected'; by: string; reason: string; at: string },
  ): Promise<void> {
    try {
      await this.doc.send(
        new UpdateCommand({
          TableName: this.table,
          Key: { pk: P, sk: `OVR#${flagKey}#${waveId}` },
          UpdateExpression: 'SET #s = :s, decidedBy = :by, decidedAt = :at, decisionReason = :r',
          ConditionExpression: '#s = :p AND requestedBy <> :by',
          ExpressionAttributeNames: { '#s': 'status' },
          ExpressionAttributeValues: {
            ':s': d.status,
            ':by': d.by,
            ':at': d.at,
            ':r': d.reason,
            ':p': 'pending',
          },
        }),
      );
    } catch (err) {
      if ((err as Error).name === 'ConditionalCheckFailedException')
        throw new LinliError('OVERRIDE_NOT_DECIDABLE', 409, {
          zh: '没有待批准的越过申请，或申请人不能自己批准',
          en: 'There is no pending override, or its requester cannot approve it',
        });
      throw err;
    }
  }

  // --- snapshots ---------------------------------------------------------------------------------

  static item(s: Snapshot) {
    return {
      pk: snapPk(s.tenantId),
      sk: `D#${s.day}`,
      gsi1pk: dayPk(s.day),
      gsi1sk: s.tenantId,
      type: 'indicator-snapshot',
      ...s,
    };
  }

  /** Store one district-day (replacing a recomputation of the same day) and move `LATEST` forward. */
  async putSnapshot(s: Snapshot): Promise<void> {
    await this.doc.send(new PutCommand({ TableName: this.table, Item: IndicatorStore.item(s) }));
    await this.stamp();
    await this.advanceLatest(s.day);
  }

  /** Many snapshots (seeded history, a batch run); 25 per request, unprocessed items retried. */
  async putSnapshots(list: readonly Snapshot[]): Promise<void> {
    for (let i = 0; i < list.length; i += 25) {
      let req = list.slice(i, i + 25).map((s) => ({ PutRequest: { Item: IndicatorStore.item(s) } }));
      for (let attempt = 0; req.length; attempt++) {
        const out = await this.doc.send(new BatchWriteCommand({ RequestItems: { [this.table]: req } }));
        req = (out.UnprocessedItems?.[this.table] ?? []) as typeof req;
        if (req.length && attempt > 8) throw new Error('snapshot batch write kept failing');
        if (req.length) await new Promise((r) => setTimeout(r, 50 * 2 ** attempt));
      }
    }
    const last = list
      .map((s) => s.day)
      .sort()
      .at(-1);
    if (list.length) await this.stamp();
    if (last) await this.advanceLatest(last);
  }

  /** A fresh token after every snapshot write: a stored day view built before it is stale. */
  private async stamp() {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { ...STAMP, stamp: randomUUID(), at: this.clock() },
      }),
    );
  }

  /** The latest day, the current version and the snapshot stamp: one BatchGet, strongly consistent. */
  async heads(): Promise<IndicatorHeads> {
    const out = await this.doc.send(
      new BatchGetCommand({
        RequestItems: { [this.table]: { Keys: [LATEST, STAMP, CURRENT], ConsistentRead: true } },
      }),
    );
    if (Object.keys(out.UnprocessedKeys ?? {}).length) {
      const [day, ptr, stamp] = await Promise.all([
        this.latestDay(),
        this.doc.send(new GetCommand({ TableName: this.table, Key: CURRENT, ConsistentRead: true })),
        this.doc.send(new GetCommand({ TableName: this.table, Key: STAMP, ConsistentRead: true })),
      ]);
      return {
        day,
        current: ptr.Item?.version as number | undefined,
        stamp: stamp.Item?.stamp as string | undefined,
        stampAt: stamp.Item?.at as number | undefined,
      };
    }
    const items = out.Responses?.[this.table] ?? [];
    const find = (k: { pk: string; sk: string }) => items.find((i) => i.pk === k.pk && i.sk === k.sk);
    return {
      day: find(LATEST)?.day as string | undefined,
      current: find(CURRENT)?.version as number | undefined,
      stamp: find(STAMP)?.stamp as string | undefined,
      stampAt: find(STAMP)?.at as number | undefined,
    };
  }

  async getDayView(day: string, version: number): Promise<StoredDayView | undefined> {
    const out = await this.doc.send(
      new GetCommand({ TableName: this.table, Key: { pk: viewPk(day), sk: ver(version) } }),
    );
    if (!out.Item) return undefined;
    const { stamp, tenants, body } = out.Item as Record<string, unknown>;
    return typeof stamp === 'string' && typeof tenants === 'string' && typeof body === 'string'
      ? { stamp, tenants, body }
      : undefined;
  }

  /** Keep a day's computed figures (replacing older ones; a view is only ever a cache of snapshots). */
  async putDayView(day: string, version: number, view: StoredDayView): Promise<void> {
    await this.doc.send(
      new PutCommand({
        TableName: this.table,
        Item: { pk: viewPk(day), sk: ver(version), type: 'indicator-day-view', ...view },
      }),
    );
  }

  private async advanceLatest(day: string) {
    try {
      await this.doc.send(
        new PutCommand({
          TableName: this.table,
          Item: { pk: LATEST.pk, sk: LATEST.sk, day },
          ConditionExpression: 'attribute_not_exists(pk) OR #d < :d',
          ExpressionAttributeNames: { '#d': 'day' },
          ExpressionAttributeValues: { ':d': day },
        }),
      );
    } catch (err) {
      if ((err as Error).name !== 'ConditionalCheckFailedException') throw err;
    }
  }

  async latestDay(): Promise<string | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.table, Key: LATEST }));
    return out.Item?.day as string | undefined;
  }

  /** Every district's snapshot of one day: one Query (paged only past 1 MB). */
  async day(day: string): Promise<Snapshot[]> {
    const items = await queryEveryPage(this.doc, {
      TableName: this.table,
      IndexName: 'gsi1',
      KeyConditionExpression: 'gsi1pk = :p',
      ExpressionAttributeValues: { ':p': dayPk(day) },
    });
    return items.map(strip);
  }

  /** One district's snapshots between two days inclusive, oldest first: one Query. */
  async trend(tenantId: string, from: string, to: string): Promise<Snapshot[]> {
    const items = await queryEveryPage(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':p': snapPk(tenantId), ':a': `D#${from}`, ':b': `D#${to}` },
    });
    return items.map(strip);
  }

  /**
   * The same days as `trend`, only what a trend draws (day, aggregates, synthetic): a year of one
   * district is 365 items, and the published tables and modules are a third of each.
   */
  async series(
    tenantId: string,
    from: string,
    to: string,
  ): Promise<Pick<Snapshot, 'day' | 'aggregates' | 'synthetic'>[]> {
    const items = await queryEveryPage(this.doc, {
      TableName: this.table,
      KeyConditionExpression: 'pk = :p AND sk BETWEEN :a AND :b',
      ExpressionAttributeValues: { ':p': snapPk(tenantId), ':a': `D#${from}`, ':b': `D#${to}` },
      ProjectionExpression: '#d, aggregates, synthetic',
      ExpressionAttributeNames: { '#d': 'day' },
    });
    return items as unknown as Pick<Snapshot, 'day' | 'aggregates' | 'synthetic'>[];
  }

  /** Whether a district already has any snapshot (the seed writes history only once). */
  async hasAny(tenantId: string): Promise<boolean> {
    const out = await this.doc.send(
      new QueryCommand({
        TableName: this.table,
        KeyConditionExpression: 'pk = :p',
        ExpressionAttributeValues: { ':p': snapPk(tenantId) },
        Limit: 1,
      }),
    );
    return (out.Items?.length ?? 0) > 0;
  }
}

const strip = (it: Record<string, unknown>): Snapshot => {
  const { pk: _a, sk: _b, gsi1pk: _c, gsi1sk: _d, type: _e, ...s } = it;
  return s as unknown as Snapshot;
};

/** The China date (UTC+8) of an instant, `yyyy-mm-dd`. */
export const chinaDay = (ms: number): string => new Date(ms + 8 * 3600_000).toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400_000).toISOString().slice(0, 10);
