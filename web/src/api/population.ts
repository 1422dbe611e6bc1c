/**
 * The community comprehensive database (社区综合数据库, issue 6) as the staff workspace uses it:
 * residents (search, detail, history, reveal, changes), four-eyes review, freshness, imports,
 * exports, analytics and the departments' thematic records. Personal fields arrive masked.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { clearSession, getAccessToken } from '../auth/session';
import { apiFetch, keys } from './client';
import { ApiError, parseProblem } from './errors';
import type { Community, LocalizedText } from './types';

export type ResidentStatus = 'active' | 'moved-out' | 'deceased';
export type ResidentTag = 'elderly' | 'disabled' | 'low-income' | 'unemployed' | 'veteran' | 'party-member';

import type { TenantSchemas as T } from './http';

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

export interface Page<I> {
  items: I[];
  cursor?: string;
}

export interface ResidentSearch {
  community?: string;
  street?: string;
  building?: string;
  status?: ResidentStatus;
  idNumber?: string;
  mobile?: string;
  name?: string;
  tag?: ResidentTag;
  limit?: number;
}

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

export interface KindField {
  key: string;
  labels: LocalizedText;
  sensitive: boolean;
  /** JSON Schema of the field (type, enum, format, minimum…). */
  schema: JsonSchema;
}

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
  apiFetch<Page<Resident>>(`/api/t/residents${qs({ ...q, cursor })}`, { signal });

export function useResidentsPage(q: ResidentSearch, cursor: string | undefined, enabled = true) {
  return useQuery({
    queryKey: [...popKeys.residents(q), cursor ?? ''],
    queryFn: ({ signal }) => fetchResidents(q, cursor, signal),
    enabled,
    placeholderData: keepPreviousData,
  });
}

/** The communities of a street in the caller's scope (disabled until a street is known). */
export function useStreetCommunities(street: string | undefined) {
  return useQuery({
    queryKey: keys.communities(street ?? ''),
    queryFn: ({ signal }) =>
      apiFetch<Community[]>(`/api/t/org/streets/${encodeURIComponent(street!)}/communities`, { signal }),
    enabled: Boolean(street),
    staleTime: 5 * 60_000,
  });
}

export function useResident(id: string) {
  return useQuery({
    queryKey: popKeys.resident(id),
    queryFn: ({ signal }) => apiFetch<Resident>(`/api/t/residents/${encodeURIComponent(id)}`, { signal }),
  });
}

export function useResidentHistory(id: string) {
  return useQuery({
    queryKey: popKeys.history(id),
    queryFn: ({ signal }) =>
      apiFetch<{ items: HistoryEntry[] }>(`/api/t/residents/${encodeURIComponent(id)}/history`, { signal }),
  });
}

/** Invalidate what a change to one resident may have touched. */
function useResidentChanged() {
  const qc = useQueryClient();
  return (id?: string) => {
    if (id) {
      void qc.invalidateQueries({ queryKey: popKeys.resident(id) });
      void qc.invalidateQueries({ queryKey: popKeys.history(id) });
    }
    void qc.invalidateQueries({ queryKey: ['population', 'residents'] });
    void qc.invalidateQueries({ queryKey: ['population', 'stale'] });
    void qc.invalidateQueries({ queryKey: ['population', 'reviews'] });
  };
}

export type ResidentInput = Partial<{
  name: string;
  idNumber: string;
  sex: string;
  birthDate: string;
  ethnicity: string;
  registration: string;
  mobile: string;
  education: string;
  politicalStatus: string;
  tags: string[];
  communityCode: string;
  building: string;
  unit: string;
  room: string;
  householdRef: string;
  relationship: string;
}>;

export function useCreateResident() {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: (input: ResidentInput) =>
      apiFetch<Resident>('/api/t/residents', { method: 'POST', body: input }),
    onSuccess: () => changed(),
  });
}

export function useMoveIn() {
  const changed = useResidentChanged();
  return useMutation({
    // 202 `{ review }`: a transfer from another community waits for that community's street.
    mutationFn: (input: ResidentInput & { from?: string }) =>
      apiFetch<Resident | Parked>('/api/t/residents/move-in', { method: 'POST', body: input }),
    onSuccess: (r) => changed('review' in r ? undefined : r.id),
  });
}

export function useUpdateResident(id: string) {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: (input: ResidentInput & { version?: number }) =>
      apiFetch<Resident | Parked>(`/api/t/residents/${encodeURIComponent(id)}`, {
        method: 'PATCH',
        body: input,
      }),
    onSuccess: () => changed(id),
  });
}

