/**
 * The community comprehensive database (社区综合数据库, issue 6) as the staff workspace uses it:
 * residents (search, detail, history, reveal, changes), four-eyes review, freshness, imports,
 * exports, analytics and the departments' thematic records. Personal fields arrive masked.
 */
import {
  keepPreviousData,
  type QueryKey,
  useMutation,
  useQuery,
  useQueryClient,
} from '@tanstack/react-query';
import { clearSession, getAccessToken } from '../auth/session';
import { ApiError, parseProblem } from './errors';
import { body, definedQuery, type TenantSchemas as T, tenantApi } from './http';
import { invalidate } from './invalidate';
import type { paths } from './tenant.gen';

/** The JSON body a tenant operation takes, e.g. `JsonBody<'/api/t/exports/residents', 'post'>`. */
type JsonBody<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query an operation reads, e.g. `Query<'/api/t/residents'>`. */
type Query<P extends keyof paths> = paths[P] extends { get: { parameters: { query?: infer Q } } }
  ? NonNullable<Q>
  : never;

export { definedQuery };

export type ResidentStatus = T['MaskedResident']['status'];
export type ResidentTag = NonNullable<Query<'/api/t/residents'>['tag']>;

export const RESIDENT_TAGS: readonly ResidentTag[] = [
  'elderly',
  'disabled',
  'low-income',
  'unemployed',
  'veteran',
  'party-member',
];

/** A resident as the API shows it: personal fields masked (or absent for roles that may not see them). */
export type Resident = Omit<T['RevealedResident'], 'revealed'> & {
  /** Present on a reveal answer: the fields shown in clear. */
  revealed?: string[];
};

/** One page of a cursor-paged list (every `…Page` schema of the contract has this shape). */
export interface Page<I> {
  items: I[];
  cursor?: string;
}

/** The filters of the residents list (the cursor is passed on its own). */
export type ResidentSearch = Omit<Query<'/api/t/residents'>, 'cursor'>;

export type HistoryEntry = T['ResidentHistoryEntry'];

export type Review = T['Review'];
/** One review with the proposed values (masked by role). */
export type ReviewDetail = T['ReviewDetail'];

/** A change parked for four-eyes review (HTTP 202). */
export type Parked = T['ParkedForReview'];

export const isParked = (v: unknown): v is Parked =>
  typeof v === 'object' && v !== null && 'review' in v && typeof (v as Parked).review === 'object';

export type ImportSummary = T['ImportSummary'];

export type PopulationStats = T['PopulationStats'];

/**
 * One field of a thematic kind. The contract carries its JSON Schema as an open object; the
 * form reads the part of it below.
 */
export type KindField = Omit<T['ThematicKind']['fields'][number], 'schema'> & { schema: JsonSchema };

/** The part of a field's JSON Schema the thematic form reads (hand-written: open in the contract). */
export interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  anyOf?: JsonSchema[];
  format?: string;
}

export type ThematicKind = T['ThematicKind'];

export type ThematicRecord = T['ThematicRecord'];

export type PopulationSettings = T['PopulationSettings'];

const qs = (params: Record<string, string | number | undefined>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
};

export const popKeys = {
  all: ['population'] as const,
  residents: (q: ResidentSearch) => ['population', 'residents', q] as const,
  resident: (id: string) => ['population', 'resident', id] as const,
  history: (id: string) => ['population', 'resident', id, 'history'] as const,
  stale: (q: Record<string, unknown>) => ['population', 'stale', q] as const,
  reviews: (status: string, street?: string) => ['population', 'reviews', status, street ?? ''] as const,
  analytics: (street?: string, community?: string) =>
    ['population', 'analytics', street ?? '', community ?? ''] as const,
  kinds: ['population', 'kinds'] as const,
  thematic: (kind: string, community: string) => ['population', 'thematic', kind, community] as const,
  settings: ['population', 'settings'] as const,
  importJob: (id: string) => ['population', 'import', id] as const,
};

