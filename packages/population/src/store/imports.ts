/**
 * An import job: stream the file through `parseResidentImport`, refuse rows outside the
 * importer's scope or naming an unknown community, write the rest with {@link BulkResidentWriter}
 * and keep the row-level report (CSV) under the job for download.
 *
 * Two ways in: a small file in the request body runs at once (`runImportJob`); a large one is
 * uploaded to object storage and runs in the background: `createImportJob` (awaiting-upload) →
 * `queueImportJob` (queued) → `claimImportJob` (running, by the worker) → `runImportJob` (done) or
 * `failImportJob` (failed). The job's item carries its status and progress for polling.
 */
import type { Readable } from 'node:stream';
import { type Bilingual, type FieldIssue, LinliError, newId } from '@linli/core';
import { listCommunities, listStreets, type TenantStore } from '@linli/tenancy';
import {
  type ImportField,
  type ImportFileInfo,
  ImportReport,
  type ImportSummary,
  parseResidentImport,
  type SheetTag,
} from '../import.ts';
import type { Resident } from '../resident.ts';
import { CommunityDirectory, type CommunityEntry } from '../roster.ts';
import { type Actor, auditPut } from './common.ts';
import type { PopulationStore } from './residents.ts';
import { BulkResidentWriter } from './writer.ts';

export type ImportStatus = 'awaiting-upload' | 'queued' | 'running' | 'done' | 'failed';

/** Rows handled so far by a running job. */
export interface ImportProgress {
  readonly rows: number;
  readonly imported: number;
  readonly existing: number;
  readonly failed: number;
}

/** A job that has not finished: what the poller sees. */
export interface ImportJobState {
  readonly id: string;
  readonly status: ImportStatus;
  readonly filename?: string;
  readonly size?: number;
  readonly by: string;
  readonly createdAt: string;
  readonly progress?: ImportProgress;
  readonly error?: { code: string; message: Bilingual };
  readonly contentType?: string;
  readonly defaultCommunityCode?: string;
  readonly upgradeLegacyIds?: boolean;
  readonly sheet?: string;
}

/** What the summary says of the file: as read, with the communities matched by name. */
export type ImportFileSummary = Partial<Omit<ImportFileInfo, 'communityRows'>> & {
  /** Valid rows per community, largest first (at most 500 communities listed). */
  communityRows?: { code: string; name?: string; rows: number }[];
};

/** The file's info as the summary shows it: rows per community with the community's name. */
export const fileSummary = (
  info: Partial<ImportFileInfo>,
  directory: readonly CommunityEntry[],
): ImportFileSummary => {
  const { communityRows, ...rest } = info;
  if (!communityRows) return rest;
  const names = new Map(directory.map((d) => [d.code, d.name]));
  return {
    ...rest,
    communityRows: Object.entries(communityRows)
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, 500)
      .map(([code, rows]) => ({ code, ...(names.has(code) ? { name: names.get(code)! } : {}), rows })),
  };
};

export interface ImportJobSummary extends ImportSummary {
  readonly id: string;
  readonly status: 'done';
  /** Rows skipped because their ID number was already registered (re-upload). */
  readonly existing: number;
  readonly file: ImportFileSummary;
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
  /**
   * The district's communities with their names, for community cells given by code or by name
   * (matched within `communities`). @default read from the district's org structure
   */
  readonly directory?: readonly CommunityEntry[];
  /** Upgrade 15-digit legacy ID numbers (recorded, and the record marked for verification). */
  readonly upgradeLegacyIds?: boolean;
  /** Headers mapped by hand (header text → field, null: ignore). */
  readonly mapping?: Readonly<Record<string, ImportField | null>>;
  /** XLSX: only this worksheet. */
  readonly sheet?: string;
  readonly concurrency?: number;
  /** Update the job's progress in its item about this often (background jobs). */
  readonly progressEveryMs?: number;
  /**
   * Asked before each row: true stops the job there (the worker's time limit). What was written
   * stays; the job fails with `IMPORT_TIME_LIMIT`, and uploading the same file again continues
   * (rows already registered are skipped).
   */
  readonly shouldStop?: (row: number) => boolean;
  /** Rows grouped by community before writing (see {@link BulkResidentWriter}). */
  readonly groupRows?: number;
  readonly id?: string;
}

