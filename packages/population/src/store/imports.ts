/**
 * An import job: stream the file through `parseResidentImport`, refuse rows outside the
 * importer's scope or naming an unknown community, write the rest with {@link BulkResidentWriter}
 * and keep the row-level report (CSV) under the job for download.
 */
import type { Readable } from 'node:stream';
import { type Bilingual, type FieldIssue, LinliError, newId } from '@linli/core';
import { type ImportFileInfo, ImportReport, type ImportSummary, parseResidentImport } from '../import.ts';
import type { Resident } from '../resident.ts';
import { type Actor, auditPut } from './common.ts';
import type { PopulationStore } from './residents.ts';
import { BulkResidentWriter } from './writer.ts';

export interface ImportJobSummary extends ImportSummary {
  readonly id: string;
  /** Rows skipped because their ID number was already registered (re-upload). */
  readonly existing: number;
  readonly file: Partial<ImportFileInfo>;
  readonly filename?: string;
  readonly by: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly ms: number;
}

export interface ImportJobOptions {
  readonly actor: Actor;
  readonly filename?: string;
  readonly contentType?: string;
  readonly defaultCommunityCode?: string;
  /** The communities the importer may write to (their scope ∩ the district's communities). */
  readonly communities: ReadonlySet<string>;
  readonly concurrency?: number;
  readonly id?: string;
}

const rowIssue = (field: string, code: string, message: Bilingual): FieldIssue => ({ field, code, message });
const REPORT_CHUNK = 300_000; // bytes per stored report part (items are limited to 400 KB)

export const runImportJob = async (
  pop: PopulationStore,
  input: Readable | AsyncIterable<Buffer | string>,
  opts: ImportJobOptions,
): Promise<ImportJobSummary> => {
  const id = opts.id ?? newId();
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const actor: Actor = { ...opts.actor, channel: 'import', importId: id };
  const report = new ImportReport();
  const info: Partial<ImportFileInfo> = {};
  const writer = new BulkResidentWriter(pop, {
    actor,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    onChunk: (o) => {
      for (const row of o.written) report.add({ row, ok: true, value: undefined as unknown as Resident });
      for (const row of o.existing) report.add({ row, ok: true, value: undefined as unknown as Resident });
      for (const f of o.failed) report.add({ row: f.row, ok: false, issues: [f.issue] });
    },
  });
  try {
    for await (const r of parseResidentImport(input, {
      districtCode: pop.opts.districtCode,
      now: pop.now(),
      info,
      ...(opts.filename ? { filename: opts.filename } : {}),
      ...(opts.contentType ? { contentType: opts.contentType } : {}),
      ...(opts.defaultCommunityCode ? { defaultCommunityCode: opts.defaultCommunityCode } : {}),
    })) {
      if (!r.ok) {
        report.add(r);
        continue;
      }
      if (!opts.communities.has(r.value.communityCode)) {
        report.add({
          row: r.row,
          ok: false,
          issues: [
            rowIssue('communityCode', 'IMPORT_COMMUNITY_OUT_OF_SCOPE', {
              zh: '该社区不是本区县的社区或不在您的管辖范围内',
              en: 'The community is not in this district or outside your scope',
            }),
          ],
        });
        continue;
      }
      await writer.add(r);
    }
  } catch (err) {
    if (!(err instanceof LinliError)) {
      await writer.done().catch(() => undefined);
      throw err;
    }
    report.fail(err);
  }
  await writer.done();
  report.blankRows = info.blankRows ?? 0;
  const s = report.summary();
  const finished = Date.now();
  const summary: ImportJobSummary = {
    ...s,
    imported: writer.counts.written,
    existing: writer.counts.existing,
    id,
    file: info,
    ...(opts.filename ? { filename: opts.filename.slice(0, 200) } : {}),
    by: opts.actor.id,
    startedAt,
    finishedAt: new Date(finished).toISOString(),
    ms: finished - started,
  };
  // The report never repeats cell values (no personal data), so it is stored as it is.
  const csv = report.toCsv();
  const parts = Math.max(1, Math.ceil(csv.length / REPORT_CHUNK));
  const pk = pop.keys.importJob(id);
  await pop.store.transact([
    {
      put: {
        pk,
        sk: 'META',
        type: 'import',
        ...summary,
        parts,
        gsi1pk: pop.store.keys.pk('IMPORTS'),
        gsi1sk: `${startedAt}#${id}`,
      },
    },
    auditPut(pop.store, opts.actor, 'residents.import', id, {
      detail: {
        imported: summary.imported,
        existing: summary.existing,
        failed: summary.failed,
        rows: summary.rows,
      },
    }),
  ]);
  const items = [];
  for (let i = 0; i < parts; i++)
    items.push({
      pk,
      sk: `REPORT#${String(i).padStart(4, '0')}`,
      data: csv.subarray(i * REPORT_CHUNK, (i + 1) * REPORT_CHUNK),
    });
  await pop.store.batchPut(items);
  return summary;
};

export const getImportJob = async (pop: PopulationStore, id: string) => {
  if (!/^[0-9A-Z]{26}$/.test(id)) return undefined;
  const it = await pop.store.get<Record<string, unknown>>(pop.keys.importJob(id), 'META');
  if (!it) return undefined;
  const { pk: _pk, sk: _sk, gsi1pk: _a, gsi1sk: _b, type: _t, parts: _p, ...summary } = it;
  return summary as unknown as ImportJobSummary;
};

export const getImportReportCsv = async (pop: PopulationStore, id: string): Promise<Buffer | undefined> => {
  if (!/^[0-9A-Z]{26}$/.test(id)) return undefined;
  const items = await pop.store.queryAll<{ data: Uint8Array }>({
    pk: pop.keys.importJob(id),
    skPrefix: 'REPORT#',
  });
  if (!items.length) return undefined;
  return Buffer.concat(items.map((i) => Buffer.from(i.data)));
};