/** One page of residents (the cursor is opaque; pass the previous page's). */
export const fetchResidents = (q: ResidentSearch, cursor?: string, signal?: AbortSignal) =>
  body(tenantApi.GET('/api/t/residents', { params: { query: definedQuery({ ...q, cursor }) }, signal }));

/** One resident, masked. */
export const fetchResident = (id: string, signal?: AbortSignal) =>
  body(tenantApi.GET('/api/t/residents/{id}', { params: { path: { id } }, signal }));

export function useResidentsPage(q: ResidentSearch, cursor: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...popKeys.residents(q), cursor ?? ''],
    queryFn: ({ signal }) => fetchResidents(q, cursor, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

export function useResident(id: string) {
  return useQuery({
    queryKey: popKeys.resident(id),
    queryFn: ({ signal }) => fetchResident(id, signal),
  });
}

export function useResidentHistory(id: string) {
  return useQuery({
    queryKey: popKeys.history(id),
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/residents/{id}/history', { params: { path: { id } }, signal })),
  });
}

/** Invalidate what a change to one resident may have touched. */
function useResidentChanged() {
  const qc = useQueryClient();
  return (id?: string) => {
    const all: QueryKey[] = [
      ['population', 'residents'],
      ['population', 'stale'],
      ['population', 'reviews'],
    ];
    return invalidate(qc, ...(id ? [popKeys.resident(id), popKeys.history(id)] : []), ...all);
  };
}

export type ResidentInput = T['ResidentInput'];

export function useCreateResident() {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: (input: ResidentInput) => body(tenantApi.POST('/api/t/residents', { body: input })),
    onSuccess: () => changed(),
  });
}

export function useMoveIn() {
  const changed = useResidentChanged();
  return useMutation({
    // 202 `{ review }`: a transfer from another community waits for that community's street.
    mutationFn: (input: JsonBody<'/api/t/residents/move-in', 'post'>) =>
      body(tenantApi.POST('/api/t/residents/move-in', { body: input })),
    onSuccess: (r) => changed('review' in r ? undefined : r.id),
  });
}

export function useUpdateResident(id: string) {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: (input: JsonBody<'/api/t/residents/{id}', 'patch'>) =>
      body(tenantApi.PATCH('/api/t/residents/{id}', { params: { path: { id } }, body: input })),
    onSuccess: () => changed(id),
  });
}

export function useVerifyResident(id: string) {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: () => body(tenantApi.POST('/api/t/residents/{id}/verify', { params: { path: { id } } })),
    onSuccess: () => changed(id),
  });
}

export function useStateChange(id: string) {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: ({
      kind,
      ...change
    }: { kind: 'move-out' | 'death' } & JsonBody<'/api/t/residents/{id}/move-out', 'post'>) => {
      const params = { path: { id } };
      return body(
        kind === 'move-out'
          ? tenantApi.POST('/api/t/residents/{id}/move-out', { params, body: change })
          : tenantApi.POST('/api/t/residents/{id}/death', { params, body: change }),
      );
    },
    onSuccess: () => changed(id),
  });
}

/** The personal fields a reveal asks for (the server reveals only those the role may see). */
export const REVEAL_FIELDS = [
  'name',
  'idNumber',
  'mobile',
  'birthDate',
  'sex',
  'ethnicity',
  'registration',
  'education',
  'politicalStatus',
  'tags',
  'building',
  'unit',
  'room',
  'householdRef',
  'relationship',
] as const;

export const revealResident = (id: string, reason: string, fields: readonly string[] = REVEAL_FIELDS) =>
  body(
    tenantApi.POST('/api/t/residents/{id}/reveal', {
      params: { path: { id } },
      body: { fields: [...fields], reason },
    }),
  );