const rowIssue = (field: string, code: string, message: Bilingual): FieldIssue => ({ field, code, message });
const outOfScope = () =>
  rowIssue('communityCode', 'IMPORT_COMMUNITY_OUT_OF_SCOPE', {
    zh: '该社区不是本区县的社区或不在您的管辖范围内',
    en: 'The community is not in this district or outside your scope',
  });
/** More rows than a worksheet can have (1 048 576): sheet index × span + row is unique. */
const ROW_SPAN = 2 ** 21;

/** The district's communities with their streets' names (community cells by name or code). */
export const loadCommunityDirectory = async (store: TenantStore): Promise<CommunityEntry[]> => {
  const [streets, communities] = await Promise.all([listStreets(store), listCommunities(store)]);
  const streetName = new Map(streets.map((s) => [s.code, s.name]));
  return communities.map((c) => ({
    code: c.code,
    name: c.name,
    ...(streetName.has(c.streetCode) ? { streetName: streetName.get(c.streetCode)! } : {}),
  }));
};

/** What the parser needs from a job's options: the district, the directory, the options chosen. */
const parseOptions = (
  pop: PopulationStore,
  opts: Omit<ImportJobOptions, 'actor'>,
  directory: readonly CommunityEntry[],
) => ({
  districtCode: pop.opts.districtCode,
  now: pop.now(),
  ...(opts.filename ? { filename: opts.filename } : {}),
  ...(opts.contentType ? { contentType: opts.contentType } : {}),
  ...(opts.defaultCommunityCode ? { defaultCommunityCode: opts.defaultCommunityCode } : {}),
  communities: new CommunityDirectory(directory, opts.communities),
  ...(opts.upgradeLegacyIds ? { upgradeLegacyIds: true } : {}),
  ...(opts.mapping ? { mapping: opts.mapping } : {}),
  ...(opts.sheet ? { sheet: opts.sheet } : {}),
});
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
  // Rows of a workbook are numbered per sheet; the writer knows each by one number.
  const sheets: SheetTag[] = [];
  const keyOf = (row: number, sheet?: SheetTag) => (sheet ? sheet.index * ROW_SPAN + row : row);
  const fromKey = (key: number) => {
    const sheet = sheets.find((s) => s.index === Math.floor(key / ROW_SPAN));
    return { row: key % ROW_SPAN, ...(sheet ? { sheet } : {}) };
  };
  const writer = new BulkResidentWriter(pop, {
    actor,
    ...(opts.concurrency ? { concurrency: opts.concurrency } : {}),
    ...(opts.groupRows ? { groupRows: opts.groupRows } : {}),
    onChunk: (o) => {
      for (const row of o.written) report.add({ row, ok: true, value: undefined as unknown as Resident });
      for (const row of o.existing) report.add({ row, ok: true, value: undefined as unknown as Resident });
      for (const f of o.failed) report.add({ ...fromKey(f.row), ok: false, issues: [f.issue] });
      tick();
    },
  });
  // A background job reports its progress (and that it is alive) in its item now and then.
  const pk = pop.keys.importJob(id);
  let lastTick = Date.now();
  let ticking: Promise<unknown> | undefined;
  const tick = () => {
    if (!opts.progressEveryMs || ticking || Date.now() - lastTick < opts.progressEveryMs) return;
    lastTick = Date.now();
    const s = report.summary();
    const progress: ImportProgress = {
      rows: s.rows,
      imported: writer.counts.written,
      existing: writer.counts.existing,
      failed: s.failed,
    };
    ticking = pop.store
      .update(pk, 'META', {
        UpdateExpression: 'SET progress = :p, heartbeatAt = :h',
        ConditionExpression: '#s = :running',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':p': progress, ':h': new Date().toISOString(), ':running': 'running' },
        ReturnValues: 'NONE',
      })
      .catch(() => undefined)
      .finally(() => {
        ticking = undefined;
      });
  };
  let stoppedAt: number | undefined;
  const directory = opts.directory ?? (await loadCommunityDirectory(pop.store));
  try {
    for await (const r of parseResidentImport(input, { ...parseOptions(pop, opts, directory), info })) {
      if (opts.shouldStop?.(r.row)) {
        stoppedAt = r.row;
        break;
      }
      if (r.sheet && !sheets.some((s) => s.index === r.sheet!.index)) sheets.push(r.sheet);
      if (!r.ok) {
        report.add(r);
        tick();
        continue;
      }
      if (!opts.communities.has(r.value.communityCode)) {
        report.add({ row: r.row, ...(r.sheet ? { sheet: r.sheet } : {}), ok: false, issues: [outOfScope()] });
        continue;
      }
      await writer.add({ row: keyOf(r.row, r.sheet), value: r.value });
    }
  } catch (err) {
    if (!(err instanceof LinliError)) {
      await writer.done().catch(() => undefined);
      throw err;
    }
    report.fail(err);
  }
  await writer.done();
  await ticking;
  if (stoppedAt !== undefined) {
    const done = writer.counts.written;
    throw new LinliError('IMPORT_TIME_LIMIT', 503, {
      zh: `导入在第 ${stoppedAt} 行前达到时间上限而暂停，已导入 ${done} 行。请重新上传同一文件继续：已导入的行会按身份证号自动跳过`,
      en: `The import reached its time limit before row ${stoppedAt} and paused after importing ${done} rows. Upload the same file again to continue: rows already imported are skipped by ID number`,
    });
  }
  report.blankRows = info.blankRows ?? 0;
  const s = report.summary();
  const finished = Date.now();
  const summary: ImportJobSummary = {
    ...s,
    imported: writer.counts.written,
    existing: writer.counts.existing,
    id,
    status: 'done',
    file: fileSummary(info, directory),
    ...(opts.filename ? { filename: opts.filename.slice(0, 200) } : {}),
    by: opts.actor.id,
    startedAt,
    finishedAt: new Date(finished).toISOString(),
    ms: finished - started,
  };
  // The report never repeats cell values (no personal data), so it is stored as it is.
  const csv = report.toCsv();
  const parts = Math.max(1, Math.ceil(csv.length / REPORT_CHUNK));
  // The report first, then the summary: a poller that sees `done` finds the report.
  const items = [];
  for (let i = 0; i < parts; i++)
    items.push({
      pk,
      sk: `REPORT#${String(i).padStart(4, '0')}`,
      data: csv.subarray(i * REPORT_CHUNK, (i + 1) * REPORT_CHUNK),
    });
  await pop.store.batchPut(items);
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
  return summary;
};

