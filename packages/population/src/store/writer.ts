/**
 * Bulk registration of residents (file imports): validated rows are sealed and hashed, grouped by
 * community and written chunk by chunk, several chunks in flight, each on its own counter shard.
 *
 * A chunk is written in two steps, and the resident item is the commit point:
 * 1. its search entries (name prefixes, mobile, tags) are put with parallel BatchWriteItem — they
 *    name the new resident's id, which nothing else knows yet;
 * 2. one TransactWriteItems (≤ 100 items) puts the residents with their first version, their ID
 *    number guards (`attribute_not_exists`) and the counter deltas of the whole chunk.
 *
 * So every stored resident has its search entries and counts, and the counters always equal the
 * residents. An entry whose resident was never committed (a crash between the steps) is an orphan
 * that search skips (it resolves entries to residents and drops the missing ones); the writer
 * deletes the orphans of the rows it skips itself.
 *
 * Idempotent: a chunk that meets a registered ID number is cancelled whole; its guards are read
 * (BatchGetItem), the rows already registered are skipped (their new entries deleted) and the rest
 * written again (row by row if a concurrent upload interferes once more). After the first such
 * conflict the writer reads each chunk's guards before writing anything, so re-uploading a file
 * costs reads, not writes.
 *
 * Rows are buffered (`groupRows`) and sorted by community before they are cut into chunks: a file
 * in household order touches a few communities per chunk instead of one per row, so the counter
 * updates per chunk stay few. Memory stays bounded by the buffer.
 */
import type { FieldIssue } from '@linli/core';
import { LinliError } from '@linli/core';
import type { Item } from '@linli/tenancy';
import type { Resident } from '../resident.ts';
import { type Actor, batchDelete, batchGet, batchPutParallel, transactRetry } from './common.ts';
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
  /** Chunks in flight. @default 4 */
  readonly concurrency?: number;
  /** Rows buffered and sorted by community before chunking. @default 2000 */
  readonly groupRows?: number;
  /** Called after each chunk (progress). */
  readonly onChunk?: (o: WriteOutcome) => void;
}

const MAX_OPS = 100;
/** BatchWriteItem requests in flight per chunk for its search entries. */
const ENTRY_REQUESTS = 4;

type Row = { row: number; r: Resident; w: ResidentWrite };

const guardOf = (c: Row) => c.w.index.find((i) => i.sk === 'ID')!;
const entriesOf = (c: Row): Item[] => c.w.index.filter((i) => i.sk !== 'ID');

/** Streams rows into chunks with bounded concurrency; `add` applies back-pressure. */
export class BulkResidentWriter {
  private buffer: Row[] = [];
  private readonly inflight = new Set<Promise<void>>();
  private slot = 0;
  /** Set after the first chunk that met a registered ID number: read guards before writing. */
  private checkFirst = false;
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
    this.buffer.push({
      row: row.row,
      r: row.value,
      w: this.pop.newResidentItems(row.value, this.opts.actor),
    });
    if (this.buffer.length >= (this.opts.groupRows ?? 2000)) await this.flush();
  }

  /** Sort the buffered rows by community and send them as chunks (each waits for a free slot). */
  async flush(): Promise<void> {
    if (!this.buffer.length) return;
    const rows = this.buffer.sort((a, b) =>
      a.r.communityCode < b.r.communityCode ? -1 : a.r.communityCode > b.r.communityCode ? 1 : a.row - b.row,
    );
    this.buffer = [];
    let chunk: Row[] = [];
    let communities = 0;
    for (const c of rows) {
      const isNew = !chunk.length || chunk.at(-1)!.r.communityCode !== c.r.communityCode;
      // Each row puts 2 items (resident, guard); each community in the chunk adds a counter update.
      if (chunk.length && 2 * (chunk.length + 1) + communities + (isNew ? 1 : 0) > MAX_OPS) {
        await this.send(chunk);
        chunk = [];
        communities = 0;
      }
      if (!chunk.length || chunk.at(-1)!.r.communityCode !== c.r.communityCode) communities++;
      chunk.push(c);
    }
    if (chunk.length) await this.send(chunk);
  }

  private async send(chunk: Row[]): Promise<void> {
    while (this.inflight.size >= (this.opts.concurrency ?? 4)) await Promise.race(this.inflight);
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

  /** Split rows into those whose ID number is registered already and the rest (one BatchGetItem). */
  private async partition(rows: Row[]): Promise<{ old: Row[]; fresh: Row[] }> {
    const found = await batchGet(
      this.pop.store,
      rows.map((c) => ({ pk: guardOf(c).pk, sk: 'ID' })),
    );
    const old: Row[] = [];
    const fresh: Row[] = [];
    for (const c of rows) (found.has(`${guardOf(c).pk}|ID`) ? old : fresh).push(c);
    return { old, fresh };
  }

  /** Delete the search entries of rows that were not committed (best effort: orphans are harmless). */
  private async dropEntries(rows: Row[]): Promise<void> {
    const keys = rows.flatMap((c) => entriesOf(c).map((i) => ({ pk: i.pk, sk: i.sk })));
    if (keys.length) await batchDelete(this.pop.store, keys).catch(() => undefined);
  }

  private async write(chunk: Row[], shard: number): Promise<void> {
    const res: WriteOutcome = { written: [], existing: [], failed: [] };
    const fail = async (rows: Row[], err: unknown) => {
      for (const c of rows) res.failed.push({ row: c.row, issue: writeIssue(err) });
      await this.dropEntries(rows);
    };
    const commit = async (rows: Row[]) => {
      await transactRetry(this.pop.store, this.pop.createOps(rows, shard, { entries: false }));
      res.written.push(...rows.map((c) => c.row));
    };
    const isConflict = (e: unknown) => e instanceof LinliError && e.code === 'CONFLICT';
    let rows = chunk;
    try {
      if (this.checkFirst) {
        const { old, fresh } = await this.partition(rows);
        res.existing.push(...old.map((c) => c.row));
        rows = fresh;
      }
      if (rows.length) {
        await batchPutParallel(this.pop.store, rows.flatMap(entriesOf), ENTRY_REQUESTS);
        try {
          // Optimistic: a fresh file commits each chunk in one transaction, no read first.
          await commit(rows);
        } catch (err) {
          if (!isConflict(err)) throw err;
          // Some ID numbers are registered already (a re-upload): skip those rows.
          this.checkFirst = true;
          const { old, fresh } = await this.partition(rows);
          res.existing.push(...old.map((c) => c.row));
          await this.dropEntries(old);
          try {
            if (fresh.length) await commit(fresh);
          } catch (e) {
            if (!isConflict(e)) {
              await fail(fresh, e);
            } else {
              // Registered in between by a concurrent upload: row by row.
              for (const c of fresh) {
                try {
                  await commit([c]);
                } catch (e2) {
                  if (isConflict(e2)) {
                    res.existing.push(c.row);
                    await this.dropEntries([c]);
                  } else await fail([c], e2);
                }
              }
            }
          }
        }
      }
    } catch (err) {
      await fail(rows, err);
    }
    this.note('written', res.written);
    this.note('existing', res.existing);
    this.counts.failed += res.failed.length;
    this.outcome.failed.push(...res.failed.slice(0, Math.max(0, this.keepRows - this.outcome.failed.length)));
    this.opts.onChunk?.(res);
  }
}

const writeIssue = (_err: unknown): FieldIssue => ({
  field: '',
  code: 'IMPORT_WRITE_FAILED',
  message: {
    zh: '写入失败（未写入任何数据），请重新上传该行',
    en: 'The row could not be written (nothing was stored); upload it again',
  },
});