export function useStale(q: { community?: string; street?: string; days?: number }, cursor?: string) {
  return useQuery({
    queryKey: [...popKeys.stale(q), cursor ?? ''],
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/residents/stale', {
          params: { query: definedQuery({ ...q, cursor, limit: 50 }) },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useReviews(status: 'pending' | 'approved' | 'rejected', street?: string, cursor?: string) {
  return useQuery({
    queryKey: [...popKeys.reviews(status, street), cursor ?? ''],
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/reviews', {
          params: { query: definedQuery({ status, street, cursor, limit: 50 }) },
          signal,
        }),
      ),
    placeholderData: keepPreviousData,
  });
}

export function useReview(id: string | undefined) {
  return useQuery({
    queryKey: ['population', 'review', id ?? ''],
    queryFn: ({ signal }) =>
      body(tenantApi.GET('/api/t/reviews/{id}', { params: { path: { id: id! } }, signal })),
    enabled: Boolean(id),
  });
}

export function useDecideReview() {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: ({
      id,
      decision,
      note,
    }: {
      id: string;
      decision: 'approve' | 'reject';
      note?: string;
    }): Promise<T['ReviewApproved'] | T['ReviewRejected']> => {
      const init = { params: { path: { id } }, body: note ? { note } : {} };
      return decision === 'approve'
        ? body(tenantApi.POST('/api/t/reviews/{id}/approve', init))
        : body(tenantApi.POST('/api/t/reviews/{id}/reject', init));
    },
    onSuccess: () => changed(),
  });
}

export function usePopulationSettings() {
  return useQuery({
    queryKey: popKeys.settings,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/population/settings', { signal })),
  });
}

export function usePopulationStats(street?: string, community?: string) {
  return useQuery({
    queryKey: popKeys.analytics(street, community),
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/analytics/population', {
          params: { query: definedQuery({ street, community }) },
          signal,
        }),
      ),
  });
}

export function useThematicKinds() {
  return useQuery({
    queryKey: popKeys.kinds,
    queryFn: ({ signal }) => body(tenantApi.GET('/api/t/thematic-kinds', { signal })),
    staleTime: 5 * 60_000,
  });
}

export function useThematicRecords(kind: string, community: string, cursor?: string) {
  return useQuery({
    queryKey: [...popKeys.thematic(kind, community), cursor ?? ''],
    queryFn: ({ signal }) =>
      body(
        tenantApi.GET('/api/t/thematic/{kind}', {
          params: { path: { kind }, query: definedQuery({ community, cursor, limit: 50 }) },
          signal,
        }),
      ),
    enabled: Boolean(kind && community),
    placeholderData: keepPreviousData,
  });
}

export function useCreateThematic(kind: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (record: JsonBody<'/api/t/thematic/{kind}', 'post'>) =>
      body(tenantApi.POST('/api/t/thematic/{kind}', { params: { path: { kind } }, body: record })),
    onSuccess: () => qc.invalidateQueries({ queryKey: ['population', 'thematic', kind] }),
  });
}

// ------------------------------------------------------------------------------------------------
// Files: template and report downloads, the import upload, the export
// ------------------------------------------------------------------------------------------------

async function authHeaders(): Promise<Record<string, string>> {
  const token = await getAccessToken();
  if (!token) {
    clearSession();
    throw ApiError.unauthorized();
  }
  return { Authorization: `Bearer ${token}`, Accept: '*/*' };
}

/** A downloaded file: its bytes and the name the server gave it. */
export interface DownloadedFile {
  blob: Blob;
  filename: string | undefined;
}

/** A file answer of the typed client (read with `parseAs: 'blob'`), with its Content-Disposition name. */
async function download(call: Promise<{ data?: Blob; response: Response }>): Promise<DownloadedFile> {
  const blob = await body(call);
  const { response } = await call;
  return { blob, filename: filenameOf(response.headers.get('content-disposition')) };
}

/** The file name from Content-Disposition, preferring the UTF-8 `filename*` form. */
export function filenameOf(disposition: string | null): string | undefined {
  if (!disposition) return undefined;
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // fall through to the plain name
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1];
}