/** What a file would import, read to the end without writing anything. */
export interface ImportPreview extends ImportSummary {
  readonly file: ImportFileSummary;
  /** The first valid rows as they would be stored (mask before showing). */
  readonly sample: { row: number; sheet?: string; value: Resident }[];
  /** The first row errors, in file order. */
  readonly errors: { row: number; sheet?: string; field: string; code: string; message: Bilingual }[];
}

/**
 * The preview step: the whole file is read and checked exactly as the import would (header,
 * mapping, communities, addresses, scope), nothing is written. ID numbers already registered are
 * not looked up: they are not errors, the import skips them.
 */
export const previewImport = async (
  pop: PopulationStore,
  input: Readable | AsyncIterable<Buffer | string>,
  opts: Omit<ImportJobOptions, 'actor'> & { readonly sampleRows?: number; readonly errorRows?: number },
): Promise<ImportPreview> => {
  const report = new ImportReport(opts.errorRows ?? 50);
  const info: Partial<ImportFileInfo> = {};
  const directory = opts.directory ?? (await loadCommunityDirectory(pop.store));
  const sample: ImportPreview['sample'] = [];
  const errors: ImportPreview['errors'] = [];
  const keepErrors = opts.errorRows ?? 50;
  try {
    for await (const r of parseResidentImport(input, { ...parseOptions(pop, opts, directory), info })) {
      const where = { row: r.row, ...(r.sheet ? { sheet: r.sheet.name } : {}) };
      const outside = r.ok && !opts.communities.has(r.value.communityCode);
      const row = outside ? { ...r, ok: false as const, issues: [outOfScope()] } : r;
      report.add(row);
      if (row.ok) {
        if (sample.length < (opts.sampleRows ?? 10)) sample.push({ ...where, value: row.value });
      } else
        for (const i of row.issues)
          if (errors.length < keepErrors)
            errors.push({ ...where, field: i.field, code: i.code, message: i.message });
    }
  } catch (err) {
    if (!(err instanceof LinliError)) throw err;
    report.fail(err);
  }
  report.blankRows = info.blankRows ?? 0;
  return { ...report.summary(), file: fileSummary(info, directory), sample, errors };
};

