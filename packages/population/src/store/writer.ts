/**
 * Bulk registration of residents (file imports and the demo seed): validated rows are sealed,
 * hashed and written in transactions of up to 100 items — residents, their index entries, their
 * first history version and the counter deltas of the whole chunk together — several chunks in
 * flight at once, each on its own counter shard so concurrent chunks do not contend.
 *
 * Idempotent: each row's ID-number guard is written with `attribute_not_exists`; a chunk that
 * meets a registered ID number is cancelled whole, its guards are read (BatchGetItem), the rows
 * already registered are skipped and the rest written again (row by row if a concurrent upload
 * interferes once more).
 */
import type { FieldIssue } from '@linli/core';
import { LinliError } from '@linli/core';
import type { Resident } from '../resident.ts';
import { type Actor, batchGet, transactRetry } from './common.ts';
import { COUNTER_SHARDS } from './keys.ts';
import type { PopulationStore, ResidentWrite } from './residents.ts';

export interface WriteRow {
  readonly row: number;
  readonly value: Resident;
}

export interface WriteOutcome {
  /** Rows written now. */
  readonly written: number[];
  /** Rows whose ID number was already registered (skipped: re-upload is idempotent). */
  readonly existing: number[];
  /** Rows that could not be written. */
  readonly failed: { row: number; issue: FieldIssue }[];
}

export interface BulkWriterOptions {
  readonly actor: Actor;
  /** Chunks in flight (DynamoDB Local serialises transactions; in AWS more pays). @default 2 */
  readonly concurrency?: number;
  /** Called after each chunk (progress). */
  readonly onChunk?: (o: WriteOutcome) => void;
}

const MAX_OPS = 100;

/** Streams rows into transactional chunks with bounded concurrency; `add` applies back-pressure. */
export class BulkResidentWriter {
  private chunk: { row: number; r: Resident; w: ResidentWrite }[] = [];
  private chunkOps = 0;
  private chunkCommunities = new Set<string>();
  private readonly inflight = new Set<Promise<void>>();
  private slot = 0;
  readonly outcome: { written: number[]; existing: number[]; failed: { row: number; issue: FieldIssue }[] } =
    {
      written: [],
      existing: [],
      failed: [],
    };
  counts = { written: 0, existing: 0, failed: 0 };
  /** Row numbers are kept only up to this many (the counts stay exact). */
  private readonly keepRows = 10_000;

  constructor(
    private readonly pop: PopulationStore,
    private readonly opts: BulkWriterOptions,
  ) {}

  async add(row: WriteRow): Promise<void> {
    const w = this.pop.newResidentItems(row.value, this.opts.actor);
    const ops = 2 + w.index.length;
    const communities = this.chunkCommunities.has(row.value.communityCode)
      ? this.chunkCommunities.size
      : this.chunkCommunities.size + 1;
    if (this.chunk.length && this.chunkOps + ops + communities > MAX_OPS) await this.flush();
    this.chunk.push({ row: row.row, r: row.value, w });
    this.chunkOps += ops;
    this.chunkCommunities.add(row.value.communityCode);
  }

  /** Send the current chunk (waits for a free slot first). */
  async flush(): Promise<void> {
    if (!this.chunk.length) return;
    const chunk = this.chunk;
    this.chunk = [];
    this.chunkOps = 0;
    this.chunkCommunities = new Set();
    while (this.inflight.size >= (this.opts.concurrency ?? 2)) await Promise.race(this.inflight);
    const shard = this.slot++ % COUNTER_SHARDS;
    const p = this.write(chunk, shard).finally(() => this.inflight.delete(p));
    this.inflight.add(p);
  }

  /** Flush and wait for everything in flight. */
  async done(): Promise<WriteOutcome> {
    await this.flush();
    while (this.inflight.size) await Promise.all([...this.inflight]);
    return this.outcome;
  }

  private note(kind: 'written' | 'existing', rows: number[]) {
    this.counts[kind] += rows.length;
    const list = this.outcome[kind];
    for (const r of rows) if (list.length < this.keepRows) list.push(r);
  }

  private async write(chunk: { row: number; r: Resident; w: ResidentWrite }[], shard: number): Promise<void> {
    const res: WriteOutcome = { written: [], existing: [], failed: [] };
    const attempt = async (rows: typeof chunk) => {
      await transactRetry(this.pop.store, this.pop.createOps(rows, shard));
      res.written.push(...rows.map((c) => c.row));
    };
    try {
      // Optimistic: a fresh file writes each chunk in one transaction, no read first.
      await attempt(chunk);
    } catch (err) {
      if (!(err instanceof LinliError && err.code === 'CONFLICT')) {
        for (const c of chunk) res.failed.push({ row: c.row, issue: writeIssue(err) });
      } else {
        // Some ID numbers are registered already (a re-upload): read the guards, skip those rows.
        const guards = chunk.map((c) => c.w.index[0]!);
        const found = await batchGet(
          this.pop.store,
          guards.map((g) => ({ pk: g.pk, sk: g.sk })),
        );
        const isOld = (c: (typeof chunk)[number]) => found.has(`${c.w.index[0]!.pk}|ID`);
        res.existing.push(...chunk.filter(isOld).map((c) => c.row));
        const fresh = chunk.filter((c) => !isOld(c));
        try {
          if (fresh.length) await attempt(fresh);
        } catch (e) {
          // Registered in between by a concurrent upload: row by row.
          if (!(e instanceof LinliError && e.code === 'CONFLICT'))
            for (const c of fresh) res.failed.push({ row: c.row, issue: writeIssue(e) });
          else
            for (const c of fresh) {
              try {
                await attempt([c]);
              } catch (e2) {
                if (e2 instanceof LinliError && e2.code === 'CONFLICT') res.existing.push(c.row);
                else res.failed.push({ row: c.row, issue: writeIssue(e2) });
              }
            }
        }
      }
    }
    this.note('written', res.written);
    this.note('existing', res.existing);
    this.counts.failed += res.failed.length;
    this.outcome.failed.push(...res.failed.slice(0, Math.max(0, this.keepRows - this.outcome.failed.length)));
    this.opts.onChunk?.(res);
  }
}

const writeIssue = (err: unknown): FieldIssue => ({
  field: '',
  code: 'IMPORT_WRITE_FAILED',
  message: {
    zh: '写入失败（未写入任何数据），请重新上传该行',
    en: `The row could not be written (nothing was stored); upload it again${err instanceof Error ? '' : ''}`,
  },
});