/** Hand a blob to the browser as a download. */
export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** What a file would import (issue 16): the summary of a dry run, its first rows (masked), its first errors. */
export type ImportPreview = T['ImportPreview'];
/** A field a column can be taken as. */
export type ImportField = ImportPreview['fields'][number]['field'];
/** Headers mapped by hand: header text → field, or null to ignore the column. */
export type ImportMapping = Record<string, ImportField | null>;

/** The options an import runs with; its preview takes the same. */
export interface ImportOptions {
  /** The default community: for rows whose community cell is blank. */
  community?: string | undefined;
  /** Upgrade 15-digit legacy ID numbers (GB 11643), keep the original, mark for verification. */
  upgradeLegacyIds?: boolean | undefined;
  /** XLSX: only this worksheet. */
  sheet?: string | undefined;
  /** Headers mapped by hand (remembered for the district when the import is committed). */
  mapping?: ImportMapping | undefined;
}

const mappingText = (m: ImportMapping | undefined) =>
  m && Object.keys(m).length ? JSON.stringify(m) : undefined;

/**
 * Send a CSV or XLSX file as the raw request body (the API streams it; no multipart buffering).
 * Not through `tenantApi`: the contract types this body as a string per content type, and a
 * `File` is not one (openapi-fetch would also serialize it as JSON).
 */
async function sendFile(path: string, file: File, opts: ImportOptions): Promise<Response> {
  const headers = await authHeaders();
  const isXlsx = /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;
  headers['Content-Type'] = isXlsx ? XLSX_TYPE : 'text/csv';
  headers.Accept = 'application/json, application/problem+json';
  const query = {
    community: opts.community,
    filename: file.name,
    upgradeLegacyIds: opts.upgradeLegacyIds ? 'true' : undefined,
    sheet: opts.sheet,
    mapping: mappingText(opts.mapping),
  };
  try {
    return await fetch(`${path}${qs(query)}`, { method: 'POST', headers, body: file });
  } catch (cause) {
    throw ApiError.network(cause);
  }
}

/**
 * Import `file` in one request. The answer is the contract's `ImportSummary` (201), or its
 * `ImportProblem` (400/415) carrying one: a refused file is returned with its `fileError`, not
 * thrown.
 */
export async function uploadResidents(file: File, opts: ImportOptions = {}): Promise<ImportSummary> {
  const res = await sendFile('/api/t/imports/residents', file, opts);
  if (res.ok) return (await res.json()) as ImportSummary;
  const err = await parseProblem(res);
  const summary = (err.problem as { summary?: ImportSummary } | undefined)?.summary;
  if (summary)
    return { ...summary, fileError: summary.fileError ?? { code: err.code, message: err.messages } };
  throw err;
}

/** Preview `file` (sent in the request): nothing is written. */
export async function previewResidents(file: File, opts: ImportOptions = {}): Promise<ImportPreview> {
  const res = await sendFile('/api/t/imports/residents/preview', file, opts);
  if (res.ok) return (await res.json()) as ImportPreview;
  throw await parseProblem(res);
}

/** Preview a background import whose file is uploaded and not yet started. */
export const previewImportJob = (id: string, opts: Omit<ImportOptions, 'community'> = {}) =>
  body(
    tenantApi.GET('/api/t/imports/{id}/preview', {
      params: {
        path: { id },
        query: definedQuery({
          upgradeLegacyIds: opts.upgradeLegacyIds ? ('true' as const) : ('false' as const),
          sheet: opts.sheet,
          mapping: mappingText(opts.mapping),
        }),
      },
    }),
  );

// ------------------------------------------------------------------------------------------------
// Background imports of large files: create the job, upload the file straight to storage (S3
// presigned POST in AWS, the gateway's `/local-uploads` locally), start it, poll it.
// ------------------------------------------------------------------------------------------------

/**
 * A job as the poller sees it: `awaiting-upload`, `queued`, `running` (with `progress`),
 * `failed` (with `error`), or `done`. The server answers a finished job with its summary
 * (`ImportSummary`), but the state's status enum includes `done` too, so a `done` may come
 * without the summary's fields: read a summary through `importSummaryOf`, not the status alone.
 */