/** A job that reports no progress for this long while `running` died (timeout, crash). */
export const IMPORT_STALE_MS = 20 * 60_000;

const internalFields = (it: Record<string, unknown>) => {
  const {
    pk: _pk,
    sk: _sk,
    gsi1pk: _a,
    gsi1sk: _b,
    type: _t,
    parts: _p,
    communities: _c,
    role: _r,
    heartbeatAt: _h,
    expiresAt: _x,
    byName: _n,
    mapping: _m,
    ...rest
  } = it;
  return rest;
};

/**
 * A job as its owner sees it: the summary once done, otherwise its status and progress. A
 * running job whose heartbeat stopped is reported as failed (`IMPORT_INTERRUPTED`).
 */
export const getImportJob = async (
  pop: PopulationStore,
  id: string,
): Promise<ImportJobSummary | ImportJobState | undefined> => {
  if (!/^[0-9A-Z]{26}$/.test(id)) return undefined;
  const it = await pop.store.get<Record<string, unknown>>(pop.keys.importJob(id), 'META', true);
  if (!it) return undefined;
  const out = internalFields(it);
  // Jobs stored before background imports existed carry no status: they were run to the end.
  if (!out.status) out.status = 'done';
  const beat = Date.parse(String(it.heartbeatAt ?? it.createdAt ?? ''));
  if (out.status === 'running' && Number.isFinite(beat) && pop.now().getTime() - beat > IMPORT_STALE_MS) {
    out.status = 'failed';
    out.error = interrupted;
  }
  return out as unknown as ImportJobSummary | ImportJobState;
};

const interrupted = {
  code: 'IMPORT_INTERRUPTED',
  message: {
    zh: '导入中断。请重新上传同一文件：已导入的行会按身份证号自动跳过',
    en: 'The import was interrupted. Upload the same file again: rows already imported are skipped by ID number',
  },
};

/** What a background job needs to run, kept in its item from creation on. */
export interface ImportRequest {
  readonly filename: string;
  readonly size: number;
  readonly contentType?: string;
  readonly defaultCommunityCode?: string;
  /** The communities the importer may write to, fixed when the job is created. */
  readonly communities: readonly string[];
  readonly actor: Actor;
  readonly upgradeLegacyIds?: boolean;
  readonly mapping?: Readonly<Record<string, ImportField | null>>;
  readonly sheet?: string;
}