export function useVerifyResident(id: string) {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: () =>
      apiFetch<Resident>(`/api/t/residents/${encodeURIComponent(id)}/verify`, { method: 'POST' }),
    onSuccess: () => changed(id),
  });
}

export function useStateChange(id: string) {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: ({
      kind,
      ...body
    }: {
      kind: 'move-out' | 'death';
      date: string;
      destination?: string;
      version?: number;
    }) =>
      apiFetch<Resident | Parked>(`/api/t/residents/${encodeURIComponent(id)}/${kind}`, {
        method: 'POST',
        body,
      }),
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
  apiFetch<Resident>(`/api/t/residents/${encodeURIComponent(id)}/reveal`, {
    method: 'POST',
    body: { fields, reason },
  });

export function useStale(q: { community?: string; street?: string; days?: number }, cursor?: string) {
  return useQuery({
    queryKey: [...popKeys.stale(q), cursor ?? ''],
    queryFn: ({ signal }) =>
      apiFetch<Page<Resident> & { before: string; days: number }>(
        `/api/t/residents/stale${qs({ ...q, cursor, limit: 50 })}`,
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}

export function useReviews(status: 'pending' | 'approved' | 'rejected', street?: string, cursor?: string) {
  return useQuery({
    queryKey: [...popKeys.reviews(status, street), cursor ?? ''],
    queryFn: ({ signal }) =>
      apiFetch<Page<Review>>(`/api/t/reviews${qs({ status, street, cursor, limit: 50 })}`, { signal }),
    placeholderData: keepPreviousData,
  });
}

export function useReview(id: string | undefined) {
  return useQuery({
    queryKey: ['population', 'review', id ?? ''],
    queryFn: ({ signal }) => apiFetch<ReviewDetail>(`/api/t/reviews/${encodeURIComponent(id!)}`, { signal }),
    enabled: Boolean(id),
  });
}

export function useDecideReview() {
  const changed = useResidentChanged();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: 'approve' | 'reject'; note?: string }) =>
      apiFetch<{ id: string; status: string }>(`/api/t/reviews/${encodeURIComponent(id)}/${decision}`, {
        method: 'POST',
        body: note ? { note } : {},
      }),
    onSuccess: () => changed(),
  });
}

export function usePopulationSettings() {
  return useQuery({
    queryKey: popKeys.settings,
    queryFn: ({ signal }) => apiFetch<PopulationSettings>('/api/t/population/settings', { signal }),
  });
}

export function usePopulationStats(street?: string, community?: string) {
  return useQuery({
    queryKey: popKeys.analytics(street, community),
    queryFn: ({ signal }) =>
      apiFetch<PopulationStats>(`/api/t/analytics/population${qs({ street, community })}`, { signal }),
  });
}