export type ImportJobState = T['ImportJobState'];
export type ImportJobStatus = ImportJobState['status'];
/** Rows a running job has handled so far (the total is not known until the end). */
export type ImportProgress = NonNullable<ImportJobState['progress']>;
/** An HTML-form upload: POST multipart/form-data to `url`, `fields` first, then `file`. */
export type UploadTarget = T['UploadTarget'];
/** A finished job: the same summary the one-request import answers. */
export type ImportJobDone = ImportSummary;
export type ImportJob = T['ImportJob'];
/** `POST /api/t/imports`: the job (`awaiting-upload`) and the form to upload its file with. */
export type ImportJobCreated = T['NewImportJob'];

export const isImportFinished = (job: ImportJob | undefined): boolean =>
  job?.status === 'done' || job?.status === 'failed';

/** The summary of a finished job (undefined until it is done, or if a `done` came without one). */
export const importSummaryOf = (job: ImportJob | undefined): ImportSummary | undefined =>
  job?.status === 'done' && 'rows' in job ? job : undefined;

/**
 * The type to declare for an import file, by its name first: browsers on Windows with Excel
 * installed label a `.csv` as `application/vnd.ms-excel`, which the API would take for a legacy
 * Excel file and refuse. Same rule as the one-request upload.
 */
export function importContentType(file: File): string | undefined {
  if (/\.xlsx$/i.test(file.name)) return XLSX_TYPE;
  if (/\.(csv|txt)$/i.test(file.name)) return 'text/csv';
  return file.type || undefined;
}

/** Create a background import for `file` (answers 503 `IMPORTS_UNAVAILABLE` where not configured). */
export const createImportJob = (
  file: File,
  opts: {
    community?: string | undefined;
    upgradeLegacyIds?: boolean | undefined;
    signal?: AbortSignal | undefined;
  } = {},
) => {
  const contentType = importContentType(file);
  return body(
    tenantApi.POST('/api/t/imports', {
      signal: opts.signal,
      body: {
        filename: file.name,
        size: file.size,
        ...(contentType ? { contentType } : {}),
        ...(opts.community ? { community: opts.community } : {}),
        ...(opts.upgradeLegacyIds ? { upgradeLegacyIds: true } : {}),
      },
    }),
  );
};

/**
 * The file is uploaded: queue the import (202, `queued`), with the options of the preview the
 * user confirmed (the mapping is then remembered for the district).
 */
export const startImportJob = (id: string, opts: Omit<ImportOptions, 'community'> = {}) =>
  body(
    tenantApi.POST('/api/t/imports/{id}/start', {
      params: { path: { id } },
      body: {
        upgradeLegacyIds: Boolean(opts.upgradeLegacyIds),
        ...(opts.sheet ? { sheet: opts.sheet } : {}),
        ...(opts.mapping && Object.keys(opts.mapping).length ? { mapping: opts.mapping } : {}),
      },
    }),
  );

export const fetchImportJob = (id: string, signal?: AbortSignal) =>
  body(tenantApi.GET('/api/t/imports/{id}', { params: { path: { id } }, signal }));

/** A failed direct upload to storage: the HTTP status (0: no answer) and the S3-style error code. */
export class UploadError extends Error {
  readonly status: number;
  readonly code: string;
  readonly detail: string | undefined;

  constructor(status: number, code: string, detail?: string) {
    super(`upload failed: ${status} ${code}${detail ? ` ${detail}` : ''}`);
    this.name = 'UploadError';
    this.status = status;
    this.code = code;
    this.detail = detail;
  }

  /** From an S3-style `<Error><Code>…</Code><Message>…</Message></Error>` body (or none). */
  static fromResponse(status: number, body: string): UploadError {
    const tag = (name: string) =>
      new RegExp(`<${name}>([^<]{1,300})</${name}>`).exec(body)?.[1]?.trim() || undefined;
    const code = tag('Code')?.replace(/[^A-Za-z0-9_.-]/g, '') || `HTTP_${status}`;
    return new UploadError(status, code, tag('Message'));
  }
}