/** Create a background job waiting for its file (`awaiting-upload`). */
export const createImportJob = async (
  pop: PopulationStore,
  req: ImportRequest,
  id = newId(),
): Promise<ImportJobState> => {
  const createdAt = pop.now().toISOString();
  const state: ImportJobState = {
    id,
    status: 'awaiting-upload',
    filename: req.filename.slice(0, 200),
    size: req.size,
    by: req.actor.id,
    createdAt,
  };
  await pop.store.transact([
    {
      put: {
        pk: pop.keys.importJob(id),
        sk: 'META',
        type: 'import',
        ...state,
        ...(req.actor.name ? { byName: req.actor.name } : {}),
        role: req.actor.role,
        communities: [...req.communities],
        ...(req.contentType ? { contentType: req.contentType.slice(0, 200) } : {}),
        ...(req.defaultCommunityCode ? { defaultCommunityCode: req.defaultCommunityCode } : {}),
        ...(req.upgradeLegacyIds ? { upgradeLegacyIds: true } : {}),
        ...(req.mapping && Object.keys(req.mapping).length ? { mapping: req.mapping } : {}),
        ...(req.sheet ? { sheet: req.sheet } : {}),
        // A job whose file never comes is dropped by the table's TTL after two days.
        expiresAt: Math.floor(pop.now().getTime() / 1000) + 2 * 86_400,
        gsi1pk: pop.store.keys.pk('IMPORTS'),
        gsi1sk: `${createdAt}#${id}`,
      },
      condition: 'attribute_not_exists(pk)',
    },
    auditPut(pop.store, req.actor, 'residents.import.create', id, {
      detail: { filename: state.filename, size: req.size },
    }),
  ]);
  return state;
};

const transition = async (pop: PopulationStore, id: string, from: ImportStatus, to: ImportStatus) => {
  try {
    return await pop.store.update(pop.keys.importJob(id), 'META', {
      UpdateExpression: 'SET #s = :to, heartbeatAt = :now REMOVE expiresAt',
      ConditionExpression: '#s = :from',
      ExpressionAttributeNames: { '#s': 'status' },
      ExpressionAttributeValues: { ':to': to, ':from': from, ':now': pop.now().toISOString() },
    });
  } catch (err) {
    if (err instanceof LinliError && err.code === 'CONFLICT') return undefined;
    throw err;
  }
};

/**
 * The file is uploaded: `awaiting-upload` → `queued`, audited with `actor` when one asks for it.
 * False when the job was not waiting.
 */
export const queueImportJob = async (
  pop: PopulationStore,
  id: string,
  actor?: Actor,
  /** Options chosen after the preview (they replace those the job was created with). */
  options: Pick<ImportRequest, 'upgradeLegacyIds' | 'sheet' | 'mapping'> = {},
): Promise<boolean> => {
  if (!actor) return !!(await transition(pop, id, 'awaiting-upload', 'queued'));
  const sets: string[] = [];
  const values: Record<string, unknown> = {};
  if (options.upgradeLegacyIds !== undefined) {
    sets.push('upgradeLegacyIds = :u');
    values[':u'] = options.upgradeLegacyIds;
  }
  if (options.sheet) {
    sets.push('sheet = :sh');
    values[':sh'] = options.sheet;
  }
  if (options.mapping) {
    sets.push('mapping = :m');
    values[':m'] = options.mapping;
  }
  try {
    await pop.store.transact([
      {
        update: { pk: pop.keys.importJob(id), sk: 'META' },
        expression: `SET #s = :to, heartbeatAt = :now${sets.map((x) => `, ${x}`).join('')} REMOVE expiresAt`,
        condition: '#s = :from',
        names: { '#s': 'status' },
        values: { ':to': 'queued', ':from': 'awaiting-upload', ':now': pop.now().toISOString(), ...values },
      },
      auditPut(pop.store, actor, 'residents.import.start', id),
    ]);
    return true;
  } catch (err) {
    if (err instanceof LinliError && err.code === 'CONFLICT') return false;
    throw err;
  }
};

/**
 * The worker takes the job: `queued` → `running`, once (a second delivery of the same start
 * finds it running and does nothing). Returns what the job needs to run.
 */