export function useThematicKinds() {
  return useQuery({
    queryKey: popKeys.kinds,
    queryFn: ({ signal }) => apiFetch<{ items: ThematicKind[] }>('/api/t/thematic-kinds', { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useThematicRecords(kind: string, community: string, cursor?: string) {
  return useQuery({
    queryKey: [...popKeys.thematic(kind, community), cursor ?? ''],
    queryFn: ({ signal }) =>
      apiFetch<Page<ThematicRecord>>(
        `/api/t/thematic/${encodeURIComponent(kind)}${qs({ community, cursor, limit: 50 })}`,
        { signal },
      ),
    enabled: Boolean(kind && community),
    placeholderData: keepPreviousData,
  });
}

export function useCreateThematic(kind: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { subjectId: string; data: Record<string, unknown> }) =>
      apiFetch<ThematicRecord>(`/api/t/thematic/${encodeURIComponent(kind)}`, { method: 'POST', body }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['population', 'thematic', kind] }),
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

/** A file from the API (bearer-authenticated, so not a plain link). */
export async function fetchFile(
  path: string,
  init: { method?: 'GET' | 'POST'; body?: unknown } = {},
): Promise<{ blob: Blob; filename: string | undefined }> {
  const headers = await authHeaders();
  if (init.body !== undefined) headers['Content-Type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, {
      method: init.method ?? 'GET',
      headers,
      ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (!res.ok) throw await parseProblem(res);
  return { blob: await res.blob(), filename: filenameOf(res.headers.get('content-disposition')) };
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

/**
 * Upload a CSV or XLSX file as the raw request body (the API streams it; no multipart buffering).
 * A refused file answers problem+json with the summary attached; that is returned, not thrown.
 */
export async function uploadResidents(
  file: File,
  opts: { community?: string | undefined } = {},
): Promise<ImportSummary> {
  const headers = await authHeaders();
  const isXlsx = /\.xlsx$/i.test(file.name) || file.type === XLSX_TYPE;
  headers['Content-Type'] = isXlsx ? XLSX_TYPE : 'text/csv';
  headers.Accept = 'application/json, application/problem+json';
  let res: Response;
  try {
    res = await fetch(`/api/t/imports/residents${qs({ community: opts.community, filename: file.name })}`, {
      method: 'POST',
      headers,
      body: file,
    });
  } catch (cause) {
    throw ApiError.network(cause);
  }
  if (res.ok) return (await res.json()) as ImportSummary;
  const err = await parseProblem(res);
  const summary = (err.problem as { summary?: ImportSummary } | undefined)?.summary;
  if (summary)
    return { ...summary, fileError: summary.fileError ?? { code: err.code, message: err.messages } };
  throw err;
}

// ------------------------------------------------------------------------------------------------
// Background imports of large files: create the job, upload the file straight to storage (S3
// presigned POST in AWS, the gateway's `/local-uploads` locally), start it, poll it.
// ------------------------------------------------------------------------------------------------

export type ImportJobStatus = 'awaiting-upload' | 'queued' | 'running' | 'done' | 'failed';

/** Rows a running job has handled so far (the total is not known until the end). */
export interface ImportProgress {
  rows: number;
  imported: number;
  existing: number;
  failed: number;
}

/** An HTML-form upload: POST multipart/form-data to `url`, `fields` first, then `file`. */
export interface UploadTarget {
  url: string;
  fields: Record<string, string>;
  expiresAt: string;
}

/** A job that has not finished (or failed): what the poller sees. */
export interface ImportJobState {
  id: string;
  status: Exclude<ImportJobStatus, 'done'>;
  filename?: string;
  size?: number;
  by: string;
  createdAt: string;
  progress?: ImportProgress;
  error?: { code: string; message: LocalizedText };
}

/** A finished job: the same summary the one-request import answers. */
export type ImportJobDone = ImportSummary;

export type ImportJob = ImportJobState | ImportJobDone;

/** `POST /api/t/imports`: the job (`awaiting-upload`) and the form to upload its file with. */
export interface ImportJobCreated extends ImportJobState {
  upload: UploadTarget;
  maxBytes: number;
}

export const isImportFinished = (job: ImportJob | undefined): boolean =>
  job?.status === 'done' || job?.status === 'failed';

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
  opts: { community?: string | undefined; signal?: AbortSignal | undefined } = {},
) => {
  const contentType = importContentType(file);
  return apiFetch<ImportJobCreated>('/api/t/imports', {
    method: 'POST',
    signal: opts.signal,
    body: {
      filename: file.name,
      size: file.size,
      ...(contentType ? { contentType } : {}),
      ...(opts.community ? { community: opts.community } : {}),
    },
  });
};

/** The file is uploaded: queue the import (202, `queued`). */
export const startImportJob = (id: string) =>
  apiFetch<ImportJobState>(`/api/t/imports/${encodeURIComponent(id)}/start`, { method: 'POST' });

export const fetchImportJob = (id: string, signal?: AbortSignal) =>
  apiFetch<ImportJob>(`/api/t/imports/${encodeURIComponent(id)}`, { signal });

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
    signal?: AbortSignal | undefined;
    onPhase?: (phase: 'upload' | 'start' | 'direct') => void;
    onProgress?: (loaded: number, total: number) => void;
  } = {},
): Promise<ImportStart> {
  let created: ImportJobCreated;
  try {
    created = await createImportJob(file, { community: opts.community, signal: opts.signal });
  } catch (err) {
    if (err instanceof ApiError && err.status === 503 && err.code === 'IMPORTS_UNAVAILABLE') {
      opts.onPhase?.('direct');
      return { kind: 'summary', summary: await uploadResidents(file, { community: opts.community }) };
    }
    throw err;
  }
  opts.onPhase?.('upload');
  await uploadImportFile(created.upload, file, { onProgress: opts.onProgress, signal: opts.signal });
  if (opts.signal?.aborted) throw new DOMException('The import was aborted', 'AbortError');
  opts.onPhase?.('start');
  return { kind: 'job', job: await startImportJob(created.id) };
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

export const templatePath = (format: 'csv' | 'xlsx', community?: string) =>
  `/api/t/imports/template${qs({ format, community })}`;

export const reportPath = (importId: string) => `/api/t/imports/${encodeURIComponent(importId)}/report`;

export interface ExportRequest {
  purpose: string;
  community?: string;
  street?: string;
  status?: ResidentStatus;
  unmasked?: boolean;
}

export const exportResidents = (req: ExportRequest) =>
  fetchFile('/api/t/exports/residents', { method: 'POST', body: req });