/**
 * Upload `file` with the job's form: every field first, in order, then the file as `file`.
 * No Authorization header and no credentials (S3 presigned POST semantics). XMLHttpRequest,
 * not fetch, so the caller can show progress. Rejects with an `UploadError`, or an `AbortError`
 * when `signal` aborts.
 */
export function uploadImportFile(
  target: UploadTarget,
  file: File,
  opts: { onProgress?: (loaded: number, total: number) => void; signal?: AbortSignal | undefined } = {},
): Promise<void> {
  const { onProgress, signal } = opts;
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new DOMException('The upload was aborted', 'AbortError'));
      return;
    }
    const form = new FormData();
    for (const [name, value] of Object.entries(target.fields)) form.append(name, value);
    form.append('file', file, file.name);
    const xhr = new XMLHttpRequest();
    const abort = () => xhr.abort();
    const settle = () => signal?.removeEventListener('abort', abort);
    xhr.open('POST', target.url);
    xhr.withCredentials = false;
    if (onProgress)
      xhr.upload.onprogress = (e) =>
        onProgress(e.loaded, e.lengthComputable && e.total ? e.total : file.size);
    xhr.onload = () => {
      settle();
      if (xhr.status >= 200 && xhr.status < 300) resolve();
      else reject(UploadError.fromResponse(xhr.status, String(xhr.responseText ?? '')));
    };
    xhr.onerror = () => {
      settle();
      reject(new UploadError(0, 'NETWORK'));
    };
    xhr.ontimeout = () => {
      settle();
      reject(new UploadError(0, 'TIMEOUT'));
    };
    xhr.onabort = () => {
      settle();
      reject(new DOMException('The upload was aborted', 'AbortError'));
    };
    signal?.addEventListener('abort', abort, { once: true });
    xhr.send(form);
  });
}

export type ImportStart =
  /** A background job, queued: poll it with `useImportJob`. */
  | { kind: 'job'; job: ImportJobState }
  /** Background imports are not configured: the file went in one request, this is its summary. */
  | { kind: 'summary'; summary: ImportSummary };

/**
 * Import `file`: create the background job, upload the file, start the job. Where background
 * imports are not configured (503 `IMPORTS_UNAVAILABLE`) the file goes in one request instead.
 * `onPhase` tells the caller what is happening (`direct` is the one-request fallback).
 */
export async function beginImport(
  file: File,
  opts: {
    community?: string | undefined;
    /** Upgrade 15-digit legacy ID numbers (issue 16). */
    upgradeLegacyIds?: boolean | undefined;
    signal?: AbortSignal | undefined;
    onPhase?: (phase: 'upload' | 'start' | 'direct') => void;
    onProgress?: (loaded: number, total: number) => void;
  } = {},
): Promise<ImportStart> {
  let created: ImportJobCreated;
  try {
    created = await createImportJob(file, {
      community: opts.community,
      upgradeLegacyIds: opts.upgradeLegacyIds,
      signal: opts.signal,
    });
  } catch (err) {
    if (err instanceof ApiError && err.status === 503 && err.code === 'IMPORTS_UNAVAILABLE') {
      opts.onPhase?.('direct');
      const summary = await uploadResidents(file, {
        community: opts.community,
        upgradeLegacyIds: opts.upgradeLegacyIds,
      });
      return { kind: 'summary', summary };
    }
    throw err;
  }
  opts.onPhase?.('upload');
  await uploadImportFile(created.upload, file, { onProgress: opts.onProgress, signal: opts.signal });
  if (opts.signal?.aborted) throw new DOMException('The import was aborted', 'AbortError');
  opts.onPhase?.('start');
  return { kind: 'job', job: await startImportJob(created.id) };
}

/** Where a previewed file is: uploaded for a background job, or kept here to send with each request. */
export type PreparedImport = { kind: 'job'; id: string } | { kind: 'direct' };