export const claimImportJob = async (
  pop: PopulationStore,
  id: string,
): Promise<ImportRequest | undefined> => {
  const it = await transition(pop, id, 'queued', 'running');
  if (!it) return undefined;
  return {
    filename: String(it.filename ?? ''),
    size: Number(it.size ?? 0),
    ...(typeof it.contentType === 'string' ? { contentType: it.contentType } : {}),
    ...(typeof it.defaultCommunityCode === 'string' ? { defaultCommunityCode: it.defaultCommunityCode } : {}),
    communities: (it.communities as string[] | undefined) ?? [],
    ...(it.upgradeLegacyIds === true ? { upgradeLegacyIds: true } : {}),
    ...(it.mapping && typeof it.mapping === 'object'
      ? { mapping: it.mapping as Record<string, ImportField | null> }
      : {}),
    ...(typeof it.sheet === 'string' ? { sheet: it.sheet } : {}),
    actor: {
      id: String(it.by),
      ...(typeof it.byName === 'string' ? { name: it.byName } : {}),
      role: String(it.role ?? ''),
      channel: 'import',
    },
  };
};

/** A job that could not run to the end (unreadable file, lost data key …): `failed`, with why. */
export const failImportJob = async (pop: PopulationStore, id: string, err: unknown): Promise<void> => {
  const error =
    err instanceof LinliError
      ? { code: err.code, message: { zh: err.zh, en: err.en } }
      : {
          code: 'IMPORT_FAILED',
          message: {
            zh: '导入失败。请重新上传同一文件：已导入的行会按身份证号自动跳过',
            en: 'The import failed. Upload the same file again: rows already imported are skipped by ID number',
          },
        };
  await pop.store
    .update(pop.keys.importJob(id), 'META', {
      UpdateExpression: 'SET #s = :failed, #e = :e, finishedAt = :now',
      ConditionExpression: '#s <> :done',
      ExpressionAttributeNames: { '#s': 'status', '#e': 'error' },
      ExpressionAttributeValues: {
        ':failed': 'failed',
        ':done': 'done',
        ':e': error,
        ':now': pop.now().toISOString(),
      },
      ReturnValues: 'NONE',
    })
    .catch(() => undefined);
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

// --- the district's column mapping ------------------------------------------------------------

const MAPPING_SK = 'IMPORT_MAPPING';
/** At most this many headers are remembered per district. */
export const MAPPING_MAX = 100;

/** Headers a district has mapped by hand before (header text → field, null: ignored). */
export const loadImportMapping = async (
  pop: PopulationStore,
): Promise<Record<string, ImportField | null>> => {
  const it = await pop.store.get<{ mapping?: Record<string, ImportField | null> }>(
    pop.keys.settings(),
    MAPPING_SK,
  );
  return it?.mapping ?? {};
};

/**
 * Remember the headers mapped by hand for the district's next imports (merged over what it had;
 * the newest headers win when there are more than {@link MAPPING_MAX}). Audited.
 */
export const saveImportMapping = async (
  pop: PopulationStore,
  mapping: Readonly<Record<string, ImportField | null>>,
  actor: Actor,
): Promise<Record<string, ImportField | null>> => {
  const before = await loadImportMapping(pop);
  const merged = Object.fromEntries(
    Object.entries({ ...before, ...mapping })
      .filter(([h]) => !(h in mapping))
      .concat(Object.entries(mapping))
      .slice(-MAPPING_MAX),
  );
  await pop.store.transact([
    { put: { pk: pop.keys.settings(), sk: MAPPING_SK, mapping: merged } },
    auditPut(pop.store, actor, 'residents.import.mapping', 'import-mapping', {
      detail: { headers: Object.keys(mapping).length },
    }),
  ]);
  return merged;
};

/** A preview read a file of personal data: recorded like any processing of it (no values kept). */
export const auditImportPreview = (
  pop: PopulationStore,
  actor: Actor,
  target: string,
  p: Pick<ImportPreview, 'rows' | 'imported' | 'failed'>,
) =>
  pop.store.transact([
    auditPut(pop.store, actor, 'residents.import.preview', target, {
      detail: { rows: p.rows, valid: p.imported, failed: p.failed },
    }),
  ]);