/**
 * The first half of an import with a preview: create the background job and upload the file (the
 * job then waits, `awaiting-upload`, for its preview and `startImportJob`). Where background
 * imports are not configured (503 `IMPORTS_UNAVAILABLE`) the file stays here and goes with each
 * preview and with the import (`direct`).
 */
export async function prepareImport(
  file: File,
  opts: {
    community?: string | undefined;
    upgradeLegacyIds?: boolean | undefined;
    signal?: AbortSignal | undefined;
    onPhase?: (phase: 'upload') => void;
    onProgress?: (loaded: number, total: number) => void;
  } = {},
): Promise<PreparedImport> {
  let created: ImportJobCreated;
  try {
    created = await createImportJob(file, opts);
  } catch (err) {
    if (err instanceof ApiError && err.status === 503 && err.code === 'IMPORTS_UNAVAILABLE')
      return { kind: 'direct' };
    throw err;
  }
  opts.onPhase?.('upload');
  await uploadImportFile(created.upload, file, { onProgress: opts.onProgress, signal: opts.signal });
  if (opts.signal?.aborted) throw new DOMException('The import was aborted', 'AbortError');
  return { kind: 'job', id: created.id };
}

/** What a preview reads: the uploaded file of a background job, or a file sent with each request. */
export type PreviewSource = { kind: 'job'; id: string } | { kind: 'direct'; file: File; key: number };

/**
 * The preview of `source` with `opts`; each change of mapping, sheet or option reads the file
 * again, the previous preview staying on screen meanwhile. Never retried (a refused file stays so).
 */
export function useImportPreview(source: PreviewSource | undefined, opts: ImportOptions) {
  const file = source?.kind === 'job' ? source.id : `direct:${source?.key ?? ''}`;
  return useQuery({
    queryKey: [
      'population',
      'import-preview',
      file,
      source?.kind === 'job' ? '' : (opts.community ?? ''),
      Boolean(opts.upgradeLegacyIds),
      opts.sheet ?? '',
      mappingText(opts.mapping) ?? '',
    ],
    queryFn: () => {
      if (!source) throw new Error('no file to preview');
      return source.kind === 'job' ? previewImportJob(source.id, opts) : previewResidents(source.file, opts);
    },
    enabled: Boolean(source),
    // The previous preview of the same file, never another file's.
    placeholderData: (prev, prevQuery) => (prevQuery?.queryKey[2] === file ? prev : undefined),
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 60_000,
    retry: false,
  });
}

/** Poll a job about every second until it is done or failed (and never after unmount). */
export function useImportJob(id: string | undefined, intervalMs = 1000) {
  return useQuery({
    queryKey: popKeys.importJob(id ?? ''),
    queryFn: ({ signal }) => fetchImportJob(id!, signal),
    enabled: Boolean(id),
    staleTime: 0,
    gcTime: 5 * 60_000,
    refetchInterval: (query) => {
      if (isImportFinished(query.state.data)) return false;
      const err = query.state.error;
      // A 4xx (gone, not ours, signed out) will not get better by asking again.
      if (err instanceof ApiError && err.status >= 400 && err.status < 500) return false;
      return intervalMs;
    },
  });
}

/** The import template, with an example row for `community` (or one the caller may import into). */
export const downloadTemplate = (format: 'csv' | 'xlsx', community?: string) =>
  download(
    tenantApi.GET('/api/t/imports/template', {
      params: { query: definedQuery({ format, community }) },
      parseAs: 'blob',
    }),
  );

/** The row-level report of an import (CSV). */
export const downloadReport = (importId: string) =>
  download(
    tenantApi.GET('/api/t/imports/{id}/report', { params: { path: { id: importId } }, parseAs: 'blob' }),
  );

export type ExportRequest = JsonBody<'/api/t/exports/residents', 'post'>;

export const exportResidents = (req: ExportRequest) =>
  download(tenantApi.POST('/api/t/exports/residents', { body: req, parseAs: 'blob' }));
